/**
 * Turns a function's handler into something a worker can load: JavaScript as is (ESM or CommonJS, as Node
 * decides), TypeScript bundled with esbuild (source maps, so stack traces point at .ts lines), Python as a
 * module name. Records the input files and their modification times so a warm worker is replaced when the
 * code changes.
 */
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, relative, resolve } from 'node:path';
import type * as esbuildModule from 'esbuild';
import { pythonModuleName } from '../model/handlers';
import type { FunctionDef } from '../model/types';
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

async function mtime(file: string): Promise<number> {
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
 * esbuild is loaded when a TypeScript handler first runs: the extension's own (native, else WebAssembly), else the
 * project's.
 */
async function loadEsbuildFor(taskRoot: string): Promise<Esbuild> {
  try {
    return (await loadEsbuild()).esbuild;
  } catch (err) {
    try {
      return createRequire(join(taskRoot, 'package.json'))('esbuild') as Esbuild;
    } catch {
      const why = err instanceof EsbuildUnavailable ? `${err.message}; ` : '';
      throw new HandlerError(`TypeScript handlers are bundled with esbuild: ${why}install it in the project (npm install --save-dev esbuild)`);
    }
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

export async function prepareHandler(fn: FunctionDef, settings: FunctionSettings, buildRoot?: string): Promise<PreparedHandler> {
  const { file, exportName, taskRoot } = handlerLocation(fn);
  const handlerName = typeof fn.handler?.value === 'string' ? fn.handler.value : `${relative(taskRoot, file)}.${exportName}`;
  const inputs = new Map<string, number>([[file, await mtime(file)]]);
  if (settings.family === 'python') {
    const modulePath = pythonModuleName(taskRoot, file);
    if (!modulePath) throw new HandlerError(`handler file of ${fn.name} is outside its code folder ${taskRoot}`);
    return { modulePath, moduleKind: 'python', exportName, handlerName, taskRoot, inputs };
  }
  if (!isTypeScript(file)) {
    return { modulePath: file, moduleKind: (await isEsm(file)) ? 'esm' : 'cjs', exportName, handlerName, taskRoot, inputs };
  }
  const outDir = join(await buildFolder(buildRoot), createHash('sha256').update(fn.id).digest('hex').slice(0, 16));
  const outfile = join(outDir, 'handler.cjs');
  const esbuild = await loadEsbuildFor(taskRoot);
  try {
    const result = await esbuild.build({
      entryPoints: [file],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: `node${process.versions.node.split('.')[0]}`,
      // Dependencies load from the project's node_modules (NODE_PATH), like an unbundled deployment.
      packages: 'external',
      sourcemap: 'linked',
      sourcesContent: false,
      metafile: true,
      logLevel: 'silent',
      absWorkingDir: taskRoot,
    });
    for (const input of Object.keys(result.metafile.inputs)) {
      const abs = resolve(taskRoot, input);
      inputs.set(abs, await mtime(abs));
    }
    return { modulePath: outfile, moduleKind: 'cjs', exportName, handlerName, taskRoot, inputs };
  } catch (err) {
    const errors = (err as { errors?: Array<{ text: string; location?: { file: string; line: number; column: number } | null }> }).errors ?? [];
    const first = errors[0];
    const where = first?.location ? `${resolve(taskRoot, first.location.file)}:${first.location.line}:${first.location.column + 1}` : file;
    const message = first ? `${where}: ${first.text}` : String(err);
    return {
      modulePath: outfile,
      moduleKind: 'cjs',
      exportName,
      handlerName,
      taskRoot,
      inputs,
      buildError: { errorType: 'Runtime.UserCodeSyntaxError', errorMessage: message, trace: errors.map((e) => e.text) },
    };
  }
}
