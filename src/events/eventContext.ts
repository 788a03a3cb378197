import type { FunctionDef, Located, Project, Trigger, Value } from '../model/types';
import { isUnresolved } from '../model/types';

/** What a generator fills an event from. Everything is optional: without a function, events are generic. */
export interface EventInput {
  fn?: FunctionDef;
  /** The trigger the event is for (defaults to the function's first trigger of the event's type). */
  trigger?: Trigger;
  project?: Project;
  region?: string;
  accountId?: string;
  /** Fixed clock: events are deterministic for a given input (stable diffs, testable). */
  now?: Date;
  /** The request body HTTP events carry (what the handler's types describe); else a placeholder. */
  body?: Record<string, unknown>;
}

/** The resolved view generators work with. */
export interface EventContext {
  fn?: FunctionDef;
  trigger?: Trigger;
  project?: Project;
  region: string;
  accountId: string;
  now: Date;
  /** Deterministic ids: the same function and event give the same ids. */
  id: (salt: string) => string;
  /** A UUID-shaped deterministic id. */
  uuid: (salt: string) => string;
  body?: Record<string, unknown>;
}

/** The body of HTTP events when nothing says what the handler expects. */
export const placeholderBody: Readonly<Record<string, unknown>> = Object.freeze({ example: 'value' });
/** Azure's: the `name` the Functions HTTP quickstart (and examples/functions-app) reads. Still a guess. */
export const azurePlaceholderBody: Readonly<Record<string, unknown>> = Object.freeze({ name: 'Ada' });

/**
 * Whether a generated HTTP event carries `body` (JSON text for AWS, an object for Azure): compared as JSON, so
 * `carriesBody(event, placeholderBody)` tells a placeholder.
 */
export function carriesBody(event: object, body: Readonly<Record<string, unknown>>): boolean {
  const carried = (event as { body?: unknown }).body;
  const text = typeof carried === 'string' ? carried : typeof carried === 'object' && carried !== null ? JSON.stringify(carried) : undefined;
  return text === JSON.stringify(body);
}

export function eventContext(input: EventInput): EventContext {
  const region = input.region ?? input.project?.region ?? 'us-east-1';
  const seed = `${input.fn?.id ?? 'generic'}|${input.trigger?.sourceType ?? ''}`;
  const hex = (salt: string, length: number): string => {
    let out = '';
    for (let i = 0; out.length < length; i++) out += fnv1a(`${seed}|${salt}|${i}`).toString(16).padStart(8, '0');
    return out.slice(0, length);
  };
  return {
    fn: input.fn,
    trigger: input.trigger,
    project: input.project,
    region,
    accountId: input.accountId ?? '123456789012',
    now: input.now ?? new Date(Date.UTC(2026, 0, 15, 12, 0, 0)),
    ...(input.body ? { body: input.body } : {}),
    id: (salt) => hex(salt, 16),
    uuid: (salt) => {
      const h = hex(salt, 32);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
    },
  };
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** A trigger config value by any of its spellings (Serverless Framework camelCase, SAM PascalCase, Azure). */
export function configValue(trigger: Trigger | undefined, ...keys: string[]): Value | undefined {
  if (!trigger) return undefined;
  for (const k of keys) {
    const hit: Located | undefined = trigger.config[k] ?? Object.entries(trigger.config).find(([key]) => key.toLowerCase() === k.toLowerCase())?.[1];
    if (hit !== undefined) return hit.value;
  }
  return undefined;
}

/** A plain string when the value is one (resolved); undefined for unresolved or structured values. */
export function stringOf(v: Value | undefined): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

export function configString(trigger: Trigger | undefined, ...keys: string[]): string | undefined {
  return stringOf(configValue(trigger, ...keys));
}

/** Strings of a value that may be one string or a list of them. */
export function stringList(v: Value | undefined): string[] {
  if (Array.isArray(v)) return v.map(stringOf).filter((s): s is string => s !== undefined);
  const s = stringOf(v);
  return s !== undefined ? [s] : [];
}

/** The resource a reference points at: `!GetAtt Queue.Arn` → Queue, `${self:custom.queue}` → queue. */
export function referenceName(v: Value | undefined): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (isUnresolved(v)) {
    const getAtt = /GetAtt[\s:"[]*([A-Za-z0-9]+)/.exec(v.expr);
    if (getAtt) return getAtt[1];
    const ref = /(?:!Ref|Ref)[\s:"]*([A-Za-z0-9]+)/.exec(v.expr);
    if (ref) return ref[1];
    const variable = /([A-Za-z0-9_-]+)\W*\}?\s*$/.exec(v.expr.replace(/[}'"]+$/, ''));
    return variable?.[1];
  }
  if (typeof v === 'object' && !Array.isArray(v)) {
    const getAtt = v['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
    if (typeof getAtt === 'string') return getAtt.split('.')[0];
    if (typeof v.Ref === 'string') return v.Ref;
    for (const inner of Object.values(v)) {
      const n = referenceName(inner);
      if (n) return n;
    }
  }
  return undefined;
}

/**
 * An ARN for a configured source: the ARN as written, an ARN built from a plain name, or one built from the
 * name of the resource an unresolved reference points at.
 */
export function arnFor(ctx: EventContext, v: Value | undefined, service: string, fallbackName: string, resourcePrefix = ''): string {
  const s = stringOf(v);
  if (s?.startsWith('arn:')) return s;
  const name = s ?? referenceName(v) ?? fallbackName;
  return `arn:aws:${service}:${ctx.region}:${ctx.accountId}:${resourcePrefix}${name}`;
}

/** The last part of an ARN (queue, topic or function name). */
export function arnName(arn: string): string {
  return arn.split(/[:/]/).pop() ?? arn;
}

export function deployedName(ctx: EventContext): string {
  return ctx.fn?.deployedName ?? ctx.fn?.name ?? 'my-function';
}

/** Epoch seconds and milliseconds of the context clock. */
export function epochMs(ctx: EventContext): number {
  return ctx.now.getTime();
}

export function isoTime(ctx: EventContext): string {
  return ctx.now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
