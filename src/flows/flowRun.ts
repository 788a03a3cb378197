/**
 * One local flow: a function run and everything it invokes or triggers, with Lambda's semantics for each hop —
 * synchronous and asynchronous invokes (retries, event age, destinations, dead-letter queues), SQS event source
 * mappings (batches, batching window, partial batch responses, visibility timeout, redrive to a DLQ), Kinesis and
 * DynamoDB stream mappings (per-shard order, bisect on error, retry limits, on-failure destinations), EventBridge
 * rules, S3 notifications, SNS subscriptions and schedules.
 *
 * Waiting is virtual: a visibility timeout or a retry delay advances a clock instead of sleeping, so a flow that
 * spans minutes on AWS runs in the time its handlers take. Handlers run one at a time in virtual-time order,
 * except that a synchronous invoke from a handler runs while the caller waits (as on Lambda).
 */
import { randomUUID } from 'node:crypto';
import type { LocalInvokeRequest } from '../invoke/localRuntime';
import { newTraceId } from '../invoke/traceId';
import type { InvokeResult, LambdaError } from '../shared/invokeResult';
import { matchesEventPattern } from './eventPattern';
import type { S3Object, SqsMessage, StreamRecord } from './records';
import { dynamodbRecord, eventBridgeEvent, kinesisRecord, LOCAL_ACCOUNT, s3Record, scheduledEvent, snsRecord, sqsRecord } from './records';
import { nextFirings } from './scheduleFirings';
import type { FlowFunction, QueueDef, ScheduleTrigger, SourceRef, StreamSubscription, Topology } from './topology';

/** One invocation of a flow, as the Flow view and `flow --json` show it. */
export interface FlowInvocation {
  id: string;
  parentId?: string;
  /** Logical function name. */
  function: string;
  functionId: string;
  /** What started it: `run`, `invoke`, `event` (async invoke), `sqs:<queue>`, `kinesis:<stream>`, `destination:<kind>`, … */
  trigger: string;
  attempt: number;
  event: unknown;
  result?: unknown;
  error?: LambdaError;
  durationMs: number;
  /** Virtual time (ms from the start of the flow) when it started. */
  at: number;
  requestId?: string;
  coldStart?: boolean;
  logs: string;
  /** What happened to the batch or the event afterwards, in words. */
  notes: string[];
  /** AWS calls the handler made that the local services answered. */
  calls: Array<{ service: string; operation: string; resource?: string }>;
}

export interface DeadLetter {
  queue: string;
  messageId: string;
  body: string;
  receiveCount: number;
}

export interface FlowResult {
  invocations: FlowInvocation[];
  deadLetters: DeadLetter[];
  /** Set when the flow was cut short (invocation budget, virtual time budget, cancellation). */
  stopped?: string;
  /** Virtual time the flow spanned, in ms. */
  virtualMs: number;
}

export interface FlowInvokeRequest {
  target: FlowFunction;
  event: unknown;
  /** Options of the run that started the flow (cold start, debugger, …), for its root invocation only. */
  root?: RootOptions;
  /** `_X_AMZN_TRACE_ID` of the invocation: calls the handler makes through the SDK carry it back. */
  traceId: string;
  signal?: AbortSignal;
  onLog?: (text: string) => void;
}

/** What the Invoke view or the CLI asks of a root invocation besides the event. */
export interface RootOptions {
  coldStart?: boolean;
  /** Log text of the root invocation as it is written. */
  onLog?: (text: string) => void;
  region?: string;
  debug?: LocalInvokeRequest['debug'];
  /** Functions with tenant isolation: the tenant of the root invocation. */
  tenantId?: string;
  /** Response streaming: the root invocation's body as it is written. */
  onChunk?: (data: Buffer) => void;
}

export type FlowInvoker = (req: FlowInvokeRequest) => Promise<InvokeResult>;

/** Maps trace ids of running invocations to their flow, so calls from handlers find their parent. */
export interface TraceRegistry {
  register(traceId: string, run: FlowRun, invocationId: string): void;
  unregister(traceId: string): void;
}

export interface FlowOptions {
  region?: string;
  /** Stop after this many invocations (a retry loop on a failing stream would otherwise run for a day). */
  maxInvocations?: number;
  /** Stop when the virtual clock passes this (ms). */
  maxVirtualMs?: number;
  signal?: AbortSignal;
  traces?: TraceRegistry;
  onInvocation?: (inv: FlowInvocation) => void;
  onLog?: (inv: FlowInvocation, text: string) => void;
  /** Real clock of the flow's start (events carry real timestamps offset by virtual time). */
  startedAt?: number;
}

interface Task {
  at: number;
  seq: number;
  run: () => Promise<void>;
}

interface LocalQueue {
  def: QueueDef;
  messages: SqsMessage[];
  /** Whether a poll is already scheduled at a time. */
  pollAt?: number;
  nextSequence: number;
  deduplication: Map<string, number>;
}

interface Shard {
  records: StreamRecord[];
  /** Index of the first record not yet processed successfully. */
  checkpoint: number;
  busy: boolean;
}

const ASYNC_RETRY_DELAYS_MS = [60_000, 120_000];
const SYNC_PAYLOAD_LIMIT = 6 * 1024 * 1024;

export class FlowRun {
  readonly invocations: FlowInvocation[] = [];
  readonly deadLetters: DeadLetter[] = [];
  /** The full result of each invocation, by invocation id. */
  readonly results = new Map<string, InvokeResult>();
  private readonly tasks: Task[] = [];
  private seq = 0;
  private now = 0;
  private stopped?: string;
  private readonly queues = new Map<string, LocalQueue>();
  private readonly shards = new Map<string, Shard>();
  private readonly region: string;
  private readonly startedAt: number;
  private readonly maxInvocations: number;
  private maxVirtualMs: number;
  private idCounter = 0;

  constructor(
    readonly topology: Topology,
    private readonly invoker: FlowInvoker,
    private readonly options: FlowOptions = {},
  ) {
    this.region = options.region ?? 'us-east-1';
    this.startedAt = options.startedAt ?? Date.now();
    this.maxInvocations = options.maxInvocations ?? 500;
    this.maxVirtualMs = options.maxVirtualMs ?? 24 * 3600_000;
  }

  /** Real time of the virtual clock (what events and messages carry as timestamps). */
  get clock(): number {
    return this.startedAt + this.now;
  }

  // ── entry points ────────────────────────────────────────────────────────────────────────────────────────────

  /** Runs a function with an event now (the root of a flow, or a synchronous invoke from a handler). */
  async invoke(target: FlowFunction, event: unknown, how: { trigger: string; parentId?: string; attempt?: number; root?: RootOptions }): Promise<FlowInvocation> {
    return this.execute(target, event, how.trigger, how.parentId, how.attempt ?? 1, how.root);
  }

  /** Queues an asynchronous invoke (InvocationType Event): retries, event age, destinations and DLQ apply. */
  invokeAsync(target: FlowFunction, event: unknown, parentId: string | undefined, trigger = 'event'): void {
    const requestId = randomUUID();
    const enqueuedAt = this.now;
    const attempt = async (n: number): Promise<void> => {
      const cfg = this.topology.asyncConfig(target);
      if (this.now - enqueuedAt > cfg.maxEventAgeSeconds * 1000) {
        await this.asyncFailure(target, event, parentId, requestId, n - 1, undefined, 'EventAgeExceeded');
        return;
      }
      const inv = await this.execute(target, event, trigger, parentId, n);
      if (!inv.error) {
        if (cfg.onSuccess) await this.sendToDestination(cfg.onSuccess, destinationRecord(target, requestId, event, inv, 'Success', n, this.region, this.clock), inv.id, 'onSuccess');
        return;
      }
      if (n <= cfg.maxRetryAttempts) {
        const delay = ASYNC_RETRY_DELAYS_MS[Math.min(n - 1, ASYNC_RETRY_DELAYS_MS.length - 1)];
        inv.notes.push(`Lambda retries this asynchronous invocation in ${delay / 60_000} min (attempt ${n + 1} of ${cfg.maxRetryAttempts + 1}).`);
        this.schedule(this.now + delay, () => attempt(n + 1));
        return;
      }
      await this.asyncFailure(target, event, parentId, requestId, n, inv, 'RetriesExhausted');
    };
    this.schedule(this.now, () => attempt(1));
  }

  /** Sends messages to a queue (SendMessage/SendMessageBatch); pollers of subscribed functions pick them up. */
  sendMessages(queueKey: string, messages: Array<{ body: string; groupId?: string; deduplicationId?: string; attributes?: SqsMessage['messageAttributes']; delaySeconds?: number }>): SqsMessage[] {
    const q = this.queue(queueKey);
    const out: SqsMessage[] = [];
    for (const m of messages) {
      // FIFO queues drop a message whose deduplication id was seen in the last 5 minutes.
      if (q.def.fifo && m.deduplicationId !== undefined) {
        const seen = q.deduplication.get(m.deduplicationId);
        if (seen !== undefined && this.clock - seen < 300_000) continue;
        q.deduplication.set(m.deduplicationId, this.clock);
      }
      const msg: SqsMessage = {
        messageId: randomUUID(),
        body: m.body,
        messageAttributes: m.attributes ?? {},
        groupId: q.def.fifo ? m.groupId ?? 'default' : undefined,
        deduplicationId: m.deduplicationId,
        sequenceNumber: q.def.fifo ? String(18_000_000_000_000_000_000 + q.nextSequence++) : undefined,
        sentAt: this.clock,
        receiveCount: 0,
        visibleAt: this.now + (m.delaySeconds ?? 0) * 1000,
        receiptHandle: '',
      };
      q.messages.push(msg);
      out.push(msg);
    }
    this.schedulePoll(q, Math.min(...out.map((m) => m.visibleAt), Infinity));
    return out;
  }

  /** Puts records on a Kinesis stream or a DynamoDB table's stream; every subscribed mapping reads them in order. */
  putRecords(stream: SourceRef, records: Array<{ partitionKey: string; data: unknown; eventName?: string }>): void {
    const subs = this.topology.streams.filter((s) => s.stream.key === stream.key);
    for (const sub of subs) {
      const shard = this.shard(sub);
      for (const r of records) {
        shard.records.push({
          sequenceNumber: String(49_000_000_000_000_000_000n + BigInt(shard.records.length)),
          partitionKey: r.partitionKey,
          data: r.data,
          eventName: r.eventName,
          arrivedAt: this.clock,
          eventId: randomUUID().replace(/-/g, ''),
        });
      }
      this.scheduleShard(sub, this.now + sub.windowSeconds * 1000);
    }
  }

  /** PutEvents on a bus: every rule whose pattern matches invokes its function (asynchronously, as EventBridge does). */
  putEvents(entries: Array<{ source: string; detailType: string; detail: unknown; busName?: string; resources?: string[] }>, parentId?: string): number {
    let delivered = 0;
    for (const entry of entries) {
      const bus = entry.busName ? busNameOf(entry.busName) : 'default';
      const event = eventBridgeEvent({ ...entry, time: this.clock }, this.region);
      for (const rule of this.topology.rules) {
        if (rule.bus !== bus) continue;
        let matches = false;
        try {
          matches = matchesEventPattern(rule.pattern, event);
        } catch {
          matches = false;
        }
        if (!matches) continue;
        delivered++;
        this.invokeAsync(rule.target, rule.input ?? event, parentId, `eventbridge:${bus}`);
      }
    }
    return delivered;
  }

  /** An object created or removed in a bucket: notifications whose event and key filter match invoke their function. */
  s3Event(bucket: SourceRef, object: S3Object, parentId?: string): number {
    let delivered = 0;
    for (const sub of this.topology.s3) {
      if (sub.bucket.key !== bucket.key && sub.bucket.name !== bucket.name) continue;
      if (!sub.events.some((e) => s3EventMatches(e, object.eventName))) continue;
      if (sub.prefix && !object.key.startsWith(sub.prefix)) continue;
      if (sub.suffix && !object.key.endsWith(sub.suffix)) continue;
      delivered++;
      const event = { Records: [s3Record(object, this.region, this.clock, sub.trigger.name ?? 'local-notification')] };
      this.invokeAsync(sub.target, event, parentId, `s3:${sub.bucket.name}`);
    }
    return delivered;
  }

  /** Publish on a topic: subscriptions whose filter policy matches invoke their function asynchronously. */
  publish(topic: SourceRef, message: string, subject?: string, attributes: Record<string, { Type: string; Value: string }> = {}, parentId?: string): number {
    let delivered = 0;
    const messageId = randomUUID();
    const topicArn = `arn:aws:sns:${this.region}:${LOCAL_ACCOUNT}:${topic.name}`;
    for (const sub of this.topology.sns) {
      if (sub.topic.key !== topic.key && sub.topic.name !== topic.name) continue;
      if (sub.filterPolicy && !snsFilterMatches(sub.filterPolicy, sub.filterPolicyScope, message, attributes)) continue;
      delivered++;
      this.invokeAsync(sub.target, { Records: [snsRecord(topicArn, message, subject, attributes, messageId, this.clock)] }, parentId, `sns:${topic.name}`);
    }
    return delivered;
  }

  /** The next `count` firings of a schedule, each invoking its function with EventBridge's scheduled event. */
  fireSchedule(s: ScheduleTrigger, count: number): Date[] {
    const times = nextFirings(s.expression, new Date(this.clock), count);
    const ruleArn = `arn:aws:events:${this.region}:${LOCAL_ACCOUNT}:rule/${s.target.fn.name}-${s.trigger.name ?? 'schedule'}`;
    for (const t of times) {
      const at = t.getTime() - this.startedAt;
      // Asking for firings days ahead is asking to run that far: the time budget covers them.
      this.maxVirtualMs = Math.max(this.maxVirtualMs, at + 3600_000);
      this.schedule(at, async () => {
        this.invokeAsync(s.target, s.input ?? scheduledEvent(ruleArn, t.getTime(), this.region), undefined, `schedule:${s.expression}`);
      });
    }
    return times;
  }

  /** Runs everything that is due until nothing is left (or a budget ends). */
  async run(): Promise<FlowResult> {
    while (this.tasks.length > 0 && !this.stopped) {
      if (this.options.signal?.aborted) {
        this.stopped = 'cancelled';
        break;
      }
      const task = this.popTask();
      if (task.at > this.maxVirtualMs) {
        this.stopped = `stopped after ${formatDuration(this.maxVirtualMs)} of virtual time; work was still pending`;
        break;
      }
      this.now = Math.max(this.now, task.at);
      await task.run();
    }
    return this.result();
  }

  result(): FlowResult {
    return { invocations: this.invocations, deadLetters: this.deadLetters, stopped: this.stopped, virtualMs: this.now };
  }

  // ── invocation ──────────────────────────────────────────────────────────────────────────────────────────────

  private async execute(target: FlowFunction, event: unknown, trigger: string, parentId: string | undefined, attempt: number, root?: RootOptions): Promise<FlowInvocation> {
    const inv: FlowInvocation = {
      id: `i${++this.idCounter}`,
      parentId,
      function: target.fn.name,
      functionId: target.fn.id,
      trigger,
      attempt,
      event,
      durationMs: 0,
      at: this.now,
      logs: '',
      notes: [],
      calls: [],
    };
    if (this.invocations.length >= this.maxInvocations) {
      this.stopped = `stopped after ${this.maxInvocations} invocations; work was still pending`;
      inv.error = { errorType: 'Flow.Stopped', errorMessage: this.stopped, trace: [] };
      return inv;
    }
    this.invocations.push(inv);
    const size = Buffer.byteLength(JSON.stringify(event ?? null), 'utf8');
    if (size > SYNC_PAYLOAD_LIMIT) {
      inv.error = { errorType: 'RequestTooLargeException', errorMessage: `Request must be smaller than ${SYNC_PAYLOAD_LIMIT} bytes for the InvokeFunction operation (this one is ${size}).`, trace: [] };
      this.options.onInvocation?.(inv);
      return inv;
    }
    const traceId = newTraceId(this.clock);
    this.options.traces?.register(traceId, this, inv.id);
    try {
      const onLog = (t: string): void => {
        root?.onLog?.(t);
        this.options.onLog?.(inv, t);
      };
      const result = await this.invoker({ target, event, root, traceId, signal: this.options.signal, onLog });
      this.results.set(inv.id, result);
      inv.requestId = result.requestId;
      inv.durationMs = result.durationMs ?? 0;
      inv.coldStart = result.coldStart;
      inv.logs = result.logs;
      if (result.error) inv.error = result.error;
      else inv.result = result.result;
    } catch (err) {
      inv.error = { errorType: 'Runtime.LocalError', errorMessage: err instanceof Error ? err.message.split('\n')[0] : String(err), trace: [] };
    } finally {
      this.options.traces?.unregister(traceId);
    }
    this.now += Math.ceil(inv.durationMs);
    this.options.onInvocation?.(inv);
    return inv;
  }

  private async asyncFailure(target: FlowFunction, event: unknown, parentId: string | undefined, requestId: string, attempts: number, inv: FlowInvocation | undefined, condition: 'RetriesExhausted' | 'EventAgeExceeded'): Promise<void> {
    const cfg = this.topology.asyncConfig(target);
    const from = inv?.id ?? parentId;
    if (inv) inv.notes.push(condition === 'RetriesExhausted' ? `Retries exhausted after ${attempts} attempts.` : 'The event was older than the maximum event age.');
    if (cfg.onFailure) await this.sendToDestination(cfg.onFailure, destinationRecord(target, requestId, event, inv, condition, attempts, this.region, this.clock), from, 'onFailure');
    if (cfg.deadLetter) {
      const body = JSON.stringify(event);
      const attrs = { RequestID: { dataType: 'String', stringValue: requestId }, ErrorCode: { dataType: 'Number', stringValue: '200' }, ErrorMessage: { dataType: 'String', stringValue: (inv?.error?.errorMessage ?? condition).slice(0, 1024) } };
      if (cfg.deadLetter.kind === 'sns') this.publish(cfg.deadLetter, body, undefined, {}, from);
      else this.deadLetter(cfg.deadLetter, { body, attributes: attrs }, attempts, from);
      if (inv) inv.notes.push(`The event went to the dead-letter queue ${cfg.deadLetter.name}.`);
    }
    if (!cfg.onFailure && !cfg.deadLetter && inv) inv.notes.push('No failure destination or dead-letter queue: Lambda discards the event.');
  }

  /** Delivers a destination record (async invocation result, stream batch failure) to its target. */
  private async sendToDestination(dest: SourceRef, record: Record<string, unknown>, parentId: string | undefined, label: string): Promise<void> {
    const body = JSON.stringify(record);
    switch (dest.kind) {
      case 'lambda': {
        const fn = this.topology.functions.find((f) => f.fn.id === dest.key) ?? this.topology.functionByName(dest.name);
        if (fn) this.invokeAsync(fn, record, parentId, `destination:${label}`);
        else this.note(parentId, `The ${label} destination ${dest.name} is not a function of this workspace; the record was not delivered.`);
        break;
      }
      case 'sqs':
        if (this.topology.sqs.some((sub) => sub.queue.key === dest.key)) {
          this.sendMessages(dest.key, [{ body }]);
          this.note(parentId, `The ${label} record was sent to the queue ${dest.name}.`);
        } else if (label === 'onFailure') {
          // Nothing consumes the queue locally: the record ends there, like a dead letter.
          this.deadLetters.push({ queue: dest.name, messageId: randomUUID(), body, receiveCount: 0 });
          this.note(parentId, `The ${label} record was sent to the queue ${dest.name}.`);
        } else {
          this.note(parentId, `The ${label} record was sent to the queue ${dest.name} (no function of the workspace consumes it).`);
        }
        break;
      case 'sns':
        this.publish(dest, body, undefined, {}, parentId);
        this.note(parentId, `The ${label} record was published to the topic ${dest.name}.`);
        break;
      case 'eventbridge': {
        const success = label === 'onSuccess';
        this.putEvents([{ source: 'lambda', detailType: `Lambda Function Invocation Result - ${success ? 'Success' : 'Failure'}`, detail: record, busName: dest.name, resources: [] }], parentId);
        this.note(parentId, `The ${label} record was put on the event bus ${dest.name}.`);
        break;
      }
      default:
        this.note(parentId, `The ${label} destination ${dest.name} cannot be reached locally.`);
    }
  }

  /** Notes an AWS call a handler made that a local service answered (shown with the invocation). */
  recordCall(invocationId: string | undefined, call: FlowInvocation['calls'][number]): void {
    const inv = invocationId ? this.invocations.find((i) => i.id === invocationId) : undefined;
    inv?.calls.push(call);
  }

  private note(invocationId: string | undefined, text: string): void {
    const inv = invocationId ? this.invocations.find((i) => i.id === invocationId) : undefined;
    inv?.notes.push(text);
  }

  // ── SQS ─────────────────────────────────────────────────────────────────────────────────────────────────────

  private queue(key: string): LocalQueue {
    let q = this.queues.get(key);
    if (!q) {
      const def: QueueDef = this.topology.queues.get(key) ?? { kind: 'sqs', key, name: key.split(/[#:]/).pop() ?? key, fifo: key.endsWith('.fifo'), visibilityTimeoutSeconds: 30, declared: false };
      q = { def, messages: [], nextSequence: 0, deduplication: new Map() };
      this.queues.set(key, q);
    }
    return q;
  }

  private schedulePoll(q: LocalQueue, visibleAt: number): void {
    if (!Number.isFinite(visibleAt)) return;
    const subs = this.topology.sqs.filter((s) => s.queue.key === q.def.key);
    if (subs.length === 0) return;
    // The batching window starts when the first message is there; a full batch goes at once.
    const window = Math.max(...subs.map((s) => s.windowSeconds)) * 1000;
    const visible = q.messages.filter((m) => m.visibleAt <= Math.max(this.now, visibleAt)).length;
    const full = visible >= Math.min(...subs.map((s) => s.batchSize));
    const at = Math.max(this.now, visibleAt) + (full ? 0 : window);
    if (q.pollAt !== undefined && q.pollAt <= at) return;
    q.pollAt = at;
    this.schedule(at, () => this.poll(q));
  }

  private async poll(q: LocalQueue): Promise<void> {
    q.pollAt = undefined;
    const subs = this.topology.sqs.filter((s) => s.queue.key === q.def.key);
    for (const sub of subs) {
      // Several pollers of one queue compete for messages; each takes a batch in turn.
      for (;;) {
        const batch = this.receive(q, sub.batchSize);
        if (batch.length === 0) break;
        const queueArn = `arn:aws:sqs:${this.region}:${LOCAL_ACCOUNT}:${q.def.name}`;
        const records = batch.map((m) => sqsRecord(m, queueArn, this.region));
        // Event filtering: records that match no filter are deleted without invoking (Lambda "Event filtering").
        const kept = sub.filters.length === 0 ? batch : batch.filter((_m, i) => sub.filters.some((f) => filterMatches(f, sqsFilterView(records[i]))));
        for (const m of batch) if (!kept.includes(m)) this.deleteMessage(q, m);
        if (kept.length === 0) continue;
        const event = { Records: kept.map((m) => records[batch.indexOf(m)]) };
        const attempt = Math.max(...kept.map((m) => m.receiveCount));
        const inv = await this.execute(sub.target, event, `sqs:${q.def.name}`, undefined, attempt);
        const failed = this.sqsFailures(sub.reportBatchItemFailures, kept, inv);
        for (const m of kept) if (!failed.includes(m)) this.deleteMessage(q, m);
        if (failed.length > 0) {
          const retry = q.def.visibilityTimeoutSeconds;
          const dlq = q.def.redrive;
          inv.notes.push(
            `${failed.length} of ${kept.length} message${kept.length === 1 ? '' : 's'} returned to ${q.def.name}; visible again in ${retry} s` +
              (dlq ? ` (to ${dlq.deadLetter.name} after ${dlq.maxReceiveCount} receives).` : '; the queue has no redrive policy, so they are retried until they expire.'),
          );
          this.schedulePoll(q, Math.min(...failed.map((m) => m.visibleAt)));
        }
        if (this.stopped) return;
      }
    }
    const next = Math.min(...q.messages.map((m) => m.visibleAt).filter((v) => v > this.now), Infinity);
    this.schedulePoll(q, next);
  }

  /** ReceiveMessage: visible messages (FIFO: in group order, no group with a message in flight), DLQ redrive. */
  private receive(q: LocalQueue, max: number): SqsMessage[] {
    const batch: SqsMessage[] = [];
    const blockedGroups = new Set<string>();
    for (const m of [...q.messages]) {
      if (batch.length >= max) break;
      if (q.def.fifo && m.groupId !== undefined) {
        if (blockedGroups.has(m.groupId)) continue;
        if (m.visibleAt > this.now) {
          blockedGroups.add(m.groupId);
          continue;
        }
      } else if (m.visibleAt > this.now) continue;
      const redrive = q.def.redrive;
      if (redrive && m.receiveCount >= redrive.maxReceiveCount) {
        // SQS moves a message whose receive count exceeds maxReceiveCount to the DLQ instead of returning it.
        q.messages.splice(q.messages.indexOf(m), 1);
        this.deadLetter(redrive.deadLetter, { body: m.body, attributes: m.messageAttributes }, m.receiveCount, undefined, m.messageId);
        continue;
      }
      m.receiveCount++;
      m.firstReceiveAt ??= this.clock;
      m.visibleAt = this.now + q.def.visibilityTimeoutSeconds * 1000;
      m.receiptHandle = `local-${randomUUID()}`;
      batch.push(m);
    }
    return batch;
  }

  private deleteMessage(q: LocalQueue, m: SqsMessage): void {
    const i = q.messages.indexOf(m);
    if (i >= 0) q.messages.splice(i, 1);
  }

  private deadLetter(dlq: SourceRef, m: { body: string; attributes?: SqsMessage['messageAttributes'] }, receiveCount: number, parentId?: string, messageId: string = randomUUID()): void {
    const consumed = this.topology.sqs.some((s) => s.queue.key === dlq.key);
    this.deadLetters.push({ queue: dlq.name, messageId, body: m.body, receiveCount });
    if (consumed) this.sendMessages(dlq.key, [{ body: m.body, attributes: m.attributes }]);
    if (parentId) this.note(parentId, `Message ${messageId} moved to ${dlq.name}.`);
  }

  /**
   * Which messages of a batch failed. A function error fails the batch. With ReportBatchItemFailures, the
   * `batchItemFailures` list names the failures; a malformed list fails the whole batch, an empty or absent one
   * means success (Lambda Developer Guide, "Handling errors for an SQS event source in Lambda").
   */
  private sqsFailures(report: boolean, batch: SqsMessage[], inv: FlowInvocation): SqsMessage[] {
    if (inv.error) return batch;
    if (!report) return [];
    const ids = batchItemFailureIds(inv.result);
    if (ids === 'invalid') {
      inv.notes.push('The batchItemFailures response is malformed: Lambda treats the whole batch as failed.');
      return batch;
    }
    const failed = batch.filter((m) => ids.includes(m.messageId));
    if (failed.length !== ids.length) {
      inv.notes.push('batchItemFailures names a message that is not in the batch: Lambda treats the whole batch as failed.');
      return batch;
    }
    return failed;
  }

  // ── streams ─────────────────────────────────────────────────────────────────────────────────────────────────

  private shard(sub: StreamSubscription): Shard {
    const key = `${sub.stream.key}→${sub.target.fn.id}`;
    let s = this.shards.get(key);
    if (!s) {
      s = { records: [], checkpoint: 0, busy: false };
      this.shards.set(key, s);
    }
    return s;
  }

  private scheduleShard(sub: StreamSubscription, at: number): void {
    const shard = this.shard(sub);
    if (shard.busy) return;
    shard.busy = true;
    this.schedule(at, () => this.processShard(sub, shard));
  }

  /** Reads a shard from its checkpoint in order; a failing batch blocks the shard until it succeeds or is given up. */
  private async processShard(sub: StreamSubscription, shard: Shard): Promise<void> {
    const streamArn =
      sub.kind === 'kinesis'
        ? `arn:aws:kinesis:${this.region}:${LOCAL_ACCOUNT}:stream/${sub.stream.name}`
        : `arn:aws:dynamodb:${this.region}:${LOCAL_ACCOUNT}:table/${sub.stream.name}/stream/1970-01-01T00:00:00.000`;
    while (shard.checkpoint < shard.records.length && !this.stopped) {
      const pending = shard.records.slice(shard.checkpoint, shard.checkpoint + sub.batchSize);
      await this.processStreamBatch(sub, shard, pending, streamArn, 0);
    }
    shard.busy = false;
  }

  /** One batch until it is done: success, partial failure checkpoints, bisect, retry limits, on-failure destination. */
  private async processStreamBatch(sub: StreamSubscription, shard: Shard, batch: StreamRecord[], streamArn: string, retriesSoFar: number): Promise<void> {
    let retries = retriesSoFar;
    let records = batch;
    for (;;) {
      if (this.stopped) return;
      const expired = sub.maxRecordAgeSeconds >= 0 && records.some((r) => this.clock - r.arrivedAt > sub.maxRecordAgeSeconds * 1000);
      if (expired) {
        await this.streamGiveUp(sub, shard, records, streamArn, 'RecordAgeExceeded', retries);
        return;
      }
      const kept = sub.filters.length === 0 ? records : records.filter((r) => sub.filters.some((f) => filterMatches(f, streamFilterView(sub, r, streamArn, this.region))));
      if (kept.length === 0) {
        shard.checkpoint = shard.records.indexOf(records[records.length - 1]) + 1;
        return;
      }
      const event = { Records: kept.map((r) => (sub.kind === 'kinesis' ? kinesisRecord(r, streamArn, this.region) : dynamodbRecord(r, streamArn, this.region))) };
      const inv = await this.execute(sub.target, event, `${sub.kind}:${sub.stream.name}`, undefined, retries + 1);
      let failedFrom: number | undefined;
      if (inv.error) failedFrom = 0;
      else if (sub.reportBatchItemFailures) {
        const ids = batchItemFailureIds(inv.result);
        if (ids === 'invalid') {
          inv.notes.push('The batchItemFailures response is malformed: Lambda retries the whole batch.');
          failedFrom = 0;
        } else if (ids.length > 0) {
          const indexes = ids.map((id) => kept.findIndex((r) => r.sequenceNumber === id));
          if (indexes.some((i) => i < 0)) {
            inv.notes.push('batchItemFailures names a record that is not in the batch: Lambda retries the whole batch.');
            failedFrom = 0;
          } else failedFrom = Math.min(...indexes);
        }
      }
      if (failedFrom === undefined) {
        shard.checkpoint = shard.records.indexOf(records[records.length - 1]) + 1;
        return;
      }
      // Checkpoint before the first failed record: what came before it is done.
      const firstFailed = kept[failedFrom];
      records = records.slice(records.indexOf(firstFailed));
      shard.checkpoint = shard.records.indexOf(records[0]);
      if (inv.error && sub.bisect && records.length > 1) {
        // Splitting a batch does not count as a retry; each half is processed on its own, in order.
        const half = Math.ceil(records.length / 2);
        inv.notes.push(`Bisect on function error: the batch of ${records.length} is split into ${half} + ${records.length - half}.`);
        await this.processStreamBatch(sub, shard, records.slice(0, half), streamArn, 0);
        if (this.stopped) return;
        await this.processStreamBatch(sub, shard, records.slice(half), streamArn, 0);
        return;
      }
      if (sub.maxRetryAttempts >= 0 && retries >= sub.maxRetryAttempts) {
        await this.streamGiveUp(sub, shard, records, streamArn, 'RetryAttemptsExhausted', retries, inv);
        return;
      }
      retries++;
      const delay = Math.min(1000 * 2 ** (retries - 1), 60_000);
      inv.notes.push(
        sub.maxRetryAttempts < 0
          ? `The shard is blocked: Lambda retries this batch until it succeeds or its records expire (no MaximumRetryAttempts / MaximumRecordAgeInSeconds).`
          : `Lambda retries from sequence number ${records[0].sequenceNumber} (retry ${retries} of ${sub.maxRetryAttempts}).`,
      );
      this.now += delay;
      if (this.now > this.maxVirtualMs) {
        this.stopped = `stopped after ${formatDuration(this.maxVirtualMs)} of virtual time; a stream batch was still being retried`;
        return;
      }
    }
  }

  private async streamGiveUp(sub: StreamSubscription, shard: Shard, records: StreamRecord[], streamArn: string, condition: 'RetryAttemptsExhausted' | 'RecordAgeExceeded', retries: number, inv?: FlowInvocation): Promise<void> {
    shard.checkpoint = shard.records.indexOf(records[records.length - 1]) + 1;
    const info = {
      shardId: 'shardId-000000000000',
      startSequenceNumber: records[0].sequenceNumber,
      endSequenceNumber: records[records.length - 1].sequenceNumber,
      approximateArrivalOfFirstRecord: new Date(records[0].arrivedAt).toISOString(),
      approximateArrivalOfLastRecord: new Date(records[records.length - 1].arrivedAt).toISOString(),
      batchSize: records.length,
      streamArn,
    };
    const record = {
      requestContext: { requestId: inv?.requestId ?? randomUUID(), functionArn: functionArn(sub.target, this.region), condition, approximateInvokeCount: retries + 1 },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      version: '1.0',
      timestamp: new Date(this.clock).toISOString(),
      [sub.kind === 'kinesis' ? 'KinesisBatchInfo' : 'DDBStreamBatchInfo']: info,
    };
    inv?.notes.push(`${condition === 'RetryAttemptsExhausted' ? 'Retries exhausted' : 'Records too old'}: Lambda skips ${records.length} record${records.length === 1 ? '' : 's'}${sub.onFailure ? ` and sends their batch info to ${sub.onFailure.name}` : ''}.`);
    if (sub.onFailure) await this.sendToDestination(sub.onFailure, record, inv?.id, 'onFailure');
  }

  // ── scheduler ───────────────────────────────────────────────────────────────────────────────────────────────

  private schedule(at: number, run: () => Promise<void>): void {
    this.tasks.push({ at, seq: this.seq++, run });
  }

  private popTask(): Task {
    let best = 0;
    for (let i = 1; i < this.tasks.length; i++) {
      const a = this.tasks[i];
      const b = this.tasks[best];
      if (a.at < b.at || (a.at === b.at && a.seq < b.seq)) best = i;
    }
    return this.tasks.splice(best, 1)[0];
  }
}

/** `batchItemFailures` item identifiers, `[]` for an absent/empty list, `'invalid'` when malformed. */
export function batchItemFailureIds(result: unknown): string[] | 'invalid' {
  if (result === null || result === undefined || typeof result !== 'object' || Array.isArray(result)) return [];
  const list = (result as { batchItemFailures?: unknown }).batchItemFailures;
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) return 'invalid';
  const ids: string[] = [];
  for (const item of list) {
    const id = item && typeof item === 'object' ? (item as { itemIdentifier?: unknown }).itemIdentifier : undefined;
    if (typeof id !== 'string' || id === '') return 'invalid';
    ids.push(id);
  }
  return ids;
}

/** The record Lambda sends to an asynchronous invocation's destination (Lambda Developer Guide, "Invocation records"). */
function destinationRecord(target: FlowFunction, requestId: string, event: unknown, inv: FlowInvocation | undefined, condition: string, attempts: number, region: string, at: number): Record<string, unknown> {
  return {
    version: '1.0',
    timestamp: new Date(at).toISOString(),
    requestContext: { requestId, functionArn: `${functionArn(target, region)}:$LATEST`, condition, approximateInvokeCount: attempts },
    requestPayload: event,
    responseContext: { statusCode: 200, executedVersion: '$LATEST', ...(inv?.error ? { functionError: 'Unhandled' } : {}) },
    responsePayload: inv?.error ? { errorType: inv.error.errorType, errorMessage: inv.error.errorMessage, trace: inv.error.trace } : inv?.result ?? null,
  };
}

export function functionArn(target: FlowFunction, region: string): string {
  return `arn:aws:lambda:${region}:${LOCAL_ACCOUNT}:function:${target.fn.deployedName ?? target.fn.name}`;
}

/** `s3:ObjectCreated:*` matches `ObjectCreated:Put`; exact names match themselves. */
export function s3EventMatches(configured: string, eventName: string): boolean {
  const c = configured.replace(/^s3:/, '');
  return c.endsWith('*') ? eventName.startsWith(c.slice(0, -1)) : c === eventName;
}

function busNameOf(nameOrArn: string): string {
  return nameOrArn.startsWith('arn:') ? nameOrArn.split('/').pop() ?? nameOrArn : nameOrArn;
}

/** What an SQS filter sees: the record, with a JSON body parsed (Lambda "Filtering Amazon SQS messages"). */
function sqsFilterView(record: object): unknown {
  const r = record as { body: string };
  try {
    const body = JSON.parse(r.body) as unknown;
    if (body !== null && typeof body === 'object') return { ...r, body };
  } catch {
    // A plain-text body is matched as a string.
  }
  return r;
}

/** What a stream filter sees: Kinesis `data` decoded as JSON when it is JSON; DynamoDB's record as is. */
function streamFilterView(sub: StreamSubscription, r: StreamRecord, streamArn: string, region: string): unknown {
  if (sub.kind === 'dynamodb') return dynamodbRecord(r, streamArn, region);
  const rec = kinesisRecord(r, streamArn, region) as { kinesis: Record<string, unknown> };
  const text = typeof r.data === 'string' ? r.data : JSON.stringify(r.data);
  try {
    return { ...rec, data: JSON.parse(text) as unknown };
  } catch {
    return { ...rec, data: text };
  }
}

function filterMatches(pattern: unknown, view: unknown): boolean {
  try {
    return matchesEventPattern(pattern, view);
  } catch {
    return false;
  }
}

/** SNS filter policies: over message attributes (String, Number, String.Array) or the JSON message body. */
function snsFilterMatches(policy: unknown, scope: 'MessageAttributes' | 'MessageBody', message: string, attributes: Record<string, { Type: string; Value: string }>): boolean {
  let view: unknown;
  if (scope === 'MessageBody') {
    try {
      view = JSON.parse(message) as unknown;
    } catch {
      return false;
    }
  } else {
    const out: Record<string, unknown> = {};
    for (const [k, a] of Object.entries(attributes)) {
      if (a.Type === 'Number') out[k] = Number(a.Value);
      else if (a.Type === 'String.Array') {
        try {
          out[k] = JSON.parse(a.Value) as unknown;
        } catch {
          out[k] = a.Value;
        }
      } else out[k] = a.Value;
    }
    view = out;
  }
  return filterMatches(policy, view);
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3600_000) return `${Math.round(ms / 60_000)} min`;
  return `${(ms / 3600_000).toFixed(1)} h`;
}
