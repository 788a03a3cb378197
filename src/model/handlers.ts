import type { FileSystem } from './fileSystem';
import type { ExportScanContext, TypeStripper } from './exportScan';
import { scanJsDefaultExport, scanJsExport, scanPythonExport } from './exportScan';
import { configRelative, pathApi, samePath } from './paths';
import type { FunctionDef, HandlerInfo, Project } from './types';
import { displayValue, isUnresolved } from './types';

/** Extensions tried for a Node handler, in Lambda's order first, then what bundlers (esbuild, tsc) compile. */
/** A container-image function: its code (and runtime) are in the image, not in the workspace. */
export function markImage(fn: FunctionDef): void {
  fn.handlerInfo.image = true;
  fn.handlerInfo.notLocal = 'The function is a container image; its code is in the image.';
}

export const nodeExtensions = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts', '.jsx', '.tsx'];

export type RuntimeFamily = 'node' | 'python' | 'compiled' | 'unknown';

export function runtimeFamily(runtime: string | undefined): RuntimeFamily {
  if (!runtime) return 'unknown';
  if (runtime.startsWith('nodejs') || runtime === 'node') return 'node';
  if (runtime.startsWith('python')) return 'python';
  return 'compiled';
}

/**
 * Whether handler resolution read, or looked for, `file`; a file found despite its case also matches its name in
 * the right case (the rename that fixes it).
 */
export function handlerReads(info: HandlerInfo, file: string): boolean {
  const same = (p: string): boolean => samePath(p, file) || (info.caseOnDisk !== undefined && p.toLowerCase() === file.toLowerCase());
  return (info.file !== undefined && same(info.file)) || info.candidates.some(same);
}

/**
 * Results of handler resolution, keyed by what determines them. The workspace index keeps one and evicts
 * entries when one of their files changes, so re-modelling a large config after an edit does not probe
 * the disk again for every function.
 */
export class HandlerCache {
  private readonly entries = new Map<string, HandlerInfo>();

  key(fn: FunctionDef): string {
    const h = fn.handlerInfo;
    return JSON.stringify([fn.codeRoot, fn.handler?.value, fn.runtime?.value, h.entryPoint, h.defaultEntries, h.exportName, h.notLocal, h.inline, h.file, h.archive]);
  }

  get(key: string): HandlerInfo | undefined {
    const v = this.entries.get(key);
    return v && { ...v, candidates: [...v.candidates] };
  }

  set(key: string, info: HandlerInfo): void {
    this.entries.set(key, { ...info, candidates: [...info.candidates] });
  }

  /** Forgets every result that read, or looked for, this file. */
  evict(file: string): void {
    if (file.endsWith('package.json')) {
      this.entries.clear();
      return;
    }
    for (const [k, v] of this.entries) if (handlerReads(v, file)) this.entries.delete(k);
  }

  clear(): void {
    this.entries.clear();
  }
}

/** How handler files are read once found. */
export interface HandlerScanOptions {
  /** Lets the export scan read TypeScript and JSX handlers as JavaScript (see exportScan.ts). */
  stripTypes?: TypeStripper;
  /**
   * false: find the files only, without looking for the export in them (a run of one function needs the file; the
   * runtime itself reports a missing export). Default true: diagnostics, CodeLens and `list` need the scan.
   */
  exports?: boolean;
}

export async function resolveHandlers(project: Project, fs: FileSystem, cache?: HandlerCache, scan: HandlerScanOptions = {}): Promise<void> {
  await Promise.all(
    project.functions.map(async (fn) => {
      const key = cache?.key(fn);
      const hit = key !== undefined ? cache?.get(key) : undefined;
      if (hit) {
        fn.handlerInfo = hit;
        return;
      }
      await resolveHandler(fn, fs, scan);
      if (key !== undefined) cache?.set(key, fn.handlerInfo);
    }),
  );
  const packageTypes = new Map<string, Promise<'esm' | 'cjs'>>();
  for (const fn of project.functions) {
    const file = fn.handlerInfo.file;
    if (!file || !/\.[cm]?[jt]sx?$/.test(file)) continue;
    if (!fn.handlerInfo.moduleType) fn.handlerInfo.moduleType = await moduleTypeOf(file, fs, packageTypes);
  }
}

/** ESM or CommonJS, as Node (and Lambda's Node runtime) decides it: extension first, then package.json `type`. */
export async function moduleTypeOf(file: string, fs: FileSystem, cache = new Map<string, Promise<'esm' | 'cjs'>>()): Promise<'esm' | 'cjs'> {
  if (/\.m[jt]s$/.test(file)) return 'esm';
  if (/\.c[jt]s$/.test(file)) return 'cjs';
  const { dirname, join } = pathApi(file);
  const lookup = async (dir: string): Promise<'esm' | 'cjs'> => {
    const text = await fs.readFile(join(dir, 'package.json'));
    if (text !== undefined) {
      try {
        return (JSON.parse(text) as { type?: string }).type === 'module' ? 'esm' : 'cjs';
      } catch {
        return 'cjs';
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return 'cjs';
    return cached(parent);
  };
  const cached = (dir: string): Promise<'esm' | 'cjs'> => {
    let p = cache.get(dir);
    if (!p) {
      p = lookup(dir);
      cache.set(dir, p);
    }
    return p;
  };
  return cached(dirname(file));
}

export async function resolveHandler(fn: FunctionDef, fs: FileSystem, scan: HandlerScanOptions = {}): Promise<void> {
  const info = fn.handlerInfo;
  if (info.notLocal || info.inline || info.file) return;
  const root = fn.codeRoot;
  if (!root) return;
  const { join } = pathApi(root);
  const runtime = typeof fn.runtime?.value === 'string' ? fn.runtime.value : undefined;
  const family = runtimeFamily(runtime);
  if (family === 'compiled' && !info.defaultEntries && !(info.entryPoint && /\.[cm]?[jt]sx?$|\.py$/.test(info.entryPoint))) {
    info.notLocal = `${runtime} handlers are compiled; the source is not resolved.`;
    return;
  }
  const handler = fn.handler?.value;
  if (info.defaultEntries) {
    // Azure: the function folder's default entry file exports the function.
    await firstExisting(info, info.defaultEntries.map((name) => join(root, name)), fs, root, scan);
    return;
  }
  if (handler !== undefined && (isUnresolved(handler) || typeof handler !== 'string')) return;
  const handlerText = typeof handler === 'string' ? handler : undefined;

  if (info.entryPoint && (!handlerText || fn.properties.scriptFile)) {
    // Azure scriptFile (the export is `entryPoint` or the module itself).
    await firstExisting(info, [join(root, configRelative(info.entryPoint, root))], fs, root, scan);
    return;
  }
  if (!handlerText) return;
  if (handlerText.includes('::')) {
    // `pkg.Class::method` (Java) or `Assembly::Namespace.Class::Method` (.NET), whatever the runtime says.
    info.notLocal = 'The handler names a compiled method (Java or .NET); the source is not resolved.';
    return;
  }
  if (/\.sh$/.test(handlerText)) {
    // A start-up script (Lambda Web Adapter's `run.sh`): the file itself, with no export to look for.
    await firstExisting(info, [join(root, configRelative(handlerText, root))], fs, root, scan);
    return;
  }
  const dot = handlerText.lastIndexOf('.');
  if (dot <= 0 || dot === handlerText.length - 1) return;
  const modulePath = configRelative(handlerText.slice(0, dot), root);
  info.exportName = handlerText.slice(dot + 1);

  // SAM esbuild: the entry point is the source; the handler names the compiled module.
  if (info.entryPoint && (await firstExisting(info, [join(root, configRelative(info.entryPoint, root))], fs, root, scan))) return;
  const candidates: string[] = [];
  if (family === 'python' || (family === 'unknown' && !/[\\/]/.test(handlerText))) {
    const py = join(root, `${modulePath.replace(/\./g, '/')}.py`);
    if (family === 'python') candidates.push(py, join(root, modulePath.replace(/\./g, '/'), '__init__.py'));
    else candidates.push(...nodeCandidates(root, modulePath), py);
  } else {
    candidates.push(...nodeCandidates(root, modulePath));
    if (family === 'unknown') candidates.push(join(root, `${modulePath}.py`));
  }
  if (!(await firstExisting(info, candidates, fs, root, scan)) && info.archive) info.notLocal = `The code is the archive ${info.archive}, built elsewhere.`;
}

/** Tries the files in order (recording each as a candidate); the first that exists becomes the handler file. */
async function firstExisting(info: HandlerInfo, files: string[], fs: FileSystem, root: string, scan: HandlerScanOptions): Promise<boolean> {
  for (const file of files) {
    info.candidates.push(file);
    const text = await fs.readFile(file);
    if (text === undefined) continue;
    info.file = file;
    await applyScan(info, text, file, { fs, stripTypes: scan.stripTypes }, scan.exports !== false);
    if (fs.caseInsensitive) info.caseOnDisk = await caseOnDisk(root, file, fs);
    return true;
  }
  return false;
}

/**
 * On a file system that ignores case: the found file's path below the code root as the folder listings spell it,
 * when that differs from the path asked for.
 */
async function caseOnDisk(root: string, file: string, fs: FileSystem): Promise<{ named: string; onDisk: string } | undefined> {
  const api = pathApi(file);
  const named = api.relative(root, file);
  if (!named || named.startsWith('..') || api.isAbsolute(named)) return undefined;
  const onDisk: string[] = [];
  let dir = root;
  for (const part of named.split(api.sep)) {
    const entries = await fs.readDirectory(dir);
    const real = entries.some((e) => e.name === part) ? part : entries.find((e) => e.name.toLowerCase() === part.toLowerCase())?.name;
    if (real === undefined) return undefined;
    onDisk.push(real);
    dir = api.join(dir, real);
  }
  const spelled = onDisk.join(api.sep);
  return spelled === named ? undefined : { named, onDisk: spelled };
}

/**
 * The dotted module name Python imports a handler file by (`pkg/app.py` below the task root → `pkg.app`), or
 * undefined when the file is not below it.
 */
export function pythonModuleName(taskRoot: string, file: string): string | undefined {
  const api = pathApi(file);
  const rel = api.relative(taskRoot, file).replace(/\.py$/, '');
  if (!rel || rel.startsWith('..') || api.isAbsolute(rel)) return undefined;
  return rel.split(api.sep).join('.');
}

function nodeCandidates(root: string, modulePath: string): string[] {
  const { join } = pathApi(root);
  const base = join(root, modulePath);
  return [...nodeExtensions.map((e) => base + e), ...nodeExtensions.map((e) => join(base, `index${e}`))];
}

async function applyScan(info: HandlerInfo, text: string, file: string, ctx: ExportScanContext, exports: boolean): Promise<void> {
  const lines = text.split('\n');
  info.fileEnd = { line: lines.length - 1, character: lines[lines.length - 1].length };
  if (text.includes('\r\n')) info.crlf = true;
  if (!exports || !/\.([cm]?[jt]sx?|py)$/.test(file)) return;
  const scan = file.endsWith('.py')
    ? scanPythonExport(text, info.exportName ?? 'main')
    : info.exportName
      ? await scanJsExport(file, text, info.exportName, ctx)
      : await scanJsDefaultExport(file, text, ctx);
  info.exportFound = scan.found;
  info.exportLine = scan.line;
}

/** The handler as a person reads it: `src/handler.hello`, or the Azure entry file. */
export function handlerLabel(fn: FunctionDef): string | undefined {
  return displayValue(fn.handler?.value) ?? fn.handlerInfo.entryPoint ?? (fn.handlerInfo.file ? pathApi(fn.handlerInfo.file).basename(fn.handlerInfo.file) : undefined);
}

