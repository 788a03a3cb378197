import type { SourceRange } from '../shared/range';
import type { FunctionDef, Located, Project, Trigger, TriggerType } from './types';
import { finding, get, getPath, parseTree, scalarString } from './yamlTree';
import { pathApi } from './paths';
import { located, locatedEntries } from './values';

/** Azure binding types (triggers) → the shared trigger vocabulary. */
export const azureTriggerTypes: Record<string, TriggerType> = {
  httpTrigger: 'http',
  timerTrigger: 'schedule',
  queueTrigger: 'queue',
  blobTrigger: 'blob',
  serviceBusTrigger: 'serviceBus',
  eventHubTrigger: 'eventHub',
  cosmosDBTrigger: 'cosmosDB',
  eventGridTrigger: 'eventGrid',
};

/** Trigger binding types of extensions and Durable Functions that have no trigger type of their own here. */
const otherAzureTriggers = [
  'kafkaTrigger', 'rabbitMQTrigger', 'signalRTrigger', 'daprBindingTrigger', 'daprTopicTrigger', 'daprServiceInvocationTrigger', 'sqlTrigger',
  'mysqlTrigger', 'webPubSubTrigger', 'activityTrigger', 'orchestrationTrigger', 'entityTrigger', 'redisListTrigger', 'redisStreamTrigger',
  'redisPubSubTrigger', 'warmupTrigger', 'mcpToolTrigger', 'authenticationEventsTrigger',
];

/** Every trigger binding type the Functions host knows, as its docs spell it. */
export const azureTriggerBindings: readonly string[] = [...Object.keys(azureTriggerTypes), ...otherAzureTriggers];

const bindingByLowerCase = new Map(azureTriggerBindings.map((b) => [b.toLowerCase(), b]));

/** The documented spelling of a trigger binding type: the Functions host compares them case-insensitively. */
export function canonicalAzureTrigger(type: string): string | undefined {
  return bindingByLowerCase.get(type.toLowerCase());
}

/** Node v4 programming model registrations, `app.http('name', {...})`, → trigger types. */
const nodeV4Methods: Record<string, TriggerType> = {
  http: 'http',
  get: 'http',
  post: 'http',
  put: 'http',
  patch: 'http',
  deleteRequest: 'http',
  timer: 'schedule',
  storageQueue: 'queue',
  storageBlob: 'blob',
  serviceBusQueue: 'serviceBus',
  serviceBusTopic: 'serviceBus',
  eventHub: 'eventHub',
  cosmosDB: 'cosmosDB',
  eventGrid: 'eventGrid',
};

/** C# trigger attributes → trigger types. */
const csharpTriggers: Record<string, TriggerType> = {
  HttpTrigger: 'http',
  TimerTrigger: 'schedule',
  QueueTrigger: 'queue',
  BlobTrigger: 'blob',
  ServiceBusTrigger: 'serviceBus',
  EventHubTrigger: 'eventHub',
  CosmosDBTrigger: 'cosmosDB',
  EventGridTrigger: 'eventGrid',
};

export interface SourceText {
  file: string;
  text: string;
}

export interface AzureInputs {
  hostFile: string;
  hostText: string;
  /** `<function>/function.json` files under the project folder. */
  functionJsons: SourceText[];
  /** `local.settings.json`, for FUNCTIONS_WORKER_RUNTIME. */
  localSettings?: string;
  /** Source files that may register functions in code (Node v4 `app.*`, C# `[Function]`). */
  codeFiles: SourceText[];
}

const defaultEntries: Record<string, string[]> = {
  node: ['index.js', 'index.mjs', 'index.cjs', 'index.ts'],
  python: ['__init__.py'],
  powershell: ['run.ps1'],
};

/** Reads an Azure Functions project: host.json marks it, each function.json (or code registration) is a function. */
export function parseAzureFunctions(input: AzureInputs): Project {
  const { basename, dirname } = pathApi(input.hostFile);
  const root = dirname(input.hostFile);
  const project: Project = { kind: 'azure-functions', file: input.hostFile, root, functions: [], findings: [], files: input.functionJsons.map((f) => f.file) };
  const host = parseTree(input.hostFile, input.hostText);
  project.findings.push(...host.findings);
  project.service = basename(root);
  const workerRuntime = workerRuntimeOf(input.localSettings);
  const timeoutNode = get(host.root, 'functionTimeout');
  const logLevel = scalarString(getPath(host.root, ['logging', 'logLevel', 'default']));
  const routePrefix = scalarString(getPath(host.root, ['extensions', 'http', 'routePrefix']));
  project.azure = {
    ...(timeoutNode ? { functionTimeout: located(timeoutNode, (s) => s) } : {}),
    ...(logLevel ? { logLevel } : {}),
    ...(routePrefix !== undefined ? { routePrefix } : {}),
    ...(workerRuntime ? { workerRuntime } : {}),
  };

  for (const fj of input.functionJsons) {
    const tree = parseTree(fj.file, fj.text);
    project.findings.push(...tree.findings);
    const doc = tree.root;
    if (!doc) continue;
    if (doc.kind !== 'map') {
      project.findings.push(finding(fj.file, doc.range, 'config-shape', 'function.json must be an object with `bindings`.'));
      continue;
    }
    const folder = dirname(fj.file);
    const name = basename(folder);
    const bindings = get(doc, 'bindings');
    const triggers: Trigger[] = [];
    if (bindings?.kind === 'seq') {
      for (const b of bindings.items) {
        const type = scalarString(get(b, 'type'));
        if (!type || !/Trigger$/i.test(type)) continue;
        const typeNode = get(b, 'type')!;
        triggers.push({
          type: azureTriggerTypes[canonicalAzureTrigger(type) ?? type] ?? 'other',
          sourceType: type,
          name: scalarString(get(b, 'name')),
          range: b.range,
          typeRange: typeNode.range,
          config: locatedEntries(b, (s) => s),
        });
      }
    } else if (bindings) {
      project.findings.push(finding(fj.file, bindings.range, 'config-shape', '`bindings` must be a list of binding objects.'));
    }
    const scriptFile = scalarString(get(doc, 'scriptFile'));
    const entryPoint = scalarString(get(doc, 'entryPoint'));
    const props = locatedEntries(doc, (s) => s);
    const whole = doc.range;
    const fn: FunctionDef = {
      id: `${fj.file}#${name}`,
      file: fj.file,
      name,
      deployedName: name,
      runtime: workerRuntime ? { value: workerRuntime, range: whole } : undefined,
      handler: scriptFile ? props.scriptFile : undefined,
      codeRoot: folder,
      handlerInfo: { candidates: [], exportName: entryPoint },
      environment: {},
      triggers,
      keyRange: { start: whole.start, end: whole.start },
      range: whole,
      properties: props,
    };
    if (scriptFile) fn.handlerInfo.entryPoint = scriptFile;
    else if (workerRuntime === 'dotnet' || workerRuntime === 'dotnet-isolated') fn.handlerInfo.notLocal = '.NET functions are compiled.';
    else fn.handlerInfo.defaultEntries = defaultEntries[workerRuntime ?? 'node'] ?? defaultEntries.node;
    project.functions.push(fn);
  }
  for (const src of input.codeFiles) {
    for (const fn of codeRegistrations(src, workerRuntime)) {
      if (!project.functions.some((f) => f.name === fn.name)) project.functions.push(fn);
    }
  }
  const node = !workerRuntime || workerRuntime === 'node';
  const v3 = node && project.functions.some((f) => f.file.endsWith('function.json'));
  const v4 = project.functions.some((f) => /\.[cm]?[jt]s$/.test(f.file));
  if (v3 || v4) project.azure.nodeModel = v3 && v4 ? 'mixed' : v4 ? 'v4' : 'v3';
  return project;
}

function workerRuntimeOf(localSettings: string | undefined): string | undefined {
  if (!localSettings) return undefined;
  const m = /"FUNCTIONS_WORKER_RUNTIME"\s*:\s*"([^"]+)"/.exec(localSettings);
  return m?.[1];
}

/** Functions declared in code: Node v4 `app.http('name', …)` and C# `[FunctionName("x")]`/`[Function("x")]`. */
export function codeRegistrations(src: SourceText, workerRuntime?: string): FunctionDef[] {
  const out: FunctionDef[] = [];
  const lines = lineStarts(src.text);
  const rangeAt = (start: number, end: number): SourceRange => ({ start: posAt(lines, start), end: posAt(lines, end) });
  if (/\.(c|m)?[jt]s$/.test(src.file)) {
    const re = /\bapp\.(\w+)\(\s*(['"`])([^'"`]+)\2/g;
    for (let m = re.exec(src.text); m; m = re.exec(src.text)) {
      const type = nodeV4Methods[m[1]];
      if (!type) continue;
      const range = rangeAt(m.index, m.index + m[0].length);
      const nameStart = m.index + m[0].indexOf(m[3]);
      out.push(codeFunction(src.file, m[3], range, rangeAt(nameStart, nameStart + m[3].length), type, `app.${m[1]}`, workerRuntime ?? 'node', m.index, src.text));
    }
  } else if (src.file.endsWith('.cs')) {
    const re = /\[\s*(?:FunctionName|Function)\s*\(\s*(?:nameof\((\w+)\)|"([^"]+)")\s*\)\s*\]/g;
    for (let m = re.exec(src.text); m; m = re.exec(src.text)) {
      const name = m[1] ?? m[2];
      const after = src.text.slice(m.index, m.index + 2000);
      const trig = /\[\s*(\w+Trigger)\b/.exec(after);
      const type = trig ? csharpTriggers[trig[1]] ?? 'other' : 'other';
      const range = rangeAt(m.index, m.index + m[0].length);
      const fn = codeFunction(src.file, name, range, range, type, trig?.[1] ?? 'unknown', workerRuntime ?? 'dotnet', m.index, src.text);
      fn.handlerInfo = { candidates: [src.file], file: src.file, exportFound: true, exportLine: range.start.line, notLocal: '.NET functions are compiled.' };
      if (trig) Object.assign(fn.triggers[0].config, csharpTriggerConfig(trig[1], after.slice(trig.index), range));
      out.push(fn);
    }
  }
  return out;
}

/**
 * What a C# trigger attribute's arguments say: `[HttpTrigger(AuthorizationLevel.Function, "get", "post", Route = "items/{id}")]`,
 * `[TimerTrigger("0 30 2 * * *")]`, `[QueueTrigger("jobs", Connection = "Storage")]`, `[BlobTrigger("samples/{name}")]`.
 */
function csharpTriggerConfig(attribute: string, text: string, range: SourceRange): Record<string, Located> {
  const args = /^\[\s*\w+\s*\(([^)]*)\)/.exec(text)?.[1] ?? '';
  const named = (key: string): string | undefined => new RegExp(`\\b${key}\\s*=\\s*"([^"]*)"`).exec(args)?.[1];
  const positional = [...args.replace(/\w+\s*=\s*"[^"]*"/g, '').matchAll(/"([^"]*)"/g)].map((x) => x[1]);
  const config: Record<string, Located> = {};
  const put = (key: string, value: Located['value'] | undefined): void => {
    if (value !== undefined) config[key] = { value, range };
  };
  switch (attribute) {
    case 'HttpTrigger': {
      put('authLevel', /AuthorizationLevel\.(\w+)/.exec(args)?.[1]?.toLowerCase());
      if (positional.length) put('methods', positional.map((p) => p.toLowerCase()));
      put('route', named('Route'));
      break;
    }
    case 'TimerTrigger':
      put('schedule', positional[0]);
      break;
    case 'QueueTrigger':
      put('queueName', positional[0]);
      break;
    case 'BlobTrigger':
      put('path', positional[0]);
      break;
    case 'ServiceBusTrigger':
      put(positional.length > 1 ? 'topicName' : 'queueName', positional[0]);
      put('subscriptionName', positional[1]);
      break;
    case 'EventHubTrigger':
      put('eventHubName', positional[0]);
      break;
    case 'CosmosDBTrigger':
      put('databaseName', positional[0]);
      put('containerName', positional[1]);
      break;
  }
  put('connection', named('Connection'));
  return config;
}

function codeFunction(file: string, name: string, range: SourceRange, keyRange: SourceRange, type: TriggerType, sourceType: string, runtime: string, offset: number, text: string): FunctionDef {
  const config: Record<string, Located> = {};
  // Pick simple literal options from the registration, e.g. `methods: ['GET']`, `schedule: '0 */5 * * * *'`.
  const body = text.slice(offset, offset + 1500);
  for (const key of ['route', 'authLevel', 'schedule', 'queueName', 'topicName', 'subscriptionName', 'path', 'connection', 'eventHubName', 'cardinality', 'databaseName', 'containerName']) {
    const m = new RegExp(`\\b${key}\\s*[:=]\\s*["'\`]([^"'\`]*)["'\`]`).exec(body);
    if (m) config[key] = { value: m[1], range };
  }
  const methods = /\bmethods\s*:\s*\[([^\]]*)\]/.exec(body);
  if (methods) config.methods = { value: [...methods[1].matchAll(/["'](\w+)["']/g)].map((x) => x[1]), range };
  return {
    id: `${file}#${name}`,
    file,
    name,
    deployedName: name,
    runtime: { value: runtime, range },
    codeRoot: pathApi(file).dirname(file),
    handlerInfo: { candidates: [file], file, exportFound: true, exportLine: range.start.line },
    environment: {},
    triggers: [{ type, sourceType, range, typeRange: range, config }],
    keyRange,
    range,
    properties: {},
  };
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function posAt(starts: number[], offset: number): { line: number; character: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - starts[lo] };
}

