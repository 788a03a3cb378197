/**
 * esbuild's per-platform packages (`@esbuild/<platform>-<arch>`) at exactly the version package-lock.json pins,
 * fetched from the npm registry with `npm pack` into a cache, and checked against the lock file's integrity hash
 * before use: the bytes shipped are the bytes the lock file names.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ArchiveEntry } from './archives';
import { readTarGz } from './archives';

export interface LockedPackage {
  name: string;
  version: string;
  /** `sha512-…` as package-lock.json records it. */
  integrity: string;
}

interface Lock {
  packages: Record<string, { version?: string; integrity?: string }>;
}

/** A package as the lock file pins it; undefined when the lock file does not have it. */
export function lockedPackage(lock: Lock, name: string): LockedPackage | undefined {
  const entry = lock.packages[`node_modules/${name}`];
  return entry?.version && entry.integrity ? { name, version: entry.version, integrity: entry.integrity } : undefined;
}

export function integrityOf(bytes: Buffer): string {
  return `sha512-${createHash('sha512').update(bytes).digest('base64')}`;
}

/** Runs `npm pack NAME@VERSION` into a folder; returns the tarball's path. Injected so tests need no registry. */
export type PackFetcher = (spec: string, destination: string) => string;

/**
 * npm through the same npm-cli.js that runs this script when there is one (`npm run package` sets npm_execpath), so
 * no shell is needed to find `npm.cmd` on Windows; arguments go to the process as a list, never through a shell.
 */
export const npmPack: PackFetcher = (spec, destination) => {
  const cli = process.env.npm_execpath;
  const [command, args] = cli && /\.[cm]?js$/.test(cli) ? [process.execPath, [cli]] : ['npm', []];
  const run = spawnSync(command, [...args, 'pack', spec, '--pack-destination', destination, '--json', '--loglevel=error'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (run.status !== 0) {
    const why = (run.stderr || run.error?.message || `exit ${run.status}`).trim().split('\n').slice(-3).join(' ');
    throw new Error(`npm pack ${spec} failed: ${why}`);
  }
  const [info] = JSON.parse(run.stdout) as Array<{ filename: string }>;
  return join(destination, info.filename);
};

export class IntegrityError extends Error {}

/**
 * The files of a locked package (paths without the tarball's `package/` prefix), from the cache or fetched into
 * it. Throws IntegrityError when the bytes differ from the lock file's hash (never shipped), other errors when the
 * package cannot be had.
 */
export function lockedPackageFiles(pkg: LockedPackage, cacheDir: string, fetch: PackFetcher = npmPack): Map<string, ArchiveEntry> {
  mkdirSync(cacheDir, { recursive: true });
  const cached = join(cacheDir, `${pkg.name.replace(/^@/, '').replace('/', '-')}-${pkg.version}.tgz`);
  const file = existsSync(cached) && integrityOf(readFileSync(cached)) === pkg.integrity ? cached : fetch(`${pkg.name}@${pkg.version}`, cacheDir);
  const bytes = readFileSync(file);
  const actual = integrityOf(bytes);
  if (actual !== pkg.integrity) throw new IntegrityError(`${pkg.name}@${pkg.version}: the fetched tarball's hash ${actual.slice(0, 24)}… is not the lock file's ${pkg.integrity.slice(0, 24)}…`);
  const files = new Map<string, ArchiveEntry>();
  for (const [name, entry] of readTarGz(bytes)) {
    if (name.startsWith('package/')) files.set(name.slice('package/'.length), { ...entry, name: name.slice('package/'.length) });
  }
  return files;
}

/** One file of the staged node_modules. */
export interface StagedFile {
  /** Path under the package root, e.g. `node_modules/esbuild/lib/main.js`. */
  path: string;
  mode?: number;
  read(): Buffer;
}

export interface EsbuildRuntime {
  flavour: 'native' | 'wasm';
  /** The staged package.json's dependencies: what the package ships in node_modules. */
  dependencies: Record<string, string>;
  files: StagedFile[];
  /** Why a package meant to be native carries esbuild-wasm. */
  fallback?: string;
}

/** Of each package, what runs: the rest (type declarations, the browser builds, READMEs) stays out. */
const shipped: Record<string, (path: string) => boolean> = {
  esbuild: (p) => ['package.json', 'LICENSE.md', 'lib/main.js'].includes(p),
  'esbuild-wasm': (p) => ['package.json', 'LICENSE.md', 'lib/main.js', 'bin/esbuild', 'esbuild.wasm', 'wasm_exec.js', 'wasm_exec_node.js'].includes(p),
};

function stage(pkg: LockedPackage, cacheDir: string, fetch: PackFetcher, keep: (path: string) => boolean = () => true): StagedFile[] {
  return [...lockedPackageFiles(pkg, cacheDir, fetch).values()]
    .filter((e) => keep(e.name))
    .map((e) => ({ path: `node_modules/${pkg.name}/${e.name}`, mode: e.mode, read: e.read }));
}

/**
 * What a package carries to run esbuild: the esbuild API and the native package of `nativePkg`, or, when that
 * cannot be had (not in the lock file, not fetchable), esbuild-wasm. A tarball whose hash differs from the lock
 * file is an error, never a fallback.
 */
export function esbuildRuntime(nativePkg: string | undefined, lock: Lock, cacheDir: string, fetch: PackFetcher = npmPack): EsbuildRuntime {
  const api = lockedPackage(lock, 'esbuild');
  if (!api) throw new Error('package-lock.json has no esbuild');
  let fallback: string | undefined;
  if (nativePkg) {
    const native = lockedPackage(lock, nativePkg);
    if (!native) fallback = `${nativePkg} is not in package-lock.json`;
    else if (native.version !== api.version) throw new Error(`${nativePkg}@${native.version} in package-lock.json is not esbuild's version ${api.version}`);
    else {
      try {
        const files = [...stage(api, cacheDir, fetch, shipped.esbuild), ...stage(native, cacheDir, fetch)];
        return { flavour: 'native', dependencies: { esbuild: api.version }, files };
      } catch (err) {
        if (err instanceof IntegrityError) throw err;
        fallback = err instanceof Error ? err.message : String(err);
      }
    }
  }
  const wasm = lockedPackage(lock, 'esbuild-wasm');
  if (!wasm) throw new Error('package-lock.json has no esbuild-wasm (a pinned devDependency at esbuild\'s version)');
  if (wasm.version !== api.version) throw new Error(`esbuild-wasm ${wasm.version} is not esbuild's version ${api.version}: pin both to the same version`);
  return { flavour: 'wasm', dependencies: { 'esbuild-wasm': wasm.version }, files: stage(wasm, cacheDir, fetch, shipped['esbuild-wasm']), fallback };
}
