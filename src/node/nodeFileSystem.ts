import type { Dirent, Stats } from 'node:fs';
import { promises as fsp, readdirSync, readFileSync, statSync } from 'node:fs';
import type { FileSystem } from '../model/fileSystem';
import { withoutBom } from '../shared/text';

/**
 * The model's FileSystem over Node's fs: missing or unreadable paths are `undefined`/empty, never thrown.
 * `blocking`: the reads are blocking calls behind the same promises (the CLI, which has nothing else to do while it
 * reads its few files: no thread-pool round trip per read). The editor keeps the default, non-blocking reads.
 */
export function nodeFileSystem(options: { blocking?: boolean } = {}): FileSystem {
  const blocking = options.blocking === true;
  const read = (path: string): Promise<string> => (blocking ? Promise.resolve(readFileSync(path, 'utf8')) : fsp.readFile(path, 'utf8'));
  const stat = (path: string): Promise<Stats> => (blocking ? Promise.resolve(statSync(path)) : fsp.stat(path));
  const list = (path: string): Promise<Dirent[]> => (blocking ? Promise.resolve(readdirSync(path, { withFileTypes: true })) : fsp.readdir(path, { withFileTypes: true }));
  return {
    caseInsensitive: process.platform === 'win32' || process.platform === 'darwin',
    async readFile(path) {
      try {
        return withoutBom(await read(path));
      } catch {
        return undefined;
      }
    },
    async stat(path) {
      try {
        const st = await stat(path);
        return { type: st.isDirectory() ? 'directory' : 'file', size: st.size };
      } catch {
        return undefined;
      }
    },
    async readDirectory(path) {
      try {
        const entries = await list(path);
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
