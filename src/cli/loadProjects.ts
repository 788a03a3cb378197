import { resolve } from 'node:path';
import type { Project } from '../model/types';
import { WorkspaceIndex } from '../model/workspace';
import { esbuildTypeStripper } from '../invoke/typeStripper';
import { nodeFileSystem } from '../node/nodeFileSystem';
import type { CliIo } from './io';
import { UsageError } from './args';

/** Models the given files/folders (default: the current folder). Missing paths are usage errors. */
export async function loadProjects(io: CliIo, paths: string[]): Promise<Project[]> {
  const fs = nodeFileSystem();
  const abs = (paths.length ? paths : ['.']).map((p) => resolve(io.cwd, p));
  for (const p of abs) {
    if (!(await fs.stat(p))) throw new UsageError(`no such file or folder: ${p}`);
  }
  const index = new WorkspaceIndex(fs, { env: io.env, stripTypes: esbuildTypeStripper() });
  return index.scan(abs);
}
