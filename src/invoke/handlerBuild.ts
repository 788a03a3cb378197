/**
 * Turns a function's handler into something a worker can load: JavaScript as is (ESM or CommonJS, as Node
 * decides), TypeScript bundled with esbuild the way Lambda builds would (ESM when the handler or its package is
 * ESM, when the build config says `esm`, or when the code needs it for top-level await; CommonJS otherwise;
 * source maps, so stack traces point at .ts lines), Python as a module name. Records the input files and their
 * modification times so a warm worker is replaced when the code changes.
 */
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as esbuildModule from 'esbuild';
import { pythonModuleName } from '../model/handlers';
import type { FunctionDef, Project } from '../model/types';
import { getPath } from '../model/yamlTree';
import { ensurePrivateDir, privateTempFolder } from '../node/privateDir';
import type { LambdaError } from '../shared/invokeResult';
import type { AzureInit } from './azureWorkerProtocol';
import { EsbuildUnavailable, loadEsbuild } from './esbuildLoader';
import type { FunctionSettings } from './lambdaEnvironment';
import { imageNotLocal } from './lambdaEnvironment';

export interface PreparedHandler {
  /** Module path (Node) or dotted module name (Python). */
  modulePath: string;
  moduleKind: 'esm' | 'cjs' | 'python';
  exportName: string;
  handlerName: string;
  taskRoot: string;
  /** Files whose change means a new cold start. */
  inputs: Map<string, number>;
  /** A build error (TypeScript) reported like Lambda reports a syntax error at init. */
  buildError?: LambdaError;
  /** Azure functions: what the Azure worker needs besides the module (programming model, bindings). */
  azure?: AzureInit;
  /** TypeScript: the bundle's module format and why it was chosen. */
  bundle?: { format: 'esm' | 'cjs'; reason: string };
}

export class HandlerError extends Error {}

/** Where the handler is, or a one-line reason why it cannot run locally. */
export function handlerLocation(fn: FunctionDef): { file: string; exportName: string; taskRoot: string } {
  const info = fn.handlerInfo;
  if (info.image) throw new HandlerError(imageNotLocal(fn));
  if (info.notLocal) throw new HandlerError(`${fn.name} cannot run locally: ${info.notLocal}`);
  if (info.inline) throw new HandlerError(`${fn.name} has inline code (InlineCode/ZipFile); move it to a file to run it locally`);
  if (!info.file) {
    const tried = info.candidates.length ? `; tried ${info.candidates.join(', ')}` : '';
    throw new HandlerError(`handler file of ${fn.name} not found${tried}`);
  }
  return { file: info.file, exportName: info.exportName ?? 'handler', taskRoot: fn.codeRoot ?? dirname(info.file) };
}

export function isTypeScript(file: string): boolean {
  return /\.[cm]?tsx?$/.test(file);
}

/** A file's or folder's modification time; -1 when it is gone. */
export async function mtime(file: string): Promise<number> {
  try {
    return (await fsp.stat(file)).mtimeMs;
  } catch {
    return -1;
  }
}

/** Whether any recorded input changed since it was prepared. */
export async function inputsChanged(inputs: Map<string, number>): Promise<boolean> {
  for (const [file, m] of inputs) if ((await mtime(file)) !== m) return true;
  return false;
}

async function isEsm(file: string): Promise<boolean> {
  const ext = extname(file);
  if (ext === '.mjs' || ext === '.mts') return true;
  if (ext === '.cjs' || ext === '.cts') return false;
  // Node's rule: the nearest package.json's "type".
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(await fsp.readFile(join(dir, 'package.json'), 'utf8')) as { type?: string };
      return pkg.type === 'module';
    } catch {
      // No (readable) package.json here: keep walking up.
    }
    if (dirname(dir) === dir) return false;
  }
}

type Esbuild = typeof esbuildModule;

/**
 * esbuild is loaded when a TypeScript handler first runs: the one shipped with Serverless Workbench (native, else
 * WebAssembly). Never the project's own `node_modules/esbuild`: that would run the workspace's code in the process
 * that loads it (the editor's extension host).
 */
async function loadEsbuildFor(): Promise<Esbuild> {
  try {
    return (await loadEsbuild()).esbuild;
  } catch (err) {
    const why = err instanceof EsbuildUnavailable ? err.message : String(err);
    throw new HandlerError(`TypeScript handlers are bundled with the esbuild that comes with Serverless Workbench, which could not load: ${why}; reinstall the extension (or the CLI)`);
  }
}

/**
 * Where TypeScript handlers are built: `buildRoot` (the extension passes its storage; the debugger looks for source
 * maps there), else a per-user folder under the temp directory. Either is checked to be this user's alone, since
 * the bundles built there are what the worker (and the debugger) load.
 */
function buildFolder(buildRoot: string | undefined): Promise<string> {
  return buildRoot ? ensurePrivateDir(buildRoot) : privateTempFolder('build');
}

/**
 * The format a Lambda build would give the bundle: the build config's (SAM esbuild `Format`, serverless-esbuild
 * `format`), else ESM for `.mts` files and ESM packages, else CommonJS (switched to ESM when the code uses
 * top-level await, which only ESM allows).
 */
async function bundleFormat(fn: FunctionDef, project: Project | undefined, file: string): Promise<{ format: 'esm' | 'cjs'; reason: string }> {
  const tree = project?.tree;
  const configured = tree
    ? project?.kind === 'serverless-framework'
      ? (getPath(tree, ['build', 'esbuild', 'format']) ?? getPath(tree, ['custom', 'esbuild', 'format']))
      : getPath(tree, ['Resources', fn.name, 'Metadata', 'BuildProperties', 'Format'])
    : undefined;
  const value = configured?.kind === 'scalar' && typeof configured.value === 'string' ? configured.value.toLowerCase() : undefined;
  if (value === 'esm' || value === 'cjs') return { format: value, reason: project?.kind === 'serverless-framework' ? `esbuild format: ${value}` : `Metadata.BuildProperties.Format: ${value}` };
  if (/\.mts$/.test(file)) return { format: 'esm', reason: '.mts handler' };
  if (/\.cts$/.test(file)) return { format: 'cjs', reason: '.cts handler' };
  if ((fn.handlerInfo.moduleType ?? ((await isEsm(file)) ? 'esm' : 'cjs')) === 'esm') return { format: 'esm', reason: 'package.json "type": "module"' };
  return { format: 'cjs', reason: 'CommonJS package' };
}

/**
 * In an ESM bundle outside the project, bare imports cannot find the project's node_modules (ESM ignores
 * NODE_PATH): they are resolved at build time, with the import conditions, and kept external by absolute URL.
 */
function projectPackagesByPath(): esbuildModule.Plugin {
  const builtins = new Set(builtinModules);
  return {
    name: 'project-packages-by-path',
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData === 'inner' || args.kind === 'entry-point' || args.path.startsWith('.') || isAbsolute(args.path) || args.path.startsWith('node:') || builtins.has(args.path)) return undefined;
        const found = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'inner' });
        if (found.errors.length || !found.path) return { path: args.path, external: true };
        return { path: pathToFileURL(found.path).href, external: true };
      });
    },
  };
}

export async function prepareHandler(fn: FunctionDef, settings: FunctionSettings, buildRoot?: string, project?: Project): Promise<PreparedHandler> {
  const { file, exportName, taskRoot } = handlerLocation(fn);
  const handlerName = typeof fn.handler?.value === 'string' ? fn.handler.value : `${relative(taskRoot, file)}.${exportName}`;
  // Read from disk at every cold start (a package.json "type" may have changed since the model was made), together
  // with the handler's modification time.
  const [modified, esm] = await Promise.all([mtime(file), settings.family === 'node' && !isTypeScript(file) ? isEsm(file) : false]);
  const inputs = new Map<string, number>([[file, modified]]);
  if (settings.family === 'python') {
    const modulePath = pythonModuleName(taskRoot, file);
    if (!modulePath) throw new HandlerError(`handler file of ${fn.name} is outside its code folder ${taskRoot}`);
    return { modulePath, moduleKind: 'python', exportName, handlerName, taskRoot, inputs };
  }
  if (!isTypeScript(file)) {
    return { modulePath: file, moduleKind: esm ? 'esm' : 'cjs', exportName, handlerName, taskRoot, inputs };
  }
  const outDir = join(await buildFolder(buildRoot), createHash('sha256').update(fn.id).digest('hex').slice(0, 16));
  const esbuild = await loadEsbuildFor();
  let bundle = await bundleFormat(fn, project, file);
  const build = (format: 'esm' | 'cjs'): Promise<esbuildModule.BuildResult<{ metafile: true }>> =>
    esbuild.build({
      entryPoints: [file],
      outfile: join(outDir, format === 'esm' ? 'handler.mjs' : 'handler.cjs'),
      bundle: true,
      platform: 'node',
      format,
      target: `node${process.versions.node.split('.')[0]}`,
      // Dependencies load from the project's node_modules, like an unbundled deployment: through NODE_PATH for
      // CommonJS, by absolute URL for ESM.
      ...(format === 'cjs' ? { packages: 'external' as const } : { plugins: [projectPackagesByPath()] }),
      sourcemap: 'linked',
      sourcesContent: false,
      metafile: true,
      logLevel: 'silent',
      absWorkingDir: taskRoot,
    });
  try {
    let result: esbuildModule.BuildResult<{ metafile: true }>;
    try {
      result = await build(bundle.format);
    } catch (err) {
      const tla = (err as { errors?: Array<{ text: string }> }).errors?.some((e) => /top-level await/i.test(e.text));
      if (bundle.format !== 'cjs' || !tla) throw err;
      bundle = { format: 'esm', reason: 'top-level await' };
      result = await build('esm');
    }
    for (const input of Object.keys(result.metafile.inputs)) {
      const abs = resolve(taskRoot, input);
      inputs.set(abs, await mtime(abs));
    }
    const modulePath = join(outDir, bundle.format === 'esm' ? 'handler.mjs' : 'handler.cjs');
    return { modulePath, moduleKind: bundle.format, exportName, handlerName, taskRoot, inputs, bundle };
  } catch (err) {
    const errors = (err as { errors?: Array<{ text: string; location?: { file: string; line: number; column: number } | null }> }).errors ?? [];
    const first = errors[0];
    const where = first?.location ? `${resolve(taskRoot, first.location.file)}:${first.location.line}:${first.location.column + 1}` : file;
    const message = first ? `${where}: ${first.text}` : String(err);
    return {
      modulePath: join(outDir, 'handler.cjs'),
      moduleKind: 'cjs',
      exportName,
      handlerName,
      taskRoot,
      inputs,
      bundle,
      buildError: { errorType: 'Runtime.UserCodeSyntaxError', errorMessage: message, trace: errors.map((e) => e.text) },
    };
  }
}
