import type { SourceRange } from '../shared/range';
import { FunctionLinker, resourceRefs } from './functionLinks';
import type { FunctionDef, Located, TriggerType, Value } from './types';
import type { LNode } from './yamlTree';
import { get } from './yamlTree';
import { taskTargets } from './stateMachineTargets';
import { locatedEntries, toValue, unresolved } from './values';

/**
 * Triggers wired by separate resources of a template (or of a serverless.yml's `resources.Resources`):
 * event source mappings, SNS subscriptions, EventBridge rules and schedules, S3 notifications, function
 * URLs, ALB target groups, pipes, log subscription filters, IoT rules, Cognito user-pool triggers and API
 * Gateway integrations.
 *
 * Each becomes a trigger of the function it points at, with `sourceType` = the resource type, `name` = the
 * resource's logical id and `wiring` set. Its `config` holds the resource's properties as written (ranges
 * in the resource) plus the spellings of the equivalent SAM event where they differ (`EventSourceArn` is
 * also `Queue`/`Stream`/`Broker`, `ScheduleExpression` also `Schedule`, `Event` also `Events`, …): the event
 * generators and rules read SAM's names, and SAM's translator maps its events to exactly these resources.
 */
export interface WiringInput {
  /** The `Resources` map. */
  resources: LNode | undefined;
  /** Functions by the logical id CloudFormation gives them. */
  functions: ReadonlyMap<string, FunctionDef>;
  /** A node as a value, resolved the way the parser resolves function properties. */
  value: (node: LNode) => Value;
  /** A map node's entries as located values, resolved the same way. */
  entries: (node: LNode | undefined) => Record<string, Located>;
}

/** One resource of the template. */
interface Resource {
  id: string;
  type: string;
  props: LNode | undefined;
  /** The `Type:` value: hovers and findings about the resource as a whole point here. */
  typeRange: SourceRange;
  /** From the logical id to the end of the resource. */
  range: SourceRange;
}

/** How a mapped event source reads: the trigger type and SAM's name for its ARN property. */
interface Source {
  type: TriggerType;
  key: 'Queue' | 'Stream' | 'Broker' | 'Cluster';
  /** Self-managed Kafka: the bootstrap servers (SAM `KafkaBootstrapServers`). */
  bootstrapServers?: Located;
}

const sqs: Source = { type: 'sqs', key: 'Queue' };
const kinesis: Source = { type: 'kinesis', key: 'Stream' };
const dynamodb: Source = { type: 'dynamodb', key: 'Stream' };
const msk: Source = { type: 'kafka', key: 'Stream' };
const mq: Source = { type: 'mq', key: 'Broker' };
const documentDb: Source = { type: 'other', key: 'Cluster' };

const sourceByResourceType: Record<string, Source> = {
  'AWS::SQS::Queue': sqs,
  'AWS::Kinesis::Stream': kinesis,
  'AWS::Kinesis::StreamConsumer': kinesis,
  'AWS::DynamoDB::Table': dynamodb,
  'AWS::DynamoDB::GlobalTable': dynamodb,
  'AWS::MSK::Cluster': msk,
  'AWS::MSK::ServerlessCluster': msk,
  'AWS::AmazonMQ::Broker': mq,
  'AWS::DocDB::DBCluster': documentDb,
  'AWS::DocDBElastic::Cluster': documentDb,
};

const sourceByArnService: Record<string, Source> = { sqs, kinesis, dynamodb, kafka: msk, mq, rds: documentDb, 'docdb-elastic': documentDb };

/** The Cognito user-pool `LambdaConfig` keys that name a function, and the trigger each is. */
const cognitoKeys: Record<string, string> = {
  PreSignUp: 'PreSignUp',
  PostConfirmation: 'PostConfirmation',
  PreAuthentication: 'PreAuthentication',
  PostAuthentication: 'PostAuthentication',
  PreTokenGeneration: 'PreTokenGeneration',
  PreTokenGenerationConfig: 'PreTokenGeneration',
  CustomMessage: 'CustomMessage',
  DefineAuthChallenge: 'DefineAuthChallenge',
  CreateAuthChallenge: 'CreateAuthChallenge',
  VerifyAuthChallengeResponse: 'VerifyAuthChallengeResponse',
  UserMigration: 'UserMigration',
  CustomSMSSender: 'CustomSMSSender',
  CustomEmailSender: 'CustomEmailSender',
};

type Wirer = (r: Resource, w: Wiring) => void;

/** Adds the triggers that the resources wire to the functions. */
export function wireResourceTriggers(input: WiringInput): void {
  if (input.resources?.kind !== 'map' || input.functions.size === 0) return;
  const entries = input.resources.entries;
  const resources: Resource[] = [];
  for (const e of entries) {
    const typeNode = get(e.value, 'Type');
    if (typeNode?.kind !== 'scalar' || typeof typeNode.value !== 'string') continue;
    resources.push({ id: e.key, type: typeNode.value, props: get(e.value, 'Properties'), typeRange: typeNode.range, range: { start: e.keyRange.start, end: e.value.range.end } });
  }
  const w = new Wiring(input, resources, new FunctionLinker(input.functions, entries, input.value));
  for (const r of resources) wirerFor(r.type)?.(r, w);
}

class Wiring {
  private readonly byId = new Map<string, Resource>();

  constructor(
    private readonly input: WiringInput,
    readonly resources: readonly Resource[],
    private readonly linker: FunctionLinker,
  ) {
    for (const r of resources) this.byId.set(r.id, r);
  }

  resource(id: string): Resource | undefined {
    return this.byId.get(id);
  }

  link(node: LNode | undefined): FunctionDef | undefined {
    return this.linker.link(node);
  }

  /** Every function a value names (a state machine definition may name several). */
  linkAll(node: LNode | undefined): FunctionDef[] {
    const found = new Set<FunctionDef>();
    for (const ref of resourceRefs(node)) {
      const fn = this.linker.byLogicalId(ref.id);
      if (fn) found.add(fn);
    }
    return [...found];
  }

  entries(node: LNode | undefined): Record<string, Located> {
    return this.input.entries(node);
  }

  value(node: LNode): Value {
    return this.input.value(node);
  }

  /** A literal string property, resolved. */
  text(node: LNode | undefined): string | undefined {
    if (!node) return undefined;
    const v = this.value(node);
    return typeof v === 'string' ? v : undefined;
  }

  /**
   * Adds a trigger at the resource, or at the part of it that wires the function (`range`, e.g. one
   * OpenAPI operation); `typeRange` (hovers, findings about the trigger as a whole) defaults to `Type:`.
   */
  add(fn: FunctionDef, r: Resource, type: TriggerType, config: Record<string, Located>, range: SourceRange = r.range, typeRange: SourceRange = r.typeRange): void {
    const same = fn.triggers.some((t) => t.wiring?.logicalId === r.id && t.range.start.line === range.start.line && t.range.start.character === range.start.character);
    if (same) return;
    fn.triggers.push({ type, sourceType: r.type, name: r.id, range, typeRange, config, wiring: { logicalId: r.id, resourceType: r.type } });
  }

  /**
   * `InvocationType: Event` (a located value at the header) when an API Gateway integration invokes the
   * function asynchronously (`X-Amz-Invocation-Type: 'Event'`): the API answers at once, whatever the timeout.
   */
  invocationType(integration: LNode | undefined): Record<string, Located> {
    const params = get(integration, 'RequestParameters') ?? get(integration, 'requestParameters');
    const header = get(params, 'integration.request.header.X-Amz-Invocation-Type');
    const text = header ? this.text(header) : undefined;
    return header && text !== undefined && /^'?Event'?$/.test(text) ? { InvocationType: { value: 'Event', range: header.range } } : {};
  }

  /** What an event source ARN points at: a resource of the template, a literal ARN, or a hint in a name. */
  source(node: LNode | undefined): Source | undefined {
    if (!node) return undefined;
    const v = this.value(node);
    if (typeof v === 'string') {
      if (v.startsWith('smk://')) return { type: 'kafka', key: 'Stream' };
      const service = /^arn:[^:]+:([a-z0-9-]+):/.exec(v)?.[1];
      if (service) return sourceByArnService[service];
    }
    for (const ref of resourceRefs(node)) {
      const res = this.byId.get(ref.id);
      if (res && sourceByResourceType[res.type]) return sourceByResourceType[res.type];
      if (ref.attribute === 'StreamArn' || ref.attribute === 'LatestStreamArn') return dynamodb;
      if (ref.attribute === 'ConsumerARN') return kinesis;
    }
    // A parameter or an import: its name usually says what it is.
    const text = JSON.stringify(toPlainText(v));
    if (/sqs|queue/i.test(text)) return sqs;
    if (/kinesis/i.test(text)) return kinesis;
    if (/dynamo|table/i.test(text)) return dynamodb;
    if (/kafka|msk/i.test(text)) return msk;
    if (/broker|\bmq\b|rabbit|activemq/i.test(text)) return mq;
    return undefined;
  }
}

function toPlainText(v: Value): unknown {
  if (v !== null && typeof v === 'object' && 'unresolved' in v) return (v as { expr: string }).expr;
  return v;
}

/** Adds `to` as another name of `from` (same value and range) when the config has no `to` of its own. */
function alias(config: Record<string, Located>, from: string, to: string): void {
  if (config[from] && !config[to]) config[to] = config[from];
}

/** A located value made by the wiring (a `!Ref` to the resource that holds the trigger). */
function refTo(id: string, range: SourceRange): Located {
  return { value: unresolved(`!Ref ${id}`), range };
}

function items(node: LNode | undefined): LNode[] {
  return node?.kind === 'seq' ? node.items : [];
}

const eventSourceMapping: Wirer = (r, w) => {
  const fn = w.link(get(r.props, 'FunctionName'));
  if (!fn) return;
  const config = w.entries(r.props);
  const selfManaged = get(get(get(r.props, 'SelfManagedEventSource'), 'Endpoints'), 'KafkaBootstrapServers');
  let source: Source | undefined;
  if (selfManaged) source = { type: 'kafka', key: 'Stream', bootstrapServers: { value: w.value(selfManaged), range: selfManaged.range } };
  else source = w.source(get(r.props, 'EventSourceArn'));
  if (!source) {
    if (config.Topics) source = msk;
    else if (config.Queues) source = mq;
    else if (config.DocumentDBEventSourceConfig) source = documentDb;
  }
  if (source?.bootstrapServers) config.KafkaBootstrapServers = source.bootstrapServers;
  if (source) alias(config, 'EventSourceArn', source.key);
  w.add(fn, r, source?.type ?? 'other', config);
};

const snsSubscription: Wirer = (r, w) => {
  if (w.text(get(r.props, 'Protocol'))?.toLowerCase() !== 'lambda') return;
  const fn = w.link(get(r.props, 'Endpoint'));
  if (!fn) return;
  const config = w.entries(r.props);
  alias(config, 'TopicArn', 'Topic');
  w.add(fn, r, 'sns', config);
};

/** A topic's inline `Subscription` list: each `Protocol: lambda` item is a trigger at that item. */
const snsTopic: Wirer = (r, w) => {
  for (const item of items(get(r.props, 'Subscription'))) {
    if (w.text(get(item, 'Protocol'))?.toLowerCase() !== 'lambda') continue;
    const fn = w.link(get(item, 'Endpoint'));
    if (!fn) continue;
    const config = w.entries(item);
    config.Topic = refTo(r.id, item.range);
    w.add(fn, r, 'sns', config, item.range);
  }
};

const eventsRule: Wirer = (r, w) => {
  const rule = w.entries(r.props);
  delete rule.Targets;
  const pattern = rule.EventPattern;
  // EventPattern may be written as a JSON string.
  if (pattern && typeof pattern.value === 'string') {
    try {
      rule.EventPattern = { value: JSON.parse(pattern.value) as Value, range: pattern.range };
    } catch {
      // Not JSON: kept as written.
    }
  }
  const isSchedule = rule.ScheduleExpression !== undefined;
  for (const target of items(get(r.props, 'Targets'))) {
    const fn = w.link(get(target, 'Arn'));
    if (!fn) continue;
    const config = { ...rule, ...w.entries(target) };
    delete config.Arn;
    delete config.Id;
    alias(config, 'ScheduleExpression', 'Schedule');
    alias(config, 'EventPattern', 'Pattern');
    w.add(fn, r, isSchedule ? 'schedule' : 'eventbridge', config);
  }
};

const schedulerSchedule: Wirer = (r, w) => {
  const target = get(r.props, 'Target');
  const fn = w.link(get(target, 'Arn'));
  if (!fn) return;
  const config = { ...w.entries(r.props), ...w.entries(target) };
  delete config.Target;
  delete config.Arn;
  delete config.RoleArn;
  w.add(fn, r, 'schedule', config);
};

const s3Bucket: Wirer = (r, w) => {
  const notifications = get(get(r.props, 'NotificationConfiguration'), 'LambdaConfigurations');
  const nameNode = get(r.props, 'BucketName');
  const bucketName = w.text(nameNode);
  for (const item of items(notifications)) {
    const fn = w.link(get(item, 'Function'));
    if (!fn) continue;
    const config = w.entries(item);
    config.Bucket = bucketName !== undefined && nameNode ? { value: bucketName, range: nameNode.range } : refTo(r.id, item.range);
    alias(config, 'Event', 'Events');
    w.add(fn, r, 's3', config, item.range);
  }
};

const functionUrl: Wirer = (r, w) => {
  const fn = w.link(get(r.props, 'TargetFunctionArn'));
  if (fn) w.add(fn, r, 'functionUrl', w.entries(r.props));
};

/** An ALB target group of type `lambda`; the listener rules that forward to it give the path and method. */
const targetGroup: Wirer = (r, w) => {
  if (w.text(get(r.props, 'TargetType'))?.toLowerCase() !== 'lambda') return;
  for (const target of items(get(r.props, 'Targets'))) {
    const fn = w.link(get(target, 'Id'));
    if (!fn) continue;
    const config = w.entries(r.props);
    delete config.Targets;
    const rule = listenerRuleFor(r.id, w);
    if (rule) Object.assign(config, rule);
    w.add(fn, r, 'alb', config);
  }
};

/** The first listener rule (or listener default action) forwarding to a target group, as SF-style `conditions`. */
function listenerRuleFor(targetGroupId: string, w: Wiring): Record<string, Located> | undefined {
  for (const res of w.resources) {
    const isRule = res.type === 'AWS::ElasticLoadBalancingV2::ListenerRule';
    if (!isRule && res.type !== 'AWS::ElasticLoadBalancingV2::Listener') continue;
    const actions = get(res.props, isRule ? 'Actions' : 'DefaultActions');
    if (!resourceRefs(actions).some((ref) => ref.id === targetGroupId)) continue;
    const out: Record<string, Located> = {};
    const priority = get(res.props, 'Priority');
    if (priority) out.priority = { value: w.value(priority), range: priority.range };
    const conditionsNode = get(res.props, 'Conditions');
    if (conditionsNode) {
      const conditions: { [key: string]: Value } = {};
      for (const c of items(conditionsNode)) {
        const field = w.text(get(c, 'Field'));
        const key = field === 'path-pattern' ? 'path' : field === 'http-request-method' ? 'method' : field === 'host-header' ? 'host' : undefined;
        const config = field === 'path-pattern' ? 'PathPatternConfig' : field === 'http-request-method' ? 'HttpRequestMethodConfig' : 'HostHeaderConfig';
        const values = get(get(c, config), 'Values') ?? get(c, 'Values');
        if (key && values) conditions[key] = w.value(values);
      }
      out.conditions = { value: conditions, range: conditionsNode.range };
    }
    return out;
  }
  return undefined;
}

const pipeParameterKeys = [
  'SqsQueueParameters', 'KinesisStreamParameters', 'DynamoDBStreamParameters', 'ManagedStreamingKafkaParameters',
  'SelfManagedKafkaParameters', 'ActiveMQBrokerParameters', 'RabbitMQBrokerParameters',
];

/** An EventBridge pipe: its source invokes the target function (and the enrichment function) with batches. */
const pipe: Wirer = (r, w) => {
  const sourceNode = get(r.props, 'Source');
  const parameters = get(r.props, 'SourceParameters');
  const source = w.source(sourceNode);
  const config: Record<string, Located> = { ...w.entries(r.props) };
  // The source's parameters are flattened below; the targets are the functions themselves.
  for (const key of ['SourceParameters', 'Target', 'TargetParameters', 'Enrichment', 'EnrichmentParameters', 'RoleArn']) delete config[key];
  for (const key of pipeParameterKeys) Object.assign(config, w.entries(get(parameters, key)));
  const filter = get(parameters, 'FilterCriteria');
  if (filter) config.FilterCriteria = { value: w.value(filter), range: filter.range };
  if (source) alias(config, 'Source', source.key);
  alias(config, 'TopicName', 'Topics');
  alias(config, 'QueueName', 'Queues');
  const sourceText = sourceNode ? w.text(sourceNode) : undefined;
  if (sourceText?.startsWith('smk://') && sourceNode) config.KafkaBootstrapServers = { value: sourceText.slice(6).split(','), range: sourceNode.range };
  for (const key of ['Target', 'Enrichment']) {
    const fn = w.link(get(r.props, key));
    if (fn) w.add(fn, r, source?.type ?? 'other', config);
  }
};

const logSubscription: Wirer = (r, w) => {
  const fn = w.link(get(r.props, 'DestinationArn'));
  if (fn) w.add(fn, r, 'cloudwatchLog', w.entries(r.props));
};

const iotRule: Wirer = (r, w) => {
  const payload = get(r.props, 'TopicRulePayload');
  for (const action of items(get(payload, 'Actions'))) {
    const fn = w.link(get(get(action, 'Lambda'), 'FunctionArn'));
    if (!fn) continue;
    const config = w.entries(payload);
    delete config.Actions;
    delete config.ErrorAction;
    const name = get(r.props, 'RuleName');
    if (name) config.RuleName = { value: w.value(name), range: name.range };
    w.add(fn, r, 'iot', config);
  }
};

/** A user pool's `LambdaConfig`: one trigger per function, listing the Cognito triggers it handles. */
const userPool: Wirer = (r, w) => {
  const lambdaConfig = get(r.props, 'LambdaConfig');
  if (lambdaConfig?.kind !== 'map') return;
  const byFn = new Map<FunctionDef, { names: string[]; range: SourceRange }>();
  for (const e of lambdaConfig.entries) {
    const trigger = cognitoKeys[e.key];
    if (!trigger) continue;
    const target = e.value.kind === 'map' ? get(e.value, 'LambdaArn') : e.value;
    const fn = w.link(target);
    if (!fn) continue;
    const seen = byFn.get(fn) ?? { names: [], range: { start: e.keyRange.start, end: e.value.range.end } };
    seen.names.push(trigger);
    byFn.set(fn, seen);
  }
  for (const [fn, { names, range }] of byFn) {
    w.add(fn, r, 'cognito', { UserPool: refTo(r.id, r.typeRange), Trigger: { value: names, range } }, range, { start: range.start, end: range.start });
  }
};

/**
 * API Gateway v2 integrations: the routes that target an integration give WebSocket route keys or
 * HTTP API `METHOD /path`s; the API's `ProtocolType` tells which.
 */
const apiV2Integration: Wirer = (r, w) => {
  const fn = w.link(get(r.props, 'IntegrationUri'));
  if (!fn) return;
  const apiId = resourceRefs(get(r.props, 'ApiId'))[0]?.id;
  const api = apiId ? w.resource(apiId) : undefined;
  const protocol = api ? w.text(get(api.props, 'ProtocolType'))?.toUpperCase() : undefined;
  const routes = w.resources.filter((x) => x.type === 'AWS::ApiGatewayV2::Route' && resourceRefs(get(x.props, 'Target')).some((ref) => ref.id === r.id));
  const websocket = protocol === 'WEBSOCKET' || (protocol === undefined && routes.some((x) => /^\$/.test(w.text(get(x.props, 'RouteKey')) ?? '')));
  if (routes.length === 0) {
    w.add(fn, r, websocket ? 'websocket' : 'httpApi', w.entries(r.props));
    return;
  }
  for (const route of routes) {
    const config = w.entries(route.props);
    const keyNode = get(route.props, 'RouteKey');
    const key = w.text(keyNode);
    if (websocket) {
      alias(config, 'RouteKey', 'route');
      w.add(fn, route, 'websocket', config);
      continue;
    }
    const m = key ? /^(\S+)\s+(\S+)$/.exec(key) : null;
    if (m && keyNode) {
      config.Method = { value: m[1], range: keyNode.range };
      config.Path = { value: m[2], range: keyNode.range };
    }
    w.add(fn, route, 'httpApi', config);
  }
};

/** A REST API method whose integration invokes the function (`…/functions/${Fn.Arn}/invocations`). */
const restMethod: Wirer = (r, w) => {
  const integration = get(r.props, 'Integration');
  const type = w.text(get(integration, 'Type'))?.toUpperCase();
  if (type !== 'AWS_PROXY' && type !== 'AWS') return;
  const fn = w.link(get(integration, 'Uri'));
  if (!fn) return;
  const config = { ...w.entries(r.props), ...w.invocationType(integration) };
  alias(config, 'HttpMethod', 'Method');
  const path = restPath(get(r.props, 'ResourceId'), w);
  const resourceId = get(r.props, 'ResourceId');
  if (path !== undefined && resourceId) config.Path = { value: path, range: resourceId.range };
  w.add(fn, r, 'http', config);
};

/** The path of a REST API resource: its `PathPart`s up to the API's root. */
function restPath(node: LNode | undefined, w: Wiring): string | undefined {
  const parts: string[] = [];
  let ref = resourceRefs(node)[0];
  for (let i = 0; i < 32; i++) {
    if (!ref) return undefined;
    const res = w.resource(ref.id);
    // `!GetAtt Api.RootResourceId` (or the API itself) ends the walk.
    if (!res || res.type !== 'AWS::ApiGateway::Resource') return res?.type === 'AWS::ApiGateway::RestApi' || ref.attribute === 'RootResourceId' ? `/${parts.join('/')}` : undefined;
    const part = w.text(get(res.props, 'PathPart'));
    if (part === undefined) return undefined;
    parts.unshift(part);
    ref = resourceRefs(get(res.props, 'ParentId'))[0];
  }
  return undefined;
}

const openApiMethods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace', 'x-amazon-apigateway-any-method'];

/**
 * An OpenAPI definition (SAM `DefinitionBody`, API Gateway `Body`): each operation whose
 * `x-amazon-apigateway-integration.uri` invokes a function is a route of it, at the operation.
 */
function openApiRoutes(r: Resource, w: Wiring, body: LNode | undefined, type: 'http' | 'httpApi'): void {
  const paths = get(body, 'paths');
  if (paths?.kind !== 'map') return;
  for (const p of paths.entries) {
    if (p.value.kind !== 'map') continue;
    for (const op of p.value.entries) {
      if (!openApiMethods.includes(op.key.toLowerCase())) continue;
      const integration = get(op.value, 'x-amazon-apigateway-integration');
      const fn = w.link(get(integration, 'uri'));
      if (!fn) continue;
      const method = op.key.toLowerCase() === 'x-amazon-apigateway-any-method' ? 'ANY' : op.key.toUpperCase();
      const config: Record<string, Located> = {
        Method: { value: method, range: op.keyRange },
        Path: { value: p.key, range: p.keyRange },
        [type === 'http' ? 'RestApiId' : 'ApiId']: refTo(r.id, r.typeRange),
        ...w.invocationType(integration),
      };
      w.add(fn, r, type, config, { start: op.keyRange.start, end: op.value.range.end }, op.keyRange);
    }
  }
}

/** SAM `Auth.Authorizers.<Name>.FunctionArn`: the authorizer function is invoked for the API's requests. */
function samAuthorizers(r: Resource, w: Wiring, type: 'http' | 'httpApi'): void {
  const authorizers = get(get(r.props, 'Auth'), 'Authorizers');
  if (authorizers?.kind !== 'map') return;
  for (const a of authorizers.entries) {
    const fn = w.link(get(a.value, 'FunctionArn'));
    if (!fn) continue;
    const config = w.entries(a.value);
    // REST authorizers default to TOKEN; HTTP API Lambda authorizers are REQUEST authorizers.
    const payload = w.text(get(a.value, 'FunctionPayloadType'));
    config.AuthorizerType = { value: type === 'httpApi' ? 'REQUEST' : (payload ?? 'TOKEN').toUpperCase(), range: a.keyRange };
    w.add(fn, r, type, config, { start: a.keyRange.start, end: a.value.range.end }, a.keyRange);
  }
}

const samApi: Wirer = (r, w) => {
  openApiRoutes(r, w, get(r.props, 'DefinitionBody'), 'http');
  samAuthorizers(r, w, 'http');
};

const samHttpApi: Wirer = (r, w) => {
  openApiRoutes(r, w, get(r.props, 'DefinitionBody'), 'httpApi');
  samAuthorizers(r, w, 'httpApi');
};

const restApi: Wirer = (r, w) => openApiRoutes(r, w, get(r.props, 'Body'), 'http');

/** An HTTP or WebSocket API: an OpenAPI `Body`, or quick create (`Target`: one `$default` route). */
const apiV2: Wirer = (r, w) => {
  openApiRoutes(r, w, get(r.props, 'Body'), 'httpApi');
  const fn = w.link(get(r.props, 'Target'));
  if (fn) w.add(fn, r, 'httpApi', w.entries(r.props));
};

/** A Lambda authorizer of a REST API (`Type: TOKEN|REQUEST`) or of an HTTP/WebSocket API. */
const authorizer: Wirer = (r, w) => {
  const fn = w.link(get(r.props, 'AuthorizerUri'));
  if (!fn) return;
  const config = w.entries(r.props);
  if (r.type === 'AWS::ApiGateway::Authorizer') {
    alias(config, 'Type', 'AuthorizerType');
    w.add(fn, r, 'http', config);
    return;
  }
  const apiId = resourceRefs(get(r.props, 'ApiId'))[0]?.id;
  const api = apiId ? w.resource(apiId) : undefined;
  const websocket = api !== undefined && w.text(get(api.props, 'ProtocolType'))?.toUpperCase() === 'WEBSOCKET';
  w.add(fn, r, websocket ? 'websocket' : 'httpApi', config);
};

/** A custom resource: CloudFormation invokes its `ServiceToken` function on create, update and delete. */
const customResource: Wirer = (r, w) => {
  const fn = w.link(get(r.props, 'ServiceToken'));
  if (fn) w.add(fn, r, 'other', w.entries(r.props));
};

/** Firehose data transformation: a `Lambda` processor of any destination's `ProcessingConfiguration`. */
const deliveryStream: Wirer = (r, w) => {
  if (r.props?.kind !== 'map') return;
  for (const destination of r.props.entries) {
    if (!destination.key.endsWith('DestinationConfiguration')) continue;
    const processing = get(destination.value, 'ProcessingConfiguration');
    for (const processor of items(get(processing, 'Processors'))) {
      const arn = items(get(processor, 'Parameters')).find((p) => w.text(get(p, 'ParameterName')) === 'LambdaArn');
      const fn = w.link(get(arn, 'ParameterValue'));
      if (!fn) continue;
      const config = w.entries(r.props);
      w.add(fn, r, 'other', config, processor.range);
    }
  }
};

/** An SES receipt rule with a Lambda action: received mail invokes the function. */
const receiptRule: Wirer = (r, w) => {
  const rule = get(r.props, 'Rule');
  for (const action of items(get(rule, 'Actions'))) {
    const lambda = get(action, 'LambdaAction');
    const fn = w.link(get(lambda, 'FunctionArn'));
    if (!fn) continue;
    w.add(fn, r, 'other', { ...w.entries(rule), ...w.entries(lambda) }, action.range);
  }
};

/** An account-level subscription filter policy whose `DestinationArn` is a function. */
const accountPolicy: Wirer = (r, w) => {
  if (w.text(get(r.props, 'PolicyType')) !== 'SUBSCRIPTION_FILTER_POLICY') return;
  const documentNode = get(r.props, 'PolicyDocument');
  const fn = w.link(documentNode);
  if (!fn || !documentNode) return;
  const config = w.entries(r.props);
  const template = documentNode.kind === 'intrinsic' && documentNode.arg.kind === 'scalar' ? documentNode.arg.value : documentNode.kind === 'scalar' ? documentNode.value : undefined;
  try {
    const policy = typeof template === 'string' ? (JSON.parse(template) as Record<string, unknown>) : {};
    if (typeof policy.FilterPattern === 'string') config.FilterPattern = { value: policy.FilterPattern, range: documentNode.range };
  } catch {
    // A policy that is no JSON text: no filter pattern to show.
  }
  w.add(fn, r, 'cloudwatchLog', config);
};

/**
 * A Step Functions state machine whose definition (inline, `DefinitionString`, or the `DefinitionSubstitutions`
 * of a definition file) names the function: its Task states invoke it with the state's input. The role's
 * policies (`LambdaInvokePolicy`) only allow the call, so they are not read.
 */
const stateMachine: Wirer = (r, w) => {
  const definition = ['Definition', 'DefinitionString', 'DefinitionSubstitutions'].map((k) => get(r.props, k));
  const fns = new Set(definition.flatMap((d) => w.linkAll(d)));
  // A Task state may name the function by its deployed name or ARN (`FunctionName: MyLambdaFunction`).
  const inline = get(r.props, 'Definition');
  for (const target of inline ? taskTargets(inline) : []) {
    const fn = w.link(target);
    if (fn) fns.add(fn);
  }
  const props = w.entries(r.props);
  const config = pick(props, ['Name', 'StateMachineName', 'StateMachineType', 'DefinitionUri']);
  if (props.Type && !config.StateMachineType) config.StateMachineType = props.Type;
  for (const fn of fns) w.add(fn, r, 'other', config);
};

/** An AppSync Lambda data source (`LambdaConfig.LambdaFunctionArn`): resolvers invoke the function. */
const appSyncDataSource: Wirer = (r, w) => {
  const fn = w.link(get(get(r.props, 'LambdaConfig'), 'LambdaFunctionArn'));
  if (fn) w.add(fn, r, 'other', pick(w.entries(r.props), ['Name', 'Type', 'ApiId']));
};

/** An AppSync API's Lambda authorizer (`LambdaAuthorizerConfig.AuthorizerUri`, also as an additional provider). */
const appSyncApi: Wirer = (r, w) => {
  const configs = [get(r.props, 'LambdaAuthorizerConfig'), ...items(get(r.props, 'AdditionalAuthenticationProviders')).map((p) => get(p, 'LambdaAuthorizerConfig'))];
  for (const c of configs) {
    const fn = w.link(get(c, 'AuthorizerUri'));
    if (fn && c) w.add(fn, r, 'other', { ...pick(w.entries(r.props), ['Name']), AuthenticationType: { value: 'AWS_LAMBDA', range: c.range } }, c.range);
  }
};

/** SAM's GraphQL API: `DataSources.Lambda.<name>.FunctionArn` and the `Auth` Lambda authorizer. */
const samGraphQlApi: Wirer = (r, w) => {
  const lambdas = get(get(r.props, 'DataSources'), 'Lambda');
  if (lambdas?.kind === 'map') {
    for (const e of lambdas.entries) {
      const fn = w.link(get(e.value, 'FunctionArn'));
      if (fn) w.add(fn, r, 'other', { DataSource: { value: e.key, range: e.keyRange } }, { start: e.keyRange.start, end: e.value.range.end });
    }
  }
  const auth = get(r.props, 'Auth');
  for (const a of [auth, ...items(get(auth, 'Additional'))]) {
    const lambda = get(a, 'LambdaAuthorizer');
    const fn = w.link(get(lambda, 'AuthorizerUri'));
    if (fn && lambda) w.add(fn, r, 'other', { AuthenticationType: { value: 'AWS_LAMBDA', range: lambda.range } }, lambda.range);
  }
};

/** Lambda destinations: Lambda invokes the function with the outcome of another function's asynchronous invocation. */
function destinations(r: Resource, w: Wiring, config: LNode | undefined): void {
  for (const outcome of ['OnSuccess', 'OnFailure']) {
    const target = get(get(config, outcome), 'Destination');
    const fn = w.link(target);
    if (fn && target) w.add(fn, r, 'other', { Destination: { value: outcome, range: target.range } }, target.range);
  }
}

const eventInvokeConfig: Wirer = (r, w) => destinations(r, w, get(r.props, 'DestinationConfig'));

/** A SAM function's `EventInvokeConfig.DestinationConfig` with `Type: Lambda` destinations. */
const samFunction: Wirer = (r, w) => destinations(r, w, get(get(r.props, 'EventInvokeConfig'), 'DestinationConfig'));

/** An IoT Core custom authorizer: device connections invoke the function. */
const iotAuthorizer: Wirer = (r, w) => {
  const fn = w.link(get(r.props, 'AuthorizerFunctionArn'));
  if (fn) w.add(fn, r, 'other', pick(w.entries(r.props), ['AuthorizerName', 'TokenKeyName', 'SigningDisabled']));
};

/** An S3 Object Lambda access point: GET (or HEAD, LIST) requests through it invoke the transforming function. */
const objectLambdaAccessPoint: Wirer = (r, w) => {
  for (const t of items(get(get(r.props, 'ObjectLambdaConfiguration'), 'TransformationConfigurations'))) {
    const fn = w.link(get(get(get(t, 'ContentTransformation'), 'AwsLambda'), 'FunctionArn'));
    if (fn) w.add(fn, r, 'other', pick(w.entries(t), ['Actions']), t.range);
  }
};

/** A VPC Lattice target group of `Type: LAMBDA`: the service network's HTTP requests invoke its target functions. */
const latticeTargetGroup: Wirer = (r, w) => {
  if (w.text(get(r.props, 'Type'))?.toUpperCase() !== 'LAMBDA') return;
  const config = { ...pick(w.entries(r.props), ['Name']), ...pick(w.entries(get(r.props, 'Config')), ['LambdaEventStructureVersion']) };
  for (const target of items(get(r.props, 'Targets'))) {
    const fn = w.link(get(target, 'Id'));
    if (fn) w.add(fn, r, 'other', config, target.range);
  }
};

/** The entries of `config` named in `keys`. */
function pick(config: Record<string, Located>, keys: readonly string[]): Record<string, Located> {
  return Object.fromEntries(keys.filter((k) => config[k]).map((k) => [k, config[k]]));
}

const wirers: Record<string, Wirer> = {
  'AWS::Lambda::EventSourceMapping': eventSourceMapping,
  'AWS::SNS::Subscription': snsSubscription,
  'AWS::SNS::Topic': snsTopic,
  'AWS::Events::Rule': eventsRule,
  'AWS::Scheduler::Schedule': schedulerSchedule,
  'AWS::S3::Bucket': s3Bucket,
  'AWS::Lambda::Url': functionUrl,
  'AWS::ElasticLoadBalancingV2::TargetGroup': targetGroup,
  'AWS::Pipes::Pipe': pipe,
  'AWS::Logs::SubscriptionFilter': logSubscription,
  'AWS::IoT::TopicRule': iotRule,
  'AWS::Cognito::UserPool': userPool,
  'AWS::ApiGatewayV2::Integration': apiV2Integration,
  'AWS::ApiGateway::Method': restMethod,
  'AWS::ApiGateway::RestApi': restApi,
  'AWS::ApiGatewayV2::Api': apiV2,
  'AWS::Serverless::Api': samApi,
  'AWS::Serverless::HttpApi': samHttpApi,
  'AWS::ApiGateway::Authorizer': authorizer,
  'AWS::ApiGatewayV2::Authorizer': authorizer,
  'AWS::CloudFormation::CustomResource': customResource,
  'AWS::KinesisFirehose::DeliveryStream': deliveryStream,
  'AWS::SES::ReceiptRule': receiptRule,
  'AWS::Logs::AccountPolicy': accountPolicy,
  'AWS::StepFunctions::StateMachine': stateMachine,
  'AWS::Serverless::StateMachine': stateMachine,
  'AWS::AppSync::DataSource': appSyncDataSource,
  'AWS::AppSync::GraphQLApi': appSyncApi,
  'AWS::Serverless::GraphQLApi': samGraphQlApi,
  'AWS::Lambda::EventInvokeConfig': eventInvokeConfig,
  'AWS::Serverless::Function': samFunction,
  'AWS::IoT::Authorizer': iotAuthorizer,
  'AWS::S3ObjectLambda::AccessPoint': objectLambdaAccessPoint,
  'AWS::VpcLattice::TargetGroup': latticeTargetGroup,
};

function wirerFor(type: string): Wirer | undefined {
  return wirers[type] ?? (type.startsWith('Custom::') ? customResource : undefined);
}

/** The resource types that can wire a trigger to a function (for docs and tests). */
export const wiringResourceTypes: readonly string[] = Object.keys(wirers);

/**
 * The logical id the Serverless Framework gives a function's `AWS::Lambda::Function`: the function key
 * with its first letter upper-cased, `-` written `Dash` and `_` written `Underscore`, then `LambdaFunction`
 * (`get-user` → `GetDashuserLambdaFunction`).
 */
export function serverlessFunctionLogicalId(key: string): string {
  const normalized = key.replace(/-/g, 'Dash').replace(/_/g, 'Underscore');
  return `${normalized.charAt(0).toUpperCase()}${normalized.slice(1)}LambdaFunction`;
}

/** Wires the triggers of a serverless.yml's `resources.Resources` to its functions. */
export function wireServerlessResources(resources: LNode | undefined, functions: readonly FunctionDef[], resolve: (text: string) => Value): void {
  const byLogicalId = new Map(functions.map((f) => [serverlessFunctionLogicalId(f.name), f]));
  wireResourceTriggers({ resources, functions: byLogicalId, value: (n) => toValue(n, resolve), entries: (n) => locatedEntries(n, resolve) });
}
