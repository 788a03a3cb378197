/**
 * The Invoke view's browser code (sidebar view and editor panel). Everything from the workspace or AWS is
 * rendered with textContent: no HTML is ever built from data. Talks to the host only through the typed
 * protocol in src/shared/invokeProtocol.ts.
 */
import type { EventOption, HostToWebview, InvokeTarget, RunRecord, ViewState, WebviewToHost } from '../shared/invokeProtocol';
import { frameLocation } from '../shared/invokeProtocol';
import type { InvokeResult } from '../shared/invokeResult';
import { summarizeCalls } from '../shared/invokeResult';
import { jsonProblem } from '../shared/jsonError';
import { lineDiff } from '../shared/lineDiff';

interface VsCodeApi {
  postMessage(msg: WebviewToHost): void;
  getState(): Persisted | undefined;
  setState(s: Persisted): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** What survives the view being hidden or the window reloading (VS Code keeps it per webview). */
interface Persisted {
  fnId?: string;
  text?: string;
  eventLabel?: string;
  shownRunId?: string;
  /**
   * The newest run of the shown function this page has displayed. A newer one in the host's history finished
   * while the page was hidden (a debug run: the Run and Debug view takes the side bar): it is shown, not the
   * run picked before.
   */
  latestRunId?: string;
  /** Show an HTTP response's JSON `body` string as the string it is, not parsed. */
  rawBody?: boolean;
}

const vscode = acquireVsCodeApi();
const persisted: Persisted = vscode.getState() ?? {};

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: { className?: string; text?: string; attrs?: Record<string, string> } = {}, ...children: Node[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (props.className) e.className = props.className;
  if (props.text !== undefined) e.textContent = props.text;
  for (const [k, v] of Object.entries(props.attrs ?? {})) e.setAttribute(k, v);
  for (const c of children) e.appendChild(c);
  return e;
}

function byId<T extends HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

let state: ViewState | undefined;
let currentRun: string | undefined;
let liveLogs = '';
let liveBody = '';
let eventLabel = persisted.eventLabel ?? 'event';
let draftTimer: ReturnType<typeof setTimeout> | undefined;
/** The function each started run is for: a failure belongs to its run's function. */
const runFunctions = new Map<string, string>();
/**
 * Per function, the failure of its latest run (it could not start, or the AWS call failed). An error belongs to
 * its run: it shows while that function is shown, and goes when the function runs again.
 */
const failures = new Map<string, string>();
/** The answer to an event action (saved, renamed, an error), for the function it was about. */
let actionNotice: { fnId?: string; level: 'info' | 'error'; message: string } | undefined;

function save(patch: Partial<Persisted>): void {
  Object.assign(persisted, patch);
  vscode.setState(persisted);
}

function build(): void {
  const app = byId<HTMLElement>('app');
  app.replaceChildren(
    el('div', { className: 'row' },
      el('label', { text: 'Function', attrs: { for: 'fn' } }),
      el('select', { attrs: { id: 'fn', 'aria-label': 'Function' } }),
      el('button', { text: 'Open in Editor', className: 'secondary', attrs: { id: 'openPanel', title: 'Open the Invoke view in an editor tab' } }),
    ),
    el('div', { className: 'row', attrs: { role: 'radiogroup', 'aria-label': 'Target' } },
      el('label', { attrs: { id: 'targetLocalLabel' } }, el('input', { attrs: { type: 'radio', name: 'target', value: 'local', id: 'targetLocal' } }), document.createTextNode(' Local')),
      el('label', { attrs: { id: 'targetHostLabel', hidden: '', title: 'Through a running Functions host (Azure Functions Core Tools, func start)' } }, el('input', { attrs: { type: 'radio', name: 'target', value: 'host', id: 'targetHost' } }), document.createTextNode(' Functions host')),
      el('label', { attrs: { id: 'targetRemoteLabel' } }, el('input', { attrs: { type: 'radio', name: 'target', value: 'remote', id: 'targetRemote' } }), el('span', { text: ' Remote (AWS)', attrs: { id: 'targetRemoteText' } })),
      el('span', { className: 'muted', attrs: { id: 'aws' } }),
      el('button', { text: 'Change…', className: 'secondary', attrs: { id: 'awsChange', title: 'Choose the AWS profile and region' } }),
    ),
    el('div', { className: 'muted', attrs: { id: 'hostDetail', role: 'note', hidden: '' } }),
    el('div', { className: 'notice', attrs: { id: 'localDisabled', role: 'note', hidden: '' } }),
    el('div', { className: 'muted', attrs: { id: 'remoteNote', role: 'note', hidden: '' } }),
    el('div', { className: 'row' },
      el('label', { text: 'Event', attrs: { for: 'event' } }),
      el('select', { attrs: { id: 'event', 'aria-label': 'Event' } }),
    ),
    el('div', { className: 'row' },
      el('button', { text: 'Save As…', className: 'secondary', attrs: { id: 'saveAs' } }),
      el('button', { text: 'Save', className: 'secondary', attrs: { id: 'save', title: 'Overwrite the selected saved event' } }),
      el('button', { text: 'Rename…', className: 'secondary', attrs: { id: 'rename' } }),
      el('button', { text: 'Duplicate', className: 'secondary', attrs: { id: 'duplicate' } }),
      el('button', { text: 'Delete', className: 'secondary', attrs: { id: 'delete' } }),
    ),
    el('textarea', { attrs: { id: 'editor', spellcheck: 'false', rows: '14', 'aria-label': 'Event JSON', 'aria-describedby': 'jsonError' } }),
    el('div', { className: 'error-text', attrs: { id: 'jsonError', role: 'alert' } }),
    el('div', { className: 'muted', attrs: { id: 'eventNote', role: 'note', hidden: '' } }),
    el('div', { className: 'row', attrs: { id: 'tenantRow', hidden: '' } },
      el('label', { text: 'Tenant id', attrs: { for: 'tenant' } }),
      el('input', { attrs: { id: 'tenant', type: 'text', maxlength: '256', placeholder: 'local-tenant', 'aria-describedby': 'tenantHelp' } }),
      el('span', { className: 'muted', text: 'The function isolates tenants: each tenant gets its own environments.', attrs: { id: 'tenantHelp' } }),
    ),
    el('div', { className: 'row' },
      el('button', { text: 'Invoke', attrs: { id: 'run', title: 'Invoke (Ctrl+Enter)' } }),
      el('button', { text: 'Debug', className: 'secondary', attrs: { id: 'debug', title: 'Run locally in a fresh process with the debugger attached: breakpoints bind, the timeout is suspended; the session ends with the run' } }),
      el('button', { text: 'Cancel', className: 'secondary', attrs: { id: 'cancel', hidden: '' } }),
      el('label', {}, el('input', { attrs: { type: 'checkbox', id: 'cold' } }), document.createTextNode(' Cold start')),
      el('span', { className: 'muted', attrs: { id: 'status', role: 'status', 'aria-live': 'polite' } }),
    ),
    el('div', { className: 'notice', attrs: { id: 'notice', role: 'status', hidden: '' } }),
    el('h3', { text: 'Result' }),
    el('div', { attrs: { id: 'warnings', role: 'note', 'aria-label': 'Differences from Lambda' } }),
    el('div', { className: 'row muted', attrs: { id: 'bodyNote', hidden: '' } },
      el('span', { attrs: { id: 'bodyNoteText' } }),
      el('button', { className: 'secondary', attrs: { id: 'bodyToggle', 'aria-pressed': 'false' } }),
    ),
    el('pre', { attrs: { id: 'result', tabindex: '0', 'aria-label': 'Result' } }),
    el('section', { attrs: { id: 'outputsBox', hidden: '', 'aria-label': 'Output bindings' } },
      el('h3', { text: 'Outputs' }),
      el('pre', { attrs: { id: 'outputs', tabindex: '0', 'aria-label': 'Outputs' } }),
    ),
    el('section', { attrs: { id: 'errorBox', hidden: '', 'aria-label': 'Error' } },
      el('h3', { text: 'Error' }),
      el('div', { className: 'error-type', attrs: { id: 'errType' } }),
      el('div', { className: 'error-text', attrs: { id: 'errMsg' } }),
      el('ol', { className: 'trace', attrs: { id: 'trace' } }),
    ),
    el('h3', { text: 'Metrics' }),
    el('dl', { className: 'metrics', attrs: { id: 'metrics' } }),
    el('h3', { text: 'Logs' }),
    el('pre', { className: 'logs', attrs: { id: 'logs', tabindex: '0', 'aria-label': 'Logs' } }),
    el('h3', { text: 'History' }),
    el('ol', { className: 'history', attrs: { id: 'history' } }),
    el('h3', { text: 'Changes from the previous run' }),
    el('pre', { className: 'diff', attrs: { id: 'diff', tabindex: '0', 'aria-label': 'Diff against the previous run' } }),
  );

  byId<HTMLSelectElement>('fn').addEventListener('change', (e) => {
    const fnId = (e.target as HTMLSelectElement).value;
    if (state) state.fnId = fnId;
    save({ fnId, shownRunId: undefined });
    renderNotice();
    vscode.postMessage({ type: 'selectFunction', fnId });
  });
  byId<HTMLSelectElement>('event').addEventListener('change', (e) => {
    const opt = state?.events[Number((e.target as HTMLSelectElement).value)];
    if (opt && state?.fnId) vscode.postMessage({ type: 'loadEvent', fnId: state.fnId, source: opt.source });
  });
  for (const id of ['targetLocal', 'targetHost', 'targetRemote']) {
    byId<HTMLInputElement>(id).addEventListener('change', (e) => vscode.postMessage({ type: 'setTarget', target: (e.target as HTMLInputElement).value as InvokeTarget }));
  }
  byId('awsChange').addEventListener('click', () => vscode.postMessage({ type: state?.cloud === 'azure' ? 'chooseAzure' : 'chooseAws' }));
  byId('openPanel').addEventListener('click', () => {
    const source = shownEventSource();
    vscode.postMessage(source ? { type: 'openPanel', source } : { type: 'openPanel' });
  });
  byId('bodyToggle').addEventListener('click', () => {
    save({ rawBody: !persisted.rawBody });
    const shown = state?.history.find((r) => r.runId === persisted.shownRunId);
    if (shown && state) renderRun(shown, state.history);
  });
  const editor = byId<HTMLTextAreaElement>('editor');
  editor.addEventListener('input', () => {
    checkJson();
    save({ text: editor.value });
    if (draftTimer) clearTimeout(draftTimer);
    const fnId = state?.fnId;
    draftTimer = setTimeout(() => fnId && vscode.postMessage({ type: 'draft', fnId, text: editor.value }), 250);
  });
  document.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
      e.preventDefault();
      run();
    }
  });
  byId('run').addEventListener('click', () => run());
  byId('debug').addEventListener('click', () => run(true));
  byId('cancel').addEventListener('click', () => currentRun && vscode.postMessage({ type: 'cancel', runId: currentRun }));
  byId('saveAs').addEventListener('click', () => state?.fnId && vscode.postMessage({ type: 'saveEvent', fnId: state.fnId, text: editor.value }));
  byId('save').addEventListener('click', () => {
    const saved = selectedSaved();
    if (saved && state?.fnId) vscode.postMessage({ type: 'saveEvent', fnId: state.fnId, text: editor.value, name: saved });
  });
  for (const [id, type] of [['rename', 'renameEvent'], ['duplicate', 'duplicateEvent'], ['delete', 'deleteEvent']] as const) {
    byId(id).addEventListener('click', () => {
      const saved = selectedSaved();
      if (saved && state?.fnId) vscode.postMessage({ type, fnId: state.fnId, name: saved });
    });
  }
}

/** The picker's event, when the editor holds it (not when it holds restored edits of no named event). */
function shownEventSource(): EventOption['source'] | undefined {
  const opt = state?.events[Number(byId<HTMLSelectElement>('event').value)];
  if (!opt) return undefined;
  return (opt.source.kind === 'saved' ? opt.source.name : opt.source.id) === eventLabel ? opt.source : undefined;
}

function selectedSaved(): string | undefined {
  const opt = state?.events[Number(byId<HTMLSelectElement>('event').value)];
  return opt?.source.kind === 'saved' ? opt.source.name : undefined;
}

function checkJson(): boolean {
  const editor = byId<HTMLTextAreaElement>('editor');
  const problem = jsonProblem(editor.value);
  byId('jsonError').textContent = problem ? `Line ${problem.line}, column ${problem.column}: ${problem.message.replace(/ at line \d+, column \d+$/, '')}` : '';
  editor.setAttribute('aria-invalid', problem ? 'true' : 'false');
  byId('run').toggleAttribute('disabled', Boolean(problem) || Boolean(currentRun));
  byId('debug').toggleAttribute('disabled', Boolean(problem) || Boolean(currentRun));
  return !problem;
}

function run(debug = false): void {
  // Right after switching functions the editor still holds the previous one's event until the host answers.
  if (!state?.fnId || currentRun || !checkJson() || byId('editor').dataset.fnId !== state.fnId) return;
  if (debug && state.target !== 'local') return;
  currentRun = `run-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  runFunctions.set(currentRun, state.fnId);
  failures.delete(state.fnId);
  actionNotice = undefined;
  renderNotice();
  const coldStart = byId<HTMLInputElement>('cold').checked;
  const tenantId = selectedFunction()?.perTenant ? byId<HTMLInputElement>('tenant').value.trim() : '';
  vscode.postMessage({ type: 'invoke', runId: currentRun, fnId: state.fnId, eventText: byId<HTMLTextAreaElement>('editor').value, eventLabel, target: state.target, coldStart, ...(debug ? { debug } : {}), ...(tenantId ? { tenantId } : {}) });
  liveLogs = '';
  liveBody = '';
  byId('logs').textContent = '';
  byId('status').textContent = debug
    ? 'Debugging locally: the timeout is suspended while the debugger is attached…'
    : state.target === 'local'
      ? 'Running locally…'
      : state.target === 'host'
        ? 'Invoking through the Functions host…'
        : `Invoking in ${state.cloud === 'azure' ? 'Azure' : 'AWS'}…`;
  byId('run').setAttribute('disabled', '');
  byId('debug').setAttribute('disabled', '');
  byId('cancel').removeAttribute('hidden');
}

function selectedFunction(): ViewState['functions'][number] | undefined {
  return state?.functions.find((f) => f.id === state?.fnId);
}

function renderState(s: ViewState): void {
  state = s;
  const fnSelect = byId<HTMLSelectElement>('fn');
  fnSelect.replaceChildren(...s.functions.map((f) => el('option', { text: `${f.name} — ${f.project}`, attrs: { value: f.id, title: f.description } })));
  if (s.fnId) fnSelect.value = s.fnId;
  fnSelect.toggleAttribute('disabled', s.functions.length === 0);
  save({ fnId: s.fnId });
  renderEvents(s.events);
  byId<HTMLInputElement>(s.target === 'local' ? 'targetLocal' : s.target === 'host' ? 'targetHost' : 'targetRemote').checked = true;
  byId('targetHostLabel').toggleAttribute('hidden', !s.host);
  byId('targetLocalLabel').toggleAttribute('hidden', Boolean(s.localUnavailable) && s.target !== 'local');
  const hostDetail = byId('hostDetail');
  hostDetail.textContent = s.host ? (s.host.unavailable ?? s.host.label) : '';
  hostDetail.toggleAttribute('hidden', !s.host || s.target !== 'host');
  byId('targetRemoteText').textContent = s.cloud === 'azure' ? ' Remote (Azure)' : ' Remote (AWS)';
  byId('targetRemoteLabel').toggleAttribute('hidden', Boolean(s.remoteUnavailable));
  byId('aws').textContent =
    s.cloud === 'aws'
      ? `${s.aws.profile} · ${s.aws.region}${s.aws.endpointUrl ? ` · ${s.aws.endpointUrl}` : ''}`
      : s.azure?.functionApp
        ? `${s.azure.functionApp}${s.azure.subscription ? ` · ${s.azure.subscription}` : ''}`
        : 'no function app chosen';
  byId('awsChange').setAttribute('title', s.cloud === 'aws' ? 'Choose the AWS profile and region' : 'Choose the Azure subscription and function app');
  byId('awsChange').toggleAttribute('hidden', Boolean(s.remoteUnavailable));
  const disabled = byId('localDisabled');
  const localReason = s.localUnavailable ?? s.localDisabledReason;
  disabled.textContent = localReason ?? '';
  disabled.toggleAttribute('hidden', !localReason || s.target !== 'local');
  const remoteNote = byId('remoteNote');
  remoteNote.textContent = s.remoteNote ?? '';
  remoteNote.toggleAttribute('hidden', !s.remoteNote || s.target !== 'remote');
  byId('openPanel').toggleAttribute('hidden', !s.inSidebar);
  byId('debug').toggleAttribute('hidden', s.target !== 'local' || Boolean(s.localUnavailable));
  byId('tenantRow').toggleAttribute('hidden', !selectedFunction()?.perTenant);
  renderHistory(s.history);
  renderNotice();
  const latest = s.history.at(-1);
  const picked = s.history.find((r) => r.runId === persisted.shownRunId);
  const shown = latest && latest.runId !== persisted.latestRunId ? latest : (picked ?? latest);
  if (shown && !currentRun) renderRun(shown, s.history);
  else if (!shown && !currentRun) clearOutput();
}

function renderEvents(events: EventOption[]): void {
  const select = byId<HTMLSelectElement>('event');
  const saved = el('optgroup', { attrs: { label: 'Saved' } });
  const generated = el('optgroup', { attrs: { label: 'Generated' } });
  events.forEach((e, i) => (e.source.kind === 'saved' ? saved : generated).appendChild(el('option', { text: e.label, attrs: { value: String(i) } })));
  select.replaceChildren(...(saved.children.length ? [saved] : []), generated);
  const match = events.findIndex((e) => (e.source.kind === 'saved' ? e.source.name : e.source.id) === eventLabel);
  if (match >= 0) select.value = String(match);
  updateSavedButtons();
}

function updateSavedButtons(): void {
  const isSaved = Boolean(selectedSaved());
  for (const id of ['save', 'rename', 'duplicate', 'delete']) byId(id).toggleAttribute('disabled', !isSaved);
}

function clearOutput(): void {
  for (const id of ['result', 'outputs', 'logs', 'diff']) byId(id).textContent = '';
  byId('warnings').replaceChildren();
  byId('metrics').replaceChildren();
  byId('errorBox').setAttribute('hidden', '');
  byId('outputsBox').setAttribute('hidden', '');
  byId('bodyNote').setAttribute('hidden', '');
}

function pretty(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v, null, 2);
}

/**
 * An HTTP response (API Gateway, ALB, Function URL, Azure) whose `body` is a JSON object or array sent as a
 * string: the response with that body parsed, so it reads at a glance. Base64 bodies stay as they are.
 */
function withParsedBody(v: unknown): Record<string, unknown> | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const r = v as Record<string, unknown>;
  if ((typeof r.statusCode !== 'number' && typeof r.status !== 'number') || typeof r.body !== 'string' || r.isBase64Encoded === true) return undefined;
  const text = r.body.trim();
  if (!text.startsWith('{') && !text.startsWith('[')) return undefined;
  try {
    return { ...r, body: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

/** The result as shown: with a JSON body parsed unless the person asked for the raw string. */
function shownResult(r: InvokeResult): string {
  const parsed = withParsedBody(r.result);
  return pretty(parsed && !persisted.rawBody ? parsed : (r.result ?? null));
}

/** A numbered list item whose number stays with the first line when the text wraps. */
function numbered(n: number, content: Node): HTMLLIElement {
  return el('li', {}, el('span', { className: 'n', text: `${n}.`, attrs: { 'aria-hidden': 'true' } }), content);
}

function renderNotice(): void {
  const fnId = state?.fnId;
  const failure = fnId ? failures.get(fnId) : undefined;
  const notice = failure !== undefined ? { level: 'error' as const, message: failure } : actionNotice && actionNotice.fnId === fnId ? actionNotice : undefined;
  const n = byId('notice');
  if (!notice) {
    n.setAttribute('hidden', '');
    n.textContent = '';
    return;
  }
  n.textContent = notice.message;
  n.className = `notice ${notice.level}`;
  n.removeAttribute('hidden');
}

function metric(label: string, value: number | undefined, unit: string): Node[] {
  if (value === undefined) return [];
  return [el('dt', { text: label }), el('dd', { text: `${Number.isInteger(value) ? value : value.toFixed(2)} ${unit}` })];
}

function renderRun(run: RunRecord, history: RunRecord[]): void {
  const r: InvokeResult = run.result;
  save({ shownRunId: run.runId, ...(history.at(-1)?.runId === run.runId ? { latestRunId: run.runId } : {}) });
  byId('result').textContent = r.error ? '' : shownResult(r);
  const hasJsonBody = !r.error && withParsedBody(r.result) !== undefined;
  byId('bodyNote').toggleAttribute('hidden', !hasJsonBody);
  if (hasJsonBody) {
    byId('bodyNoteText').textContent = persisted.rawBody ? 'body: the JSON string as returned' : 'body: a JSON string, shown parsed';
    byId('bodyToggle').textContent = persisted.rawBody ? 'Show Parsed' : 'Show Raw';
    byId('bodyToggle').setAttribute('aria-pressed', persisted.rawBody ? 'true' : 'false');
  }
  const outputs = !r.error && r.outputs && Object.keys(r.outputs).length ? r.outputs : undefined;
  byId('outputs').textContent = outputs ? pretty(outputs) : '';
  byId('outputsBox').toggleAttribute('hidden', !outputs);
  // What differs from Lambda in this run (another interpreter version, a layer only known by its ARN, …).
  byId('warnings').replaceChildren(...(r.warnings ?? []).map((w) => el('div', { className: 'notice', text: w })));
  const errorBox = byId('errorBox');
  if (r.error) {
    errorBox.removeAttribute('hidden');
    byId('errType').textContent = r.error.errorType;
    byId('errMsg').textContent = r.error.errorMessage;
    byId('trace').replaceChildren(
      ...r.error.trace.map((line, i) => {
        const loc = frameLocation(line);
        if (!loc) return numbered(i + 1, el('span', { className: 'frame', text: line.trim() }));
        const link = el('button', { className: 'link', text: line.trim(), attrs: { title: `Open ${loc.file}:${loc.line}` } });
        link.addEventListener('click', () => vscode.postMessage({ type: 'openSource', file: loc.file, line: loc.line, column: loc.column }));
        return numbered(i + 1, link);
      }),
    );
  } else {
    errorBox.setAttribute('hidden', '');
  }
  byId('logs').textContent = r.logs;
  byId('metrics').replaceChildren(
    ...[
      ...[[el('dt', { text: 'Target' }), el('dd', { text: `${run.target === 'host' ? 'Functions host' : r.target === 'local' ? 'Local' : r.cloud === 'azure' ? 'Azure' : 'AWS'} · ${r.functionName}` })]].flat(),
      ...(r.cloud === 'azure' ? [el('dt', { text: 'Invocation id' }), el('dd', { text: r.requestId })] : []),
      ...metric('Duration', r.durationMs, 'ms'),
      ...metric('Billed duration', r.billedDurationMs, 'ms'),
      ...metric('Memory size', r.memorySizeMb, 'MB'),
      ...metric('Max memory used', r.maxMemoryUsedMb, 'MB'),
      ...metric('Init duration (cold start)', r.initDurationMs, 'ms'),
      ...(r.interpreter
        ? [el('dt', { text: 'Interpreter' }), el('dd', { text: `${r.interpreter.family === 'node' ? 'Node.js' : 'Python'} ${r.interpreter.version} · ${r.interpreter.source}`, attrs: { title: r.interpreter.path } })]
        : []),
      ...(r.memoryEnforcement ? [el('dt', { text: 'Memory limit' }), el('dd', { text: r.memoryEnforcement === 'cgroup' ? 'enforced by the kernel (cgroup)' : r.memoryEnforcement === 'sampler' ? 'enforced (process sampled)' : 'checked after each run' })] : []),
      ...(r.tenantId ? [el('dt', { text: 'Tenant' }), el('dd', { text: r.tenantId })] : []),
      ...(r.stream
        ? [el('dt', { text: 'Streamed' }), el('dd', { text: `${r.stream.contentType} · ${r.stream.chunks} chunks · ${r.stream.bytes} bytes${r.stream.prelude?.statusCode ? ` · status ${r.stream.prelude.statusCode}` : ''}` })]
        : []),
      ...(r.initDurationMs === undefined && r.coldStart === false ? [el('dt', { text: 'Start' }), el('dd', { text: 'warm' })] : []),
      ...(run.debug
        ? [
            el('dt', { text: 'Debugger' }),
            el('dd', { text: 'attached (timeout suspended)' }),
            el('dt', { text: 'Cost' }),
            el('dd', { text: 'not priced: a debug run’s time includes pauses at breakpoints and the debugger’s own work; Invoke without the debugger for its cost' }),
          ]
        : []),
      ...(run.cost
        ? [
            el('dt', { text: run.cost.estimate ? 'Cost (estimate)' : 'Cost' }),
            el('dd', { attrs: { title: run.cost.basis } }, document.createTextNode(`${run.cost.perInvocation} · ${run.cost.perMillion} per 1M warm`), el('div', { className: 'muted', text: run.cost.basis })),
          ]
        : []),
      ...metric('Local overhead', r.overheadMs, 'ms'),
      ...(r.unresolvedEnv?.length ? [el('dt', { text: 'Unresolved environment' }), el('dd', { text: `${r.unresolvedEnv.join(', ')} (put values in a .env file)` })] : []),
      ...(r.localCalls?.length ? [el('dt', { text: 'Answered locally' }), el('dd', { text: summarizeCalls(r.localCalls) })] : []),
    ],
  );
  const index = history.findIndex((h) => h.runId === run.runId);
  const previous = index > 0 ? history[index - 1] : undefined;
  const diff = byId('diff');
  if (!previous) {
    diff.textContent = 'No previous run of this function to compare with.';
  } else {
    const text = (x: RunRecord): string => (x.result.error ? pretty(x.result.error) : shownResult(x.result));
    const lines = lineDiff(text(previous), text(run));
    const changed = lines.some((l) => l.kind !== 'same');
    diff.replaceChildren(
      ...(changed
        ? lines.map((l) => el('span', { className: `diff-${l.kind}`, text: `${l.kind === 'added' ? '+ ' : l.kind === 'removed' ? '- ' : '  '}${l.text}\n` }))
        : [document.createTextNode('Same result as the previous run.')]),
    );
  }
  renderHistory(history);
}

function renderHistory(history: RunRecord[]): void {
  const list = byId('history');
  list.replaceChildren(
    ...history
      .slice()
      .reverse()
      .map((h, i) => {
        const when = new Date(h.startedAt).toLocaleTimeString();
        const status = h.result.error ? `✗ ${h.result.error.errorType}` : '✓';
        const start = h.result.coldStart === true ? ' · cold' : h.result.coldStart === false ? ' · warm' : '';
        const b = el('button', { className: `link${h.runId === persisted.shownRunId ? ' current' : ''}`, text: `${when} · ${h.target === 'host' ? 'host' : h.result.target}${h.debug ? ' (debug)' : ''}${start} · ${h.eventLabel} · ${status} · ${h.result.durationMs?.toFixed(1) ?? '?'} ms` });
        b.addEventListener('click', () => state && renderRun(h, state.history));
        return numbered(i + 1, b);
      }),
  );
}

function onMessage(msg: HostToWebview): void {
  switch (msg.type) {
    case 'state':
      renderState(msg.state);
      return;
    case 'event/loaded': {
      if (msg.fnId !== state?.fnId && state) return;
      const editor = byId<HTMLTextAreaElement>('editor');
      editor.value = msg.text;
      // Which function the text belongs to (runs are refused while it is another one's).
      editor.dataset.fnId = msg.fnId;
      eventLabel = msg.label;
      save({ text: msg.text, eventLabel });
      if (state) renderEvents(state.events);
      byId('status').textContent = msg.draft ? 'Restored unsaved edits' : '';
      byId('eventNote').textContent = msg.note ?? '';
      byId('eventNote').toggleAttribute('hidden', !msg.note);
      checkJson();
      return;
    }
    case 'invoke/started':
      return;
    case 'invoke/log':
      if (msg.runId !== currentRun) return;
      liveLogs += msg.text;
      byId('logs').textContent = liveLogs;
      return;
    case 'invoke/chunk':
      if (msg.runId !== currentRun) return;
      liveBody += msg.text;
      byId('errorBox').setAttribute('hidden', '');
      byId('result').textContent = liveBody;
      return;
    case 'invoke/finished':
      if (msg.run.runId === currentRun) finishRun();
      runFunctions.delete(msg.run.runId);
      failures.delete(msg.run.fnId);
      if (state && msg.run.fnId === state.fnId) {
        renderNotice();
        if (!state.history.some((h) => h.runId === msg.run.runId)) state.history.push(msg.run);
        renderRun(msg.run, state.history);
        byId('status').textContent = msg.run.result.error ? `Failed: ${msg.run.result.error.errorType}` : 'Done';
      }
      return;
    case 'invoke/failed': {
      if (msg.runId === currentRun) finishRun();
      const fnId = runFunctions.get(msg.runId) ?? state?.fnId;
      runFunctions.delete(msg.runId);
      if (fnId === state?.fnId) byId('status').textContent = '';
      if (fnId) failures.set(fnId, msg.message);
      renderNotice();
      return;
    }
    case 'notice':
      actionNotice = { fnId: state?.fnId, level: msg.level, message: msg.message };
      renderNotice();
      return;
  }
}

function finishRun(): void {
  currentRun = undefined;
  byId('cancel').setAttribute('hidden', '');
  checkJson();
}


build();
byId<HTMLSelectElement>('event').addEventListener('change', updateSavedButtons);
if (persisted.text !== undefined) {
  byId<HTMLTextAreaElement>('editor').value = persisted.text;
  checkJson();
}
window.addEventListener('message', (e: MessageEvent<HostToWebview>) => onMessage(e.data));
vscode.postMessage({ type: 'ready' });
