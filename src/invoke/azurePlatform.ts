/**
 * What the local runtime needs to run an Azure function instead of a Lambda handler: its settings (timeout from
 * host.json `functionTimeout`, instance memory), its environment (local.settings.json `Values`, as `func start`
 * sets them: values never logged), the worker's `init` (programming model, bindings) and `invoke` (trigger data
 * as the host sends it), and the host's log lines around an invocation (`Executing '…'` / `Executed '…'`).
 */
import { randomUUID } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { join, relative } from 'node:path';
import { parseTree } from '../model/yamlTree';
import type { LNode } from '../model/yamlTree';
import type { FunctionDef, Project } from '../model/types';
import { azureModelOf, isUnresolved } from '../model/types';
import type { LambdaError } from '../shared/invokeResult';
import { azureTriggerInput } from './azureTriggerData';
import type { AzureInit, RpcBindingInfo, RpcLogLevel } from './azureWorkerProtocol';
import type { FunctionSettings } from './lambdaEnvironment';

/** Consumption plan instance memory (1.5 GB); Flex Consumption instances default to 2048 MB. */
export const AZURE_CONSUMPTION_MEMORY_MB = 1536;
/** host.json `functionTimeout` default on the Consumption plan: 5 minutes. */
export const AZURE_DEFAULT_TIMEOUT_SECONDS = 300;
/** `functionTimeout: "-1"` (no limit, Premium/Dedicated): the longest a timer can wait. */
const UNBOUNDED_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

/** `hh:mm:ss`, `d.hh:mm:ss` or `-1` → seconds; undefined when it is none of these. */
export function parseFunctionTimeout(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.trim();
  if (v === '-1') return UNBOUNDED_SECONDS;
  const m = /^(?:(\d+)\.)?(\d{1,2}):(\d{1,2}):(\d{1,2}(?:\.\d+)?)$/.exec(v);
  if (!m) return undefined;
  const seconds = Number(m[1] ?? 0) * 86_400 + Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]);
  return seconds > 0 ? seconds : undefined;
}

/** `00:05:00` for 300 seconds (the TimeSpan format the host writes in its timeout message). */
export function formatTimeSpan(seconds: number): string {
  const s = Math.round(seconds);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const days = Math.floor(s / 86_400);
  const hms = `${pad(Math.floor((s % 86_400) / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
  return days ? `${days}.${hms}` : hms;
}

/**
 * Why the embedded runtime cannot run an Azure function (it runs Node.js functions only), or undefined when it can:
 * `X is a dotnet-isolated function: it runs in a Functions host (Core Tools' func start)`.
 */
export function azureLocalUnavailable(fn: FunctionDef, project: Project): string | undefined {
  const runtime = project.azure?.workerRuntime ?? 'node';
  if (azureModelOf(fn) !== 'dotnet' && runtime === 'node') return undefined;
  return `${fn.name} is a ${runtime === 'node' ? '.NET' : runtime} function: it runs in a Functions host (Core Tools' func start)`;
}

/** What the local runtime needs to know about an Azure function; throws a one-line reason when it cannot run it. */
export function azureFunctionSettings(fn: FunctionDef, project: Project): FunctionSettings {
  const unavailable = azureLocalUnavailable(fn, project);
  if (unavailable) throw new Error(`${unavailable}: invoke it through the host (the Functions host target, or --host-url in the CLI)`);
  const timeout = project.azure?.functionTimeout?.value;
  return {
    functionName: fn.name,
    runtime: 'node',
    family: 'node',
    timeoutSeconds: parseFunctionTimeout(timeout) ?? AZURE_DEFAULT_TIMEOUT_SECONDS,
    memorySizeMb: AZURE_CONSUMPTION_MEMORY_MB,
    region: 'local',
    logGroupName: '',
  };
}

/**
 * local.settings.json `Values` (strings, as `func start` puts them in the environment). An unreadable file is
 * a one-line error that names it, never its content.
 */
export async function readLocalSettings(project: Project): Promise<Record<string, string>> {
  const file = join(project.root, 'local.settings.json');
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch {
    return {};
  }
  const tree = parseTree(file, text);
  const syntax = tree.findings.find((f) => f.severity === 'error');
  if (syntax) throw new Error(`local.settings.json line ${syntax.range.start.line + 1} is not valid JSON: fix it to run functions locally`);
  const values = tree.root?.kind === 'map' ? tree.root.entries.find((e) => e.key === 'Values')?.value : undefined;
  const out: Record<string, string> = {};
  if (values?.kind !== 'map') return out;
  for (const e of values.entries) {
    const v: LNode = e.value;
    if (v.kind === 'scalar') out[e.key] = v.value === null ? '' : String(v.value);
  }
  return out;
}

/** Host variables a function may need (tools, temp, Azure sign-in); everything else of the host stays out. */
const PASS_THROUGH = [
  'PATH', 'HOME', 'USERPROFILE', 'SystemRoot', 'TMPDIR', 'TEMP', 'TMP', 'AZURE_CONFIG_DIR',
  'AZURE_CLIENT_ID', 'AZURE_TENANT_ID', 'AZURE_CLIENT_SECRET', 'AZURE_CLIENT_CERTIFICATE_PATH', 'AZURE_FEDERATED_TOKEN_FILE',
];

export function azureEnvironment(
  fn: FunctionDef,
  project: Project,
  options: { hostEnv: Record<string, string | undefined>; values: Record<string, string>; extra?: Record<string, string> },
): { env: Record<string, string>; unresolved: string[]; logStreamName: string } {
  const env: Record<string, string> = {};
  for (const k of PASS_THROUGH) {
    const v = options.hostEnv[k];
    if (v !== undefined) env[k] = v;
  }
  Object.assign(env, {
    FUNCTIONS_WORKER_RUNTIME: 'node',
    AzureWebJobsScriptRoot: project.root,
    AZURE_FUNCTIONS_ENVIRONMENT: 'Development',
    WEBSITE_HOSTNAME: 'localhost:7071',
    LANG: 'en_US.UTF-8',
  });
  // Core Tools puts local.settings.json Values in the environment of the host and its workers.
  Object.assign(env, options.values);
  const unresolved: string[] = [];
  for (const [key, located] of Object.entries(fn.environment)) {
    if (env[key] !== undefined) continue;
    if (isUnresolved(located.value)) unresolved.push(key);
    else if (located.value !== null && typeof located.value !== 'object') env[key] = String(located.value);
  }
  Object.assign(env, options.extra ?? {});
  return { env, unresolved, logStreamName: '' };
}

const minLevels: Record<string, RpcLogLevel> = {
  trace: 'trace',
  debug: 'debug',
  information: 'information',
  warning: 'warning',
  error: 'error',
  critical: 'critical',
  none: 'none',
};

/** function.json bindings keyed by name, as the host hands them to the worker (directions and types kept). */
export function functionJsonBindings(fn: FunctionDef): Record<string, RpcBindingInfo> {
  const raw = fn.properties.bindings?.value;
  const out: Record<string, RpcBindingInfo> = {};
  if (!Array.isArray(raw)) return out;
  for (const b of raw) {
    if (!b || typeof b !== 'object' || Array.isArray(b) || isUnresolved(b)) continue;
    const o = b as Record<string, unknown>;
    const name = typeof o.name === 'string' ? o.name : undefined;
    if (!name) continue;
    const direction = o.direction === 'out' || o.direction === 'inout' ? o.direction : 'in';
    out[name] = { ...o, type: typeof o.type === 'string' ? o.type : undefined, direction, ...(typeof o.dataType === 'string' ? { dataType: o.dataType as RpcBindingInfo['dataType'] } : {}) };
  }
  return out;
}

/** The worker's `init` additions for an Azure function. */
export function azureInit(fn: FunctionDef, project: Project): AzureInit {
  const v3 = azureModelOf(fn) === 'function.json';
  return {
    model: v3 ? 'v3' : 'v4',
    functionName: fn.name,
    functionDirectory: v3 ? (fn.codeRoot ?? project.root) : project.root,
    ...(v3 ? { bindings: functionJsonBindings(fn) } : {}),
    minLevel: minLevels[(project.azure?.logLevel ?? 'information').toLowerCase()] ?? 'information',
  };
}

/** The worker's `invoke` additions: the trigger data the host would send for this event. */
export function azureInvocation(fn: FunctionDef, project: Project, event: unknown): { trigger: ReturnType<typeof azureTriggerInput> } {
  return { trigger: azureTriggerInput(fn, project, event, { now: new Date(), uuid: randomUUID }) };
}

/** How an Azure function's handler is named in messages: its file, relative to the app. */
export function azureHandlerName(fn: FunctionDef, project: Project): string {
  return fn.handlerInfo.file ? relative(project.root, fn.handlerInfo.file) : fn.name;
}

function line(level: 'Information' | 'Warning' | 'Error', text: string): string {
  return `${new Date().toISOString()} [${level}] ${text}\n`;
}

/** The host's line when an invocation starts (the log stream and `func start` show it). */
export function executingLine(fn: FunctionDef, invocationId: string): string {
  return line('Information', `Executing 'Functions.${fn.name}' (Reason='This function was programmatically called via the host APIs.', Id=${invocationId})`);
}

/** The host's lines when an invocation ends: the exception first when it failed. */
export function executedLines(fn: FunctionDef, invocationId: string, durationMs: number, error: LambdaError | undefined): string {
  const ms = Math.round(durationMs);
  if (!error) return line('Information', `Executed 'Functions.${fn.name}' (Succeeded, Id=${invocationId}, Duration=${ms}ms)`);
  return (
    line('Error', `Exception while executing function: Functions.${fn.name}. ${error.errorType}: ${error.errorMessage}`) +
    line('Error', `Executed 'Functions.${fn.name}' (Failed, Id=${invocationId}, Duration=${ms}ms)`)
  );
}

/** The host's error and log line when an invocation outlives `functionTimeout`. */
export function azureTimeout(fn: FunctionDef, invocationId: string, seconds: number): { log: string; error: LambdaError } {
  const message = `Timeout value of ${formatTimeSpan(seconds)} exceeded by function 'Functions.${fn.name}' (Id: '${invocationId}'). Initiating cancellation.`;
  return { log: line('Error', message), error: { errorType: 'FunctionTimeoutException', errorMessage: message, trace: [] } };
}
