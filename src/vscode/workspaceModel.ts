import * as vscode from 'vscode';
import { sep } from 'node:path';
import type { FileSystem } from '../model/fileSystem';
import type { FunctionDef, Project } from '../model/types';
import { foldsCase, samePath } from '../model/paths';
import { configKindOf, excludedFromWorkspace, WorkspaceIndex } from '../model/workspace';
import { esbuildTypeStripper } from '../invoke/typeStripper';
import { nodeFileSystem } from '../node/nodeFileSystem';
import type { Config } from './config';

/**
 * The folders a scope excludes besides the built-in ones: `serverlessWorkbench.exclude`, and the entries of VS Code's
 * `files.exclude` that name folders (`build` or `dist` with or without the leading double-star segment,
 * `packages/old`; globs with wildcards inside are not folders this rule can name, and are left to VS Code).
 */
function exclusions(config: Config, scope: vscode.Uri): string[] {
  const own = config.get('exclude', scope.fsPath);
  // VS Code's own setting, not ours: read from the editor.
  const files = vscode.workspace.getConfiguration('files', scope).get<Record<string, unknown>>('exclude', {});
  const fromFiles = Object.entries(files ?? {})
    .filter(([, on]) => on === true)
    .map(([glob]) => glob.replace(/^(\*\*\/)+/, '').replace(/(\/\*\*)+$/, '').replace(/\/+$/, ''))
    .filter((p) => p && !/[*?[\]{}!]/.test(p));
  return [...own, ...fromFiles];
}

/** Files whose change can change the model (configs, samconfig.toml, Azure function folders, handler sources). */
// One level of braces only: VS Code's glob matcher ignores nested groups, and then no file event arrives.
const watchedGlob = '**/{*.yml,*.yaml,*.json,*.toml,*.js,*.mjs,*.cjs,*.ts,*.mts,*.cts,*.py,*.cs}';
const EDIT_DEBOUNCE_MS = 150;

/**
 * The extension's one instance of the shared model. It scans the workspace once, then keeps itself current
 * from file events and editor changes, re-modelling only the file that changed. Every feature reads
 * projects from here and listens to `onDidChange`; nothing else parses configs.
 */
export class WorkspaceModel implements vscode.Disposable {
  private readonly index: WorkspaceIndex;
  private readonly changeEmitter = new vscode.EventEmitter<Project[]>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  private scanned: Promise<void> | undefined;

  /** Fires with the projects that changed (an empty project for a removed config). */
  readonly onDidChange = this.changeEmitter.event;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly config: Config,
    private readonly fs: FileSystem = nodeFileSystem(),
  ) {
    this.index = new WorkspaceIndex(withOpenDocuments(fs), { env: process.env, exclude: () => this.excludeSetting(), stripTypes: esbuildTypeStripper() });
    this.disposables.push(
      this.changeEmitter,
      this.index.onDidChange((changed) => this.changeEmitter.fire(changed)),
    );
    const watcher = vscode.workspace.createFileSystemWatcher(watchedGlob);
    // A folder copied, moved in or deleted is reported as the folder alone, not file by file.
    const folders = vscode.workspace.createFileSystemWatcher('**/*', false, true, false);
    this.disposables.push(
      watcher,
      folders,
      folders.onDidCreate((uri) => void this.onCreated(uri)),
      folders.onDidDelete((uri) => {
        if (uri.scheme === 'file' && !this.isExcluded(uri, false)) void this.onFolderDeleted(uri.fsPath);
      }),
      watcher.onDidCreate((uri) => this.onFileEvent(uri)),
      watcher.onDidChange((uri) => this.onFileEvent(uri)),
      watcher.onDidDelete((uri) => void this.index.remove(uri.fsPath)),
      vscode.workspace.onDidChangeTextDocument((e) => this.onEdit(e.document)),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.rescan()),
      config.onDidChange((e) => {
        if (e.affects('exclude')) void this.rescan();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('files.exclude')) void this.rescan();
      }),
    );
  }

  /** Scans the workspace folders (once; later calls wait for the same scan). */
  ready(): Promise<void> {
    this.scanned ??= this.scan();
    return this.scanned;
  }

  async rescan(): Promise<void> {
    this.scanned = this.scan();
    await this.scanned;
  }

  /**
   * Re-models files a command has just written or deleted (a new config, a new handler), in order, without
   * waiting for the file watcher, so what the command reports is already in the tree.
   */
  async filesChanged(files: string[]): Promise<void> {
    for (const file of files) {
      // An open document is modelled from its text (unsaved edits included), as its edits are.
      const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === file);
      if (open) await this.index.update(file, open.getText());
      else if (await this.fs.stat(file)) await this.index.update(file);
      else await this.index.remove(file);
    }
  }

  projects(): Project[] {
    return this.index.projects();
  }

  project(file: string): Project | undefined {
    return this.index.project(file);
  }

  /** Projects a document belongs to: as its config, or because it is a handler file of one of its functions. */
  projectsForFile(file: string): Project[] {
    return this.index.projectsForFile(file);
  }

  functionById(id: string): { project: Project; fn: FunctionDef } | undefined {
    return this.index.functionById(id);
  }

  allFunctions(): Array<{ project: Project; fn: FunctionDef }> {
    return this.projects().flatMap((project) => project.functions.map((fn) => ({ project, fn })));
  }

  dispose(): void {
    for (const t of this.pending.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }

  private async scan(): Promise<void> {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    const started = Date.now();
    try {
      const projects = await this.index.scan(folders);
      this.log.info(`Modelled ${projects.length} project(s), ${projects.reduce((n, p) => n + p.functions.length, 0)} function(s) in ${Date.now() - started} ms.`);
    } catch (err) {
      const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
      this.log.error(`Workspace scan failed: ${err instanceof Error ? (err.stack ?? why) : why}`);
      // An empty tree with no word would look like a workspace without functions.
      void vscode.window.showErrorMessage(`Serverless Workbench could not read the workspace's serverless projects: ${why}`, 'Show Log').then((picked) => picked && this.log.show());
    }
    this.changeEmitter.fire(this.projects());
  }

  /** What every workspace folder excludes (the scan skips the union). */
  private excludeSetting(): string[] {
    const folders = vscode.workspace.workspaceFolders ?? [];
    return [...new Set(folders.flatMap((f) => exclusions(this.config, f.uri)))];
  }

  /** The discovery's rule (`excludedFromWorkspace`) for a file or folder event, relative to its workspace folder. */
  private isExcluded(uri: vscode.Uri, isFile = true): boolean {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const below = folder ? vscode.workspace.asRelativePath(uri, false) : uri.fsPath;
    return excludedFromWorkspace(below, exclusions(this.config, uri), foldsCase(uri.fsPath), isFile);
  }

  /** A deleted path the config watcher does not cover (a folder): drops what was modelled under it. */
  private async onFolderDeleted(path: string): Promise<void> {
    const under = (f: string): boolean => f === path || f.startsWith(path + sep);
    if (this.index.projects().some((p) => under(p.file) || p.files.some(under) || p.functions.some((f) => under(f.file)))) {
      await this.index.remove(path).catch((err: unknown) => this.log.error(`Dropping ${path} failed: ${String(err)}`));
    }
  }

  private async onCreated(uri: vscode.Uri): Promise<void> {
    if (uri.scheme !== 'file' || this.isExcluded(uri, false)) return;
    if ((await this.fs.stat(uri.fsPath))?.type !== 'directory') return;
    await this.index.addFolder(uri.fsPath).catch((err: unknown) => this.log.error(`Modelling the new folder ${uri.fsPath} failed: ${String(err)}`));
  }

  private onFileEvent(uri: vscode.Uri): void {
    if (uri.scheme !== 'file' || this.isExcluded(uri)) return;
    // An open document is tracked through its edits; the file event of its save carries the same text.
    this.schedule(uri.fsPath, undefined);
  }

  private onEdit(doc: vscode.TextDocument): void {
    if (doc.uri.scheme !== 'file' || this.isExcluded(doc.uri)) return;
    const file = doc.uri.fsPath;
    const relevant = configKindOf(file) !== undefined || this.index.projectsForFile(file).length > 0 || this.index.azureOwner(file) !== undefined;
    if (!relevant) return;
    this.schedule(file, doc);
  }

  /** Debounces per file so a burst of keystrokes re-models once. */
  private schedule(file: string, doc: vscode.TextDocument | undefined): void {
    const prev = this.pending.get(file);
    if (prev) clearTimeout(prev);
    this.pending.set(
      file,
      setTimeout(() => {
        this.pending.delete(file);
        void this.index.update(file, doc?.getText()).catch((err: unknown) => this.log.error(`Re-modelling ${file} failed: ${String(err)}`));
      }, EDIT_DEBOUNCE_MS),
    );
  }
}

/**
 * The files as the editor shows them: an open document's text, saved or not, before the disk. A file event
 * that arrives late, or a folder scan, then never re-models a file (or a file it includes) from older saved
 * content while a person is editing it.
 */
function withOpenDocuments(fs: FileSystem): FileSystem {
  const open = (p: string): vscode.TextDocument | undefined => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && !d.isClosed && samePath(d.uri.fsPath, p));
  return {
    caseInsensitive: fs.caseInsensitive,
    readFile: async (p) => open(p)?.getText() ?? fs.readFile(p),
    stat: (p) => fs.stat(p),
    readDirectory: (p) => fs.readDirectory(p),
  };
}
