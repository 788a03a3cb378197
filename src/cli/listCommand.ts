import { relative } from 'node:path';
import { handlerLabel } from '../model/handlers';
import type { Project, Value } from '../model/types';
import { displayValue, isUnresolved } from '../model/types';
import { parseArgs } from './args';
import type { CliIo } from './io';
import { exitCodes } from './io';
import { loadProjects } from './loadProjects';
import { formatTable } from './table';

export const listUsage = 'list [PATH...] [--json]     list projects, functions and triggers';

/** `list`: the functions of every project, as a table or as the contract's JSON. */
export async function listCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { switches: ['json'] });
  const projects = await loadProjects(io, args.positionals);
  const rel = (p: string | undefined): string | null => (p ? relative(io.cwd, p) || '.' : null);
  if (args.flags.json) {
    io.stdout(JSON.stringify({ projects: projects.map((p) => projectJson(p, rel)) }, null, 2) + '\n');
    return exitCodes.ok;
  }
  if (projects.length === 0) {
    io.stdout('No serverless projects found (serverless.yml, SAM/CloudFormation templates, Azure host.json).\n');
    return exitCodes.ok;
  }
  const blocks: string[] = [];
  for (const p of projects) {
    const stage = p.stage ?? (p.stageExpr ? `unknown: ${p.stageExpr}` : undefined);
    const title = `${rel(p.file)}  (${p.kind}${p.service ? `, service ${p.service}` : ''}${stage && p.kind === 'serverless-framework' ? `, stage ${stage}` : ''})`;
    if (p.note) {
      blocks.push(`${title}\n  ${p.note}`);
      continue;
    }
    if (p.functions.length === 0) {
      blocks.push(`${title}\n  no functions`);
      continue;
    }
    const rows = p.functions.map((f) => [
      f.name,
      f.deployedName ?? f.deployedNameExpr ?? '-',
      show(f.runtime?.value),
      handlerLabel(f) ?? '-',
      f.triggers.map((t) => t.type).join(', ') || '-',
    ]);
    blocks.push(`${title}\n${indent(formatTable(['FUNCTION', 'DEPLOYED NAME', 'RUNTIME', 'HANDLER', 'TRIGGERS'], rows))}`);
  }
  io.stdout(blocks.join('\n\n') + '\n');
  return exitCodes.ok;
}

function indent(s: string): string {
  return s
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}

function show(v: Value | undefined): string {
  return displayValue(v) ?? '-';
}

/** Scalars as JSON: numbers stay numbers, unresolved values become their expression, unknown is null. */
function jsonScalar(v: Value | undefined): string | number | boolean | null {
  if (v === undefined || v === null) return null;
  if (isUnresolved(v)) return v.expr;
  if (typeof v === 'object') return JSON.stringify(v);
  return v;
}

function projectJson(p: Project, rel: (p: string | undefined) => string | null): unknown {
  return {
    file: rel(p.file),
    kind: p.kind,
    service: p.service ?? null,
    ...(p.note ? { note: p.note } : {}),
    functions: p.functions.map((f) => ({
      name: f.name,
      file: rel(f.file),
      deployedName: f.deployedName ?? f.deployedNameExpr ?? null,
      runtime: jsonScalar(f.runtime?.value),
      handler: handlerLabel(f) ?? null,
      handlerFile: rel(f.handlerInfo.file),
      memorySize: jsonScalar(f.memorySize?.value),
      timeout: jsonScalar(f.timeout?.value),
      defaults: f.defaults ?? [],
      line: f.keyRange.start.line + 1,
      triggers: f.triggers.map((t) => ({ type: t.type, line: t.range.start.line + 1, ...(t.wiring ? { via: t.wiring.logicalId } : {}), ...(t.file ? { file: rel(t.file) } : {}) })),
    })),
  };
}
