import { readFile } from 'node:fs/promises';
import { basename, dirname, relative, resolve } from 'node:path';
import type { Project } from '../model/types';
import { WorkspaceIndex } from '../model/workspace';
import { createFileAtomic, writeFileAtomic } from '../node/atomicFile';
import { nodeFileSystem } from '../node/nodeFileSystem';
import { isPatternId, patterns } from '../patterns/catalog';
import type { NewFunctionPlan, NewFunctionTarget } from '../patterns/newFunction';
import { PatternError, planNewFunction } from '../patterns/newFunction';
import { applyInserts } from '../patterns/configEdit';
import type { Language } from '../patterns/types';
import { languages } from '../patterns/types';
import { flagString, parseArgs, UsageError } from './args';
import type { CliIo } from './io';
import { exitCodes } from './io';

export const newUsage = 'new PATTERN --name NAME [--project PATH] [--language ts|js|python|csharp] [--model v3|v4]   add a function from a pattern';

/** `new`: writes the handler and adds the function with its trigger to the config (comments and layout kept). */
export async function newCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { values: ['name', 'project', 'language', 'model'] });
  const [pattern, ...extra] = args.positionals;
  if (!pattern) throw new UsageError(`missing PATTERN (one of ${patterns.map((p) => p.id).join(', ')})`);
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  if (!isPatternId(pattern)) throw new UsageError(`unknown pattern "${pattern}"; use one of ${patterns.map((p) => p.id).join(', ')}`);
  const name = flagString(args, 'name');
  if (!name) throw new UsageError('missing --name NAME');
  const languageFlag = flagString(args, 'language');
  if (languageFlag !== undefined && !(languages as readonly string[]).includes(languageFlag)) throw new UsageError(`unknown language "${languageFlag}"; use ${languages.join(', ')}`);

  const fs = nodeFileSystem();
  const target = await findTarget(io, flagString(args, 'project'));
  // A refusal (PatternError) is an ordinary error for runCli: one line on stderr, exit 2, nothing written.
  const model = flagString(args, 'model');
  if (model !== undefined && model !== 'v3' && model !== 'v4') throw new UsageError(`--model ${model}: use v3 (function.json) or v4 (app.* registrations), for Azure Node apps`);
  const plan: NewFunctionPlan = await planNewFunction(fs, { pattern, name, language: languageFlag as Language | undefined, target, ...(model ? { azureModel: model } : {}) });
  if (plan.warning) io.stderr(`warning: ${plan.warning}\n`);
  await applyPlan(plan);
  const rel = (p: string): string => relative(io.cwd, p) || '.';
  for (const w of plan.writes) io.stdout(`created ${rel(w.path)}\n`);
  if (plan.configEdit) io.stdout(`updated ${rel(plan.configEdit.file)}: function ${name} (${plan.triggers.join(', ')})\n`);
  else if (plan.writes.length === 1) io.stdout(`registered ${name} (${plan.triggers.join(', ')}) in ${rel(plan.handlerFile)}\n`);
  if (plan.install) io.stdout(`next: ${plan.install.cwd === io.cwd ? '' : `cd ${rel(plan.install.cwd)} && `}${plan.install.command}\n`);
  return exitCodes.ok;
}

const CREATABLE = /^(serverless\.ya?ml|template\.ya?ml)$/;

async function findTarget(io: CliIo, projectFlag: string | undefined): Promise<NewFunctionTarget> {
  const fs = nodeFileSystem();
  const path = resolve(io.cwd, projectFlag ?? '.');
  const st = await fs.stat(path);
  if (!st) {
    if (projectFlag && CREATABLE.test(basename(path)) && (await fs.stat(dirname(path)))?.type === 'directory') {
      return { create: { kind: basename(path).startsWith('serverless') ? 'serverless-framework' : 'sam', file: path } };
    }
    throw new PatternError(`no such file or folder: ${path}`);
  }
  const index = new WorkspaceIndex(fs, { env: io.env });
  let projects: Project[];
  if (st.type === 'file') {
    const project = await index.modelConfig(path);
    if (!project) throw new PatternError(`${relative(io.cwd, path) || path} is not a serverless.yml, SAM template or Azure host.json`);
    projects = [project];
  } else {
    projects = await index.scan([path]);
  }
  if (projects.length === 0) {
    throw new PatternError(`no serverless project under ${relative(io.cwd, path) || '.'}; pass --project serverless.yml or --project template.yaml to create one`);
  }
  if (projects.length > 1) {
    throw new PatternError(`several projects found; pick one with --project: ${projects.map((p) => relative(io.cwd, p.file)).join(', ')}`);
  }
  return { project: projects[0] };
}

/** Writes the plan: new files never overwrite (created atomically, failing when they exist), and the config is re-read so a concurrent change is not lost. */
async function applyPlan(plan: NewFunctionPlan): Promise<void> {
  let configAfter: string | undefined;
  if (plan.configEdit) {
    const now = await readFile(plan.configEdit.file, 'utf8');
    if (now !== plan.configEdit.before) throw new PatternError(`${plan.configEdit.file} changed while planning; run again`);
    configAfter = applyInserts(now, plan.configEdit.inserts);
  }
  // Each file whole or not at all: a process killed meanwhile never leaves a torn handler or config.
  for (const w of plan.writes) await createFileAtomic(w.path, w.text);
  if (plan.configEdit && configAfter !== undefined) await writeFileAtomic(plan.configEdit.file, configAfter);
}
