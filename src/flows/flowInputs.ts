/**
 * Feeding a flow from the outside: messages to a function's queue, records to its stream, events to its bus,
 * objects to its bucket, notifications to its topic, firings of its schedule. The CLI's `--messages` and the
 * Flow view's "Send Messages…" both go through here.
 */
import type { FlowRun } from './flowRun';
import type { FlowFunction, Topology } from './topology';

/** What a function can be fed with, in the order its triggers are declared. */
export type FlowSource =
  | { kind: 'sqs'; label: string; queueKey: string }
  | { kind: 'kinesis' | 'dynamodb'; label: string; streamIndex: number }
  | { kind: 'eventbridge'; label: string; ruleIndex: number }
  | { kind: 's3'; label: string; subscriptionIndex: number }
  | { kind: 'sns'; label: string; subscriptionIndex: number }
  | { kind: 'schedule'; label: string; scheduleIndex: number };

export function flowSources(topology: Topology, target: FlowFunction): FlowSource[] {
  const out: FlowSource[] = [];
  const mine = <T extends { target: FlowFunction }>(list: T[]): Array<[T, number]> => list.map((x, i) => [x, i] as [T, number]).filter(([x]) => x.target.fn.id === target.fn.id);
  for (const trigger of target.fn.triggers) {
    for (const [s] of mine(topology.sqs)) if (s.trigger === trigger) out.push({ kind: 'sqs', label: `queue ${s.queue.name}`, queueKey: s.queue.key });
    for (const [s, i] of mine(topology.streams)) if (s.trigger === trigger) out.push({ kind: s.kind, label: `${s.kind === 'kinesis' ? 'Kinesis stream' : 'DynamoDB stream of'} ${s.stream.name}`, streamIndex: i });
    for (const [r, i] of mine(topology.rules)) if (r.trigger === trigger) out.push({ kind: 'eventbridge', label: `event bus ${r.bus}`, ruleIndex: i });
    for (const [s, i] of mine(topology.s3)) if (s.trigger === trigger) out.push({ kind: 's3', label: `bucket ${s.bucket.name}`, subscriptionIndex: i });
    for (const [s, i] of mine(topology.sns)) if (s.trigger === trigger) out.push({ kind: 'sns', label: `topic ${s.topic.name}`, subscriptionIndex: i });
    for (const [s, i] of mine(topology.schedules)) if (s.trigger === trigger) out.push({ kind: 'schedule', label: `schedule ${s.expression}`, scheduleIndex: i });
  }
  return out;
}

export class FlowInputError extends Error {}

/**
 * Delivers `messages` through `source`. Queue: each item is a body (a non-string is sent as JSON) or
 * `{body, groupId, deduplicationId}`. Stream: Kinesis data, or a DynamoDB item (an INSERT with it as NewImage).
 * Bus: `{source, detail-type, detail}` entries, or details (source and detail-type taken from the rule's pattern).
 * Bucket: object keys or `{key, body}` (the object is stored in the local bucket first). Topic: messages. Schedule: the first item is how many firings.
 * Returns a sentence saying what was sent.
 */
export interface DeliverOptions {
  /** Stores an object in the local bucket before its notification goes out (so the handler can read it). */
  putObject?: (bucket: string, key: string, body: Buffer) => void;
}

export function deliver(run: FlowRun, source: FlowSource, messages: unknown[], options: DeliverOptions = {}): string {
  const t = run.topology;
  switch (source.kind) {
    case 'sqs': {
      const sent = run.sendMessages(
        source.queueKey,
        messages.map((m) => {
          if (isRecord(m) && typeof m.body === 'string') return { body: m.body, groupId: str(m.groupId ?? m.MessageGroupId), deduplicationId: str(m.deduplicationId ?? m.MessageDeduplicationId) };
          return { body: typeof m === 'string' ? m : JSON.stringify(m) };
        }),
      );
      return `${sent.length} message${sent.length === 1 ? '' : 's'} sent to ${source.label}`;
    }
    case 'kinesis':
    case 'dynamodb': {
      const sub = t.streams[source.streamIndex];
      run.putRecords(
        sub.stream,
        messages.map((m, i) => (source.kind === 'kinesis' ? { partitionKey: partitionKey(m, i), data: m } : dynamodbChange(m, i))),
      );
      return `${messages.length} record${messages.length === 1 ? '' : 's'} put on the ${source.label}`;
    }
    case 'eventbridge': {
      const rule = t.rules[source.ruleIndex];
      const pattern = isRecord(rule.pattern) ? rule.pattern : {};
      const first = (key: string): string | undefined => {
        const v = pattern[key];
        return Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined;
      };
      const entries = messages.map((m) => {
        if (isRecord(m) && (typeof m.source === 'string' || typeof m['detail-type'] === 'string')) {
          return { source: str(m.source) ?? first('source') ?? 'local.flow', detailType: str(m['detail-type'] ?? m.detailType) ?? first('detail-type') ?? 'Local Event', detail: m.detail ?? {}, busName: rule.bus };
        }
        return { source: first('source') ?? 'local.flow', detailType: first('detail-type') ?? 'Local Event', detail: m, busName: rule.bus };
      });
      const delivered = run.putEvents(entries);
      return `${entries.length} event${entries.length === 1 ? '' : 's'} put on the ${source.label} (${delivered} rule match${delivered === 1 ? '' : 'es'})`;
    }
    case 's3': {
      const sub = t.s3[source.subscriptionIndex];
      let delivered = 0;
      for (const m of messages) {
        const key = typeof m === 'string' ? m : isRecord(m) && typeof m.key === 'string' ? m.key : undefined;
        if (!key) throw new FlowInputError('each item for a bucket is an object key or {"key": …, "body": …}');
        const body = isRecord(m) && m.body !== undefined ? Buffer.from(typeof m.body === 'string' ? m.body : JSON.stringify(m.body), 'utf8') : Buffer.alloc(0);
        const bucket = sub.bucket.name.toLowerCase();
        options.putObject?.(bucket, key, body);
        const size = isRecord(m) && typeof m.size === 'number' ? m.size : body.length;
        delivered += run.s3Event(sub.bucket, { bucket, key, size, eventName: isRecord(m) && typeof m.eventName === 'string' ? m.eventName : 'ObjectCreated:Put' });
      }
      return `${messages.length} object${messages.length === 1 ? '' : 's'} put in the ${source.label} (${delivered} notification${delivered === 1 ? '' : 's'})`;
    }
    case 'sns': {
      const sub = t.sns[source.subscriptionIndex];
      for (const m of messages) {
        if (isRecord(m) && typeof m.message === 'string') {
          const attrs = isRecord(m.attributes) ? Object.fromEntries(Object.entries(m.attributes).map(([k, v]) => [k, { Type: typeof v === 'number' ? 'Number' : 'String', Value: String(v) }])) : {};
          run.publish(sub.topic, m.message, str(m.subject), attrs);
        } else run.publish(sub.topic, typeof m === 'string' ? m : JSON.stringify(m));
      }
      return `${messages.length} message${messages.length === 1 ? '' : 's'} published to the ${source.label}`;
    }
    case 'schedule': {
      const n = typeof messages[0] === 'number' ? Math.max(1, Math.min(100, Math.floor(messages[0]))) : 1;
      const times = run.fireSchedule(t.schedules[source.scheduleIndex], n);
      return `the next ${times.length} firing${times.length === 1 ? '' : 's'} of the ${source.label}: ${times.map((d) => d.toISOString().replace(':00.000Z', 'Z')).join(', ')}`;
    }
  }
}

function partitionKey(m: unknown, i: number): string {
  if (isRecord(m)) for (const k of ['partitionKey', 'id', 'pk', 'key']) if (typeof m[k] === 'string' || typeof m[k] === 'number') return String(m[k]);
  return `key-${i}`;
}

/** A DynamoDB stream change: a record as given (`{eventName, dynamodb}`), or an item inserted. */
function dynamodbChange(m: unknown, i: number): { partitionKey: string; data: unknown; eventName: string } {
  if (isRecord(m) && isRecord(m.dynamodb)) return { partitionKey: `item-${i}`, data: m.dynamodb, eventName: str(m.eventName) ?? 'INSERT' };
  const item = isRecord(m) ? m : { value: m };
  const keyName = ['pk', 'id', 'PK'].find((k) => item[k] !== undefined) ?? Object.keys(item)[0];
  const keys = keyName ? { [keyName]: marshall(item[keyName]) } : {};
  return { partitionKey: String(item[keyName ?? ''] ?? i), data: { Keys: keys, NewImage: marshallMap(item) }, eventName: 'INSERT' };
}

/** Plain JSON → DynamoDB attribute values (what a stream record carries). */
export function marshall(v: unknown): Record<string, unknown> {
  if (v === null || v === undefined) return { NULL: true };
  if (typeof v === 'string') return { S: v };
  if (typeof v === 'number') return { N: String(v) };
  if (typeof v === 'boolean') return { BOOL: v };
  if (Array.isArray(v)) return { L: v.map(marshall) };
  if (isRecord(v)) return { M: marshallMap(v) };
  return { S: String(v) };
}

function marshallMap(v: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, marshall(x)]));
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
