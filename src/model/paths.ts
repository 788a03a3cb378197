/**
 * Path rules for the model, taken from the path itself: a path with a drive letter (`C:\…`, `c:/…`) or a UNC
 * prefix (`\\server\share`) follows Windows' rules, one that starts with `/` follows POSIX rules, anything else this
 * machine's. On a real machine that is exactly what `node:path` does (Windows paths are absolute with a drive
 * letter there), and it lets the model's path handling be tested with Windows paths on Linux and the other way
 * round, with no path implementation passed through every parser.
 */
import * as nodePath from 'node:path';

export type PathApi = nodePath.PlatformPath;

const WINDOWS_ABSOLUTE = /^(?:[A-Za-z]:[\\/]|[\\/]{2}[^\\/])/;

/** The path rules of a platform (`win32` or any POSIX one), for code that is told which machine it serves. */
export function platformPathApi(platform: NodeJS.Platform): PathApi {
  return platform === 'win32' ? nodePath.win32 : nodePath.posix;
}

/** The path rules `p` follows. */
export function pathApi(p: string): PathApi {
  if (WINDOWS_ABSOLUTE.test(p)) return nodePath.win32;
  if (p.startsWith('/')) return nodePath.posix;
  return process.platform === 'win32' ? nodePath.win32 : nodePath.posix;
}

/**
 * A relative path as a config file writes it (`CodeUri: src\orders`, `handler: src/app.main`), in the separators of
 * the machine that reads it: templates written on Windows work on macOS and Linux, and the other way round. A
 * backslash in a POSIX file name is not something anybody puts in a serverless config.
 */
export function configRelative(p: string, under: string): string {
  return pathApi(under) === nodePath.win32 ? p : p.replace(/\\/g, '/');
}

/** Whether paths compare without case: Windows' (NTFS is case-insensitive; VS Code hands out `c:\` while Node says `C:\`). */
export function foldsCase(p: string): boolean {
  return pathApi(p) === nodePath.win32;
}

/** A key under which equal paths are equal: separators normalized, case folded on Windows. */
export function pathKey(p: string): string {
  const api = pathApi(p);
  const normal = api.normalize(p);
  return foldsCase(p) ? normal.toLowerCase() : normal;
}

export function samePath(a: string, b: string): boolean {
  return a === b || pathKey(a) === pathKey(b);
}

/** Whether `p` is `folder` or inside it. */
export function isInside(p: string, folder: string): boolean {
  const key = pathKey(p);
  const dir = pathKey(folder);
  const sep = pathApi(folder).sep;
  return key === dir || key.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}

/**
 * Whether a path lies under an excluded folder: one of `names` as a path segment, or an entry of `patterns`
 * (folder names, or relative paths written with `/` or `\`: `generated`, `packages/legacy`, `src\gen`) as a run of
 * segments. Case-insensitive for Windows paths (`ignoreCase`: for a relative `p`, say which rules its root follows).
 */
export function excludedBy(p: string, names: ReadonlySet<string>, patterns: readonly string[] = [], ignoreCase = foldsCase(p)): boolean {
  const fold = ignoreCase ? (s: string): string => s.toLowerCase() : (s: string): string => s;
  const parts = p.split(/[\\/]+/).filter(Boolean).map(fold);
  if (parts.some((s) => names.has(s))) return true;
  for (const pattern of patterns) {
    const run = pattern.split(/[\\/]+/).filter((s) => s && s !== '.').map(fold);
    if (run.length === 0) continue;
    for (let i = 0; i + run.length <= parts.length; i++) if (run.every((s, j) => parts[i + j] === s)) return true;
  }
  return false;
}

/**
 * Whether a project named the way a person writes it in launch.json (`orders-service/serverless.yml`,
 * `orders-service`, an absolute path; `/` or `\`) is this config or its folder: whole path segments from the end, so
 * `api/serverless.yml` is not `legacy-api/serverless.yml`.
 */
export function namesProject(written: string, configFile: string, root: string): boolean {
  const fold = foldsCase(configFile) ? (s: string): string => s.toLowerCase() : (s: string): string => s;
  const segments = (p: string): string[] => fold(p).split(/[\\/]+/).filter((s) => s && s !== '.');
  const wanted = segments(written);
  if (wanted.length === 0) return false;
  return [configFile, root].some((p) => {
    const have = segments(p);
    return have.length >= wanted.length && wanted.every((s, i) => have[have.length - wanted.length + i] === s);
  });
}
