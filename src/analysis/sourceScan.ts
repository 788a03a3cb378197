/**
 * A light static reading of a handler module, enough for cold-start advice: its imports and how much of each
 * it uses, what runs at module scope (init) and which clients are created inside the handler (per invocation).
 * It is a scanner, not a parser: comments and string contents are blanked first so braces and keywords in
 * them do not count; it never executes the code.
 */

/** One import of the module, static (`import`) or CommonJS (`require`). */
export interface ImportFact {
  specifier: string;
  /** 0-based line. */
  line: number;
  /** Named bindings (`import { get, set }`, `const { get } = require()`). */
  named: string[];
  /** The local name of a default or namespace import (`import _ from`, `import * as _`, `const _ = require()`). */
  whole?: string;
  /** For `whole` imports: the distinct members used as `name.member`; undefined when the name is also used bare. */
  membersUsed?: string[];
  /** Side-effect import (`import 'x'`) or a form the scanner does not read. */
  bare: boolean;
}

export interface SiteFact {
  /** 0-based line. */
  line: number;
  /** The call or expression as written (`new S3Client`, `readFileSync`). */
  text: string;
}

export interface SourceFacts {
  imports: ImportFact[];
  /** Whether the handler's function body was found (clients inside it can only be reported then). */
  handlerFound: boolean;
  /** SDK/database/network clients constructed inside the handler's body: a new one per invocation. */
  clientsInHandler: SiteFact[];
  /** Clients constructed at module scope: once per cold start, reused while warm. */
  clientsAtInit: SiteFact[];
  /** `await` at module scope: init waits for it. */
  topLevelAwaits: SiteFact[];
  /** Synchronous file or process work at module scope. */
  topLevelSyncWork: SiteFact[];
}

/** Replaces comments and the contents of string/template literals with spaces, keeping offsets and newlines. */
export function maskSource(text: string): string {
  const out = text.split('');
  const blank = (from: number, to: number): void => {
    for (let i = from; i < to && i < out.length; i++) if (out[i] !== '\n') out[i] = ' ';
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      const end = text.indexOf('\n', i);
      const stop = end === -1 ? text.length : end;
      blank(i, stop);
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      blank(i, stop);
      i = stop;
    } else if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < text.length && text[j] !== c) {
        if (text[j] === '\\') j++;
        else if (c !== '`' && text[j] === '\n') break;
        j++;
      }
      blank(i + 1, j);
      i = j + 1;
    } else {
      i++;
    }
  }
  return out.join('');
}

/** Brace depth before each offset of masked text. */
function depthMap(masked: string): Int32Array {
  const depth = new Int32Array(masked.length + 1);
  let d = 0;
  for (let i = 0; i < masked.length; i++) {
    depth[i] = d;
    if (masked[i] === '{') d++;
    else if (masked[i] === '}') d = Math.max(0, d - 1);
  }
  depth[masked.length] = d;
  return depth;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

function lineOf(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Offset of the bracket closing the one at `open` in masked text, or -1. */
function matching(masked: string, open: number): number {
  const o = masked[open];
  const c = o === '(' ? ')' : o === '{' ? '}' : ']';
  let d = 0;
  for (let i = open; i < masked.length; i++) {
    if (masked[i] === o) d++;
    else if (masked[i] === c && --d === 0) return i;
  }
  return -1;
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Offset of the `{` opening a function body that follows a parameter list closing at `close`, skipping an
 * optional return type (`: Promise<{ ok: boolean }>`) and `=>`; -1 when the body is an expression.
 */
function bodyOpen(masked: string, close: number): number {
  let depth = 0;
  let inType = false;
  for (let i = close + 1; i < Math.min(masked.length, close + 2000); i++) {
    const c = masked[i];
    if (/\s/.test(c)) continue;
    if (!inType && depth === 0) {
      if (c === ':') {
        inType = true;
        continue;
      }
      if (c === '=' && masked[i + 1] === '>') {
        i++;
        continue;
      }
      return c === '{' ? i : -1;
    }
    // Inside a return type: brackets nest; the body starts at a `{` or `=>` once the type is complete.
    if (depth === 0 && c === '=' && masked[i + 1] === '>') {
      inType = false;
      i++;
      continue;
    }
    const prev = masked.slice(close + 1, i).trimEnd().slice(-1);
    if (depth === 0 && c === '{' && prev !== ':' && prev !== '<' && prev !== ',' && prev !== '|' && prev !== '&' && prev !== '(' && prev !== '[') return i;
    if ('({[<'.includes(c)) depth++;
    else if (')}]>'.includes(c)) depth = Math.max(0, depth - 1);
  }
  return -1;
}

/**
 * The body range [open brace, close brace] of the handler export: `export async function handler(…) {`,
 * `export const handler = async (…) => {`, `exports.handler = async function (…) {`, `module.exports.handler = …`.
 */
function handlerBody(masked: string, exportName: string): [number, number] | undefined {
  const name = escapeRe(exportName);
  const patterns = [
    new RegExp(`\\bfunction\\s*\\*?\\s*${name}\\s*(?:<[^>]*>)?\\s*\\(`, 'g'),
    new RegExp(`\\b(?:const|let|var)\\s+${name}\\b[^=]*=\\s*(?:async\\s+)?(?:function\\b[^(]*)?\\(`, 'g'),
    new RegExp(`\\b(?:module\\.)?exports\\.${name}\\s*=\\s*(?:async\\s+)?(?:function\\b[^(]*)?\\(`, 'g'),
  ];
  for (const re of patterns) {
    for (let m = re.exec(masked); m; m = re.exec(masked)) {
      const close = matching(masked, m.index + m[0].length - 1);
      if (close < 0) continue;
      const open = bodyOpen(masked, close);
      const end = open < 0 ? -1 : matching(masked, open);
      if (end > 0) return [open, end];
    }
  }
  return undefined;
}

/** Constructors that open connections or hold pools: SDK v3 `…Client`, SDK v2 `AWS.X`, database drivers. */
const clientConstructor = /\bnew\s+((?:AWS\.)?[A-Z][\w$]*)\s*\(/g;
const knownClients = new Set(['DynamoDB', 'S3', 'SQS', 'SNS', 'Lambda', 'Kinesis', 'EventBridge', 'SecretsManager', 'SSM', 'Pool', 'Redis', 'Sequelize', 'Kafka', 'Knex', 'Client']);
const clientFactories = /\b(createPool|createConnection|createClient)\s*\(/g;
const syncWork = /\b(readFileSync|readdirSync|execSync|execFileSync|spawnSync)\s*\(/g;

function isClientName(name: string): boolean {
  if (name.startsWith('AWS.')) return true;
  return name.endsWith('Client') || knownClients.has(name);
}

function readImports(text: string, masked: string, starts: number[]): ImportFact[] {
  const out: ImportFact[] = [];
  // Specifiers live inside strings, so they are read from the original text at offsets where the masked
  // text shows code (the keyword is not inside a comment or string).
  const esm = /\bimport\s+(?:type\s+)?([\w$*{},\s]*?)\s*from\s*(['"])([^'"\n]+)\2|\bimport\s*(['"])([^'"\n]+)\4/g;
  for (let m = esm.exec(text); m; m = esm.exec(text)) {
    if (masked.slice(m.index, m.index + 6) !== 'import') continue;
    if (/^import\s+type\b/.test(m[0])) continue;
    const line = lineOf(starts, m.index);
    if (m[5] !== undefined) {
      out.push({ specifier: m[5], line, named: [], bare: true });
      continue;
    }
    const clause = m[1];
    const named: string[] = [];
    const braces = /\{([^}]*)\}/.exec(clause);
    if (braces) {
      for (const part of braces[1].split(',')) {
        const p = part.trim().replace(/^type\s+/, '');
        if (p) named.push(p.split(/\s+as\s+/)[0].trim());
      }
    }
    const ns = /\*\s*as\s+([\w$]+)/.exec(clause);
    const def = /^([\w$]+)/.exec(clause.trim());
    const whole = ns?.[1] ?? (def && def[1] !== 'type' ? def[1] : undefined);
    out.push({ specifier: m[3], line, named, whole, bare: false });
  }
  const cjs = /\b(?:const|let|var)\s+(\{[^}]*\}|[\w$]+)\s*=\s*require\s*\(\s*(['"])([^'"\n]+)\2\s*\)|\brequire\s*\(\s*(['"])([^'"\n]+)\4\s*\)/g;
  for (let m = cjs.exec(text); m; m = cjs.exec(text)) {
    if (masked[m.index] !== text[m.index] || /^\s$/.test(masked[m.index])) continue;
    const line = lineOf(starts, m.index);
    if (m[5] !== undefined) {
      // A require whose result is not bound to a name we can follow.
      out.push({ specifier: m[5], line, named: [], bare: true });
      continue;
    }
    const target = m[1];
    if (target.startsWith('{')) {
      const named = target.slice(1, -1).split(',').map((p) => p.trim().split(':')[0].trim()).filter(Boolean);
      out.push({ specifier: m[3], line, named, bare: false });
    } else {
      out.push({ specifier: m[3], line, named: [], whole: target, bare: false });
    }
  }
  for (const imp of out) {
    if (!imp.whole) continue;
    const name = escapeRe(imp.whole);
    const uses = [...masked.matchAll(new RegExp(`(?<![\\w$.])${name}\\b(\\s*\\.\\s*([\\w$]+))?`, 'g'))];
    // The first occurrence is the import itself; any other use without `.member` means the whole object escapes.
    const members = new Set<string>();
    let escapes = false;
    for (const u of uses) {
      if (lineOf(starts, u.index) === imp.line) continue;
      if (u[2]) members.add(u[2]);
      else escapes = true;
    }
    imp.membersUsed = escapes ? undefined : [...members].sort();
  }
  return out.sort((a, b) => a.line - b.line);
}

/** Reads a handler module's source; `exportName` is the handler's export (`handler`). */
export function scanSource(text: string, exportName: string): SourceFacts {
  const masked = maskSource(text);
  const depth = depthMap(masked);
  const starts = lineStarts(text);
  const body = handlerBody(masked, exportName);
  const facts: SourceFacts = {
    imports: readImports(text, masked, starts),
    handlerFound: body !== undefined,
    clientsInHandler: [],
    clientsAtInit: [],
    topLevelAwaits: [],
    topLevelSyncWork: [],
  };
  const site = (index: number, t: string): SiteFact => ({ line: lineOf(starts, index), text: t });
  const clientSites = [...masked.matchAll(clientConstructor)]
    .filter((m) => isClientName(m[1]))
    .map((m) => ({ index: m.index, text: `new ${m[1]}` }))
    .concat([...masked.matchAll(clientFactories)].map((m) => ({ index: m.index, text: m[1] })))
    .sort((a, b) => a.index - b.index);
  for (const c of clientSites) {
    if (body && c.index > body[0] && c.index < body[1]) facts.clientsInHandler.push(site(c.index, c.text));
    else if (depth[c.index] === 0) facts.clientsAtInit.push(site(c.index, c.text));
  }
  for (const m of masked.matchAll(/\bawait\b/g)) if (depth[m.index] === 0) facts.topLevelAwaits.push(site(m.index, 'await'));
  for (const m of masked.matchAll(syncWork)) if (depth[m.index] === 0) facts.topLevelSyncWork.push(site(m.index, m[1]));
  return facts;
}
