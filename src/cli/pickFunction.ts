import { relative } from 'node:path';
import type { FunctionDef, Project } from '../model/types';
import { UsageError } from './args';

/**
 * The function a command names: by logical name (or deployed name) across the loaded projects.
 * Several matches are a usage error listing the projects to choose from with `--project`.
 */
export function pickFunction(projects: Project[], name: string, cwd: string): { fn: FunctionDef; project: Project } {
  const matches: { fn: FunctionDef; project: Project }[] = [];
  for (const project of projects) for (const fn of project.functions) if (fn.name === name) matches.push({ fn, project });
  if (matches.length === 0) {
    for (const project of projects) for (const fn of project.functions) if (fn.deployedName === name) matches.push({ fn, project });
  }
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) {
    const files = matches.map((m) => relative(cwd, m.project.file) || m.project.file);
    throw new UsageError(`${name} is defined in several projects (${files.join(', ')}); choose one with --project`);
  }
  const known = projects.flatMap((p) => p.functions.map((f) => f.name));
  throw new UsageError(`no function named ${name}${known.length ? `; functions: ${known.slice(0, 20).join(', ')}${known.length > 20 ? ', …' : ''}` : ' (no serverless project found here)'}`);
}
