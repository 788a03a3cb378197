import { relative, resolve } from 'node:path';
import type { FunctionDef, Project } from '../model/types';
import { UsageError } from './args';
import type { CliIo } from './io';
import { loadProjects } from './loadProjects';

/**
 * The function NAME names, in the project `--project` points at (a config file or a folder) or in the
 * current folder. Several matches without `--project` is a usage error that lists the candidates.
 */
export async function findFunction(io: CliIo, name: string, projectPath: string | undefined): Promise<{ project: Project; fn: FunctionDef; projects: Project[] }> {
  const projects = await loadProjects(io, projectPath ? [projectPath] : []);
  const rel = (p: string): string => relative(io.cwd, p) || '.';
  const matches: Array<{ project: Project; fn: FunctionDef }> = [];
  for (const project of projects) for (const fn of project.functions) if (fn.name === name) matches.push({ project, fn });
  if (matches.length === 1) return { ...matches[0], projects };
  if (matches.length > 1) {
    if (projectPath) {
      // --project named a folder holding several projects: prefer the one whose folder it is.
      const abs = resolve(io.cwd, projectPath);
      const exact = matches.filter((m) => m.project.root === abs || m.project.file === abs);
      if (exact.length === 1) return { ...exact[0], projects };
    }
    throw new UsageError(`function "${name}" is defined in several projects; pick one with --project: ${matches.map((m) => rel(m.project.file)).join(', ')}`);
  }
  const all = projects.flatMap((p) => p.functions.map((f) => f.name));
  if (projects.length === 0) throw new UsageError(`no serverless project found in ${projectPath ? rel(resolve(io.cwd, projectPath)) : 'the current folder'}`);
  throw new UsageError(`no function named "${name}"${all.length ? `; functions: ${[...new Set(all)].sort().join(', ')}` : ''}`);
}
