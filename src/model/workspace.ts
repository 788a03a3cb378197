import { fileStartRange } from '../shared/range';
import { parseAzureFunctions } from './azureFunctions';
import type { SourceText } from './azureFunctions';
import { looksLikeCloudFormation, looksLikeTemplate, parseCloudFormation } from './cloudFormation';
import type { TypeStripper } from './exportScan';
import type { FileSystem } from './fileSystem';
import { HandlerCache, handlerReads, resolveHandlers } from './handlers';
import { excludedBy, foldsCase, isInside, pathApi, pathKey, samePath } from './paths';
import { loadServerlessFramework } from './serverlessFramework';
import type { SfResolverOptions } from './sfVariables';
import type { FunctionDef, Project } from './types';
import { finding, parseLimits } from './yamlTree';
import { attachSamConfig } from './samConfig';

/** Folders never searched for configs: build output, dependencies, VCS. */
export const excludedFolders = new Set(['node_modules', '.serverless', '.aws-sam', 'cdk.out', '.git', '.hg', '.svn', '.build', '.esbuild', '.webpack', '__pycache__', '.venv', 'venv', 'bin', 'obj', '.serverless-workbench', '.vscode-test']);

const SF_CONFIG = /^serverless\.(ya?ml|json)$/;
const SF_DYNAMIC = /^serverless\.(ts|js|mjs|cjs)$/;
const TEMPLATE_NAME = /^(template|.*\.template|.*\.cfn|.*-template|samtemplate|sam-template)\.(ya?ml|json)$|\.template$/;
const YAML = /\.ya?ml$/;

export type ConfigKind = 'serverless' | 'serverless-dynamic' | 'template' | 'azure-host' | 'yaml-candidate';

/** What kind of config a file name suggests (content decides for plain YAML files). */
export function configKindOf(path: string): ConfigKind | undefined {
  const name = pathApi(path).basename(path);
  if (SF_CONFIG.test(name)) return 'serverless';
  if (SF_DYNAMIC.test(name)) return 'serverless-dynamic';
  if (name === 'host.json') return 'azure-host';
  if (TEMPLATE_NAME.test(name)) return 'template';
  if (YAML.test(name)) return 'yaml-candidate';
  return undefined;
}

/**
 * The one exclusion rule of discovery, the editor's file watcher and its document events: a folder on the way (the
 * path is relative to the scanned or workspace folder) that is one of `excludedFolders`, hidden (`.name`), or an
 * entry of `extra` (the `serverlessWorkbench.exclude` setting and the folder entries of `files.exclude`: names or
 * relative paths). `isFile`: the last segment is a file, not a folder on the way.
 */
export function excludedFromWorkspace(relativePath: string, extra: readonly string[], ignoreCase: boolean, isFile = false): boolean {
  const parts = relativePath.split(/[\\/]+/).filter((s) => s && s !== '.');
  const folders = isFile ? parts.slice(0, -1) : parts;
  if (folders.some((s) => s.startsWith('.') && s !== '..')) return true;
  return excludedBy(folders.join('/'), excludedFolders, extra, ignoreCase);
}

export interface WorkspaceIndexOptions extends SfResolverOptions {
  /** Stop walking after this many folders (keeps huge workspaces from pegging the CPU). */
  maxFolders?: number;
  maxDepth?: number;
  /**
   * More folders to skip (the `serverlessWorkbench.exclude` setting): names or relative paths, written with `/` or
   * `\`, matched against the path below each scanned folder.
   */
  exclude?: () => readonly string[];
  /** Lets the handler export scan read TypeScript and JSX as JavaScript (esbuild; see exportScan.ts). */
  stripTypes?: TypeStripper;
  /** false: handler files are found but not scanned for their exports (see HandlerScanOptions). */
  scanExports?: boolean;
}

/**
 * The projects of a workspace. Discovery walks the folders once; after that, `update(file)` re-models only
 * the config that changed (or re-resolves the handlers that point at a changed source file).
 */
export class WorkspaceIndex {
  private readonly byFile = new Map<string, Project>();
  private readonly listeners = new Set<(changed: Project[]) => void>();
  private readonly handlerCache = new HandlerCache();

  constructor(
    private readonly fs: FileSystem,
    private readonly options: WorkspaceIndexOptions = {},
  ) {}

  /** Finds and models every project under the given folders (or the given files). */
  async scan(paths: string[]): Promise<Project[]> {
    this.handlerCache.clear();
    const configs: string[] = [];
    for (const p of paths) {
      const st = await this.fs.stat(p);
      if (st?.type === 'file') configs.push(p);
      else if (st?.type === 'directory') await this.walk(p, p, 0, configs, { folders: 0 });
    }
    const changed: Project[] = [];
    for (const file of configs) {
      const p = await this.modelConfig(file);
      if (p) changed.push(p);
    }
    if (changed.length) this.emit(changed);
    return this.projects();
  }

  projects(): Project[] {
    return [...this.byFile.values()].sort((a, b) => a.file.localeCompare(b.file));
  }

  project(file: string): Project | undefined {
    return this.byFile.get(pathKey(file));
  }

  /** The project a file belongs to: its config, an Azure function.json, or a handler file. */
  projectsForFile(file: string): Project[] {
    const direct = this.byFile.get(pathKey(file));
    if (direct) return [direct];
    return this.projects().filter((p) => p.files.some((f) => samePath(f, file)) || p.functions.some((f) => f.handlerInfo.file !== undefined && samePath(f.handlerInfo.file, file)));
  }

  /** All functions with the given logical name (several projects may define it). */
  findFunctions(name: string): Array<{ project: Project; fn: FunctionDef }> {
    const out: Array<{ project: Project; fn: FunctionDef }> = [];
    for (const project of this.projects()) for (const fn of project.functions) if (fn.name === name) out.push({ project, fn });
    return out;
  }

  functionById(id: string): { project: Project; fn: FunctionDef } | undefined {
    for (const project of this.byFile.values()) {
      const fn = project.functions.find((f) => f.id === id);
      if (fn) return { project, fn };
    }
    return undefined;
  }

  onDidChange(listener: (changed: Project[]) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /**
   * A file was created or changed (text = the editor's unsaved content, when open). Re-models only what
   * depends on it. Returns the projects that changed.
   */
  async update(file: string, text?: string): Promise<Project[]> {
    this.handlerCache.evict(file);
    const kind = configKindOf(file);
    const changed: Project[] = [];
    const owner = this.azureOwner(file);
    if (owner) {
      // The editor's unsaved text of a function.json (or a v4 source) counts: it is validated as typed.
      const p = await this.modelConfig(owner.file, undefined, this.overlay(file, text));
      if (p) changed.push(p);
    } else if (kind && kind !== 'yaml-candidate') {
      const had = this.byFile.has(file);
      const p = await this.modelConfig(file, text);
      if (p) changed.push(p);
      else if (had) changed.push(emptyProject(file));
    } else if (kind === 'yaml-candidate') {
      const content = text ?? (await this.fs.readFile(file));
      if (content !== undefined && (this.byFile.has(pathKey(file)) || looksLikeTemplate(content))) {
        const p = await this.modelConfig(file, content);
        if (p) changed.push(p);
        else if (this.byFile.delete(pathKey(file))) changed.push(emptyProject(file));
      }
    }
    changed.push(...(await this.updateDependents(file, text, changed)));
    if (changed.length) this.emit(changed);
    return changed;
  }

  /**
   * A folder appeared (copied or moved in from outside: file watchers report the folder, not each file in it):
   * models the configs under it, and re-models the Azure app it landed in (a new function folder, src/functions).
   */
  async addFolder(dir: string): Promise<Project[]> {
    const configs: string[] = [];
    await this.walk(dir, dir, 0, configs, { folders: 0 });
    const changed: Project[] = [];
    for (const file of configs) {
      const p = await this.modelConfig(file);
      if (p) changed.push(p);
    }
    const app = this.projects().find((p) => p.kind === 'azure-functions' && isInside(dir, p.root) && !samePath(dir, p.root) && !changed.includes(p));
    if (app) {
      const p = await this.modelConfig(app.file);
      if (p) changed.push(p);
    }
    if (changed.length) this.emit(changed);
    return changed;
  }

  /**
   * Re-models the projects that depend on `file`: a handler source that changed or vanished, or a file a
   * serverless.yml includes with `${file(…)}` (created, edited or deleted).
   */
  private async updateDependents(file: string, text: string | undefined, skip: Project[]): Promise<Project[]> {
    const changed: Project[] = [];
    for (const project of [...this.byFile.values()]) {
      if (skip.includes(project)) continue;
      if (project.files.some((f) => samePath(f, file)) || project.functions.some((f) => handlerReads(f.handlerInfo, file))) {
        const p = await this.modelConfig(project.file, undefined, this.overlay(file, text));
        if (p) changed.push(p);
      }
    }
    return changed;
  }

  /** A file (or folder) was deleted. */
  async remove(file: string): Promise<Project[]> {
    this.handlerCache.evict(file);
    const changed: Project[] = [];
    for (const [key, project] of [...this.byFile]) {
      if (isInside(project.file, file)) {
        this.byFile.delete(key);
        changed.push(emptyProject(project.file));
      }
    }
    // The Azure apps that had a file in what was removed (a function folder): re-modelled without it.
    const under = (f: string): boolean => isInside(f, file);
    for (const app of this.projects()) {
      if (app.kind !== 'azure-functions' || changed.some((c) => c.file === app.file)) continue;
      if (app === this.azureOwner(file) || app.files.some(under) || app.functions.some((f) => under(f.file))) {
        const p = await this.modelConfig(app.file);
        if (p) changed.push(p);
      }
    }
    changed.push(...(await this.updateDependents(file, undefined, changed)));
    if (changed.length) this.emit(changed);
    return changed;
  }

  private emit(changed: Project[]): void {
    for (const l of this.listeners) l(changed);
  }

  /**
   * The Azure app a file belongs to by where it is: a `<function>/function.json`, the app's
   * local.settings.json, a Node v4 source in `src/functions/` or `src/`, a C# file at the app root.
   */
  azureOwner(file: string): Project | undefined {
    const { basename, dirname, join } = pathApi(file);
    const name = basename(file);
    const dir = dirname(file);
    let appDir: string | undefined;
    if (name === 'function.json') appDir = dirname(dir);
    else if (name === 'local.settings.json' || name.endsWith('.cs')) appDir = dir;
    else if (/\.(c|m)?[jt]s$/.test(name) && !name.endsWith('.d.ts')) {
      if (basename(dir) === 'functions' && basename(dirname(dir)) === 'src') appDir = dirname(dirname(dir));
      else if (basename(dir) === 'src') appDir = dirname(dir);
    }
    if (appDir === undefined) return undefined;
    const p = this.byFile.get(pathKey(join(appDir, 'host.json')));
    return p?.kind === 'azure-functions' ? p : undefined;
  }

  private overlay(file: string, text: string | undefined): FileSystem {
    if (text === undefined) return this.fs;
    const fs = this.fs;
    return {
      readFile: async (p) => (samePath(p, file) ? text : fs.readFile(p)),
      stat: (p) => fs.stat(p),
      readDirectory: (p) => fs.readDirectory(p),
    };
  }

  /** Models one config file; stores and returns the project, or undefined when the file is no config. */
  async modelConfig(file: string, text?: string, fs: FileSystem = this.fs): Promise<Project | undefined> {
    const kind = configKindOf(file);
    let project: Project | undefined;
    try {
      project = await this.parse(file, kind, text, fs);
    } catch (err) {
      // The parsers do not throw by design; this is the last guard so one file never breaks the index.
      project = emptyProject(file);
      project.findings.push(finding(file, fileStartRange, 'internal-error', `This file could not be modelled (${err instanceof Error ? err.message : String(err)}).`));
    }
    if (!project) {
      this.byFile.delete(pathKey(file));
      return undefined;
    }
    this.byFile.set(pathKey(file), project);
    return project;
  }

  private async parse(file: string, kind: ConfigKind | undefined, text: string | undefined, fs: FileSystem): Promise<Project | undefined> {
    if (kind === 'serverless-dynamic') {
      const p = emptyProject(file);
      p.kind = 'serverless-framework';
      p.note = `${pathApi(file).basename(file)} is code, not data: it is not statically readable, so its functions are not listed. Use serverless.yml to see them here.`;
      p.findings.push(finding(file, fileStartRange, 'config-not-static', p.note, 'info'));
      return p;
    }
    if (kind === 'azure-host') return this.parseAzure(file, text, fs);
    const st = text === undefined ? await this.fs.stat(file) : undefined;
    if (st && st.size > parseLimits.maxFileBytes * 4) {
      const p = emptyProject(file, kind === 'serverless' ? 'serverless-framework' : 'cloudformation');
      p.findings.push(finding(file, fileStartRange, 'file-too-large', `This file is ${(st.size / 1048576).toFixed(1)} MB; it is not modelled.`, 'warning'));
      return p;
    }
    const content = text ?? (await this.fs.readFile(file));
    if (content === undefined) return undefined;
    let project: Project;
    if (kind === 'serverless') project = await loadServerlessFramework(file, content, fs, this.options);
    else if ((kind === 'template' && looksLikeCloudFormation(content)) || (kind === 'yaml-candidate' && looksLikeTemplate(content))) project = parseCloudFormation(file, content);
    else if (file.endsWith('.json') && looksLikeTemplate(content)) project = parseCloudFormation(file, content);
    else return undefined;
    await attachSamConfig(project, fs);
    await resolveHandlers(project, fs, this.handlerCache, { stripTypes: this.options.stripTypes, exports: this.options.scanExports });
    return project;
  }

  private async parseAzure(hostFile: string, hostText: string | undefined, fs: FileSystem): Promise<Project | undefined> {
    const text = hostText ?? (await fs.readFile(hostFile));
    if (text === undefined) return undefined;
    const { dirname, join } = pathApi(hostFile);
    const root = dirname(hostFile);
    const functionJsons: SourceText[] = [];
    const codeFiles: SourceText[] = [];
    for (const e of await fs.readDirectory(root)) {
      if (e.type === 'directory' && !this.excluded(join(root, e.name), root)) {
        const fj = join(root, e.name, 'function.json');
        const t = await fs.readFile(fj);
        if (t !== undefined) functionJsons.push({ file: fj, text: t });
      } else if (e.type === 'file' && e.name.endsWith('.cs')) {
        const t = await fs.readFile(join(root, e.name));
        if (t !== undefined) codeFiles.push({ file: join(root, e.name), text: t });
      }
    }
    // Node v4 model: registrations live in src/functions/*.{js,ts} by convention.
    for (const folder of [join(root, 'src', 'functions'), join(root, 'src')]) {
      for (const e of await fs.readDirectory(folder)) {
        if (e.type === 'file' && /\.(c|m)?[jt]s$/.test(e.name) && !e.name.endsWith('.d.ts')) {
          const t = await fs.readFile(join(folder, e.name));
          if (t !== undefined && /\bapp\.\w+\(/.test(t)) codeFiles.push({ file: join(folder, e.name), text: t });
        }
      }
    }
    const localSettings = await fs.readFile(join(root, 'local.settings.json'));
    const project = parseAzureFunctions({ hostFile, hostText: text, functionJsons, localSettings, codeFiles });
    await resolveHandlers(project, fs, this.handlerCache, { stripTypes: this.options.stripTypes, exports: this.options.scanExports });
    return project;
  }

  /** Whether a folder under a scanned root is excluded (`excludedFromWorkspace`, paths relative to that root). */
  private excluded(dir: string, root: string): boolean {
    return excludedFromWorkspace(pathApi(root).relative(root, dir), this.options.exclude?.() ?? [], foldsCase(root));
  }

  private async walk(root: string, dir: string, depth: number, out: string[], budget: { folders: number }): Promise<void> {
    if (depth > (this.options.maxDepth ?? 12) || ++budget.folders > (this.options.maxFolders ?? 20_000)) return;
    const entries = await this.fs.readDirectory(dir);
    const names = new Set(entries.map((e) => e.name));
    const { join } = pathApi(dir);
    for (const e of entries) {
      const full = join(dir, e.name);
      if (e.type === 'directory') {
        if (!this.excluded(full, root)) await this.walk(root, full, depth + 1, out, budget);
        continue;
      }
      const kind = configKindOf(full);
      if (!kind) {
        if (e.name.endsWith('.json') && /template|cfn|stack/i.test(e.name) && looksLikeTemplate((await this.fs.readFile(full)) ?? '')) out.push(full);
        continue;
      }
      if (kind === 'serverless-dynamic' && (names.has('serverless.yml') || names.has('serverless.yaml'))) continue;
      if (kind === 'yaml-candidate') {
        if (/^(serverless|docker-compose|\.?github|codecov|mkdocs|pnpm-lock|\.gitlab-ci)/.test(e.name) || SF_CONFIG.test(e.name)) continue;
        const st = await this.fs.stat(full);
        if (!st || st.size > 2 * 1024 * 1024) continue;
        const text = await this.fs.readFile(full);
        if (text && looksLikeTemplate(text)) out.push(full);
        continue;
      }
      out.push(full);
    }
  }
}

function emptyProject(file: string, kind: Project['kind'] = 'serverless-framework'): Project {
  return { kind, file, root: pathApi(file).dirname(file), functions: [], findings: [], files: [] };
}
