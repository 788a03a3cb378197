import * as nodePath from 'node:path';
import type { FileSystem } from '../../../src/model/fileSystem';

/** A machine the model's path handling is tested on: its path rules, a workspace root, whether it ignores case. */
export interface Platform {
  name: string;
  path: nodePath.PlatformPath;
  root: string;
  caseInsensitive: boolean;
}

/** The same cases run on each: Linux, Windows (drive letter and UNC share), macOS (case-insensitive by default). */
export const platforms: Platform[] = [
  { name: 'Linux', path: nodePath.posix, root: '/home/ada/ws', caseInsensitive: false },
  { name: 'Windows', path: nodePath.win32, root: 'C:\\Users\\Ada\\ws', caseInsensitive: true },
  { name: 'Windows UNC share', path: nodePath.win32, root: '\\\\fileserver\\projects\\ws', caseInsensitive: true },
  { name: 'macOS', path: nodePath.posix, root: '/Users/ada/ws', caseInsensitive: true },
];

/** `rel` (written with `/`) as an absolute path of the platform. */
export function at(p: Platform, rel = ''): string {
  return rel ? p.path.join(p.root, ...rel.split('/')) : p.root;
}

/**
 * An in-memory file system with the platform's rules: files given relative to its root (with `/`), looked up by
 * the platform's path rules, case-insensitively where the platform is.
 */
export function platformFileSystem(p: Platform, files: Record<string, string>): FileSystem {
  const key = (path: string): string => {
    const n = p.path.normalize(path).replace(/[\\/]+$/, '');
    return p.caseInsensitive ? n.toLowerCase() : n;
  };
  const byKey = new Map<string, { path: string; text: string }>();
  const dirs = new Map<string, Map<string, 'file' | 'directory'>>();
  for (const [rel, text] of Object.entries(files)) {
    const full = at(p, rel);
    byKey.set(key(full), { path: full, text });
    let child = full;
    let type: 'file' | 'directory' = 'file';
    for (let d = p.path.dirname(full); d !== child; child = d, d = p.path.dirname(d)) {
      const entries = dirs.get(key(d)) ?? new Map<string, 'file' | 'directory'>();
      entries.set(p.path.basename(child), type);
      dirs.set(key(d), entries);
      type = 'directory';
    }
  }
  return {
    caseInsensitive: p.caseInsensitive,
    readFile: async (path) => byKey.get(key(path))?.text,
    stat: async (path) => {
      const f = byKey.get(key(path));
      if (f) return { type: 'file', size: f.text.length };
      return dirs.has(key(path)) ? { type: 'directory', size: 0 } : undefined;
    },
    readDirectory: async (path) => [...(dirs.get(key(path)) ?? new Map<string, 'file' | 'directory'>())].map(([name, type]) => ({ name, type })),
  };
}

/**
 * A file system that ignores case the way Windows' and macOS's do, over a case-sensitive one: a path that does not
 * exist as spelled is looked up segment by segment without case. Real fixture files, a Mac's behaviour.
 */
export function ignoringCase(fs: FileSystem, path: nodePath.PlatformPath = nodePath): FileSystem {
  const real = async (p: string): Promise<string | undefined> => {
    if (await fs.stat(p)) return p;
    const parent = path.dirname(p);
    if (parent === p) return undefined;
    const dir = await real(parent);
    if (!dir) return undefined;
    const name = path.basename(p).toLowerCase();
    const hit = (await fs.readDirectory(dir)).find((e) => e.name.toLowerCase() === name);
    return hit ? path.join(dir, hit.name) : undefined;
  };
  return {
    caseInsensitive: true,
    readFile: async (p) => {
      const r = await real(p);
      return r === undefined ? undefined : fs.readFile(r);
    },
    stat: async (p) => {
      const r = await real(p);
      return r === undefined ? undefined : fs.stat(r);
    },
    readDirectory: async (p) => {
      const r = await real(p);
      return r === undefined ? [] : fs.readDirectory(r);
    },
  };
}
