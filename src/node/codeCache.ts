/**
 * Loads a CommonJS bundle as `require()` would, with V8's code cache kept in the user cache folder: a CLI run
 * then skips compiling the bundle and the functions an earlier run of the same command compiled. On Node 22+
 * this is Node's own compile cache (`module.enableCompileCache`); on Node 20 it is `vm.Script`'s `cachedData`,
 * where V8 itself checks the cache against the source, its version and flags (a rejected cache is rewritten).
 * The bundle must not use `import()`: on Node 20 a function restored from the cache has lost what a dynamic import
 * needs (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING), so the CLI bundle loads its lazy packages with require().
 */
import { isAscii } from 'node:buffer';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname, join } from 'node:path';
import vm from 'node:vm';

interface ModuleInternals {
  _nodeModulePaths(dir: string): string[];
  _cache: Record<string, NodeModule>;
  wrap(source: string): string;
  enableCompileCache?: (dir: string) => unknown;
}

export interface CodeCacheOptions {
  /** Folder for the cache files (the user cache folder). */
  dir: string;
  /** What the cache is for (a CLI command): each keeps the functions its runs compiled. */
  name: string;
  /** Whether to write the cache when the process exits (e.g. only after a run that went well). */
  keep: () => boolean;
  /** How the bundle was compiled: with Node's compile cache, a cache this run read, none yet, or no cache at all. */
  report?: (how: 'node-compile-cache' | 'cache-used' | 'cache-written-at-exit' | 'no-cache') => void;
}

export function requireWithCodeCache(file: string, options: CodeCacheOptions): unknown {
  const internals = Module as unknown as ModuleInternals;
  if (typeof internals.enableCompileCache === 'function') {
    try {
      internals.enableCompileCache(join(options.dir, 'compile-cache'));
    } catch {
      // No cache: the bundle is only compiled again.
    }
    options.report?.('node-compile-cache');
    return require(file); // eslint-disable-line @typescript-eslint/no-require-imports
  }
  let source: string;
  let cacheFile: string;
  try {
    // A bundle is ASCII (esbuild escapes the rest): read as Latin-1 it needs no UTF-8 decoding (~1 ms of 700 KB).
    const bytes = readFileSync(file);
    source = typeof isAscii === 'function' && isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
    const st = statSync(file);
    const id = shortHash(`${file}\0${st.size}\0${st.mtimeMs}\0${process.version}`);
    cacheFile = join(options.dir, 'code-cache', `${id}-${options.name.replace(/[^a-z0-9-]/gi, '_')}.bin`);
  } catch {
    options.report?.('no-cache');
    return require(file); // eslint-disable-line @typescript-eslint/no-require-imports
  }
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  // A bundle's own hashbang line is not valid inside the module wrapper.
  const body = source.startsWith('#!') ? `//${source.slice(2)}` : source;
  const script = new vm.Script(internals.wrap(body), { filename: file, cachedData });
  const mod = new Module(file, require.main) as NodeModule & { filename: string; paths: string[]; loaded: boolean };
  mod.filename = file;
  mod.paths = internals._nodeModulePaths(dirname(file));
  internals._cache[file] = mod;
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: NodeModule, filename: string, dirname: string) => void;
  wrapper.call(mod.exports, mod.exports, Module.createRequire(file), mod, file, dirname(file));
  mod.loaded = true;
  const used = cachedData !== undefined && script.cachedDataRejected !== true;
  options.report?.(used ? 'cache-used' : 'cache-written-at-exit');
  if (!used) {
    // At exit the cache holds every function this run compiled, not only the bundle's top level.
    process.once('exit', () => {
      if (!options.keep()) return;
      try {
        mkdirSync(dirname(cacheFile), { recursive: true });
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(tmp, script.createCachedData());
        renameSync(tmp, cacheFile);
      } catch {
        // The next run compiles again.
        return;
      }
      pruneOldCaches(cacheFile);
    });
  }
  return mod.exports;
}

/**
 * A short, stable name for a build of a bundle: 64 bits of two multiplicative hashes. Not cryptographic, and it
 * need not be: V8 checks a cache against the source it is given. (node:crypto would cost the CLI's entry ~2 ms.)
 */
export function shortHash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x9e3779b9 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/** How many caches of one name (one per build of the bundle) are kept: a few, for builds used side by side. */
const CACHES_KEPT_PER_NAME = 3;

/** Each build of the CLI writes its own cache; older builds' caches (about 0.7 MB each) are removed. */
function pruneOldCaches(current: string): void {
  try {
    const dir = dirname(current);
    const suffix = current.slice(current.lastIndexOf('-'));
    const others = readdirSync(dir)
      .filter((f) => f.endsWith(suffix) && join(dir, f) !== current)
      .map((f) => ({ file: join(dir, f), mtimeMs: statSync(join(dir, f)).mtimeMs }))
      .sort((a, b) => b.mtimeMs - a.mtimeMs);
    for (const old of others.slice(CACHES_KEPT_PER_NAME - 1)) unlinkSync(old.file);
  } catch {
    // Another run may be pruning too; whatever is left is pruned next time.
  }
}
