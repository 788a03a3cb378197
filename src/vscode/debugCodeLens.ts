import * as vscode from 'vscode';
import { runtimeFamily } from '../model/handlers';
import type { FunctionDef, Project } from '../model/types';
import { commandIds, settingIds } from './ids';
import type { WorkspaceModel } from './workspaceModel';

/** Whether the local runtime can debug the function: a Lambda Node.js or Python handler file. */
export function debuggable(project: Project, fn: FunctionDef): boolean {
  const file = fn.handlerInfo.file;
  if (project.kind === 'azure-functions' || !file) return false;
  const family = runtimeFamily(typeof fn.runtime?.value === 'string' ? fn.runtime.value : undefined);
  if (family === 'node' || family === 'python') return true;
  return family === 'unknown' && /\.(py|[cm]?[jt]sx?)$/.test(file);
}

/** "Debug" beside "Invoke": above debuggable functions in a config and above their handler exports. */
export class DebugCodeLensProvider implements vscode.CodeLensProvider {
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
        if (!debuggable(project, fn)) continue;
        const lines: number[] = [];
        if (fn.file === file) lines.push(fn.keyRange.start.line);
        if (fn.handlerInfo.file === file && fn.file !== file) lines.push(fn.handlerInfo.exportFound ? (fn.handlerInfo.exportLine ?? 0) : 0);
        for (const line of lines) {
          lenses.push(new vscode.CodeLens(new vscode.Range(line, 0, line, 0), { title: '$(debug-alt) Debug', tooltip: `Run ${fn.name} locally with the debugger attached`, command: commandIds.debugFunction, arguments: [fn.id] }));
        }
      }
    }
    return lenses;
  }
}

export function registerDebugCodeLens(context: vscode.ExtensionContext, model: WorkspaceModel): void {
  const provider = new DebugCodeLensProvider(model);
  const selector: vscode.DocumentSelector = ['yaml', 'json', 'jsonc', 'javascript', 'typescript', 'python'].map((language) => ({ scheme: 'file', language }));
  context.subscriptions.push(
    provider,
    vscode.languages.registerCodeLensProvider(selector, provider),
    model.onDidChange(() => provider.refresh()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(settingIds.codeLensEnabled)) provider.refresh();
    }),
  );
}
