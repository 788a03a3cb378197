import { resolve } from 'node:path';
import type { Project } from '../model/types';
import { WorkspaceIndex } from '../model/workspace';
import { esbuildTypeStripper } from '../invoke/typeStripper';
import { nodeFileSystem } from '../node/nodeFileSystem';
import type { CliIo } from './io';
import { UsageError } from './args';

/**
 * Models the given files/folders (default: the current folder). Missing paths are usage errors. `scanExports:
 * false` for commands that run or follow a function: handler files are found but not scanned for their exports
 * (only diagnostics and listings use the scan; the runtime reports a missing export itself).
 */
export async function loadProjects(io: CliIo, paths: string[], options: { scanExports?: boolean } = {}): Promise<Project[]> {
  // Blocking reads: a CLI has nothing else to do meanwhile (and a worker may be starting on the other core).
  const fs = nodeFileSystem({ blocking: true });
  const abs = (paths.length ? paths : ['.']).map((p) => resolve(io.cwd, p));
  for (const p of abs) {
    if (!(await fs.stat(p))) throw new UsageError(`no such file or folder: ${p}`);
  }
  const index = new WorkspaceIndex(fs, { env: io.env, stripTypes: esbuildTypeStripper(), scanExports: options.scanExports });
  return index.scan(abs);
}
