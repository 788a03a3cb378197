/**
 * How the functions of a workspace are wired together, read from the shared model: which queue, stream, bus,
 * bucket, topic or schedule triggers which function (with the event source mapping's settings), the queues'
 * visibility timeouts and redrive policies, and each function's asynchronous-invocation settings (retries,
 * destinations, dead-letter queue). Local flows run on this; nothing here reads files or runs code.
 */
import { configValue, stringList, stringOf } from '../events/eventContext';
import type { FunctionDef, Located, Project, Trigger, Value } from '../model/types';
import { isUnresolved } from '../model/types';
import type { LNode } from '../model/yamlTree';
import { get, getPath } from '../model/yamlTree';
import { locatedEntries } from '../model/values';

export interface FlowFunction {
  project: Project;
  fn: FunctionDef;
}

/** A queue, stream, topic, bus or bucket, identified across the workspace. */
export interface SourceRef {
  kind: 'sqs' | 'sns' | 'kinesis' | 'dynamodb' | 'eventbridge' | 's3' | 'lambda' | 'unknown';
  /** Stable key: `<config file>#<logical id>` for declared resources, `<kind>:<name>` otherwise. */
  key: string;
  /** How a person knows it: the logical id, or the name from the ARN. */
  name: string;
}

export interface QueueDef extends SourceRef {
  kind: 'sqs';
  fifo: boolean;
  visibilityTimeoutSeconds: number;
  /** SQS RedrivePolicy: after `maxReceiveCount` receives a message moves to `deadLetter`. */
  redrive?: { deadLetter: SourceRef; maxReceiveCount: number };
  declared: boolean;
}

export interface SqsSubscription {
  target: FlowFunction;
  trigger: Trigger;
  queue: SourceRef;
  batchSize: number;
  windowSeconds: number;
  reportBatchItemFailures: boolean;
  /** Event filtering (FilterCriteria / filterPatterns): EventBridge patterns over the record. */
  filters: unknown[];
}

export interface StreamSubscription {
  target: FlowFunction;
  trigger: Trigger;
  stream: SourceRef;
  kind: 'kinesis' | 'dynamodb';
  batchSize: number;
  windowSeconds: number;
  bisect: boolean;
  /** -1: until the record expires (the default). */
  maxRetryAttempts: number;
  /** -1: the stream's retention. */
  maxRecordAgeSeconds: number;
  reportBatchItemFailures: boolean;
  onFailure?: SourceRef;
  filters: unknown[];
}

export interface BusRule {
  target: FlowFunction;
  trigger: Trigger;
  bus: string;
  pattern: unknown;
  /** Constant input (`Input`) replacing the event, when configured. */
  input?: unknown;
}

export interface S3Subscription {
  target: FlowFunction;
  trigger: Trigger;
  bucket: SourceRef;
  events: string[];
  prefix?: string;
  suffix?: string;
}

export interface SnsSubscription {
  target: FlowFunction;
  trigger: Trigger;
  topic: SourceRef;
  filterPolicy?: unknown;
  filterPolicyScope: 'MessageAttributes' | 'MessageBody';
}

export interface ScheduleTrigger {
  target: FlowFunction;
  trigger: Trigger;
  expression: string;
  input?: unknown;
}

/** Asynchronous invocation settings (EventInvokeConfig, Serverless Framework `destinations`, DLQ). */
export interface AsyncConfig {
  maxRetryAttempts: number;
  maxEventAgeSeconds: number;
  onSuccess?: SourceRef;
  onFailure?: SourceRef;
  deadLetter?: SourceRef;
}

export interface Topology {
  functions: FlowFunction[];
  queues: Map<string, QueueDef>;
  sqs: SqsSubscription[];
  streams: StreamSubscription[];
  rules: BusRule[];
  s3: S3Subscription[];
  sns: SnsSubscription[];
  schedules: ScheduleTrigger[];
  asyncConfig: (f: FlowFunction) => AsyncConfig;
  /** The function a name, deployed name, ARN (with or without qualifier) or logical id designates. */
  functionByName: (name: string) => FlowFunction | undefined;
  /** A queue by key, ARN, URL or name; undefined when nothing in the workspace declares or uses it. */
  queueByName: (name: string) => QueueDef | undefined;
  /** Resolves a reference written in a project (ARN, `!GetAtt X.Arn`, logical id, name) to a source. */
  resolve: (project: Project, v: Value | undefined, kind: SourceRef['kind']) => SourceRef | undefined;
}

const resourceKinds: Record<string, SourceRef['kind']> = {
  'AWS::SQS::Queue': 'sqs',
  'AWS::SNS::Topic': 'sns',
  'AWS::Kinesis::Stream': 'kinesis',
  'AWS::DynamoDB::Table': 'dynamodb',
  'AWS::DynamoDB::GlobalTable': 'dynamodb',
  'AWS::Events::EventBus': 'eventbridge',
  'AWS::S3::Bucket': 's3',
  'AWS::Serverless::Function': 'lambda',
  'AWS::Lambda::Function': 'lambda',
};

const nameProperties: Record<string, string> = {
  sqs: 'QueueName',
  sns: 'TopicName',
  kinesis: 'Name',
  dynamodb: 'TableName',
  eventbridge: 'Name',
  s3: 'BucketName',
  lambda: 'FunctionName',
};

interface Declared {
  project: Project;
  logicalId: string;
  kind: SourceRef['kind'];
  node: LNode;
  props: Record<string, Located>;
  physicalName?: string;
}

/** Builds the topology of the given projects (AWS projects only; Azure apps have no event source mappings). */
export function buildTopology(projects: Project[]): Topology {
  const aws = projects.filter((p) => p.kind !== 'azure-functions');
  const functions: FlowFunction[] = aws.flatMap((project) => project.functions.map((fn) => ({ project, fn })));
  const declared = new Map<string, Declared>();
  const byPhysical = new Map<string, Declared>();
  const invokeConfigs: Array<{ project: Project; props: Record<string, Located> }> = [];
  for (const project of aws) {
    const resources = resourcesNode(project);
    if (resources?.kind !== 'map') continue;
    for (const e of resources.entries) {
      const type = stringOf(scalar(get(e.value, 'Type')));
      if (type === 'AWS::Lambda::EventInvokeConfig') invokeConfigs.push({ project, props: locatedEntries(get(e.value, 'Properties'), (s) => s) });
      const kind = type ? resourceKinds[type] : undefined;
      if (!kind) continue;
      const props = locatedEntries(get(e.value, 'Properties'), (s) => s);
      const physicalName = stringOf(props[nameProperties[kind]]?.value);
      const d: Declared = { project, logicalId: e.key, kind, node: e.value, props, physicalName };
      declared.set(`${project.file}#${e.key}`, d);
      if (physicalName) byPhysical.set(`${kind}:${physicalName}`, d);
    }
  }

  const refOf = (d: Declared): SourceRef => ({ kind: d.kind, key: `${d.project.file}#${d.logicalId}`, name: d.physicalName ?? d.logicalId });

  const resolve = (project: Project, v: Value | undefined, kind: SourceRef['kind']): SourceRef | undefined => {
    if (v === undefined || v === null) return undefined;
    const logical = logicalIdIn(v);
    if (logical) {
      const d = declared.get(`${project.file}#${logical}`);
      if (d) return refOf(d);
      const fnHere = project.functions.find((f) => f.name === logical || `${lambdaLogicalId(f.name)}` === logical);
      if (fnHere) return { kind: 'lambda', key: fnHere.id, name: fnHere.name };
    }
    const text = stringOf(v) ?? (isUnresolved(v) ? v.expr : undefined);
    if (!text) return undefined;
    const parsed = parseArnOrName(text, kind);
    const d = byPhysical.get(`${parsed.kind}:${parsed.name}`);
    if (d) return refOf(d);
    if (parsed.kind === 'lambda') {
      const f = functionByName(parsed.name);
      if (f) return { kind: 'lambda', key: f.fn.id, name: f.fn.name };
    }
    if (logical && !text.startsWith('arn:')) return { kind: parsed.kind, key: `${parsed.kind}:${logical}`, name: logical };
    return { kind: parsed.kind, key: `${parsed.kind}:${parsed.name}`, name: parsed.name };
  };

  const functionByName = (name: string): FlowFunction | undefined => {
    const plain = functionNameOf(name);
    return (
      functions.find((f) => f.fn.deployedName === plain) ??
      functions.find((f) => f.fn.name === plain) ??
      functions.find((f) => lambdaLogicalId(f.fn.name) === plain)
    );
  };

  const queues = new Map<string, QueueDef>();
  const queueOf = (ref: SourceRef): QueueDef => {
    const existing = queues.get(ref.key);
    if (existing) return existing;
    const d = declared.get(ref.key);
    const q: QueueDef = { kind: 'sqs', key: ref.key, name: ref.name, fifo: ref.name.endsWith('.fifo'), visibilityTimeoutSeconds: 30, declared: Boolean(d) };
    queues.set(ref.key, q);
    if (d) {
      q.fifo = d.props.FifoQueue?.value === true || d.props.FifoQueue?.value === 'true' || q.fifo;
      const vt = numberOf(d.props.VisibilityTimeout?.value);
      if (vt !== undefined) q.visibilityTimeoutSeconds = vt;
      const redrive = redrivePolicy(d.props.RedrivePolicy?.value);
      if (redrive) {
        const dlq = resolve(d.project, redrive.target, 'sqs');
        if (dlq) {
          q.redrive = { deadLetter: dlq, maxReceiveCount: redrive.maxReceiveCount };
          queueOf(dlq);
        }
      }
    }
    return q;
  };
  for (const d of declared.values()) if (d.kind === 'sqs') queueOf(refOf(d));

  const topology: Topology = {
    functions,
    queues,
    sqs: [],
    streams: [],
    rules: [],
    s3: [],
    sns: [],
    schedules: [],
    functionByName,
    queueByName: (name) => {
      const direct = queues.get(name);
      if (direct) return direct;
      const plain = name.startsWith('https://') || name.startsWith('http://') ? name.split('/').pop() ?? name : parseArnOrName(name, 'sqs').name;
      return [...queues.values()].find((q) => q.name === plain || q.key.endsWith(`#${plain}`));
    },
    resolve,
    asyncConfig: (f) => asyncConfig(f, resolve, invokeConfigs),
  };

  for (const target of functions) {
    for (const trigger of target.fn.triggers) {
      const cv = (...keys: string[]): Value | undefined => configValue(trigger, ...keys);
      const bool = (...keys: string[]): boolean => {
        const v = cv(...keys);
        return v === true || v === 'true';
      };
      const responseTypes = [...stringList(cv('functionResponseType', 'FunctionResponseTypes'))];
      const filters = filterPatterns(cv('filterPatterns', 'FilterCriteria', 'filterCriteria'));
      switch (trigger.type) {
        case 'sqs': {
          const ref = resolve(target.project, cv('arn', 'Queue', 'EventSourceArn', 'queue'), 'sqs');
          if (!ref) break;
          const queue = queueOf({ ...ref, kind: 'sqs' });
          topology.sqs.push({
            target,
            trigger,
            queue,
            batchSize: numberOf(cv('batchSize', 'BatchSize')) ?? 10,
            windowSeconds: numberOf(cv('maximumBatchingWindow', 'MaximumBatchingWindowInSeconds')) ?? 0,
            reportBatchItemFailures: responseTypes.includes('ReportBatchItemFailures'),
            filters,
          });
          break;
        }
        case 'kinesis':
        case 'dynamodb': {
          const ref = resolve(target.project, cv('arn', 'Stream', 'EventSourceArn', 'stream'), trigger.type);
          if (!ref) break;
          const destinations = cv('destinations', 'DestinationConfig');
          const onFailureValue = isRecord(destinations) ? pick(destinations, 'onFailure', 'OnFailure') : undefined;
          const onFailureTarget = isRecord(onFailureValue) ? pick(onFailureValue, 'arn', 'Destination', 'destination') : onFailureValue;
          topology.streams.push({
            target,
            trigger,
            stream: { ...ref, kind: trigger.type },
            kind: trigger.type,
            batchSize: numberOf(cv('batchSize', 'BatchSize')) ?? 100,
            windowSeconds: numberOf(cv('batchWindow', 'maximumBatchingWindow', 'MaximumBatchingWindowInSeconds')) ?? 0,
            bisect: bool('bisectBatchOnFunctionError', 'BisectBatchOnFunctionError'),
            maxRetryAttempts: numberOf(cv('maximumRetryAttempts', 'MaximumRetryAttempts')) ?? -1,
            maxRecordAgeSeconds: numberOf(cv('maximumRecordAgeInSeconds', 'MaximumRecordAgeInSeconds')) ?? -1,
            reportBatchItemFailures: responseTypes.includes('ReportBatchItemFailures'),
            onFailure: onFailureTarget !== undefined ? resolve(target.project, onFailureTarget, 'sqs') : undefined,
            filters,
          });
          break;
        }
        case 'eventbridge': {
          const schedule = stringOf(cv('schedule', 'Schedule', 'ScheduleExpression'));
          if (schedule) {
            topology.schedules.push({ target, trigger, expression: schedule, input: plainInput(cv('input', 'Input')) });
            break;
          }
          const pattern = cv('pattern', 'Pattern', 'event', 'EventPattern');
          const busValue = cv('eventBus', 'EventBusName', 'eventBusName');
          const bus = busValue === undefined ? 'default' : busName(target.project, busValue, resolve);
          topology.rules.push({ target, trigger, bus, pattern: plainValue(pattern) ?? {}, input: plainInput(cv('input', 'Input')) });
          break;
        }
        case 'schedule': {
          for (const expression of scheduleExpressions(trigger)) {
            topology.schedules.push({ target, trigger, expression, input: plainInput(cv('input', 'Input')) });
          }
          break;
        }
        case 's3': {
          const bucketValue = cv('bucket', 'Bucket');
          const ref = resolve(target.project, bucketValue, 's3');
          if (!ref) break;
          const events = stringList(cv('event', 'Events', 'events'));
          const { prefix, suffix } = s3Rules(cv('rules', 'Filter'));
          topology.s3.push({ target, trigger, bucket: { ...ref, kind: 's3' }, events: events.length ? events : ['s3:ObjectCreated:*'], prefix, suffix });
          break;
        }
        case 'sns': {
          const ref = resolve(target.project, cv('arn', 'Topic', 'topicName', 'TopicArn'), 'sns');
          if (!ref) break;
          const scope = stringOf(cv('filterPolicyScope', 'FilterPolicyScope')) === 'MessageBody' ? 'MessageBody' : 'MessageAttributes';
          topology.sns.push({ target, trigger, topic: { ...ref, kind: 'sns' }, filterPolicy: plainValue(cv('filterPolicy', 'FilterPolicy')), filterPolicyScope: scope });
          break;
        }
        default:
          break;
      }
    }
  }
  return topology;
}

/** The event bus a rule listens on: `default`, a name, or the name of a declared bus. */
function busName(project: Project, v: Value, resolve: Topology['resolve']): string {
  const s = stringOf(v);
  if (s && !s.startsWith('arn:')) return s;
  return resolve(project, v, 'eventbridge')?.name ?? 'default';
}

function scheduleExpressions(trigger: Trigger): string[] {
  const v = configValue(trigger, 'rate', 'Schedule', 'ScheduleExpression', 'schedule');
  return stringList(v).filter((s) => /^(rate|cron|at)\(/.test(s.trim()));
}

/** `rules: [{prefix}, {suffix}]` (Serverless Framework) or `Filter.S3Key.Rules[{Name, Value}]` (SAM). */
function s3Rules(v: Value | undefined): { prefix?: string; suffix?: string } {
  const out: { prefix?: string; suffix?: string } = {};
  const rules = Array.isArray(v) ? v : isRecord(v) ? pick(pick(v, 'S3Key') as Value, 'Rules') : undefined;
  if (!Array.isArray(rules)) return out;
  for (const r of rules) {
    if (!isRecord(r)) continue;
    const name = stringOf(r.Name)?.toLowerCase();
    if (name === 'prefix' || name === 'suffix') out[name] = stringOf(r.Value);
    if (typeof r.prefix === 'string') out.prefix = r.prefix;
    if (typeof r.suffix === 'string') out.suffix = r.suffix;
  }
  return out;
}

/** Patterns of event filtering: SAM `FilterCriteria.Filters[].Pattern` (JSON strings), SF `filterPatterns`. */
function filterPatterns(v: Value | undefined): unknown[] {
  const list = Array.isArray(v) ? v : isRecord(v) ? pick(v, 'Filters', 'filters') : undefined;
  if (!Array.isArray(list)) return [];
  const out: unknown[] = [];
  for (const item of list) {
    const p = isRecord(item) && 'Pattern' in item ? item.Pattern : item;
    if (typeof p === 'string') {
      try {
        out.push(JSON.parse(p) as unknown);
      } catch {
        // A pattern that is not JSON cannot match anything; Lambda rejects such a mapping at deploy time.
      }
    } else if (isRecord(p)) out.push(plainValue(p));
  }
  return out;
}

function asyncConfig(f: FlowFunction, resolve: Topology['resolve'], invokeConfigs: Array<{ project: Project; props: Record<string, Located> }>): AsyncConfig {
  const props = f.fn.properties;
  const out: AsyncConfig = { maxRetryAttempts: 2, maxEventAgeSeconds: 21600 };
  const p = (...keys: string[]): Value | undefined => {
    for (const k of keys) if (props[k] !== undefined) return props[k].value;
    return undefined;
  };
  // Serverless Framework: destinations.onSuccess/onFailure, maximumRetryAttempts, maximumEventAge, onError (DLQ).
  const sfDest = p('destinations');
  if (isRecord(sfDest)) {
    out.onSuccess = destination(f.project, pick(sfDest, 'onSuccess'), resolve);
    out.onFailure = destination(f.project, pick(sfDest, 'onFailure'), resolve);
  }
  const retries = numberOf(p('maximumRetryAttempts'));
  if (retries !== undefined) out.maxRetryAttempts = retries;
  const age = numberOf(p('maximumEventAge'));
  if (age !== undefined) out.maxEventAgeSeconds = age;
  const onError = p('onError');
  if (onError !== undefined) out.deadLetter = resolve(f.project, onError, guessKind(onError));
  // SAM: EventInvokeConfig and DeadLetterQueue; CloudFormation: DeadLetterConfig and AWS::Lambda::EventInvokeConfig.
  const eic = p('EventInvokeConfig');
  const configs: Value[] = eic !== undefined ? [eic] : [];
  for (const d of invokeConfigs) {
    if (d.project !== f.project) continue;
    const fnRef = d.props.FunctionName?.value;
    const target = fnRef !== undefined ? logicalIdIn(fnRef) ?? stringOf(fnRef) : undefined;
    if (target === f.fn.name || (target !== undefined && target === f.fn.deployedName)) {
      configs.push(Object.fromEntries(Object.entries(d.props).map(([k, l]) => [k, l.value])));
    }
  }
  for (const c of configs) {
    if (!isRecord(c)) continue;
    const r = numberOf(c.MaximumRetryAttempts);
    if (r !== undefined) out.maxRetryAttempts = r;
    const a = numberOf(c.MaximumEventAgeInSeconds);
    if (a !== undefined) out.maxEventAgeSeconds = a;
    const dc = c.DestinationConfig;
    if (isRecord(dc)) {
      const s = pick(dc, 'OnSuccess');
      const fl = pick(dc, 'OnFailure');
      if (isRecord(s)) out.onSuccess = destination(f.project, pick(s, 'Destination'), resolve, stringOf(pick(s, 'Type')));
      if (isRecord(fl)) out.onFailure = destination(f.project, pick(fl, 'Destination'), resolve, stringOf(pick(fl, 'Type')));
    }
  }
  const dlq = p('DeadLetterQueue', 'DeadLetterConfig');
  if (isRecord(dlq)) {
    const t = stringOf(pick(dlq, 'Type'));
    out.deadLetter = resolve(f.project, pick(dlq, 'TargetArn'), t === 'SNS' ? 'sns' : 'sqs');
  }
  return out;
}

function destination(project: Project, v: Value | undefined, resolve: Topology['resolve'], type?: string): SourceRef | undefined {
  if (v === undefined || v === null) return undefined;
  const kinds: Record<string, SourceRef['kind']> = { SQS: 'sqs', SNS: 'sns', Lambda: 'lambda', EventBridge: 'eventbridge', S3: 's3' };
  const kind = (type && kinds[type]) || guessKind(v);
  return resolve(project, v, kind);
}

/** The service an ARN or reference names: `arn:aws:sqs:…` → sqs; a plain name is taken as a function. */
function guessKind(v: Value): SourceRef['kind'] {
  const s = stringOf(v) ?? (isUnresolved(v) ? v.expr : '');
  const m = /arn:aws[\w-]*:(\w+):/.exec(s);
  if (m) return parseArnOrName(s, 'unknown').kind;
  return 'lambda';
}

/** `arn:aws:sqs:r:a:name` → (sqs, name); `arn:aws:lambda:r:a:function:name:qualifier` → (lambda, name); else the name. */
export function parseArnOrName(text: string, fallback: SourceRef['kind']): { kind: SourceRef['kind']; name: string } {
  const arn = /^arn:aws[\w-]*:([\w-]+):[^:]*:[^:]*:(.+)$/.exec(text.trim());
  if (!arn) return { kind: fallback, name: text.trim() };
  const service = arn[1];
  const rest = arn[2];
  switch (service) {
    case 'sqs':
      return { kind: 'sqs', name: rest };
    case 'sns':
      return { kind: 'sns', name: rest.split(':')[0] };
    case 'kinesis':
      return { kind: 'kinesis', name: rest.replace(/^stream\//, '').split('/')[0] };
    case 'dynamodb':
      return { kind: 'dynamodb', name: rest.replace(/^table\//, '').split('/')[0] };
    case 'events':
      return { kind: 'eventbridge', name: rest.replace(/^event-bus\//, '') };
    case 's3':
      return { kind: 's3', name: rest.split('/')[0] };
    case 'lambda':
      return { kind: 'lambda', name: rest.replace(/^function:/, '').split(':')[0] };
    default:
      return { kind: fallback, name: rest };
  }
}

/** A function name as the Invoke API takes it: name, `name:qualifier`, partial or full ARN. */
export function functionNameOf(name: string): string {
  const trimmed = name.trim();
  if (trimmed.startsWith('arn:')) return parseArnOrName(trimmed, 'lambda').name;
  const partial = /^\d{12}:function:([^:]+)/.exec(trimmed);
  if (partial) return partial[1];
  return trimmed.split(':')[0];
}

/** The CloudFormation logical id the Serverless Framework gives a function: `my-fn` → `MyDashfnLambdaFunction`. */
export function lambdaLogicalId(name: string): string {
  const normalized = name.replace(/-/g, 'Dash').replace(/_/g, 'Underscore');
  return `${normalized.charAt(0).toUpperCase()}${normalized.slice(1)}LambdaFunction`;
}

/** The logical id a reference names: `!GetAtt Q.Arn`, `!Ref Q`, `!Sub ${Q.Arn}`, long forms. */
export function logicalIdIn(v: Value): string | undefined {
  if (isUnresolved(v)) {
    const m = /(?:GetAtt|Ref)["'\s:[]*"?([A-Za-z0-9]+)/.exec(v.expr) ?? /\$\{([A-Za-z0-9]+)(?:\.[A-Za-z]+)?\}/.exec(v.expr);
    return m?.[1];
  }
  if (isRecord(v)) {
    const getAtt = v['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
    if (typeof getAtt === 'string') return getAtt.split('.')[0];
    if (typeof v.Ref === 'string') return v.Ref;
  }
  return undefined;
}

function redrivePolicy(v: Value | undefined): { target: Value; maxReceiveCount: number } | undefined {
  let policy: Value | undefined = v;
  if (typeof v === 'string') {
    try {
      policy = JSON.parse(v) as Value;
    } catch {
      return undefined;
    }
  }
  if (!isRecord(policy)) return undefined;
  const target = pick(policy, 'deadLetterTargetArn');
  const count = numberOf(pick(policy, 'maxReceiveCount'));
  if (target === undefined || count === undefined) return undefined;
  return { target, maxReceiveCount: count };
}

function resourcesNode(project: Project): LNode | undefined {
  if (!project.tree) return undefined;
  return project.kind === 'serverless-framework' ? getPath(project.tree, ['resources', 'Resources']) : get(project.tree, 'Resources');
}

function scalar(node: LNode | undefined): Value | undefined {
  return node?.kind === 'scalar' ? node.value : undefined;
}

function pick(v: Value, ...keys: string[]): Value | undefined {
  if (!isRecord(v)) return undefined;
  for (const k of keys) if (v[k] !== undefined) return v[k];
  return undefined;
}

function numberOf(v: Value | undefined): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  return undefined;
}

function isRecord(v: Value | undefined): v is { [key: string]: Value } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !isUnresolved(v);
}

/** A config value as plain JSON, when it holds nothing unresolved. */
function plainValue(v: Value | undefined): unknown {
  if (v === undefined) return undefined;
  if (isUnresolved(v)) return undefined;
  if (Array.isArray(v)) return v.map(plainValue);
  if (isRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plainValue(x)]));
  return v;
}

/** A rule's constant `Input`: JSON text (SAM/CloudFormation) or a map (Serverless Framework). */
function plainInput(v: Value | undefined): unknown {
  if (typeof v === 'string') {
    try {
      return JSON.parse(v) as unknown;
    } catch {
      return v;
    }
  }
  return plainValue(v);
}

