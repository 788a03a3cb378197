// The Cold Start view: renders an analysis report. Every value from the workspace goes in through
// textContent; the page has no HTML from the host besides its static shell.
import type { ColdStartHostMessage, ColdStartWebviewMessage } from '../shared/coldStartProtocol';
import type { Advice, ColdStartReport, DirectImport } from '../shared/coldStartReport';
import { formatBytes } from '../shared/coldStartReport';

interface VsCodeApi {
  postMessage(message: ColdStartWebviewMessage): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root') as HTMLElement;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Text with `code spans` as <code> elements; every part is set as text. */
function richText(tag: 'span' | 'p' | 'div', text: string, className?: string): HTMLElement {
  const node = el(tag, className);
  text.split('`').forEach((part, i) => {
    if (!part) return;
    node.append(i % 2 ? el('code', undefined, part) : document.createTextNode(part));
  });
  return node;
}

function lineLink(line: number | undefined): HTMLElement | undefined {
  if (line === undefined) return undefined;
  const a = el('a', 'line-link', `line ${line + 1}`);
  a.href = '#';
  a.title = 'Open the handler at this line';
  a.addEventListener('click', (e) => {
    e.preventDefault();
    vscode.postMessage({ type: 'coldStart/openHandler', line });
  });
  return a;
}

function section(title: string, ...children: HTMLElement[]): HTMLElement {
  const s = el('section');
  s.append(el('h2', undefined, title), ...children);
  return s;
}

function adviceList(advice: Advice[]): HTMLElement {
  if (advice.length === 0) return el('p', 'muted', 'Nothing to improve found: no SDK v2, no heavy package used for one export, no client created per invocation, no blocking init work.');
  const list = el('ul', 'advice');
  for (const a of advice) {
    const item = el('li', `advice-item ${a.severity}`);
    item.setAttribute('role', 'listitem');
    const head = el('div', 'advice-head');
    head.append(el('span', `badge ${a.severity}`, a.severity === 'warning' ? 'Warning' : 'Info'), richText('span', a.title, 'advice-title'));
    const link = lineLink(a.line);
    if (link) head.append(link);
    item.append(head, richText('p', a.detail, 'advice-detail'));
    list.append(item);
  }
  return list;
}

function importNote(i: DirectImport): string {
  if (!i.external) return `${formatBytes(i.bytes)} · ${i.modules} module${i.modules === 1 ? '' : 's'}`;
  if (i.externalReason === 'builtin') return 'Node built-in';
  if (i.externalReason === 'unresolved') return 'not installed: not measured';
  return 'provided by the runtime';
}

function table(headers: string[], rows: Array<Array<string | HTMLElement>>, numeric: number[]): HTMLElement {
  const t = el('table');
  const head = el('tr');
  headers.forEach((h, i) => head.append(el('th', numeric.includes(i) ? 'num' : undefined, h)));
  t.append(el('thead'));
  (t.firstChild as HTMLElement).append(head);
  const body = el('tbody');
  for (const r of rows) {
    const tr = el('tr');
    r.forEach((cell, i) => {
      const td = el('td', numeric.includes(i) ? 'num' : undefined);
      if (typeof cell === 'string') td.textContent = cell;
      else td.append(cell);
      tr.append(td);
    });
    body.append(tr);
  }
  t.append(body);
  return t;
}

function bar(fraction: number, label: string): HTMLElement {
  const wrap = el('div', 'bar-cell');
  const track = el('div', 'bar');
  const fill = el('div', 'bar-fill');
  fill.style.width = `${Math.max(1, Math.round(fraction * 100))}%`;
  track.append(fill);
  wrap.append(track, el('span', 'bar-label', label));
  return wrap;
}

function renderReport(r: ColdStartReport, handlerLabel: string, analysedAt: string): void {
  const header = el('header');
  const title = el('h1', undefined, `Cold start: ${r.functionName}`);
  const rerun = el('button', undefined, 'Analyze again');
  rerun.addEventListener('click', () => vscode.postMessage({ type: 'coldStart/reanalyze' }));
  const file = el('a', 'file-link', handlerLabel);
  file.href = '#';
  file.addEventListener('click', (e) => {
    e.preventDefault();
    vscode.postMessage({ type: 'coldStart/openHandler' });
  });
  const meta = el('p', 'muted');
  meta.append(file, document.createTextNode(` · ${r.runtime} · bundled for ${r.target} (${r.format}) · analysed ${analysedAt} in ${Math.round(r.durationMs)} ms`));
  header.append(title, rerun, meta);

  const stats = el('div', 'stats');
  const stat = (value: string, label: string): HTMLElement => {
    const s = el('div', 'stat');
    s.append(el('div', 'stat-value', value), el('div', 'stat-label', label));
    return s;
  };
  const warnings = r.advice.filter((a) => a.severity === 'warning').length;
  stats.append(
    stat(formatBytes(r.bundleBytes), 'bundle (minified)'),
    stat(String(r.moduleCount), r.moduleCount === 1 ? 'module' : 'modules'),
    stat(String(r.packages.length), r.packages.length === 1 ? 'package' : 'packages'),
    stat(String(warnings), warnings === 1 ? 'warning' : 'warnings'),
  );
  const provided = el('p', 'muted', `Left out as provided by the runtime: ${r.runtimeProvided.join(', ')}.`);

  const importsTable = table(
    ['Import', 'Kind', 'Brings in', 'Line'],
    r.imports.map((i) => [el('code', undefined, i.specifier), i.kind, importNote(i), lineLink(i.line) ?? '']),
    [2],
  );
  const maxPkg = Math.max(1, ...r.packages.map((p) => p.bytes));
  const packagesTable = table(
    ['Package', 'Size', 'Modules'],
    r.packages.slice(0, 15).map((p) => [el('code', undefined, p.name), bar(p.bytes / maxPkg, formatBytes(p.bytes)), String(p.modules)]),
    [2],
  );
  const maxMod = Math.max(1, ...r.modules.map((m) => m.bytes));
  const modulesTable = table(
    ['Module', 'Size'],
    r.modules.map((m) => [el('code', undefined, m.path), bar(m.bytes / maxMod, formatBytes(m.bytes))]),
    [],
  );
  root.replaceChildren(
    header,
    stats,
    section(`Advice (${r.advice.length})`, adviceList(r.advice)),
    section('Direct imports', r.imports.length ? importsTable : el('p', 'muted', 'The handler imports nothing.'), provided),
    section('Heaviest packages', r.packages.length ? packagesTable : el('p', 'muted', 'No npm packages are bundled: all code is the function’s own.')),
    section('Heaviest modules', modulesTable),
  );
}

function render(m: ColdStartHostMessage): void {
  switch (m.type) {
    case 'coldStart/running':
      root.replaceChildren(el('h1', undefined, `Cold start: ${m.functionName}`), el('p', 'muted', 'Bundling the handler with esbuild…'));
      break;
    case 'coldStart/error': {
      const retry = el('button', undefined, 'Try again');
      retry.addEventListener('click', () => vscode.postMessage({ type: 'coldStart/reanalyze' }));
      root.replaceChildren(el('h1', undefined, `Cold start: ${m.functionName}`), el('p', 'error', m.message), retry);
      break;
    }
    case 'coldStart/report':
      renderReport(m.report, m.handlerLabel, m.analysedAt);
      break;
  }
}

window.addEventListener('message', (event: MessageEvent<ColdStartHostMessage>) => {
  const m = event.data;
  if (m && typeof m === 'object' && typeof m.type === 'string') render(m);
});
vscode.postMessage({ type: 'ready' });
