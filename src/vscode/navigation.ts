import * as vscode from 'vscode';
import type { FunctionDef } from '../model/types';
import { functionFromArg } from './pickFunction';
import type { Services } from './services';

/** Opens the handler file at its export (or the top of the file when the export was not found). */
export async function openHandler(fn: FunctionDef): Promise<boolean> {
  const info = fn.handlerInfo;
  if (!info.file) {
    const why = info.inline
      ? 'its code is inline in the template'
      : info.notLocal
        ? info.notLocal.replace(/\.$/, '')
        : info.candidates.length
          ? `no file was found (tried ${info.candidates.slice(0, 3).map((c) => vscode.workspace.asRelativePath(c)).join(', ')}${info.candidates.length > 3 ? ', …' : ''})`
          : 'it names no handler';
    if (info.inline) {
      await openDefinition(fn);
      void vscode.window.showInformationMessage(`${fn.name}: ${why}.`);
      return false;
    }
    void vscode.window.showWarningMessage(`Cannot open the handler of ${fn.name}: ${why}.`);
    return false;
  }
  const line = info.exportLine ?? 0;
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(info.file));
  const text = doc.lineAt(Math.min(line, doc.lineCount - 1)).text;
  const col = info.exportName ? Math.max(0, text.indexOf(info.exportName)) : 0;
  const pos = new vscode.Position(line, col);
  await vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos) });
  if (info.exportFound === false) void vscode.window.showWarningMessage(`${fn.name}: the export "${info.exportName}" was not found in ${vscode.workspace.asRelativePath(info.file)}.`);
  return true;
}

/** Opens the config at the function's definition. */
export async function openDefinition(fn: FunctionDef): Promise<void> {
  const start = new vscode.Position(fn.keyRange.start.line, fn.keyRange.start.character);
  const end = new vscode.Position(fn.keyRange.end.line, fn.keyRange.end.character);
  await vscode.window.showTextDocument(vscode.Uri.file(fn.file), { selection: new vscode.Range(start, end) });
}

/** Refresh, Go to Handler, Go to Definition, Copy Deployed Name, through the command table. */
export function registerNavigation(context: vscode.ExtensionContext, services: Pick<Services, 'model' | 'commands'>, refreshTree: () => void): void {
  const { model, commands } = services;
  context.subscriptions.push(
    commands.register('refresh', async () => {
      await vscode.window.withProgress({ location: { viewId: 'serverlessWorkbench.functions' }, title: 'Refreshing serverless projects' }, () => model.rescan());
      refreshTree();
    }),
    commands.register('goToHandler', async (arg?: unknown) => {
      const ref = await functionFromArg(model, arg, 'Go to the handler of…');
      if (ref) return openHandler(ref.fn);
      return false;
    }),
    commands.register('goToDefinition', async (arg?: unknown) => {
      const ref = await functionFromArg(model, arg, 'Go to the definition of…');
      if (ref) await openDefinition(ref.fn);
    }),
    commands.register('copyDeployedName', async (arg?: unknown) => {
      const ref = await functionFromArg(model, arg, 'Copy the deployed name of…');
      if (!ref) return undefined;
      if (!ref.fn.deployedName) {
        const why = ref.fn.deployedNameExpr ? `it is ${ref.fn.deployedNameExpr}, which depends on values only known when deploying` : 'the stack names it';
        void vscode.window.showWarningMessage(`The deployed name of ${ref.fn.name} is only known after deployment (${why}).`);
        return undefined;
      }
      await vscode.env.clipboard.writeText(ref.fn.deployedName);
      vscode.window.setStatusBarMessage(`$(copy) Copied ${ref.fn.deployedName}`, 3000);
      return ref.fn.deployedName;
    }),
  );
}
