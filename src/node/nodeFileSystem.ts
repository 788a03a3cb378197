import { promises as fsp } from 'node:fs';
import type { FileSystem } from '../model/fileSystem';
import { withoutBom } from '../shared/text';

/** The model's FileSystem over Node's fs: missing or unreadable paths are `undefined`/empty, never thrown. */
export function nodeFileSystem(): FileSystem {
  return {
    caseInsensitive: process.platform === 'win32' || process.platform === 'darwin',
    async readFile(path) {
      try {
        return withoutBom(await fsp.readFile(path, 'utf8'));
      } catch {
        return undefined;
      }
    },
    async stat(path) {
      try {
        const st = await fsp.stat(path);
        return { type: st.isDirectory() ? 'directory' : 'file', size: st.size };
      } catch {
        return undefined;
      }
    },
    async readDirectory(path) {
      try {
        const entries = await fsp.readdir(path, { withFileTypes: true });
        return entries
          .filter((e) => e.isFile() || e.isDirectory())
          .map((e) => ({ name: e.name, type: e.isDirectory() ? ('directory' as const) : ('file' as const) }))
          .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      } catch {
        return [];
      }
    },
  };
}
