import { dirname } from 'node:path';
import type { FileSystem } from '../../../src/model/fileSystem';

/** An in-memory FileSystem for model tests: paths are absolute POSIX paths. */
export function memoryFileSystem(files: Record<string, string>): FileSystem {
  const dirs = new Set<string>();
  for (const f of Object.keys(files)) {
    for (let d = dirname(f); ; d = dirname(d)) {
      dirs.add(d);
      if (d === dirname(d)) break;
    }
  }
  return {
    readFile: async (p) => files[p],
    stat: async (p) => (p in files ? { type: 'file', size: files[p].length } : dirs.has(p) ? { type: 'directory', size: 0 } : undefined),
    readDirectory: async (p) => {
      const names = new Map<string, 'file' | 'directory'>();
      const prefix = p.endsWith('/') ? p : `${p}/`;
      for (const f of Object.keys(files)) {
        if (!f.startsWith(prefix)) continue;
        const rest = f.slice(prefix.length).split('/');
        names.set(rest[0], rest.length > 1 ? 'directory' : 'file');
      }
      return [...names].map(([name, type]) => ({ name, type }));
    },
  };
}
