import { fillDefaults } from './defaults';
import type { FunctionDef, Located, Project, Trigger, TriggerType, Value } from './types';
import { displayValue, isUnresolved } from './types';
import type { LEntry, LNode } from './yamlTree';
import { finding, get, getPath, parseTree } from './yamlTree';
import type { SfResolverOptions } from './sfVariables';
import { SfResolver } from './sfVariables';
import { markImage } from './handlers';
import { pathApi } from './paths';
import { wireServerlessResources } from './resourceWiring';
import { addServerlessAuthorizers } from './sfAuthorizers';
import { addServerlessStepFunctions } from './sfStepFunctions';
import { located, locatedEntries, toValue } from './values';
import { serverlessLayers } from './layers';

/** Serverless Framework event keys → the shared trigger vocabulary. `stream` is decided per event. */
export const sfEventTypes: Record<string, TriggerType> = {
  http: 'http',
  httpApi: 'httpApi',
  websocket: 'websocket',
  schedule: 'schedule',
  s3: 's3',
  sqs: 'sqs',
  sns: 'sns',
  stream: 'dynamodb',
  eventBridge: 'eventbridge',
  cloudwatchEvent: 'eventbridge',
  iot: 'iot',
  iotFleetProvisioning: 'iot',
  cognitoUserPool: 'cognito',
  cloudwatchLog: 'cloudwatchLog',
  msk: 'kafka',
  kafka: 'kafka',
  activemq: 'mq',
  rabbitmq: 'mq',
  alb: 'alb',
  alexaSkill: 'alexa',
  alexaSmartHome: 'alexa',
  cloudFront: 'other',
};

/** Reads a `serverless.yml`/`.yaml`/`.json` into a project. Handler files are resolved afterwards. */
export function parseServerlessFramework(file: string, text: string, options: SfResolverOptions = {}): Project {
  const root = pathApi(file).dirname(file);
  const tree = parseTree(file, text);
  const project: Project = { kind: 'serverless-framework', file, root, functions: [], findings: tree.findings, files: [] };
  const doc = tree.root;
  project.tree = doc;
  if (!doc) return project;
  if (doc.kind !== 'map') {
    project.findings.push(finding(file, doc.range, 'config-shape', 'A serverless.yml must be a mapping with `service`, `provider` and `functions`.'));
    return project;
  }
  const resolver = new SfResolver(doc, options);
  const resolve = resolver.resolve;
  const str = (node: LNode | undefined): string | undefined => {
    if (!node) return undefined;
    const v = toValue(node, resolve);
    return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
  };

  const serviceNode = get(doc, 'service');
  const serviceValue = serviceNode?.kind === 'map' ? get(serviceNode, 'name') : serviceNode;
  project.service = str(serviceValue) ?? (serviceValue ? displayValue(toValue(serviceValue, resolve)) : undefined);
  const serviceKnown = str(serviceValue) !== undefined;
  project.stage = resolver.stage;
  const provider = get(doc, 'provider');
  project.region = str(get(provider, 'region')) ?? 'us-east-1';
  project.profile = str(get(provider, 'profile'));
  const providerName = str(get(provider, 'name'));
  if (providerName && providerName !== 'aws') {
    project.note = `Provider "${providerName}" is not modelled; Serverless Workbench reads the aws provider.`;
    project.findings.push(finding(file, get(provider, 'name')!.range, 'provider-not-aws', project.note, 'info'));
    return project;
  }

  const defaults = {
    runtime: located1(get(provider, 'runtime'), resolve),
    memorySize: located1(get(provider, 'memorySize'), resolve),
    timeout: located1(get(provider, 'timeout'), resolve),
    architecture: located1(get(provider, 'architecture'), resolve),
    environment: locatedEntries(get(provider, 'environment'), resolve),
    logGroup: undefined as string | undefined,
  };

  const functionsNode = get(doc, 'functions');
  if (!functionsNode) return project;
  const entries = functionEntries(functionsNode);
  if (!entries) {
    const v = toValue(functionsNode, resolve);
    if (isUnresolved(v) || (typeof v === 'string' && v.includes('${'))) {
      project.findings.push(finding(file, functionsNode.range, 'functions-not-static', `Functions come from ${isUnresolved(v) ? v.expr : v}; they cannot be listed statically.`, 'info'));
    } else {
      project.findings.push(finding(file, functionsNode.range, 'config-shape', '`functions` must be a mapping of function names to definitions.'));
    }
    return project;
  }

  for (const e of entries) {
    if (e.value.kind !== 'map') {
      const v = toValue(e.value, resolve);
      if (isUnresolved(v)) {
        project.findings.push(finding(file, e.value.range, 'functions-not-static', `Function "${e.key}" comes from ${v.expr}; it cannot be read statically.`, 'info'));
      } else {
        project.findings.push(finding(file, e.value.range, 'config-shape', `Function "${e.key}" must be a mapping (handler, events, …).`));
      }
      continue;
    }
    project.functions.push(parseFunction(project, e, resolve, resolver, defaults, doc, serviceKnown));
  }
  addServerlessAuthorizers(project.functions, doc);
  addServerlessStepFunctions(project.functions, doc, (n) => toValue(n, resolve));
  wireServerlessResources(getPath(doc, ['resources', 'Resources']), project.functions, resolve);
  return project;
}

function located1(node: LNode | undefined, resolve: (s: string) => Value): Located | undefined {
  return node ? located(node, resolve) : undefined;
}

/** `functions:` is a map, or (older configs) a list of single-key maps. */
function functionEntries(node: LNode): LEntry[] | undefined {
  if (node.kind === 'map') return node.entries;
  if (node.kind === 'seq') {
    const out: LEntry[] = [];
    for (const item of node.items) if (item.kind === 'map') out.push(...item.entries);
    return out;
  }
  return undefined;
}

function parseFunction(
  project: Project,
  e: LEntry,
  resolve: (s: string) => Value,
  resolver: SfResolver,
  defaults: { runtime?: Located; memorySize?: Located; timeout?: Located; architecture?: Located; environment: Record<string, Located> },
  doc: LNode,
  serviceKnown: boolean,
): FunctionDef {
  const fn = e.value;
  const props = locatedEntries(fn, resolve);
  const nameValue = props.name?.value;
  const deployedName =
    typeof nameValue === 'string' ? nameValue : nameValue === undefined && serviceKnown ? `${project.service}-${resolver.stage}-${e.key}` : undefined;
  const environment = { ...defaults.environment, ...locatedEntries(get(fn, 'environment'), resolve) };
  const def: FunctionDef = {
    id: `${project.file}#${e.key}`,
    file: project.file,
    name: e.key,
    deployedName,
    // A container image brings its own runtime: the provider's does not apply.
    runtime: props.runtime ?? (props.image ? undefined : defaults.runtime),
    handler: props.handler,
    codeRoot: project.root,
    handlerInfo: { candidates: [] },
    memorySize: props.memorySize ?? defaults.memorySize,
    timeout: props.timeout ?? defaults.timeout,
    ephemeralStorage: props.ephemeralStorageSize,
    architecture: props.architecture ?? defaults.architecture,
    environment,
    triggers: [],
    keyRange: e.keyRange,
    range: { start: e.keyRange.start, end: fn.range.end },
    properties: props,
  };
  if (props.image) markImage(def);
  fillDefaults(def, 'serverless-framework');
  const generated = pluginGeneratedHandler(doc, props.handler?.value);
  if (generated) def.handlerInfo.notLocal = generated;
  const layers = serverlessLayers(doc, fn, project.root, resolve);
  if (layers) def.layers = layers;
  const logGroup = getPath(doc, ['provider', 'logs', 'lambda', 'logGroup']);
  def.logGroup = logGroup && typeof toValue(logGroup, resolve) === 'string' ? String(toValue(logGroup, resolve)) : deployedName ? `/aws/lambda/${deployedName}` : undefined;

  const events = get(fn, 'events');
  if (events?.kind === 'seq') {
    for (const item of events.items) {
      const t = parseEvent(item, resolve, doc);
      if (t) def.triggers.push(t);
    }
  } else if (events && events.kind !== 'scalar') {
    project.findings.push(finding(project.file, events.range, 'config-shape', `The events of "${e.key}" must be a list (- http: …).`));
  } else if (events?.kind === 'scalar' && events.value !== null) {
    project.findings.push(finding(project.file, events.range, 'config-shape', `The events of "${e.key}" must be a list (- http: …).`));
  }
  const url = get(fn, 'url');
  const urlEntry = fn.kind === 'map' ? fn.entries.find((x) => x.key === 'url') : undefined;
  if (url && urlEntry && !(url.kind === 'scalar' && url.value === false)) {
    def.triggers.push({
      type: 'functionUrl',
      sourceType: 'url',
      range: { start: urlEntry.keyRange.start, end: url.range.end },
      typeRange: urlEntry.keyRange,
      config: url.kind === 'map' ? locatedEntries(url, resolve) : {},
    });
  }
  return def;
}

/** Handlers whose file a plugin writes when it packages the service (they never exist in the source tree). */
const pluginHandlers: Array<{ plugin: string; handler: RegExp; file: string }> = [
  { plugin: 'serverless-wsgi', handler: /^wsgi(_handler)?\.handler$/, file: 'wsgi_handler.py' },
  { plugin: 'serverless-rack', handler: /^rack_adapter\.handler$/, file: 'rack_adapter.rb' },
];

function pluginGeneratedHandler(doc: LNode, handler: Value | undefined): string | undefined {
  if (typeof handler !== 'string') return undefined;
  const plugins = get(doc, 'plugins');
  const list = plugins?.kind === 'map' ? get(plugins, 'modules') : plugins;
  if (list?.kind !== 'seq') return undefined;
  const names = new Set(list.items.map((i) => (i.kind === 'scalar' ? String(i.value) : '')));
  const hit = pluginHandlers.find((p) => names.has(p.plugin) && p.handler.test(handler));
  return hit && `${hit.plugin} generates ${hit.file} when it packages the service.`;
}

function parseEvent(item: LNode, resolve: (s: string) => Value, doc: LNode): Trigger | undefined {
  // `- alexaSkill` (no settings) is an event too.
  if (item.kind === 'scalar' && typeof item.value === 'string' && sfEventTypes[item.value]) {
    return { type: sfEventTypes[item.value], sourceType: item.value, range: item.range, typeRange: item.range, config: {} };
  }
  if (item.kind !== 'map' || item.entries.length === 0) return undefined;
  const ev = item.entries[0];
  const sourceType = ev.key;
  let type: TriggerType = sfEventTypes[sourceType] ?? 'other';
  const config: Record<string, Located> = ev.value.kind === 'map' ? locatedEntries(ev.value, resolve) : shorthandConfig(sourceType, ev.value, resolve);
  if (sourceType === 'stream') type = streamType(config, doc);
  return { type, sourceType, range: item.range, typeRange: ev.keyRange, config };
}

/** The string forms: `- http: GET users`, `- schedule: rate(1 hour)`, `- sqs: arn:…`, `- sns: topic`. */
function shorthandConfig(type: string, node: LNode, resolve: (s: string) => Value): Record<string, Located> {
  const v = located(node, resolve);
  const at = (value: Value): Located => ({ value, range: node.range });
  switch (type) {
    case 'http':
    case 'httpApi': {
      if (typeof v.value === 'string') {
        const s = v.value.trim();
        if (s === '*') return { method: at('*'), path: at('*') };
        const m = /^(\S+)\s+(\S+)$/.exec(s);
        if (m) return { method: at(m[1]), path: at(m[2]) };
      }
      return { path: v };
    }
    case 'schedule':
      return { rate: v };
    case 'sqs':
    case 'stream':
    case 'msk':
      return { arn: v };
    case 'sns':
      return typeof v.value === 'string' && v.value.startsWith('arn:') ? { arn: v } : { topicName: v };
    case 's3':
      return { bucket: v };
    case 'websocket':
      return { route: v };
    case 'alexaSkill':
      return { appId: v };
    case 'cloudwatchLog':
      return { logGroup: v };
    case 'iot':
      return { sql: v };
    default:
      return { value: v };
  }
}

/** `stream` events are DynamoDB or Kinesis: by `type`, by the ARN, or by the resource the ARN points at. */
function streamType(config: Record<string, Located>, doc: LNode): TriggerType {
  const t = config.type?.value;
  if (t === 'kinesis' || t === 'dynamodb') return t;
  const arn = config.arn?.value;
  if (typeof arn === 'string') {
    if (arn.includes(':kinesis:')) return 'kinesis';
    if (arn.includes(':dynamodb:')) return 'dynamodb';
  }
  const expr = isUnresolved(arn) ? arn.expr : arn && typeof arn === 'object' ? JSON.stringify(arn) : '';
  if (/StreamArn/.test(expr)) return 'dynamodb';
  const logical = /(?:GetAtt[":\s[]*|Ref[":\s]*)"?([A-Za-z0-9]+)/.exec(expr)?.[1];
  if (logical) {
    const resType = getPath(doc, ['resources', 'Resources', logical, 'Type']);
    const rt = resType?.kind === 'scalar' ? String(resType.value) : '';
    if (rt === 'AWS::Kinesis::Stream') return 'kinesis';
    if (rt === 'AWS::DynamoDB::Table') return 'dynamodb';
  }
  if (/kinesis/i.test(expr)) return 'kinesis';
  return 'dynamodb';
}

