import * as vscode from 'vscode';
import { relative } from 'node:path';
import type { FunctionDef, Project } from '../model/types';
import type { Config } from './config';
import { commandIds } from './ids';
import type { WorkspaceModel } from './workspaceModel';

/** Where a lens would sit: above the function in its config, or above its export in the handler file. */
export interface LensSite {
  project: Project;
  fn: FunctionDef;
  where: 'config' | 'handler';
}

/** A feature's lens for a site (Invoke, Debug, Logs…), or undefined when it has none there. */
export type LensContribution = (site: LensSite) => vscode.Command | undefined;

/**
 * The one CodeLens provider of the extension. Features add contributions; the provider walks the model once per
 * document and asks each of them, in the order they were added. Reads only the model: no parsing here, so
 * lenses are cheap on every keystroke.
 */
export class FunctionCodeLenses implements vscode.CodeLensProvider {
  private readonly emitter = new vscode.EventEmitter<void>();
  private readonly contributions: LensContribution[] = [navigationLens];
  readonly onDidChangeCodeLenses = this.emitter.event;

  constructor(
    private readonly model: WorkspaceModel,
    private readonly config: Config,
  ) {}

  add(contribution: LensContribution): vscode.Disposable {
    this.contributions.push(contribution);
    this.refresh();
    return new vscode.Disposable(() => {
      const i = this.contributions.indexOf(contribution);
      if (i >= 0) this.contributions.splice(i, 1);
      this.refresh();
    });
  }

  refresh(): void {
    this.emitter.fire();
  }

  dispose(): void {
    this.emitter.dispose();
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!this.config.get('codeLensEnabled', doc.uri.fsPath)) return [];
    const file = doc.uri.fsPath;
    const lenses: vscode.CodeLens[] = [];
    for (const project of this.model.projectsForFile(file)) {
      for (const fn of project.functions) {
        const sites: Array<{ site: LensSite; line: number }> = [];
        if (fn.file === file) sites.push({ site: { project, fn, where: 'config' }, line: fn.keyRange.start.line });
        if (fn.handlerInfo.file === file && fn.file !== file) {
          sites.push({ site: { project, fn, where: 'handler' }, line: fn.handlerInfo.exportFound ? (fn.handlerInfo.exportLine ?? 0) : 0 });
        }
        for (const { site, line } of sites) {
          const at = new vscode.Range(line, 0, line, 0);
          for (const contribute of this.contributions) {
            const command = contribute(site);
            if (command) lenses.push(new vscode.CodeLens(at, command));
          }
        }
      }
    }
    return lenses;
  }
}

/** "Go to handler" above a function in its config, "Go to config" above its handler export. */
function navigationLens({ project, fn, where }: LensSite): vscode.Command | undefined {
  if (where === 'config') {
    if (!fn.handlerInfo.file || fn.handlerInfo.file === fn.file) return undefined;
    return { title: '$(go-to-file) Go to handler', tooltip: `Open ${vscode.workspace.asRelativePath(fn.handlerInfo.file)}`, command: commandIds.goToHandler, arguments: [fn.id] };
  }
  const configName = relative(project.root, fn.file) || fn.file;
  return { title: `$(symbol-method) Go to config (${fn.name})`, tooltip: `Open ${fn.name} in ${configName}`, command: commandIds.goToDefinition, arguments: [fn.id] };
}

export function registerCodeLens(context: vscode.ExtensionContext, model: WorkspaceModel, config: Config): FunctionCodeLenses {
  const provider = new FunctionCodeLenses(model, config);
  const selector: vscode.DocumentSelector = ['yaml', 'json', 'jsonc', 'javascript', 'typescript', 'python', 'csharp'].map((language) => ({ scheme: 'file', language }));
  context.subscriptions.push(
    provider,
    vscode.languages.registerCodeLensProvider(selector, provider),
    model.onDidChange(() => provider.refresh()),
    config.onDidChange((e) => {
      if (e.affects('codeLensEnabled')) provider.refresh();
    }),
  );
  return provider;
}
