import * as vscode from 'vscode';
import { relative } from 'node:path';
import { commandIds, settingIds } from './ids';
import type { WorkspaceModel } from './workspaceModel';

/**
 * "Go to handler" above each function in a config, "Go to config" above each handler export. Reads only the
 * model: no parsing here, so lenses are cheap on every keystroke.
 */
export class FunctionCodeLensProvider implements vscode.CodeLensProvider {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.emitter.event;

  constructor(private readonly model: WorkspaceModel) {}

  refresh(): void {
    this.emitter.fire();
  }

  dispose(): void {
    this.emitter.dispose();
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!vscode.workspace.getConfiguration(undefined, doc.uri).get<boolean>(settingIds.codeLensEnabled, true)) return [];
    const file = doc.uri.fsPath;
    const lenses: vscode.CodeLens[] = [];
    for (const project of this.model.projectsForFile(file)) {
      for (const fn of project.functions) {
        if (fn.file === file && fn.handlerInfo.file && fn.handlerInfo.file !== file) {
          const at = new vscode.Range(fn.keyRange.start.line, 0, fn.keyRange.start.line, 0);
          lenses.push(new vscode.CodeLens(at, { title: '$(go-to-file) Go to handler', tooltip: `Open ${vscode.workspace.asRelativePath(fn.handlerInfo.file)}`, command: commandIds.goToHandler, arguments: [fn.id] }));
        }
        if (fn.handlerInfo.file === file && fn.file !== file) {
          const line = fn.handlerInfo.exportFound ? (fn.handlerInfo.exportLine ?? 0) : 0;
          const at = new vscode.Range(line, 0, line, 0);
          const where = relative(project.root, fn.file) || fn.file;
          lenses.push(new vscode.CodeLens(at, { title: `$(symbol-method) Go to config (${fn.name})`, tooltip: `Open ${fn.name} in ${where}`, command: commandIds.goToDefinition, arguments: [fn.id] }));
        }
      }
    }
    return lenses;
  }
}

export function registerCodeLens(context: vscode.ExtensionContext, model: WorkspaceModel): void {
  const provider = new FunctionCodeLensProvider(model);
  const selector: vscode.DocumentSelector = [
    { scheme: 'file', language: 'yaml' },
    { scheme: 'file', language: 'json' },
    { scheme: 'file', language: 'jsonc' },
    { scheme: 'file', language: 'javascript' },
    { scheme: 'file', language: 'typescript' },
    { scheme: 'file', language: 'python' },
    { scheme: 'file', language: 'csharp' },
  ];
  context.subscriptions.push(
    provider,
    vscode.languages.registerCodeLensProvider(selector, provider),
    model.onDidChange(() => provider.refresh()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(settingIds.codeLensEnabled)) provider.refresh();
    }),
  );
}
