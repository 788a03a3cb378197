/**
 * Static scans that tell whether a handler module exports a name, without running it. They answer
 * `found: undefined` when the source re-exports or builds its exports dynamically, so callers never
 * report a missing export they could not see.
 */
export interface ExportScan {
  found: boolean | undefined;
  /** 0-based line of the export when found. */
  line?: number;
}

const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function scanJsExport(text: string, name: string): ExportScan {
  const n = esc(name);
  const direct: RegExp[] = [
    new RegExp(`^[ \\t]*export\\s+(?:async\\s+)?function\\s*\\*?\\s*${n}\\b`, 'm'),
    new RegExp(`^[ \\t]*export\\s+(?:const|let|var|class)\\s+${n}\\b`, 'm'),
    new RegExp(`\\b(?:module\\.)?exports\\s*\\.\\s*${n}\\s*=`, 'm'),
    new RegExp(`\\b(?:module\\.)?exports\\s*\\[\\s*['"\`]${n}['"\`]\\s*\\]\\s*=`, 'm'),
    new RegExp(`Object\\.defineProperty\\(\\s*(?:module\\.)?exports\\s*,\\s*['"]${n}['"]`, 'm'),
  ];
  for (const re of direct) {
    const m = re.exec(text);
    if (m) return { found: true, line: lineOf(text, m.index) };
  }
  // export const { handler, other: name, name = fallback } = make()  /  export const [name] = list
  for (const m of text.matchAll(/^[ \t]*export\s+(?:const|let|var)\s*([{[])/gm)) {
    const open = m.index! + m[0].length - 1;
    const body = m[1] === '{' ? balanced(text, open) : bracketed(text, open);
    const seen = destructured(body, m[1] === '{');
    if (seen.names.has(name)) return { found: true, line: lineOf(text, m.index!) };
    // `...rest` collects names the scan cannot list.
    if (seen.rest) return { found: undefined };
  }
  // export { a, b as name }  /  export { name } from './x'
  for (const m of text.matchAll(/export\s*(?:type\s*)?\{([^}]*)\}/g)) {
    for (const part of m[1].split(',')) {
      const words = part.trim().split(/\s+as\s+/);
      const exported = (words[1] ?? words[0]).trim();
      if (exported === name) return { found: true, line: lineOf(text, m.index!) };
    }
  }
  // module.exports = { name, other: …, name() {…} }
  const objectExport = /module\.exports\s*=\s*\{/g;
  for (let m = objectExport.exec(text); m; m = objectExport.exec(text)) {
    const body = balanced(text, m.index + m[0].length - 1);
    const key = new RegExp(`(?:^|[\\s,{])(?:async\\s+)?['"]?${n}['"]?\\s*(?:[,:(}]|$)`, 'm').exec(body);
    if (key) return { found: true, line: lineOf(text, m.index) };
  }
  if (name === 'default' && /^[ \t]*export\s+default\b/m.test(text)) {
    const m = /^[ \t]*export\s+default\b/m.exec(text)!;
    return { found: true, line: lineOf(text, m.index) };
  }
  // Exports we cannot see through: re-exports, a module.exports set to something other than a literal.
  if (/export\s*\*\s*from/.test(text) || /module\.exports\s*=\s*[^\s{]/.test(text) || /\b__exportStar\b|\brequire\(\s*[^'"]/.test(text)) {
    return { found: undefined };
  }
  return { found: false };
}

/** The single-function export of an Azure v3 Node function (`module.exports = async function …`). */
export function scanJsDefaultExport(text: string): ExportScan {
  const m = /module\.exports\s*=|^[ \t]*export\s+default\b/m.exec(text);
  return m ? { found: true, line: lineOf(text, m.index) } : { found: false };
}

export function scanPythonExport(text: string, name: string): ExportScan {
  const n = esc(name);
  const def = new RegExp(`^(?:async\\s+)?def\\s+${n}\\s*\\(`, 'm').exec(text);
  if (def) return { found: true, line: lineOf(text, def.index) };
  const assign = new RegExp(`^${n}\\s*(?::[^=\\n]*)?=`, 'm').exec(text);
  if (assign) return { found: true, line: lineOf(text, assign.index) };
  const imported = new RegExp(`^from\\s+\\S+\\s+import\\s+(?:\\([^)]*\\b${n}\\b[^)]*\\)|.*\\b${n}\\b)`, 'm').exec(text);
  if (imported) return { found: true, line: lineOf(text, imported.index) };
  if (/^from\s+\S+\s+import\s+\*/m.test(text)) return { found: undefined };
  return { found: false };
}

function lineOf(text: string, index: number): number {
  let line = 0;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The text between a `[` at `open` and its matching `]`. */
function bracketed(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length && i < open + 200_000; i++) {
    const c = text[i];
    if (c === '[') depth++;
    else if (c === ']') {
      depth--;
      if (depth === 0) return text.slice(open + 1, i);
    }
  }
  return text.slice(open + 1, open + 200_000);
}

/**
 * The names a destructuring pattern binds (the text inside its braces or brackets): `a`, `key: a`, `a = 1`,
 * nested patterns `{ key: { a } }`, and whether it has a `...rest`.
 */
function destructured(body: string, object: boolean): { names: Set<string>; rest: boolean } {
  const names = new Set<string>();
  let rest = false;
  // Split at top-level commas; defaults (`= …`) are cut off, nested patterns recursed into.
  let depth = 0;
  let start = 0;
  const parts: string[] = [];
  for (let i = 0; i <= body.length; i++) {
    const c = body[i];
    if (c === '{' || c === '[' || c === '(') depth++;
    else if (c === '}' || c === ']' || c === ')') depth--;
    else if ((c === ',' && depth === 0) || i === body.length) {
      parts.push(body.slice(start, i).trim());
      start = i + 1;
    }
  }
  for (const raw of parts) {
    if (!raw) continue;
    if (raw.startsWith('...')) {
      rest = true;
      const id = /^\.\.\.\s*([A-Za-z_$][\w$]*)/.exec(raw);
      if (id) names.add(id[1]);
      continue;
    }
    let target = raw;
    if (object) {
      // `key: target` (the key may be quoted or computed); a bare `key` binds itself.
      const colon = /^(?:[A-Za-z_$][\w$]*|'[^']*'|"[^"]*"|\[[^\]]*\])\s*:\s*/.exec(raw);
      if (colon) target = raw.slice(colon[0].length);
    }
    target = target.replace(/\s*=[\s\S]*$/, '').trim();
    if (target.startsWith('{') || target.startsWith('[')) {
      const inner = destructured(target.slice(1, -1), target.startsWith('{'));
      for (const n of inner.names) names.add(n);
      rest ||= inner.rest;
    } else if (/^[A-Za-z_$][\w$]*$/.test(target)) {
      names.add(target);
    }
  }
  return { names, rest };
}

/** The text between a `{` at `open` and its matching `}` (strings and comments are not special-cased). */
function balanced(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length && i < open + 200_000; i++) {
    const c = text[i];
    if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) return text.slice(open + 1, i);
    }
  }
  return text.slice(open + 1, open + 200_000);
}
