// The Logs view's script (browser). Everything from the host is data: lines are built with
// createElement/textContent only, so a log line with markup shows as text.
import type { LogLine, LogsHostMessage, LogsViewMessage } from '../shared/logsProtocol';
import { logsViewLineLimit } from '../shared/logsProtocol';

interface VsCodeApi {
  postMessage(message: LogsViewMessage): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface Entry {
  line: LogLine;
  el: HTMLElement;
  msg: HTMLElement;
}

const vscode = acquireVsCodeApi();
const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const list = byId<HTMLDivElement>('lines');
const statusEl = byId<HTMLSpanElement>('status');
const filterInput = byId<HTMLInputElement>('filter');
const requestBox = byId<HTMLSpanElement>('request-filter');
const requestLabel = byId<HTMLElement>('request-id');
const followBox = byId<HTMLInputElement>('follow');
const prettyBox = byId<HTMLInputElement>('pretty');
const pauseButton = byId<HTMLButtonElement>('pause');
const countEl = byId<HTMLSpanElement>('count');

const entries: Entry[] = [];
let held: LogLine[] = [];
let paused = false;
let received = 0;
let textFilter: ((s: string) => boolean) | undefined;
let requestFilter: string | undefined;
let pendingRender: LogLine[] = [];
let renderScheduled = false;

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 3, hour12: false });

function messageText(line: LogLine): string {
  if (line.json && prettyBox.checked) {
    // A Lambda text-format line keeps its prefix (time, request id, level) with the object pretty-printed after it.
    const at = line.jsonAt ?? 0;
    try {
      return `${line.message.slice(0, at)}${JSON.stringify(JSON.parse(line.message.slice(at)), null, 2)}`;
    } catch {
      return line.message;
    }
  }
  return line.message;
}

function build(line: LogLine): Entry {
  const el = document.createElement('div');
  el.className = `line${line.level ? ` level-${line.level}` : ''}${line.json && prettyBox.checked ? ' json' : ''}`;
  const time = document.createElement('span');
  time.className = 'time';
  time.textContent = timeFormat.format(line.timestamp);
  time.title = new Date(line.timestamp).toISOString();
  el.append(time);
  if (line.function) {
    const fn = document.createElement('span');
    fn.className = 'fn';
    fn.textContent = line.function;
    if (line.source === 'local') fn.title = 'local invocation';
    el.append(fn);
  }
  if (line.requestId) {
    const rid = document.createElement('button');
    rid.className = 'rid';
    rid.textContent = line.requestId.slice(0, 8);
    rid.title = `Show only request ${line.requestId}`;
    rid.dataset.rid = line.requestId;
    el.append(rid);
  }
  const msg = document.createElement('span');
  msg.className = 'msg';
  msg.textContent = messageText(line);
  el.append(msg);
  return { line, el, msg };
}

function matches(line: LogLine): boolean {
  if (requestFilter && line.requestId !== requestFilter) return false;
  if (textFilter && !textFilter(`${line.function ?? ''} ${line.requestId ?? ''} ${line.message}`)) return false;
  return true;
}

function atBottom(): boolean {
  return list.scrollHeight - list.scrollTop - list.clientHeight < 4;
}

/** Appends lines in one frame; old lines beyond the ring buffer's size leave the DOM. */
function render(): void {
  renderScheduled = false;
  const lines = pendingRender;
  pendingRender = [];
  const fragment = document.createDocumentFragment();
  const start = Math.max(0, lines.length - logsViewLineLimit);
  for (let i = start; i < lines.length; i++) {
    const entry = build(lines[i]);
    entry.el.hidden = !matches(entry.line);
    entries.push(entry);
    fragment.append(entry.el);
  }
  list.append(fragment);
  const excess = entries.length - logsViewLineLimit;
  if (excess > 0) for (const old of entries.splice(0, excess)) old.el.remove();
  if (followBox.checked) list.scrollTop = list.scrollHeight;
  updateCount();
}

function updateCount(): void {
  const dropped = received - entries.length - held.length;
  countEl.textContent = `${entries.length.toLocaleString()} lines${paused ? ` · paused, ${held.length.toLocaleString()} new` : ''}${dropped > 0 ? ` · ${dropped.toLocaleString()} older dropped` : ''}`;
}

function accept(lines: LogLine[]): void {
  received += lines.length;
  if (paused) {
    held.push(...lines);
    if (held.length > logsViewLineLimit) held = held.slice(held.length - logsViewLineLimit);
    updateCount();
    return;
  }
  pendingRender.push(...lines);
  // A hidden view gets no animation frames: keep only what the ring buffer would keep anyway.
  if (pendingRender.length > 2 * logsViewLineLimit) pendingRender = pendingRender.slice(pendingRender.length - logsViewLineLimit);
  if (!renderScheduled) {
    renderScheduled = true;
    requestAnimationFrame(render);
  }
}

function refilter(): void {
  for (const e of entries) e.el.hidden = !matches(e.line);
  requestBox.hidden = !requestFilter;
  requestLabel.textContent = requestFilter ?? '';
  if (followBox.checked) list.scrollTop = list.scrollHeight;
}

function clear(): void {
  for (const e of entries) e.el.remove();
  entries.length = 0;
  held = [];
  pendingRender = [];
  received = 0;
  updateCount();
}

/** `/regex/flags` filters by regular expression, anything else by case-insensitive text. */
function compileFilter(text: string): ((s: string) => boolean) | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  const re = /^\/(.+)\/([imsu]*)$/.exec(trimmed);
  if (re) {
    try {
      const regex = new RegExp(re[1], re[2]);
      filterInput.classList.remove('invalid');
      return (s) => regex.test(s);
    } catch {
      filterInput.classList.add('invalid');
    }
  }
  filterInput.classList.remove('invalid');
  const needle = trimmed.toLowerCase();
  return (s) => s.toLowerCase().includes(needle);
}

let filterTimer: ReturnType<typeof setTimeout> | undefined;
filterInput.addEventListener('input', () => {
  clearTimeout(filterTimer);
  filterTimer = setTimeout(() => {
    textFilter = compileFilter(filterInput.value);
    refilter();
  }, 120);
});

list.addEventListener('click', (e) => {
  const target = e.target as HTMLElement;
  if (target.classList.contains('rid') && target.dataset.rid) {
    requestFilter = requestFilter === target.dataset.rid ? undefined : target.dataset.rid;
    refilter();
  }
});
byId<HTMLButtonElement>('request-clear').addEventListener('click', () => {
  requestFilter = undefined;
  refilter();
});

// Scrolling up stops following the tail; scrolling back to the end resumes it.
list.addEventListener('scroll', () => {
  const bottom = atBottom();
  if (followBox.checked !== bottom) followBox.checked = bottom;
});
followBox.addEventListener('change', () => {
  if (followBox.checked) list.scrollTop = list.scrollHeight;
});

prettyBox.addEventListener('change', () => {
  for (const e of entries) {
    if (!e.line.json) continue;
    e.msg.textContent = messageText(e.line);
    e.el.classList.toggle('json', prettyBox.checked);
  }
});

pauseButton.addEventListener('click', () => {
  paused = !paused;
  pauseButton.textContent = paused ? 'Resume' : 'Pause';
  pauseButton.setAttribute('aria-pressed', String(paused));
  if (!paused) {
    const lines = held;
    held = [];
    received -= lines.length;
    accept(lines);
  }
  updateCount();
});
byId<HTMLButtonElement>('clear').addEventListener('click', clear);
byId<HTMLButtonElement>('stop').addEventListener('click', () => vscode.postMessage({ type: 'logs/stop' }));

function isHostMessage(value: unknown): value is LogsHostMessage {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = event.data;
  if (!isHostMessage(message)) return;
  switch (message.type) {
    case 'logs/lines':
      accept(message.lines);
      break;
    case 'logs/status':
      statusEl.textContent = message.detail ? `${message.title} · ${message.detail}` : message.title;
      statusEl.className = `status state-${message.state}`;
      byId<HTMLButtonElement>('stop').disabled = message.state === 'idle' || message.state === 'error';
      break;
    case 'logs/clear':
      clear();
      break;
    case 'logs/probe': {
      const visible = entries.filter((e) => !e.el.hidden).slice(-message.limit);
      const own = new Set(['DIV', 'SPAN', 'BUTTON']);
      const foreign = [...list.querySelectorAll('*')].filter((el) => !own.has(el.tagName)).length;
      vscode.postMessage({
        type: 'logs/probeResult',
        id: message.id,
        visibleText: visible.map((e) => e.el.textContent ?? ''),
        total: entries.length,
        received,
        foreignElements: foreign,
        paused,
      });
      break;
    }
    default: {
      const unknown: never = message;
      void unknown;
    }
  }
});

vscode.postMessage({ type: 'logs/ready' });
