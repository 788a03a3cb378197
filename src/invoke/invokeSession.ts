/**
 * The host side of one Invoke view (the sidebar view or an editor panel): answers the webview's messages with
 * the model, the event catalogue, saved events and the runtimes. No `vscode` here: the adapter injects the UI
 * bits (prompts, opening files, posting messages), so the same logic runs in tests and benchmarks.
 */
import { basename } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { eventChoices, eventKinds, generateEvent } from '../events/catalogue';
import { azurePlaceholderBody, carriesBody, placeholderBody } from '../events/eventContext';
import type { RequestBodyHint } from '../events/requestBody';
import { requestBodyHint, sourceLanguage } from '../events/requestBody';
import type { FunctionDef, Project } from '../model/types';
import type { InvokeResult } from '../shared/invokeResult';
import type { EventOption, EventSource, FunctionSummary, HostToWebview, InvokeTarget, RunCost, RunRecord, ViewState, WebviewToHost } from '../shared/invokeProtocol';
import { describeJsonError } from '../shared/jsonError';
import type { LocalInvokeRequest } from './localRuntime';
import type { SavedEventStore } from './savedEvents';

export interface FunctionRef {
  project: Project;
  fn: FunctionDef;
}

/** Runs kept per function, shared by every view of the window (newest last). */
export class RunHistory {
  private readonly runs: RunRecord[] = [];
  constructor(private readonly limit = 50) {}

  add(run: RunRecord): void {
    this.runs.push(run);
    if (this.runs.length > this.limit) this.runs.splice(0, this.runs.length - this.limit);
  }

  forFunction(fnId: string): RunRecord[] {
    return this.runs.filter((r) => r.fnId === fnId);
  }
}

export interface InvokeSessionDeps {
  functions: () => FunctionRef[];
  functionById: (id: string) => FunctionRef | undefined;
  summary: (ref: FunctionRef) => FunctionSummary;
  local: (req: LocalInvokeRequest) => Promise<InvokeResult>;
  /** A local run with the debugger attached ("Debug"); absent where debugging is not offered. */
  debugLocal?: (req: LocalInvokeRequest) => Promise<InvokeResult>;
  /** What a run costs on Lambda; absent or undefined when it cannot be told. */
  cost?: (ref: FunctionRef, result: InvokeResult) => RunCost | undefined;
  remote: (req: { fn: FunctionDef; project: Project; event: unknown; signal: AbortSignal }) => Promise<InvokeResult>;
  /** The handler's source (read, never run), for the request body its types describe; absent or undefined: no hint. */
  handlerSource?: (ref: FunctionRef) => Promise<{ file: string; text: string } | undefined>;
  /** The saved-event store of the workspace folder a project is in. */
  savedEvents: (project: Project) => SavedEventStore | undefined;
  drafts: { get: (fnId: string) => string | undefined; set: (fnId: string, text: string | undefined) => void };
  history: RunHistory;
  /** Profile and region a remote run of this function would use. */
  aws: (ref: FunctionRef | undefined) => ViewState['aws'];
  /** Why a remote run of this function is not offered; undefined when it is (absent: always offered). */
  remoteUnavailable?: (ref: FunctionRef) => string | undefined;
  /** The remote-trust note for the function shown (untrusted workspace: what its remote calls use, what they ignore). */
  remoteNote?: (ref: FunctionRef) => string | undefined;
  /** Azure: a run through a Functions host (`func start` or a configured host URL); absent where there is none. */
  host?: (req: { fn: FunctionDef; project: Project; event: unknown; signal: AbortSignal; onLog?: (text: string) => void }) => Promise<InvokeResult>;
  /** Azure: what the Functions host target is right now (shown beside it), and why it cannot run if it cannot. */
  hostTarget?: (ref: FunctionRef) => ViewState['host'];
  /** Azure: the function app and subscription remote runs of this function go to. */
  azure?: (ref: FunctionRef) => ViewState['azure'];
  chooseAzure?: () => void;
  localDisabledReason: () => string | undefined;
  /** Why the local runtime cannot run this function at all (an Azure .NET or Python function); absent: it can. */
  localUnavailable?: (ref: FunctionRef) => string | undefined;
  prompt: { name: (title: string, value?: string) => Promise<string | undefined>; confirm: (message: string) => Promise<boolean> };
  openSource: (file: string, line: number, column: number) => void;
  chooseAws: () => void;
  openPanel: (fnId: string | undefined, source?: EventSource) => void;
  post: (msg: HostToWebview) => void;
  inSidebar: boolean;
}

export class InvokeSession {
  private fnId: string | undefined;
  private target: InvokeTarget = 'local';
  private readonly running = new Map<string, AbortController>();
  private ready = false;
  /** The event `show` was asked to open on, used by the next initial load. */
  private requestedEvent: EventSource | undefined;

  constructor(private readonly deps: InvokeSessionDeps) {}

  get selectedFunction(): string | undefined {
    return this.fnId;
  }

  /**
   * Shows a function (tree selection, CodeLens, palette); loads its draft or its best-fitting event. With `event`
   * (another view's "Open in Editor") it opens on that event, reloading even when the function is already shown.
   */
  async show(fnId: string | undefined, event?: EventSource): Promise<void> {
    const changed = fnId !== this.fnId || event !== undefined;
    this.fnId = fnId;
    this.requestedEvent = fnId ? event : undefined;
    if (!this.ready) return;
    await this.postState();
    if (changed && fnId) await this.loadInitialEvent(fnId);
  }

  /** Re-sends the state (the model or the AWS settings changed). */
  async refresh(): Promise<void> {
    if (!this.ready) return;
    // The view may have become ready before the first workspace scan ended: show the first function once there is one.
    const first = this.fnId === undefined ? this.deps.functions()[0] : undefined;
    if (first) return this.show(first.fn.id);
    await this.postState();
  }

  dispose(): void {
    for (const ac of this.running.values()) ac.abort();
    this.running.clear();
  }

  async handle(msg: WebviewToHost): Promise<void> {
    switch (msg.type) {
      case 'ready':
        this.ready = true;
        this.fnId ??= this.deps.functions()[0]?.fn.id;
        await this.postState();
        if (this.fnId) await this.loadInitialEvent(this.fnId);
        return;
      case 'selectFunction':
        return this.show(msg.fnId);
      case 'loadEvent':
        return this.loadEvent(msg.fnId, msg.source);
      case 'draft':
        this.deps.drafts.set(msg.fnId, msg.text);
        return;
      case 'invoke':
        return this.invoke(msg);
      case 'cancel':
        this.running.get(msg.runId)?.abort();
        return;
      case 'setTarget':
        this.target = msg.target;
        return this.postState();
      case 'saveEvent':
        return this.saveEvent(msg.fnId, msg.text, msg.name);
      case 'renameEvent':
        return this.eventAction(msg.fnId, async (store, ref) => {
          const to = await this.deps.prompt.name(`Rename saved event "${msg.name}" to`, msg.name);
          if (!to || to === msg.name) return undefined;
          const saved = await store.rename(ref.project, ref.fn, msg.name, to);
          return { notice: `Renamed to "${saved.name}"`, load: saved.name };
        });
      case 'duplicateEvent':
        return this.eventAction(msg.fnId, async (store, ref) => {
          const copy = await store.duplicate(ref.project, ref.fn, msg.name);
          return { notice: `Duplicated as "${copy.name}"`, load: copy.name };
        });
      case 'deleteEvent':
        return this.eventAction(msg.fnId, async (store, ref) => {
          if (!(await this.deps.prompt.confirm(`Delete the saved event "${msg.name}" of ${ref.fn.name}?`))) return undefined;
          await store.delete(ref.project, ref.fn, msg.name);
          return { notice: `Deleted "${msg.name}"` };
        });
      case 'chooseAws':
        this.deps.chooseAws();
        return;
      case 'chooseAzure':
        this.deps.chooseAzure?.();
        return;
      case 'openPanel':
        this.deps.openPanel(this.fnId, msg.source);
        return;
      case 'openSource':
        this.deps.openSource(msg.file, msg.line, msg.column);
        return;
      default: {
        const never: never = msg;
        return never;
      }
    }
  }

  private async eventChoicesFor(ref: FunctionRef): Promise<EventOption[]> {
    let generated: EventOption[] = eventChoices(ref.fn, { project: ref.project }).map((c) => ({
      source: { kind: 'generated', id: c.kind.id, ...(c.triggerIndex !== undefined ? { triggerIndex: c.triggerIndex } : {}) },
      label: c.label,
    }));
    if (generated.length === 0) {
      // No trigger to fill from (invoked directly, or by a service the config does not show): every event of the platform.
      const platform = ref.project.kind === 'azure-functions' ? 'azure' : 'aws';
      generated = eventKinds.filter((k) => k.platform === platform).map((k) => ({ source: { kind: 'generated', id: k.id }, label: k.title }));
    }
    const store = this.deps.savedEvents(ref.project);
    const saved: EventOption[] = store ? (await store.list(ref.project, ref.fn)).map((s) => ({ source: { kind: 'saved', name: s.name }, label: s.name })) : [];
    return [...saved, ...generated];
  }

  private async postState(): Promise<void> {
    const ref = this.fnId ? this.deps.functionById(this.fnId) : undefined;
    const remoteUnavailable = ref ? this.deps.remoteUnavailable?.(ref) : undefined;
    const host = ref && ref.project.kind === 'azure-functions' ? this.deps.hostTarget?.(ref) : undefined;
    const localUnavailable = ref ? this.deps.localUnavailable?.(ref) : undefined;
    const remoteNote = ref && !remoteUnavailable ? this.deps.remoteNote?.(ref) : undefined;
    // A function without the chosen target runs locally, whatever was chosen for another one; one that cannot run
    // locally goes through the Functions host (else remote, where that is offered).
    let target = (this.target === 'remote' && remoteUnavailable) || (this.target === 'host' && !host) ? 'local' : this.target;
    if (target === 'local' && localUnavailable) target = host ? 'host' : remoteUnavailable ? 'local' : 'remote';
    const state: ViewState = {
      functions: this.deps.functions().map((r) => this.deps.summary(r)),
      ...(ref ? { fnId: ref.fn.id } : {}),
      events: ref ? await this.eventChoicesFor(ref) : [],
      target,
      cloud: ref?.project.kind === 'azure-functions' ? 'azure' : 'aws',
      ...(remoteUnavailable ? { remoteUnavailable } : {}),
      ...(remoteNote ? { remoteNote } : {}),
      ...(localUnavailable ? { localUnavailable } : {}),
      ...(host ? { host } : {}),
      ...(ref && ref.project.kind === 'azure-functions' && this.deps.azure ? { azure: this.deps.azure(ref) } : {}),
      aws: this.deps.aws(ref),
      ...(this.deps.localDisabledReason() ? { localDisabledReason: this.deps.localDisabledReason() } : {}),
      inSidebar: this.deps.inSidebar,
      history: ref ? this.deps.history.forFunction(ref.fn.id) : [],
    };
    this.deps.post({ type: 'state', state });
  }

  private async loadInitialEvent(fnId: string): Promise<void> {
    const requested = this.requestedEvent;
    this.requestedEvent = undefined;
    const draft = this.deps.drafts.get(fnId);
    if (draft !== undefined) {
      // Unsaved edits of the event another view showed keep that event's name (Save overwrites it).
      const label = requested ? (requested.kind === 'saved' ? requested.name : requested.id) : 'Unsaved edits';
      this.deps.post({ type: 'event/loaded', fnId, text: draft, label, draft: true });
      return;
    }
    if (requested) return this.loadEvent(fnId, requested);
    const ref = this.deps.functionById(fnId);
    if (!ref) return;
    const first = ref.fn.triggers.length ? (await this.eventChoicesFor(ref)).find((o) => o.source.kind === 'generated') : undefined;
    if (first) await this.loadEvent(fnId, first.source);
    else this.deps.post({ type: 'event/loaded', fnId, text: '{}\n', label: 'Empty event', draft: false });
  }

  private async loadEvent(fnId: string, source: EventSource): Promise<void> {
    const ref = this.deps.functionById(fnId);
    if (!ref) return this.notice('error', 'That function is no longer in the workspace.');
    try {
      let text: string;
      let label: string;
      let note: string | undefined;
      if (source.kind === 'generated') {
        const trigger = source.triggerIndex !== undefined ? ref.fn.triggers[source.triggerIndex] : undefined;
        const hint = await this.bodyHint(ref);
        const event = generateEvent(source.id, { fn: ref.fn, project: ref.project, trigger, ...(hint ? { body: hint.body } : {}) });
        text = `${JSON.stringify(event, null, 2)}\n`;
        label = source.id;
        if (hint && carriesBody(event, hint.body)) {
          note = `The body follows the type ${hint.typeName} in ${hint.file}.`;
        } else {
          const placeholder = [placeholderBody, azurePlaceholderBody].find((b) => carriesBody(event, b));
          const file = ref.fn.handlerInfo.file ? ` in ${basename(ref.fn.handlerInfo.file)}` : '';
          if (placeholder) note = `The body ${JSON.stringify(placeholder)} is a placeholder: no request type found${file}. Put in what ${ref.fn.name} reads.`;
        }
      } else {
        const store = this.deps.savedEvents(ref.project);
        if (!store) return this.notice('error', 'Saved events need the project to be inside an open workspace folder.');
        text = await store.read(ref.project, ref.fn, source.name);
        label = source.name;
      }
      this.deps.drafts.set(fnId, undefined);
      this.deps.post({ type: 'event/loaded', fnId, text, label, draft: false, ...(note ? { note } : {}) });
    } catch (err) {
      this.notice('error', (err as Error).message);
    }
  }

  /** The body the handler's types describe (TypeScript, JSDoc, Python), with the file it was read from. */
  private async bodyHint(ref: FunctionRef): Promise<(RequestBodyHint & { file: string }) | undefined> {
    const language = ref.fn.handlerInfo.file ? sourceLanguage(ref.fn.handlerInfo.file) : undefined;
    if (!language || !this.deps.handlerSource) return undefined;
    const source = await this.deps.handlerSource(ref).catch(() => undefined);
    const hint = source ? requestBodyHint(source.text, language) : undefined;
    return hint && source ? { ...hint, file: basename(source.file) } : undefined;
  }

  private async invoke(msg: Extract<WebviewToHost, { type: 'invoke' }>): Promise<void> {
    const fail = (message: string): void => this.deps.post({ type: 'invoke/failed', runId: msg.runId, message });
    const ref = this.deps.functionById(msg.fnId);
    if (!ref) return fail('That function is no longer in the workspace.');
    let event: unknown;
    try {
      event = JSON.parse(msg.eventText) as unknown;
    } catch (err) {
      return fail(`The event is not valid JSON: ${describeJsonError(msg.eventText, err)}`);
    }
    if (msg.target === 'local') {
      const reason = this.deps.localUnavailable?.(ref) ?? this.deps.localDisabledReason();
      if (reason) return fail(reason);
    } else if (msg.target === 'remote') {
      const reason = this.deps.remoteUnavailable?.(ref);
      if (reason) return fail(reason);
    } else {
      const host = ref.project.kind === 'azure-functions' ? this.deps.hostTarget?.(ref) : undefined;
      if (!host || !this.deps.host) return fail('A Functions host runs Azure functions only.');
      if (host.unavailable) return fail(host.unavailable);
    }
    const ac = new AbortController();
    this.running.set(msg.runId, ac);
    this.deps.post({ type: 'invoke/started', runId: msg.runId });
    const startedAt = Date.now();
    const debug = msg.target === 'local' && msg.debug === true && this.deps.debugLocal !== undefined;
    // A multi-byte character may be split across two chunks of a streamed response.
    const decoder = new StringDecoder('utf8');
    try {
      const local = debug ? this.deps.debugLocal! : this.deps.local;
      const onLog = (text: string): void => this.deps.post({ type: 'invoke/log', runId: msg.runId, text });
      const result =
        msg.target === 'local'
          ? await local({
              fn: ref.fn,
              project: ref.project,
              event,
              coldStart: msg.coldStart,
              signal: ac.signal,
              ...(msg.tenantId ? { tenantId: msg.tenantId } : {}),
              onLog,
              onChunk: (data) => this.deps.post({ type: 'invoke/chunk', runId: msg.runId, text: decoder.write(data) }),
            })
          : msg.target === 'host'
            ? await this.deps.host!({ fn: ref.fn, project: ref.project, event, signal: ac.signal, onLog })
            : await this.deps.remote({ fn: ref.fn, project: ref.project, event, signal: ac.signal });
      // A debug run's duration holds the time paused at breakpoints and the debugger's own work: not priced.
      const cost = debug ? undefined : this.deps.cost?.(ref, result);
      const run: RunRecord = { runId: msg.runId, fnId: ref.fn.id, startedAt, eventLabel: msg.eventLabel, result, ...(debug ? { debug } : {}), ...(msg.target === 'host' ? { target: 'host' as const } : {}), ...(cost ? { cost } : {}) };
      this.addRun(run);
    } catch (err) {
      fail(err instanceof Error ? err.message.split('\n')[0] : String(err));
    } finally {
      this.running.delete(msg.runId);
    }
  }

  /** Records a finished run and shows it (also runs started elsewhere: the Debug command, launch.json). */
  addRun(run: RunRecord): void {
    if (!this.deps.history.forFunction(run.fnId).some((r) => r.runId === run.runId)) this.deps.history.add(run);
    if (this.ready) this.deps.post({ type: 'invoke/finished', run });
  }

  private async saveEvent(fnId: string, text: string, name: string | undefined): Promise<void> {
    await this.eventAction(fnId, async (store, ref) => {
      const chosen = name ?? (await this.deps.prompt.name(`Save the event of ${ref.fn.name} as`));
      if (!chosen) return undefined;
      const saved = await store.save(ref.project, ref.fn, chosen, text);
      return { notice: `Saved "${saved.name}"`, load: saved.name };
    });
  }

  private async eventAction(fnId: string, action: (store: SavedEventStore, ref: FunctionRef) => Promise<{ notice: string; load?: string } | undefined>): Promise<void> {
    const ref = this.deps.functionById(fnId);
    if (!ref) return this.notice('error', 'That function is no longer in the workspace.');
    const store = this.deps.savedEvents(ref.project);
    if (!store) return this.notice('error', 'Saved events need the project to be inside an open workspace folder.');
    try {
      const done = await action(store, ref);
      if (!done) return;
      await this.postState();
      if (done.load) await this.loadEvent(fnId, { kind: 'saved', name: done.load });
      this.notice('info', done.notice);
    } catch (err) {
      this.notice('error', (err as Error).message);
    }
  }

  private notice(level: 'info' | 'error', message: string): void {
    this.deps.post({ type: 'notice', level, message });
  }
}
