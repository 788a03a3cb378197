/**
 * The local side of the cloud for local runs: the Lambda endpoint that workers reach through
 * `AWS_ENDPOINT_URL_LAMBDA`, the flows runs belong to, and the environment each worker gets (endpoint, placeholder
 * credentials when the machine has none, local values for the resources its environment refers to). Every local
 * invocation goes through here, so a handler that invokes another function of the workspace runs it locally and
 * the call shows up as a child in its flow. Nothing leaves the machine for those calls.
 */
import { createHash, randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { LocalInvokeRequest } from '../invoke/localRuntime';
import { traceRoot } from '../invoke/traceId';
import type { FunctionDef, Project, Value } from '../model/types';
import { isUnresolved } from '../model/types';
import type { InvokeResult } from '../shared/invokeResult';
import type { FlowInvocation, FlowInvokeRequest, FlowOptions, FlowResult, RootOptions, TraceRegistry } from './flowRun';
import { FlowRun } from './flowRun';
import type { RawRequest, RawResponse } from './localEndpoint';
import { jsonError, LocalEndpoint } from './localEndpoint';
import { LOCAL_ACCOUNT } from './records';
import { dynamodbService } from './services/dynamodbService';
import { LocalState } from './services/localState';
import { eventsService, lambdaService, snsService, sqsService, statesService } from './services/messagingServices';
import { s3Service } from './services/s3Service';
import type { ServiceContext } from './services/serviceContext';
import type { FlowFunction, Topology } from './topology';
import { buildTopology, logicalIdIn } from './topology';

export interface LocalCloudOptions {
  /** Runs one invocation on the local runtime. */
  runtime: (req: LocalInvokeRequest) => Promise<InvokeResult>;
  /** The projects of the workspace (read when a flow starts). */
  projects: () => Project[];
  hostEnv: Record<string, string | undefined>;
  /** Home folder where `~/.aws` would be (tests point it elsewhere). */
  homeDir?: string;
  region?: string;
  /** Log text of any invocation of any flow, as it is written (the Logs view's local source). */
  onLog?: (flow: FlowRecord, inv: FlowInvocation, text: string) => void;
  /** An invocation of any flow ended. */
  onInvocation?: (flow: FlowRecord, inv: FlowInvocation) => void;
  /**
   * Where handlers' calls to SQS, SNS, EventBridge, DynamoDB, S3 and Step Functions go: `local` (the default)
   * to the local services, `aws` to AWS with the machine's credentials. Lambda Invoke is always local.
   */
  awsServices?: () => 'local' | 'aws';
  /**
   * How many invocations of one function may run at once (default 10): a synchronous invoke beyond it is throttled
   * with `TooManyRequestsException`, so a handler that invokes itself without end stops.
   */
  concurrency?: number;
}

/** The services the local cloud answers, by signing name, with the variable that points an SDK at it. */
const emulated: Record<string, { env: string; answer: (req: RawRequest, ctx: ServiceContext) => Promise<RawResponse> }> = {
  sqs: { env: 'AWS_ENDPOINT_URL_SQS', answer: sqsService },
  sns: { env: 'AWS_ENDPOINT_URL_SNS', answer: snsService },
  events: { env: 'AWS_ENDPOINT_URL_EVENTBRIDGE', answer: eventsService },
  dynamodb: { env: 'AWS_ENDPOINT_URL_DYNAMODB', answer: dynamodbService },
  s3: { env: 'AWS_ENDPOINT_URL_S3', answer: s3Service },
  states: { env: 'AWS_ENDPOINT_URL_SFN', answer: statesService },
};

/** A flow as the views keep it: the run, what started it, and whether it is still going. */
export interface FlowRecord {
  id: string;
  title: string;
  /** What started it: a flow command, a plain invoke, or a call to the endpoint from outside any flow. */
  origin: 'flow' | 'invoke' | 'endpoint';
  startedAt: number;
  run: FlowRun;
  done: boolean;
  result?: FlowResult;
}

export class LocalCloud implements TraceRegistry {
  /** A secret path prefix: only workers this process started know the endpoint's URL. */
  private readonly token = `local-${randomBytes(12).toString('hex')}`;
  private readonly endpoint = new LocalEndpoint((req) => this.route(req), `/${this.token}`);
  /** Tables, buckets and executions of the local services (kept across flows, in memory). */
  readonly state = new LocalState();
  private readonly traces = new Map<string, { run: FlowRun; invocationId: string }>();
  /** Functions with an invocation in progress: a synchronous call into one of them would wait on itself. */
  private readonly running = new Map<string, number>();
  private readonly flows: FlowRecord[] = [];
  private flowCounter = 0;
  private credentials?: Promise<boolean>;
  private readonly changeListeners = new Set<(flow: FlowRecord) => void>();
  private readonly finishing = new Set<Promise<FlowResult>>();

  constructor(private readonly options: LocalCloudOptions) {}

  /** Called when a flow starts, one of its invocations ends, or it finishes. */
  onDidChangeFlows(listener: (flow: FlowRecord) => void): { dispose: () => void } {
    this.changeListeners.add(listener);
    return { dispose: () => this.changeListeners.delete(listener) };
  }

  private changed(record: FlowRecord): void {
    for (const l of this.changeListeners) l(record);
  }

  /** The runtime's `serviceEnv` hook: endpoint, credentials and resource values for one function's workers. */
  async serviceEnv(fn: FunctionDef, project: Project): Promise<Record<string, string>> {
    const [url, credentials] = await Promise.all([this.endpointUrl(), this.hasCredentials()]);
    const env: Record<string, string> = { AWS_ENDPOINT_URL_LAMBDA: url };
    if ((this.options.awsServices?.() ?? 'local') === 'local') for (const s of Object.values(emulated)) env[s.env] = url;
    if (!credentials) {
      // Placeholder credentials so the SDK signs calls to the local endpoint; they open nothing on AWS.
      env.AWS_ACCESS_KEY_ID = 'ASIALOCALFLOWS000000';
      env.AWS_SECRET_ACCESS_KEY = 'local-flows-placeholder-secret';
    }
    Object.assign(env, localResourceValues(fn, project, this.options.region ?? 'us-east-1', this.options.projects()));
    return env;
  }

  /** The endpoint's URL, with its secret prefix (started on first use). */
  async endpointUrl(): Promise<string> {
    const base = await this.endpoint.start();
    return `${base}/${this.token}`;
  }

  /** Starts a flow: the view or the CLI adds its entry (a run, messages, events) and then calls `finish`. */
  startFlow(title: string, options: Omit<FlowOptions, 'traces'> = {}, origin: FlowRecord['origin'] = 'flow'): FlowRecord {
    const topology = buildTopology(this.options.projects());
    const record: FlowRecord = { id: `flow-${++this.flowCounter}`, title, origin, startedAt: Date.now(), run: undefined as unknown as FlowRun, done: false };
    record.run = new FlowRun(topology, (req) => this.runOne(req), {
      region: this.options.region,
      ...options,
      traces: this,
      onInvocation: (inv: FlowInvocation) => {
        options.onInvocation?.(inv);
        this.options.onInvocation?.(record, inv);
        this.changed(record);
      },
      onLog: (inv, text) => {
        options.onLog?.(inv, text);
        this.options.onLog?.(record, inv, text);
      },
    });
    this.flows.push(record);
    if (this.flows.length > 50) this.flows.shift();
    this.changed(record);
    return record;
  }

  /** Drains a flow's pending work and marks it done. */
  finish(record: FlowRecord): Promise<FlowResult> {
    const done = (async (): Promise<FlowResult> => {
      const result = await record.run.run();
      record.done = true;
      record.result = result;
      this.changed(record);
      return result;
    })();
    this.finishing.add(done);
    void done.finally(() => this.finishing.delete(done));
    return done;
  }

  /** Resolves when every flow that is finishing has finished (the CLI waits for this before it exits). */
  async settle(): Promise<void> {
    while (this.finishing.size > 0) await Promise.allSettled([...this.finishing]);
  }

  /**
   * A plain local invoke (Invoke view, CLI `invoke`): the root of a new flow. Resolves with the root's result as
   * soon as it is there; what it invoked or triggered keeps running in `rest`.
   */
  async invoke(target: FlowFunction, event: unknown, root: RootOptions & { onLog?: (t: string) => void; signal?: AbortSignal }): Promise<{ result: InvokeResult; flow: FlowRecord; rest: Promise<FlowResult> }> {
    const flow = this.startFlow(`${target.fn.name}`, { signal: root.signal }, 'invoke');
    const inv = await flow.run.invoke(target, event, { trigger: 'run', root });
    // The runtime refused to run it at all (an Azure function, a compiled runtime): the caller says why.
    if (!flow.run.results.has(inv.id) && inv.error) {
      void this.finish(flow);
      throw new Error(inv.error.errorMessage);
    }
    const full = flow.run.results.get(inv.id) ?? failedResult(target, inv);
    const result = inv.calls.length > 0 ? { ...full, localCalls: [...inv.calls] } : full;
    const rest = this.finish(flow);
    return { result, flow, rest };
  }

  /** Stores an object in a local bucket (creating it from the workspace's declarations if needed). */
  putObject(bucket: string, key: string, body: Buffer): void {
    const projects = this.options.projects();
    this.state.sync(projects, buildTopology(projects));
    const b = this.state.buckets.get(bucket);
    if (!b) throw new Error(`${bucket} is not a bucket of the workspace`);
    b.objects.set(key, { body, etag: `"${createHash('md5').update(body).digest('hex')}"`, lastModified: Date.now(), metadata: {} });
  }

  flowList(): readonly FlowRecord[] {
    return this.flows;
  }

  clearFlows(): void {
    const running = this.flows.filter((f) => !f.done);
    this.flows.splice(0, this.flows.length, ...running);
  }

  topology(): Topology {
    return buildTopology(this.options.projects());
  }

  register(traceId: string, run: FlowRun, invocationId: string): void {
    const root = traceRoot(traceId);
    if (root) this.traces.set(root, { run, invocationId });
  }

  unregister(traceId: string): void {
    const root = traceRoot(traceId);
    if (root) this.traces.delete(root);
  }

  dispose(): void {
    this.endpoint.close();
  }

  private async runOne(req: FlowInvokeRequest): Promise<InvokeResult> {
    const { target, root } = req;
    this.running.set(target.fn.id, (this.running.get(target.fn.id) ?? 0) + 1);
    try {
      return await this.options.runtime({
        fn: target.fn,
        project: target.project,
        event: req.event,
        traceId: req.traceId,
        signal: req.signal,
        onLog: req.onLog,
        coldStart: root?.coldStart,
        region: root?.region,
        debug: root?.debug,
        ...(root?.tenantId ? { tenantId: root.tenantId } : {}),
        ...(root?.onChunk ? { onChunk: root.onChunk } : {}),
      });
    } finally {
      const n = (this.running.get(target.fn.id) ?? 1) - 1;
      if (n <= 0) this.running.delete(target.fn.id);
      else this.running.set(target.fn.id, n);
    }
  }

  /** One request to the local endpoint: the service it is for answers it, in the flow of the calling invocation. */
  private async route(req: RawRequest): Promise<RawResponse> {
    const service = req.service ?? (/^\/20\d\d-\d\d-\d\d\/functions\//.test(req.path) ? 'lambda' : undefined);
    const handler = service === 'lambda' ? lambdaService : service ? emulated[service]?.answer : undefined;
    if (!handler) {
      return jsonError(400, 'UnrecognizedClientException', `The local endpoint answers Lambda, SQS, SNS, EventBridge, DynamoDB, S3 and Step Functions calls; this one is for ${service ?? 'an unknown service'}.`);
    }
    const projects = this.options.projects();
    const known = this.traces.get(traceRoot(typeof req.headers['x-amzn-trace-id'] === 'string' ? req.headers['x-amzn-trace-id'] : undefined) ?? '');
    // A call from outside any running handler (a script, a test) starts a flow of its own.
    const outside = known ? undefined : this.startFlow(`${service} call from outside a flow`, {}, 'endpoint');
    const run = known?.run ?? outside!.run;
    this.state.sync(projects, run.topology);
    const ctx: ServiceContext = {
      caller: { run, invocationId: known?.invocationId },
      topology: run.topology,
      region: req.region ?? this.options.region ?? 'us-east-1',
      state: this.state,
      running: (fnId) => this.running.get(fnId) ?? 0,
      concurrencyLimit: this.options.concurrency ?? 10,
    };
    try {
      return await handler(req, ctx);
    } finally {
      if (outside) void this.finish(outside);
    }
  }

  /** Whether the SDK's default chain could find credentials: environment, or a shared config/credentials file. */
  private hasCredentials(): Promise<boolean> {
    this.credentials ??= (async (): Promise<boolean> => {
      const env = this.options.hostEnv;
      if (env.AWS_ACCESS_KEY_ID || env.AWS_PROFILE || env.AWS_WEB_IDENTITY_TOKEN_FILE || env.AWS_CONTAINER_CREDENTIALS_FULL_URI || env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI) return true;
      const home = this.options.homeDir ?? homedir();
      const files = [env.AWS_SHARED_CREDENTIALS_FILE ?? join(home, '.aws', 'credentials'), env.AWS_CONFIG_FILE ?? join(home, '.aws', 'config')];
      // Either file will do: both are looked for at once.
      const found = await Promise.all(files.map((f) => fsp.access(f).then(() => true, () => false)));
      return found.includes(true);
    })();
    return this.credentials;
  }
}

function failedResult(target: FlowFunction, inv: FlowInvocation): InvokeResult {
  return { target: 'local', functionName: target.fn.deployedName ?? target.fn.name, requestId: inv.requestId ?? inv.id, error: inv.error, logs: inv.logs };
}

/**
 * Local values for environment variables that refer to resources of the workspace (`!Ref NextFunction`,
 * `!GetAtt Queue.Arn`, `!Ref Table`): what the reference would resolve to on AWS, with local names.
 */
export function localResourceValues(fn: FunctionDef, project: Project, region: string, projects: Project[]): Record<string, string> {
  const out: Record<string, string> = {};
  const topology = buildTopology(projects.includes(project) ? projects : [...projects, project]);
  for (const [key, located] of Object.entries(fn.environment)) {
    const v: Value = located.value;
    if (!isUnresolved(v)) continue;
    const sub = subTemplate(v.expr);
    if (sub !== undefined) {
      const value = substitute(sub, (name, attr) => resourceValue(project, name, attr, region, topology), region, project);
      if (value !== undefined) out[key] = value;
      continue;
    }
    const logical = logicalIdIn(v);
    if (!logical) continue;
    const attr = /GetAtt["'\s:[]*"?[A-Za-z0-9]+["'\s,]*\.?([A-Za-z.]+)?/.exec(v.expr)?.[1];
    const value = resourceValue(project, logical, attr, region, topology);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** The template of a one-string `!Sub` / `Fn::Sub` (the list form with its own variables is left alone). */
function subTemplate(expr: string): string | undefined {
  const short = /^!Sub\s+(.*)$/s.exec(expr.trim());
  const long = /^\{?\s*"?Fn::Sub"?\s*:\s*(.*?)\s*\}?$/s.exec(expr.trim());
  const raw = (short ?? long)?.[1]?.trim();
  if (raw === undefined || raw.startsWith('[') || raw.startsWith('-')) return undefined;
  return /^(['"]).*\1$/s.test(raw) ? raw.slice(1, -1) : raw;
}

/** `${AWS::Region}`, `${AWS::AccountId}`, `${Resource}`, `${Resource.Attr}` with local values; undefined if one is unknown. */
function substitute(template: string, resource: (name: string, attr?: string) => string | undefined, region: string, project: Project): string | undefined {
  let ok = true;
  const pseudo: Record<string, string> = {
    'AWS::Region': region,
    'AWS::AccountId': LOCAL_ACCOUNT,
    'AWS::Partition': 'aws',
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::StackName': project.service ?? 'local-stack',
  };
  const out = template.replace(/\$\{([^}!]+)\}/g, (_m, name: string) => {
    const n = name.trim();
    const [id, ...attr] = n.split('.');
    const v = pseudo[n] ?? resource(id, attr.length ? attr.join('.') : undefined);
    if (v === undefined) ok = false;
    return v ?? '';
  });
  return ok ? out : undefined;
}

function resourceValue(project: Project, logicalId: string, attr: string | undefined, region: string, topology: Topology): string | undefined {
  const fn = project.functions.find((f) => f.name === logicalId);
  if (fn) {
    const name = fn.deployedName ?? fn.name;
    return attr === 'Arn' ? `arn:aws:lambda:${region}:${LOCAL_ACCOUNT}:function:${name}` : name;
  }
  const ref = topology.resolve(project, { unresolved: true, expr: `!Ref ${logicalId}` }, 'unknown');
  if (!ref || ref.key.startsWith('unknown:')) return undefined;
  const name = ref.name;
  switch (ref.kind) {
    case 'sqs':
      if (attr === 'Arn') return `arn:aws:sqs:${region}:${LOCAL_ACCOUNT}:${name}`;
      if (attr === 'QueueName') return name;
      return `https://sqs.${region}.amazonaws.com/${LOCAL_ACCOUNT}/${name}`;
    case 'sns':
      if (attr === 'TopicName') return name;
      return `arn:aws:sns:${region}:${LOCAL_ACCOUNT}:${name}`;
    case 'dynamodb':
      if (attr === 'Arn') return `arn:aws:dynamodb:${region}:${LOCAL_ACCOUNT}:table/${name}`;
      if (attr === 'StreamArn') return `arn:aws:dynamodb:${region}:${LOCAL_ACCOUNT}:table/${name}/stream/1970-01-01T00:00:00.000`;
      return name;
    case 'kinesis':
      return attr === 'Arn' ? `arn:aws:kinesis:${region}:${LOCAL_ACCOUNT}:stream/${name}` : name;
    case 's3':
      return attr === 'Arn' ? `arn:aws:s3:::${name.toLowerCase()}` : name.toLowerCase();
    case 'eventbridge':
      return attr === 'Arn' ? `arn:aws:events:${region}:${LOCAL_ACCOUNT}:event-bus/${name}` : name;
    default:
      return undefined;
  }
}
