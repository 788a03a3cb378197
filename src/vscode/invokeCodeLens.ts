import * as vscode from 'vscode';
import { commandIds, settingIds } from './ids';
import type { WorkspaceModel } from './workspaceModel';

/** "▶ Invoke" above every function in a config and above every handler export. Reads only the model. */
export class InvokeCodeLensProvider implements vscode.CodeLensProvider {
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
        const lines: number[] = [];
        if (fn.file === file) lines.push(fn.keyRange.start.line);
        if (fn.handlerInfo.file === file && fn.file !== file) lines.push(fn.handlerInfo.exportFound ? (fn.handlerInfo.exportLine ?? 0) : 0);
        for (const line of lines) {
          const title = fn.file === file ? '$(play) Invoke' : `$(play) Invoke ${fn.name}`;
          lenses.push(new vscode.CodeLens(new vscode.Range(line, 0, line, 0), { title, tooltip: `Invoke ${fn.name} with a sample event`, command: commandIds.invokeFunction, arguments: [fn.id] }));
        }
      }
    }
    return lenses;
  }
}

export function registerInvokeCodeLens(context: vscode.ExtensionContext, model: WorkspaceModel): void {
  const provider = new InvokeCodeLensProvider(model);
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
