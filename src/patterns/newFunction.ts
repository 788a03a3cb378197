import { basename, dirname, join, relative } from 'node:path';
import { codeRegistrations, parseAzureFunctions } from '../model/azureFunctions';
import { parseCloudFormation } from '../model/cloudFormation';
import type { FileSystem } from '../model/fileSystem';
import { runtimeFamily } from '../model/handlers';
import { parseServerlessFramework } from '../model/serverlessFramework';
import type { Project, TriggerType } from '../model/types';
import { oneLine } from '../shared/text';
import type { CfgMap } from './awsConfig';
import { awsExtensions, defaultRuntimes, namesOf, samSpec, serverlessSpec } from './awsConfig';
import { patternById } from './catalog';
import type { TextInsert } from './configEdit';
import { applyInserts, lineOf, literalAt, parseConfig, planConfigEdit } from './configEdit';
import type { AzurePatternId, CSharpModel } from './handlers';
import { awsHandler, azureHandler, azurePatternIds, isAzurePattern } from './handlers';
import { expandTemplate } from './snippetText';
import { azureV3Function } from './templates/azureV3';
import type { Language, PatternId } from './types';
import { languageLabels } from './types';

/** A refusal: one line that says what is wrong and what to do. Nothing has been written. */
export class PatternError extends Error {
  constructor(message: string) {
    // Refusals quote the config (a runtime, a setting): whatever that holds, the refusal stays one line.
    super(oneLine(message));
  }
}

/** Where the function goes: an existing project from the model, or a config file to create. */
export type NewFunctionTarget = { project: Project } | { create: { kind: 'serverless-framework' | 'sam'; file: string } };

export interface NewFunctionRequest {
  pattern: PatternId;
  name: string;
  /** Chosen by the user; otherwise derived from the project (its runtime, tsconfig.json). */
  language?: Language;
  target: NewFunctionTarget;
  /**
   * Azure Node apps: the programming model. Default: the app's own (function.json apps get v3 functions, since
   * an app runs one model); `v4` in a v3 app is a change of model, which the plan's `warning` says.
   */
  azureModel?: 'v3' | 'v4';
}

/** A file to write; it must not exist yet. */
export interface FileWrite {
  path: string;
  text: string;
}

/** Everything `new` will do, computed before anything is written. */
export interface NewFunctionPlan {
  language: Language;
  projectFile: string;
  /** The handler file, opened afterwards. */
  handlerFile: string;
  /** New files: the handler, and the config when it is created. */
  writes: FileWrite[];
  /** Changes to an existing config; `before` is the text they were planned on (re-check before applying). */
  configEdit?: { file: string; before: string; inserts: TextInsert[] };
  /** Trigger types the new function has in the model. */
  triggers: TriggerType[];
  /** What to install for the handler to build and run (a hint; nothing is installed). */
  install?: InstallStep;
  /** Something the person must know before it is written (an Azure app's change of programming model). */
  warning?: string;
}

/** The packages a new handler imports that its project does not declare yet, and the command that adds them. */
export interface InstallStep {
  /** `npm install a b && npm install --save-dev @types/aws-lambda` */
  command: string;
  /** Where to run it: the folder of the project's package.json, else the project's folder. */
  cwd: string;
  /** Every package it adds, runtime and dev. */
  packages: string[];
}

/**
 * What a Node handler still needs installed: the packages it imports (and `@types/aws-lambda` for TypeScript
 * handlers that use its types) less those the nearest package.json already declares. Undefined when nothing is missing.
 */
export async function installStep(fs: FileSystem, text: string, language: Language, projectRoot: string): Promise<InstallStep | undefined> {
  if (language !== 'ts' && language !== 'js') return undefined;
  const imported = new Set<string>();
  for (const m of text.matchAll(/(?:from |require\()'(@[\w-]+\/[\w-]+|[\w-]+)'/g)) if (!m[1].startsWith('node:')) imported.add(m[1]);
  imported.delete('aws-lambda');
  const manifest = await nearestPackageJson(fs, projectRoot);
  const declared = manifest?.declared ?? new Set<string>();
  const packages = [...imported].filter((p) => !declared.has(p)).sort();
  const dev = language === 'ts' && /from 'aws-lambda'/.test(text) && !declared.has('@types/aws-lambda') ? ['@types/aws-lambda'] : [];
  if (packages.length === 0 && dev.length === 0) return undefined;
  const command = [packages.length ? `npm install ${packages.join(' ')}` : '', dev.length ? `npm install --save-dev ${dev.join(' ')}` : ''].filter(Boolean).join(' && ');
  return { command, cwd: manifest?.dir ?? projectRoot, packages: [...packages, ...dev] };
}

/** The package.json in the project's folder or the nearest one above it (a monorepo's), with what it declares. */
async function nearestPackageJson(fs: FileSystem, from: string): Promise<{ dir: string; declared: Set<string> } | undefined> {
  for (let dir = from, i = 0; i < 6; i++) {
    const text = await fs.readFile(join(dir, 'package.json'));
    if (text !== undefined) {
      const declared = new Set<string>();
      try {
        const json = JSON.parse(text) as Record<string, unknown>;
        for (const key of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
          const deps = json[key];
          if (deps && typeof deps === 'object') for (const name of Object.keys(deps)) declared.add(name);
        }
      } catch {
        // A package.json that does not parse declares nothing we can rely on.
      }
      return { dir, declared };
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

/** Plans a new function from a pattern. Throws PatternError (nothing written) when it does not fit. */
export async function planNewFunction(fs: FileSystem, req: NewFunctionRequest): Promise<NewFunctionPlan> {
  const pattern = patternById(req.pattern);
  if (!pattern) throw new PatternError(`unknown pattern "${req.pattern}"`);
  if ('create' in req.target) return planAws(fs, req, req.target.create.kind, req.target.create.file, undefined);
  const project = req.target.project;
  if (project.note) throw new PatternError(`${basename(project.file)} cannot be edited: ${project.note}`);
  const existing = project.functions.find((f) => f.name === req.name);
  if (existing) {
    throw new PatternError(`a function named "${req.name}" already exists in ${basename(existing.file)} (line ${existing.keyRange.start.line + 1}); choose another name`);
  }
  switch (project.kind) {
    case 'serverless-framework':
    case 'sam':
      return planAws(fs, req, project.kind, project.file, project);
    case 'cloudformation':
      throw new PatternError(`${basename(project.file)} is a plain CloudFormation template (no SAM transform); add "Transform: AWS::Serverless-2016-10-31" or use a SAM template`);
    case 'azure-functions':
      return planAzure(fs, req, project);
  }
}

/** A minimal config for a new project, without functions (the plan adds the first one). */
export function newConfigText(kind: 'serverless-framework' | 'sam', service: string, language: Language): string {
  const runtime = language === 'python' ? defaultRuntimes.python : defaultRuntimes.node;
  if (kind === 'serverless-framework') {
    return [
      `service: ${service}`,
      `frameworkVersion: '4'`,
      '',
      'provider:',
      '  name: aws',
      `  runtime: ${runtime}`,
      "  stage: ${opt:stage, 'dev'}",
      '  region: us-east-1',
      '',
      'functions:',
      '',
    ].join('\n');
  }
  return [
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Transform: AWS::Serverless-2016-10-31',
    `Description: ${service}`,
    '',
    'Globals:',
    '  Function:',
    `    Runtime: ${runtime}`,
    '    MemorySize: 256',
    '    Timeout: 30',
    '',
    'Resources:',
    '',
  ].join('\n');
}

/** Model findings that mean the file was not read at all, the most telling first. */
const unreadable = ['binary-file', 'file-too-large', 'yaml-too-complex'];

const SF_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const SAM_NAME = /^[A-Za-z][A-Za-z0-9]{0,63}$/;
const AZURE_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

async function planAws(fs: FileSystem, req: NewFunctionRequest, kind: 'serverless-framework' | 'sam', file: string, project: Project | undefined): Promise<NewFunctionPlan> {
  const sam = kind === 'sam';
  if (!(sam ? SAM_NAME : SF_NAME).test(req.name)) {
    throw new PatternError(
      sam ? `"${req.name}" is not a valid SAM logical id: use letters and digits, starting with a letter` : `"${req.name}" is not a valid function name: use letters, digits, "-" and "_", starting with a letter (64 at most)`,
    );
  }
  const creating = project === undefined;
  if (project) {
    // A file the model could not read (binary, too large, an alias bomb) could not be checked after the edit either.
    const unread = project.tree === undefined ? unreadable.map((rule) => project.findings.find((f) => f.rule === rule)).find((f) => f !== undefined) : undefined;
    if (unread) throw new PatternError(`${basename(file)} cannot be edited: ${unread.message}`);
    // The model has parsed it already: a file it found broken is refused without a second parse (on a megabyte
    // of errors, that parse alone takes a second).
    const syntax = project.findings.find((f) => f.rule === 'yaml-syntax' && f.severity === 'error');
    if (syntax) throw new PatternError(`${basename(file)} has YAML errors; fix them first (line ${syntax.range.start.line + 1}: ${syntax.message})`);
  }
  let before: string;
  if (creating) {
    if (await fs.stat(file)) throw new PatternError(`${basename(file)} already exists; pass it as --project to add the function to it`);
    before = newConfigText(kind, namesOf(basename(dirname(file)) || 'service').kebab || 'service', req.language ?? 'ts');
  } else {
    const text = await fs.readFile(file);
    if (text === undefined) throw new PatternError(`cannot read ${file}`);
    before = text;
  }
  const doc = parseConfig(before);
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    throw new PatternError(`${basename(file)} has YAML errors; fix them first (line ${lineOf(before, e.pos[0])}: ${e.message.split('\n')[0]})`);
  }
  const root = dirname(file);

  // The project's default runtime decides which languages fit.
  const runtimePath = sam ? ['Globals', 'Function', 'Runtime'] : ['provider', 'runtime'];
  const defaultRuntime = literalAt(doc, runtimePath);
  // A default runtime from a variable or parameter (null) cannot be judged: any language fits, and the new
  // function names its own runtime, as it does when there is no default.
  const runtimeText = defaultRuntime ?? undefined;
  const family = runtimeText ? runtimeFamily(runtimeText) : undefined;
  const where = `${runtimePath.join('.')} is ${runtimeText}`;
  if (req.language === 'csharp') {
    throw new PatternError(`C# handlers are generated for Azure Functions only; for ${basename(file)} use --language ts, js or python`);
  }
  if (family === 'compiled' || (family === 'unknown' && runtimeText)) {
    throw new PatternError(`${where}: patterns generate Node.js and Python handlers only`);
  }
  if (family === 'node' && req.language === 'python') throw new PatternError(`${where}; a Python handler does not fit: use --language ts or js`);
  if (family === 'python' && req.language && req.language !== 'python') {
    throw new PatternError(`${where}; a ${languageLabels[req.language]} handler does not fit: use --language python`);
  }
  const language: Exclude<Language, 'csharp'> =
    (req.language as Exclude<Language, 'csharp'> | undefined) ?? (family === 'python' ? 'python' : creating || family === undefined || (await prefersTypeScript(fs, root, project)) ? 'ts' : 'js');
  const runtimeProp = family === undefined ? (language === 'python' ? defaultRuntimes.python : defaultRuntimes.node) : undefined;

  const n = namesOf(req.name);
  const ext = awsExtensions[language];
  let handlerFile: string;
  let definition: CfgMap;
  const spec = sam ? samSpec(req.pattern, n) : serverlessSpec(req.pattern, n);
  if (sam) {
    const codeDir = `src/${n.kebab}`;
    handlerFile = join(root, codeDir, `app${ext}`);
    const properties: CfgMap = { CodeUri: `${codeDir}/`, Handler: 'app.handler', ...(runtimeProp ? { Runtime: runtimeProp } : {}), ...spec.properties };
    definition = { Type: 'AWS::Serverless::Function', Properties: properties };
    if (language === 'ts') {
      // sam build bundles TypeScript with esbuild; the entry point is the source file.
      definition.Metadata = { BuildMethod: 'esbuild', BuildProperties: { Format: 'esm', OutExtension: ['.js=.mjs'], Target: 'es2022', Sourcemap: true, EntryPoints: [`app${ext}`] } };
    }
  } else {
    const dir = handlerDir(root, project);
    handlerFile = join(root, dir, `${req.name}${ext}`);
    definition = { handler: `${dir}/${req.name}.handler`, ...(runtimeProp ? { runtime: runtimeProp } : {}), ...spec.properties };
  }
  if (await fs.stat(handlerFile)) throw new PatternError(`${relative(root, handlerFile)} already exists; choose another name`);

  const edit = planConfigEdit(before, { kind, functionName: req.name, definition, resources: spec.resources, notes: spec.notes }, doc);
  if (!edit.ok) throw new PatternError(`cannot add "${req.name}" to ${basename(file)}: ${edit.error}`);
  const after = applyInserts(before, edit.inserts);
  const triggers = patternById(req.pattern)?.triggers.aws ?? [];
  checkModelled(sam ? parseCloudFormation(file, after) : parseServerlessFramework(file, after), req.name, triggers, file);

  const handlerText = expandTemplate(awsHandler(req.pattern, language).body);
  const writes: FileWrite[] = [{ path: handlerFile, text: handlerText }];
  if (creating) writes.unshift({ path: file, text: after });
  return {
    language,
    projectFile: file,
    handlerFile,
    writes,
    configEdit: creating ? undefined : { file, before, inserts: edit.inserts },
    triggers,
    install: await installStep(fs, handlerText, language, dirname(file)),
  };
}

/** The folder of the existing handlers (relative to the service), so new ones sit next to them. */
function handlerDir(root: string, project: Project | undefined): string {
  for (const fn of project?.functions ?? []) {
    const file = fn.handlerInfo.file;
    if (!file) continue;
    const rel = relative(root, dirname(file)).split('\\').join('/');
    if (rel && !rel.startsWith('..')) return rel;
  }
  return 'src/handlers';
}

async function prefersTypeScript(fs: FileSystem, root: string, project: Project | undefined): Promise<boolean> {
  if (await fs.stat(join(root, 'tsconfig.json'))) return true;
  return (project?.functions ?? []).some((f) => f.handlerInfo.file?.endsWith('.ts'));
}

/** The generated config must model as intended; anything else is a bug here, never written. */
function checkModelled(project: Project, name: string, triggers: TriggerType[], file: string): void {
  const fn = project.functions.find((f) => f.name === name);
  const got = fn?.triggers.map((t) => t.type) ?? [];
  if (!fn || triggers.some((t) => !got.includes(t))) {
    throw new PatternError(`internal error: the edited ${basename(file)} does not model "${name}" with ${triggers.join(', ')} (got ${got.join(', ') || 'nothing'}); nothing was written`);
  }
}

async function planAzure(fs: FileSystem, req: NewFunctionRequest, project: Project): Promise<NewFunctionPlan> {
  if (!isAzurePattern(req.pattern)) {
    throw new PatternError(`the ${req.pattern} pattern is for AWS Lambda; Azure Functions projects get: ${azurePatternIds.join(', ')}`);
  }
  if (!AZURE_NAME.test(req.name)) throw new PatternError(`"${req.name}" is not a valid Azure function name here: use letters, digits and "_", starting with a letter`);
  const root = project.root;
  const worker = await workerRuntime(fs, project);
  let language: 'ts' | 'js' | 'csharp';
  let model: CSharpModel = 'isolated';
  let warning: string | undefined;
  if (worker === 'dotnet' || worker === 'dotnet-isolated') {
    if (req.language && req.language !== 'csharp') throw new PatternError(`FUNCTIONS_WORKER_RUNTIME is ${worker}; a ${languageLabels[req.language]} function does not fit: use --language csharp`);
    language = 'csharp';
    model = worker === 'dotnet' ? 'in-process' : 'isolated';
  } else if (worker === 'node') {
    if (req.language && req.language !== 'ts' && req.language !== 'js') throw new PatternError(`FUNCTIONS_WORKER_RUNTIME is node; a ${languageLabels[req.language]} function does not fit: use --language ts or js`);
    const v3Functions = project.functions.filter((f) => f.file.endsWith('function.json'));
    // An app runs one model: a function.json app gets v3 functions unless a change of model is asked for.
    if ((req.azureModel ?? (project.azure?.nodeModel === 'v3' ? 'v3' : 'v4')) === 'v3') {
      if (req.language === 'ts') throw new PatternError(`${basename(root)} uses function.json (the v3 model): its new functions are JavaScript here; use --language js, or --model v4 to move the app to the v4 model`);
      return planAzureV3(fs, req, project);
    }
    language = req.language ?? ((await fs.stat(join(root, 'tsconfig.json'))) ? 'ts' : 'js');
    if (project.azure?.nodeModel === 'v3') {
      warning = `${basename(root)} uses function.json (the v3 model): once this v4 function registers, the Functions host ignores its ${v3Functions.length} function.json function${v3Functions.length === 1 ? '' : 's'} (${v3Functions.slice(0, 3).map((f) => f.name).join(', ')}${v3Functions.length > 3 ? ', …' : ''}) until they move to the v4 model too`;
    }
  } else {
    throw new PatternError(`FUNCTIONS_WORKER_RUNTIME is ${worker ?? 'not set'}; new generates Azure functions for node and dotnet apps only`);
  }

  const template = azureHandler(req.pattern, language, model);
  const values: Record<number, string> = { [template.nameStop ?? 1]: req.name };
  let handlerFile: string;
  if (language === 'csharp') {
    values[2] = await csharpNamespace(fs, root);
    handlerFile = join(root, `${req.name}.cs`);
  } else {
    handlerFile = join(root, 'src', 'functions', `${req.name}.${language}`);
  }
  if (await fs.stat(handlerFile)) throw new PatternError(`${relative(root, handlerFile)} already exists; choose another name`);
  const text = expandTemplate(template.body, values);
  const registered = codeRegistrations({ file: handlerFile, text }, worker);
  const triggers = patternById(req.pattern)?.triggers.azure ?? [];
  if (!registered.some((f) => f.name === req.name && triggers.includes(f.triggers[0]?.type))) {
    throw new PatternError(`internal error: the generated ${basename(handlerFile)} does not register "${req.name}"; nothing was written`);
  }
  return { language, projectFile: project.file, handlerFile, writes: [{ path: handlerFile, text }], triggers, install: await installStep(fs, text, language, root), ...(warning ? { warning } : {}) };
}

/** A v3 function: `<Name>/function.json` and `<Name>/index.js`, checked against the model before anything is written. */
async function planAzureV3(fs: FileSystem, req: NewFunctionRequest, project: Project): Promise<NewFunctionPlan> {
  const folder = join(project.root, req.name);
  if (await fs.stat(folder)) throw new PatternError(`${req.name}/ already exists; choose another name`);
  const v3 = azureV3Function(req.pattern as AzurePatternId, req.name);
  const functionJson = join(folder, 'function.json');
  const handlerFile = join(folder, 'index.js');
  const triggers = patternById(req.pattern)?.triggers.azure ?? [];
  const modelled = parseAzureFunctions({ hostFile: project.file, hostText: '{}', functionJsons: [{ file: functionJson, text: v3.functionJson }], codeFiles: [] });
  checkModelled(modelled, req.name, triggers, functionJson);
  return {
    language: 'js',
    projectFile: project.file,
    handlerFile,
    writes: [
      { path: functionJson, text: v3.functionJson },
      { path: handlerFile, text: v3.indexJs },
    ],
    triggers,
  };
}

async function workerRuntime(fs: FileSystem, project: Project): Promise<string | undefined> {
  const settings = await fs.readFile(join(project.root, 'local.settings.json'));
  const fromSettings = settings ? /"FUNCTIONS_WORKER_RUNTIME"\s*:\s*"([^"]+)"/.exec(settings)?.[1] : undefined;
  if (fromSettings) return fromSettings;
  // local.settings.json is often not committed: guess from the project files.
  const entries = await fs.readDirectory(project.root);
  if (entries.some((e) => e.name.endsWith('.csproj'))) return 'dotnet-isolated';
  if (entries.some((e) => e.name === 'package.json')) return 'node';
  if (entries.some((e) => e.name === 'requirements.txt')) return 'python';
  return undefined;
}

async function csharpNamespace(fs: FileSystem, root: string): Promise<string> {
  for (const e of await fs.readDirectory(root)) {
    if (e.type !== 'file' || !e.name.endsWith('.cs')) continue;
    const m = /^\s*namespace\s+([A-Za-z_][\w.]*)/m.exec((await fs.readFile(join(root, e.name))) ?? '');
    if (m) return m[1];
  }
  return namesOf(basename(root)).pascal || 'FunctionApp';
}
