/**
 * The Invoke view's message protocol (sidebar view and editor panel share it). The webview is untrusted:
 * the host checks every incoming message with `parseWebviewMessage` before acting on it.
 */
import type { InvokeResult } from './invokeResult';

/** Where a run goes: the embedded local runtime, the cloud, or (Azure) a Functions host such as `func start`. */
export type InvokeTarget = 'local' | 'remote' | 'host';

function isTarget(v: unknown): v is InvokeTarget {
  return v === 'local' || v === 'remote' || v === 'host';
}

/** A function as the picker shows it. */
export interface FunctionSummary {
  id: string;
  name: string;
  /** `orders · serverless.yml` */
  project: string;
  description: string;
  /** Tenant isolation (`TenancyConfig`): every invocation names a tenant; the view asks for one. */
  perTenant?: boolean;
}

/** A generated event kind or a saved event, as the event picker lists it. */
export type EventSource = { kind: 'generated'; id: string; triggerIndex?: number } | { kind: 'saved'; name: string };

export interface EventOption {
  source: EventSource;
  label: string;
}

/** What a run costs on Lambda, formatted by the host (src/cost). */
export interface RunCost {
  /** `$0.0000021` */
  perInvocation: string;
  /** A million warm invocations like this one: `$2.28`. */
  perMillion: string;
  /** What it was computed from: `x86_64 · 512 MB · 12 ms billed (incl. init) · eu-west-1 prices of 2026-11-29`. */
  basis: string;
  /** Local runs: an estimate from the measured duration. */
  estimate: boolean;
}

/** One finished run, kept in the history. */
export interface RunRecord {
  runId: string;
  fnId: string;
  /** Epoch ms when it started. */
  startedAt: number;
  eventLabel: string;
  result: InvokeResult;
  /** Local runs with the debugger attached. */
  debug?: boolean;
  /** Set for runs through a Functions host (the result's own target says local or remote). */
  target?: 'host';
  cost?: RunCost;
}

export interface ViewState {
  functions: FunctionSummary[];
  /** The function shown, undefined when the workspace has none or none is chosen. */
  fnId?: string;
  events: EventOption[];
  target: InvokeTarget;
  /** The cloud of the function shown: names the remote target and what its metrics mean. */
  cloud: 'aws' | 'azure';
  /** Why the remote target is not offered for the function shown (it is then hidden); undefined when it is. */
  remoteUnavailable?: string;
  /** The remote-trust note (untrusted workspace): remote calls use only the person's own profile, endpoint, subscription, app. */
  remoteNote?: string;
  /** Azure functions: the Functions host target (`func start · http://localhost:7071 · running`); absent for Lambda. */
  host?: { label: string; unavailable?: string };
  /** Azure functions: the function app and subscription a remote run goes to (unset until chosen). */
  azure?: { functionApp?: string; subscription?: string };
  /** `profile · region` of the remote target, with where each came from. */
  aws: { profile: string; region: string; endpointUrl?: string };
  /** Why the function shown cannot run locally at all (an Azure .NET or Python function): Local and Debug are hidden. */
  localUnavailable?: string;
  /** Local runs are disabled in an untrusted workspace; the reason is shown. */
  localDisabledReason?: string;
  /** The view is the sidebar one (offers "open in editor"). */
  inSidebar: boolean;
  history: RunRecord[];
}

/** Host → webview. */
export type HostToWebview =
  /** Everything the view shows except the editor text. */
  | { type: 'state'; state: ViewState }
  /**
   * Replaces the editor text (a generated or saved event, or the restored unsaved draft). `note` says where a
   * generated request body came from, or that it is a placeholder.
   */
  | { type: 'event/loaded'; fnId: string; text: string; label: string; draft: boolean; note?: string }
  | { type: 'invoke/started'; runId: string }
  /** Log text as the function writes it (local runs). */
  | { type: 'invoke/log'; runId: string; text: string }
  /** Response streaming: body text as the handler writes it (local runs). */
  | { type: 'invoke/chunk'; runId: string; text: string }
  | { type: 'invoke/finished'; run: RunRecord }
  /** A run that could not start or an AWS call that failed: one line. */
  | { type: 'invoke/failed'; runId: string; message: string }
  /** A one-line notice (saved, renamed, an error of an event action). */
  | { type: 'notice'; level: 'info' | 'error'; message: string };

/** Webview → host. */
export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'selectFunction'; fnId: string }
  | { type: 'loadEvent'; fnId: string; source: EventSource }
  | { type: 'draft'; fnId: string; text: string }
  /** `tenantId`: the tenant of a function with tenant isolation. */
  | { type: 'invoke'; runId: string; fnId: string; eventText: string; eventLabel: string; target: InvokeTarget; coldStart: boolean; debug?: boolean; tenantId?: string }
  | { type: 'cancel'; runId: string }
  | { type: 'setTarget'; target: InvokeTarget }
  | { type: 'saveEvent'; fnId: string; text: string; name?: string }
  | { type: 'renameEvent'; fnId: string; name: string }
  | { type: 'duplicateEvent'; fnId: string; name: string }
  | { type: 'deleteEvent'; fnId: string; name: string }
  | { type: 'chooseAws' }
  /** Choose the Azure subscription and function app (the remote target of Azure functions). */
  | { type: 'chooseAzure' }
  /** "Open in Editor": `source` is the event the view shows, so the panel opens on the same one. */
  | { type: 'openPanel'; source?: EventSource }
  | { type: 'openSource'; file: string; line: number; column: number };

const MAX_TEXT = 8 * 1024 * 1024;

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
const str = (v: unknown, max = 4096): v is string => typeof v === 'string' && v.length <= max;
const int = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 10_000_000;

function eventSource(v: unknown): EventSource | undefined {
  if (!isObj(v)) return undefined;
  if (v.kind === 'generated' && str(v.id, 100) && (v.triggerIndex === undefined || int(v.triggerIndex))) {
    return { kind: 'generated', id: v.id, ...(v.triggerIndex !== undefined ? { triggerIndex: v.triggerIndex as number } : {}) };
  }
  if (v.kind === 'saved' && str(v.name, 200)) return { kind: 'saved', name: v.name };
  return undefined;
}

/** Checks a message from the webview; undefined when it is not one the host accepts (it is then ignored). */
export function parseWebviewMessage(raw: unknown): WebviewToHost | undefined {
  if (!isObj(raw) || typeof raw.type !== 'string') return undefined;
  const m = raw;
  switch (m.type) {
    case 'ready':
    case 'chooseAws':
    case 'chooseAzure':
      return { type: m.type };
    case 'openPanel': {
      if (m.source === undefined) return { type: 'openPanel' };
      const source = eventSource(m.source);
      return source ? { type: 'openPanel', source } : undefined;
    }
    case 'selectFunction':
      return str(m.fnId) ? { type: 'selectFunction', fnId: m.fnId } : undefined;
    case 'loadEvent': {
      const source = eventSource(m.source);
      return str(m.fnId) && source ? { type: 'loadEvent', fnId: m.fnId, source } : undefined;
    }
    case 'draft':
      return str(m.fnId) && str(m.text, MAX_TEXT) ? { type: 'draft', fnId: m.fnId, text: m.text } : undefined;
    case 'invoke':
      return str(m.runId, 100) && str(m.fnId) && str(m.eventText, MAX_TEXT) && str(m.eventLabel, 300) && isTarget(m.target) && typeof m.coldStart === 'boolean' && (m.debug === undefined || typeof m.debug === 'boolean') && (m.tenantId === undefined || (str(m.tenantId, 256) && m.tenantId.trim() !== ''))
        ? { type: 'invoke', runId: m.runId, fnId: m.fnId, eventText: m.eventText, eventLabel: m.eventLabel, target: m.target, coldStart: m.coldStart, ...(m.debug ? { debug: true } : {}), ...(m.tenantId !== undefined ? { tenantId: (m.tenantId as string).trim() } : {}) }
        : undefined;
    case 'cancel':
      return str(m.runId, 100) ? { type: 'cancel', runId: m.runId } : undefined;
    case 'setTarget':
      return isTarget(m.target) ? { type: 'setTarget', target: m.target } : undefined;
    case 'saveEvent':
      return str(m.fnId) && str(m.text, MAX_TEXT) && (m.name === undefined || str(m.name, 200))
        ? { type: 'saveEvent', fnId: m.fnId, text: m.text, ...(m.name !== undefined ? { name: m.name as string } : {}) }
        : undefined;
    case 'renameEvent':
    case 'duplicateEvent':
    case 'deleteEvent':
      return str(m.fnId) && str(m.name, 200) ? { type: m.type, fnId: m.fnId, name: m.name } : undefined;
    case 'openSource':
      return str(m.file) && int(m.line) && int(m.column) ? { type: 'openSource', file: m.file, line: m.line, column: m.column } : undefined;
    default:
      return undefined;
  }
}

/** A stack frame's source location: `at fn (/abs/file.ts:12:5)`, `/abs/file.ts:12:5`, Python `File "/abs/x.py", line 3`. */
export function frameLocation(line: string): { file: string; line: number; column: number } | undefined {
  // Node: `at fn (/abs/file.ts:12:5)`, `at /abs/file.js:1:2`, ESM `file:///abs/file.mjs:1:2`; not `node:internal/…`.
  const node = /(?:^|[\s(])(?:file:\/\/)?((?:[A-Za-z]:)?[\\/][^():]+?):(\d+):(\d+)\)?\s*$/.exec(line);
  if (node) return { file: decodeURI(node[1]), line: Number(node[2]), column: Number(node[3]) };
  const py = /File "((?:[A-Za-z]:)?[\\/][^"]+)", line (\d+)/.exec(line);
  if (py) return { file: py[1], line: Number(py[2]), column: 1 };
  return undefined;
}
