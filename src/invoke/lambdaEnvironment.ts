/** The environment and context a function sees on Lambda, built from the model (no I/O except the .env file). */
import { randomUUID } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { dirname, join, parse } from 'node:path';
import { platformDefaults } from '../model/defaults';
import { runtimeFamily } from '../model/handlers';
import type { FunctionDef, Project, Value } from '../model/types';
import { isUnresolved } from '../model/types';
import { withoutBom } from '../shared/text';
import { azureFunctionSettings } from './azurePlatform';
import { getPath } from '../model/yamlTree';
import { toValue } from '../model/values';
import type { LogConfig } from './lambdaLogFormat';
import { logEnvironment, parseLogLevel, textLogConfig } from './lambdaLogFormat';
import type { WorkerInvoke } from './workerProtocol';
import { PASS_THROUGH } from './workerCommand';

export const ACCOUNT_ID = '123456789012';

export interface FunctionSettings {
  functionName: string;
  /** The runtime id (`nodejs22.x`); the family's default when the config names none. */
  runtime: string;
  /** The runtime the config names, if any (an undeclared one runs on any version of the family). */
  declaredRuntime?: string;
  family: 'node' | 'python';
  timeoutSeconds: number;
  memorySizeMb: number;
  region: string;
  logGroupName: string;
  /** Lambda's advanced logging controls (`LoggingConfig`, Serverless `logs`); absent: the text format. */
  logging?: LogConfig;
  /** `TenancyConfig.TenantIsolationMode: PER_TENANT`: every invocation names a tenant, environments are per tenant. */
  perTenant?: boolean;
}

function record(v: Value | undefined): Record<string, Value> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !isUnresolved(v) ? v : undefined;
}

/** SAM/CloudFormation `LoggingConfig`, or Serverless `logs` (function) / `provider.logs.lambda`. */
export function loggingConfig(fn: FunctionDef, project: Project): LogConfig {
  let c: Record<string, Value> | undefined = record(fn.properties.LoggingConfig?.value);
  if (!c && project.kind === 'serverless-framework') {
    const providerNode = project.tree ? getPath(project.tree, ['provider', 'logs', 'lambda']) : undefined;
    const provider = record(providerNode ? toValue(providerNode, (t) => t) : undefined) ?? {};
    const own = record(fn.properties.logs?.value) ?? {};
    const merged = { ...provider, ...own };
    c = { LogFormat: merged.logFormat ?? null, ApplicationLogLevel: merged.applicationLogLevel ?? null, SystemLogLevel: merged.systemLogLevel ?? null };
  }
  if (!c || c.LogFormat !== 'JSON') return textLogConfig;
  return { format: 'JSON', applicationLogLevel: parseLogLevel(c.ApplicationLogLevel) ?? 'INFO', systemLogLevel: parseLogLevel(c.SystemLogLevel) ?? 'INFO' };
}

/** Whether the function isolates tenants (`TenancyConfig.TenantIsolationMode: PER_TENANT`). */
export function perTenant(fn: FunctionDef): boolean {
  return record(fn.properties.TenancyConfig?.value)?.TenantIsolationMode === 'PER_TENANT';
}

function num(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/** Why a container-image function cannot run locally, and what it needs instead (one line). */
export function imageNotLocal(fn: FunctionDef): string {
  return `${fn.name} is a container image: local Invoke runs handler files, not images; invoke the deployed function on AWS, or run the image with the Lambda Runtime Interface Emulator`;
}

/** What the local runtime needs to know about a function; throws a one-line reason when it cannot run it. */
export function functionSettings(fn: FunctionDef, project: Project, region?: string): FunctionSettings {
  if (fn.handlerInfo.image) throw new Error(imageNotLocal(fn));
  if (project.kind === 'azure-functions') return azureFunctionSettings(fn, project);
  const declared = typeof fn.runtime?.value === 'string' ? fn.runtime.value : undefined;
  const file = fn.handlerInfo.file;
  let family = runtimeFamily(declared);
  if (family === 'unknown' && file) family = /\.py$/.test(file) ? 'python' : /\.[cm]?[jt]sx?$/.test(file) ? 'node' : 'unknown';
  if (family !== 'node' && family !== 'python') {
    throw new Error(`${fn.name}: runtime ${declared ?? '(none)'} is not supported locally; Node.js and Python handlers are`);
  }
  const sf = project.kind === 'serverless-framework';
  const functionName = fn.deployedName ?? fn.name;
  return {
    functionName,
    runtime: declared ?? (family === 'node' ? 'nodejs20.x' : 'python3.12'),
    ...(declared ? { declaredRuntime: declared } : {}),
    family,
    // The model fills unset values with the platform defaults; these cover values that are not numbers.
    timeoutSeconds: num(fn.timeout?.value) ?? platformDefaults[sf ? 'serverless-framework' : 'cloudformation'].timeout,
    memorySizeMb: num(fn.memorySize?.value) ?? platformDefaults[sf ? 'serverless-framework' : 'cloudformation'].memorySize,
    region: region ?? project.region ?? 'us-east-1',
    logGroupName: fn.logGroup ?? `/aws/lambda/${functionName}`,
    logging: loggingConfig(fn, project),
    perTenant: perTenant(fn),
  };
}

/** A `.env` file: KEY=VALUE lines, optional `export `, quotes, `#` comments. */
export function parseDotEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of withoutBom(text).split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let value = m[2].trim();
    if ((value.startsWith('"') && value.endsWith('"')) || (value.startsWith("'") && value.endsWith("'"))) {
      const quote = value[0];
      value = value.slice(1, -1);
      if (quote === '"') value = value.replace(/\\n/g, '\n').replace(/\\"/g, '"');
    } else {
      value = value.replace(/\s+#.*$/, '');
    }
    out[m[1]] = value;
  }
  return out;
}

/** `.env` files that may supply unresolved values: the code folder's, then the project's (nearer wins). */
export async function readDotEnv(fn: FunctionDef, project: Project): Promise<Record<string, string>> {
  const files = [...new Set([join(project.root, '.env'), ...(fn.codeRoot ? [join(fn.codeRoot, '.env')] : [])])];
  // Read together, merged in order (the code folder's file wins); a missing file adds nothing.
  const texts = await Promise.all(files.map((f) => fsp.readFile(f, 'utf8').catch(() => undefined)));
  let out: Record<string, string> = {};
  for (const text of texts) if (text !== undefined) out = { ...out, ...parseDotEnv(text) };
  return out;
}

export interface LambdaEnvironment {
  env: Record<string, string>;
  /** Variables the model could not resolve and no .env supplied: left unset, reported to the user. */
  unresolved: string[];
  logStreamName: string;
}


export interface EnvironmentOptions {
  hostEnv: Record<string, string | undefined>;
  dotEnv: Record<string, string>;
  taskRoot: string;
  runtimeDir: string;
  /** Search paths Lambda puts first: layers' `nodejs/…/node_modules` or `python/…`, then for bundles the project's node_modules. */
  nodePath?: string[];
  pythonPath?: string[];
  /** Folders Lambda puts last on PATH / LD_LIBRARY_PATH (the layers' `bin`, `lib`). */
  binPath?: string[];
  libPath?: string[];
  /** Variables set last (the local cloud's endpoints and resource values): they win over the config's. */
  extra?: Record<string, string>;
}

export function lambdaEnvironment(fn: FunctionDef, settings: FunctionSettings, options: EnvironmentOptions): LambdaEnvironment {
  const env: Record<string, string> = {};
  for (const k of PASS_THROUGH) {
    const v = options.hostEnv[k];
    if (v !== undefined) env[k] = v;
  }
  const date = new Date().toISOString().slice(0, 10).replace(/-/g, '/');
  const logStreamName = `${date}/[$LATEST]${randomUUID().replace(/-/g, '')}`;
  Object.assign(env, {
    AWS_LAMBDA_FUNCTION_NAME: settings.functionName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(settings.memorySizeMb),
    AWS_LAMBDA_LOG_GROUP_NAME: settings.logGroupName,
    AWS_LAMBDA_LOG_STREAM_NAME: logStreamName,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_REGION: settings.region,
    AWS_DEFAULT_REGION: settings.region,
    AWS_EXECUTION_ENV: `AWS_Lambda_${settings.runtime}`,
    _HANDLER: typeof fn.handler?.value === 'string' ? fn.handler.value : `${fn.handlerInfo.exportName ?? 'handler'}`,
    LAMBDA_TASK_ROOT: options.taskRoot,
    LAMBDA_RUNTIME_DIR: options.runtimeDir,
    TZ: ':UTC',
    LANG: 'en_US.UTF-8',
    ...logEnvironment(settings.logging ?? textLogConfig),
  });
  const sep = process.platform === 'win32' ? ';' : ':';
  // As on Lambda: layers first, then the task root (NODE_PATH=/opt/nodejs/…:/var/task).
  if (settings.family === 'node') env.NODE_PATH = [...(options.nodePath ?? []), options.taskRoot].join(sep);
  if (options.pythonPath?.length) env.PYTHONPATH = options.pythonPath.join(sep);
  if (options.binPath?.length) env.PATH = [env.PATH, ...options.binPath].filter(Boolean).join(sep);
  if (options.libPath?.length) env.LD_LIBRARY_PATH = [options.hostEnv.LD_LIBRARY_PATH, ...options.libPath].filter(Boolean).join(sep);
  const unresolved: string[] = [];
  for (const [key, located] of Object.entries(fn.environment)) {
    const v = located.value;
    if (options.dotEnv[key] !== undefined) env[key] = options.dotEnv[key];
    else if (options.extra?.[key] !== undefined) continue;
    else if (isUnresolved(v) || (typeof v === 'string' && /\$\{[^{}]+\}/.test(v))) unresolved.push(key);
    else if (v === null) env[key] = '';
    else if (typeof v === 'object') env[key] = JSON.stringify(v);
    else env[key] = String(v);
  }
  Object.assign(env, options.extra ?? {});
  return { env, unresolved, logStreamName };
}

export { startupEnvironment } from './workerCommand';

/** The `context` fields of an invocation (the worker adds the request id, the deadline and the methods). */
export function invokeContext(settings: FunctionSettings, logStreamName: string): WorkerInvoke['context'] {
  return {
    functionName: settings.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${settings.region}:${ACCOUNT_ID}:function:${settings.functionName}`,
    memoryLimitInMB: String(settings.memorySizeMb),
    logGroupName: settings.logGroupName,
    logStreamName,
  };
}

/** node_modules folders from `dir` up to the file system root, for NODE_PATH of bundled CommonJS handlers. */
export function nodeModulesChain(dir: string): string[] {
  const out: string[] = [];
  let cur = dir;
  for (;;) {
    out.push(join(cur, 'node_modules'));
    const up = dirname(cur);
    if (up === cur || cur === parse(cur).root) break;
    cur = up;
  }
  return out;
}
