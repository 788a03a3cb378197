import { resolve } from 'node:path';
import type { FunctionDef, Project } from '../model/types';
import { UsageError } from './args';
import type { CliIo } from './io';
import { loadProjects } from './loadProjects';
import { pickFunction } from './pickFunction';

/**
 * Loads the projects `--project` points at (a config file or a folder; default the current folder) and picks
 * the function NAME names. When `--project` is a folder holding several projects that all define NAME, the
 * project whose own folder it is wins.
 */
export async function findFunction(io: CliIo, name: string, projectPath: string | undefined, options: { scanExports?: boolean } = {}): Promise<{ project: Project; fn: FunctionDef; projects: Project[] }> {
  const projects = await loadProjects(io, projectPath ? [projectPath] : [], options);
  if (projects.length === 0) throw new UsageError(`no serverless project found in ${projectPath ?? 'the current folder'}`);
  if (projectPath) {
    const abs = resolve(io.cwd, projectPath);
    const own = projects.filter((p) => p.root === abs || p.file === abs);
    if (own.length === 1 && own[0].functions.some((f) => f.name === name)) return { ...pickFunction(own, name, io.cwd), projects };
  }
  return { ...pickFunction(projects, name, io.cwd), projects };
}
