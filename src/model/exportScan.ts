/**
 * Static scans that tell whether a handler module exports a name, without running it (untrusted workspaces use
 * this path too). JavaScript and TypeScript go through es-module-lexer (ES modules) and cjs-module-lexer (CommonJS)
 * — TypeScript, JSX and TSX first through an injected type stripper (esbuild, loaded lazily by the caller), so the
 * lexers see plain JavaScript; lines are mapped back through the stripper's source map. Relative re-exports
 * (`export * from './impl'`, `module.exports = require('./impl')`) are followed through the FileSystem. The answer
 * is `found: undefined` when the exports are built at run time or come from a package, so callers never report a
 * missing export they could not see.
 */
import { init as initCjsLexer, parse as parseCommonJs } from 'cjs-module-lexer';
import { init as initEsLexer, parse as parseEsModule } from 'es-module-lexer';
import type { FileSystem } from './fileSystem';
import { pathApi } from './paths';

export interface ExportScan {
  found: boolean | undefined;
  /** 0-based line of the export when found. */
  line?: number;
}

/**
 * Turns TypeScript/JSX into JavaScript with the same imports and exports, and a source map (v3 JSON) back to the
 * original; undefined when it cannot (a syntax error, no transpiler on this machine).
 */
export type TypeStripper = (text: string, file: string) => Promise<{ code: string; map?: string } | undefined>;

export interface ExportScanContext {
  /** Reads the files re-exports lead to. */
  fs: FileSystem;
  stripTypes?: TypeStripper;
}

/** Files whose syntax the lexers cannot read as such: the stripper turns them into JavaScript first. */
const needsStripping = /\.(?:[cm]?tsx?|jsx)$/;
/** How far re-export chains are followed. */
const maxDepth = 4;

/** The lexers' WebAssembly, compiled on the first scan (not when the model is loaded). */
let lexersReady: Promise<unknown> | undefined;

interface LexedModule {
  code: string;
  /** 0-based original line of a 0-based (line, column) of `code`. */
  lineAt: (line: number, column: number) => number;
  esm?: { exports: Array<{ name: string; start: number }>; stars: Array<{ from: string; start: number }> };
  cjs?: { exports: string[]; reexports: string[] };
}

export async function scanJsExport(file: string, text: string, name: string, ctx: ExportScanContext): Promise<ExportScan> {
  return scan(file, text, name, ctx, new Set([file]));
}

/** The single-function export of an Azure v3 Node function (`module.exports = async function …`, `export default`). */
export async function scanJsDefaultExport(file: string, text: string, ctx: ExportScanContext): Promise<ExportScan> {
  const mod = await lex(file, text, ctx);
  if (!mod) return { found: undefined };
  if (mod.esm) {
    const d = mod.esm.exports.find((e) => e.name === 'default');
    return d ? { found: true, line: lineIn(mod, d.start) } : { found: false };
  }
  const assigned = /\bmodule\s*\.\s*exports\s*=/.exec(mod.code);
  return assigned ? { found: true, line: lineIn(mod, assigned.index) } : { found: false };
}

async function scan(file: string, text: string, name: string, ctx: ExportScanContext, seen: Set<string>): Promise<ExportScan> {
  const mod = await lex(file, text, ctx);
  if (!mod) return { found: undefined };
  if (mod.esm) {
    const direct = mod.esm.exports.find((e) => e.name === name);
    if (direct) return { found: true, line: lineIn(mod, direct.start) };
    // `export * from` never re-exports `default`.
    if (name === 'default' || !mod.esm.stars.length) return { found: false };
    return followed(file, name, ctx, seen, mod.esm.stars.map((s) => ({ from: s.from, line: lineIn(mod, s.start) })));
  }
  const cjs = mod.cjs!;
  if (cjs.exports.includes(name)) return { found: true, line: cjsLine(mod, name) };
  if (cjs.reexports.length) {
    const line = lineIn(mod, Math.max(0, mod.code.search(/\bmodule\s*\.\s*exports\s*=/)));
    return followed(file, name, ctx, seen, cjs.reexports.map((from) => ({ from, line })));
  }
  const assigned = /\bmodule\s*\.\s*exports\s*=\s*(\{)?/.exec(mod.code);
  // `module.exports = make()` / `= handler`: what it holds is known only at run time.
  if (assigned && !assigned[1]) return { found: undefined };
  if (assigned) {
    // cjs-module-lexer reads an object literal's keys up to the first value it cannot skip (`handler: async () => {…}`
    // ends its list); a key of that name later in the literal still counts.
    const key = new RegExp(`(?:^|[\\s,{])(?:async\\s+|get\\s+|set\\s+)?(['"]?)${escapeRegExp(name)}\\1\\s*[,:(}]`, 'm').exec(mod.code.slice(assigned.index));
    if (key) return { found: true, line: lineIn(mod, assigned.index + key.index + key[0].indexOf(name)) };
  }
  return { found: false };
}

/** Follows re-exports: found in one → found (at the re-export's line); any unreadable → unknown. */
async function followed(file: string, name: string, ctx: ExportScanContext, seen: Set<string>, sources: Array<{ from: string; line: number }>): Promise<ExportScan> {
  let unknown = false;
  for (const { from, line } of sources) {
    if (!from.startsWith('.') || seen.size > maxDepth) {
      unknown = true;
      continue;
    }
    const target = await resolveRelative(file, from, ctx.fs);
    if (!target) {
      unknown = true;
      continue;
    }
    if (seen.has(target.file)) continue;
    const result = await scan(target.file, target.text, name, ctx, new Set([...seen, target.file]));
    if (result.found === true) return { found: true, line };
    if (result.found === undefined) unknown = true;
  }
  return { found: unknown ? undefined : false };
}

/** The file a relative specifier names, the way Node and bundlers try it (`./x.js` may be `./x.ts` in TypeScript). */
async function resolveRelative(file: string, spec: string, fs: FileSystem): Promise<{ file: string; text: string } | undefined> {
  const { dirname, join } = pathApi(file);
  const base = join(dirname(file), spec);
  const stem = base.replace(/\.[cm]?jsx?$/, '');
  const exts = ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '.jsx'];
  const candidates = [base, ...exts.map((e) => stem + e), ...exts.map((e) => join(base, `index${e}`))];
  for (const candidate of candidates) {
    const text = await fs.readFile(candidate);
    if (text !== undefined) return { file: candidate, text };
  }
  return undefined;
}

async function lex(file: string, text: string, ctx: ExportScanContext): Promise<LexedModule | undefined> {
  let code = text;
  let map: string | undefined;
  if (needsStripping.test(file) && ctx.stripTypes) {
    const stripped = await ctx.stripTypes(text, file).catch(() => undefined);
    if (stripped) ({ code, map } = stripped);
  }
  const lineAt = map ? originalLines(map) : (line: number): number => line;
  await (lexersReady ??= Promise.all([initEsLexer(), initCjsLexer()]));
  try {
    const [imports, exports, , hasModuleSyntax] = parseEsModule(code);
    if (hasModuleSyntax && !exports.length) {
      // `import` statements with CommonJS exports (`module.exports.create = …`, older TypeScript compiled by tsc to
      // CommonJS): the imports blanked out (lines kept), the CommonJS lexer reads the rest.
      let cjsCode = code;
      for (const i of imports) {
        if (i.type === 'static') cjsCode = cjsCode.slice(0, i.importStart) + cjsCode.slice(i.importStart, i.importEnd).replace(/[^\n]/g, ' ') + cjsCode.slice(i.importEnd);
      }
      try {
        const { exports: names, reexports } = parseCommonJs(cjsCode);
        if (names.length || reexports.length || /\bmodule\s*\.\s*exports\s*=/.test(cjsCode)) return { code: cjsCode, lineAt, cjs: { exports: names, reexports } };
      } catch {
        // Other module syntax (`import.meta`, dynamic imports of ES modules): an ES module without exports.
      }
    }
    if (hasModuleSyntax) {
      return {
        code,
        lineAt,
        esm: {
          // Type-only exports (TypeScript read without the stripper) are not values a runtime can call.
          exports: exports.flatMap((e) => (e.type !== 'reexport-all' && !e.typeOnly ? [{ name: e.name, start: e.start }] : [])),
          stars: imports.flatMap((i) => (i.type === 'reexport-star' && !i.typeOnly ? [{ from: i.specifier, start: i.start }] : [])),
        },
      };
    }
  } catch {
    // Not lexable as a module: maybe CommonJS the ES lexer trips over; the CommonJS lexer decides.
  }
  try {
    const { exports, reexports } = parseCommonJs(code);
    return { code, lineAt, cjs: { exports, reexports } };
  } catch {
    return undefined;
  }
}

function lineIn(mod: LexedModule, offset: number): number {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset && i < mod.code.length; i++) {
    if (mod.code.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return mod.lineAt(line, offset - lineStart);
}

/** Where a CommonJS export is assigned (cjs-module-lexer gives names only). */
function cjsLine(mod: LexedModule, name: string): number {
  const n = escapeRegExp(name);
  const patterns = [
    new RegExp(`\\bexports\\s*(?:\\.\\s*${n}\\b|\\[\\s*(['"\`])${n}\\1\\s*\\])`),
    new RegExp(`defineProperty\\(\\s*(?:module\\s*\\.\\s*)?exports\\s*,\\s*(['"])${n}\\1`),
  ];
  for (const re of patterns) {
    const m = re.exec(mod.code);
    if (m) return lineIn(mod, m.index);
  }
  const assigned = /\bmodule\s*\.\s*exports\s*=/.exec(mod.code);
  if (assigned) {
    const key = new RegExp(`\\b${n}\\b`).exec(mod.code.slice(assigned.index));
    return lineIn(mod, assigned.index + (key?.index ?? 0));
  }
  return 0;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const base64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * A lookup from generated (line, column) to original line through a v3 source map's `mappings` (base64 VLQ):
 * the last segment at or before the column on that line, else the nearest mapped line above.
 */
export function originalLines(mapJson: string): (line: number, column: number) => number {
  let mappings = '';
  try {
    mappings = (JSON.parse(mapJson) as { mappings?: string }).mappings ?? '';
  } catch {
    return (line) => line;
  }
  // Per generated line: [generated column, original line] of each segment. Only the original-line delta (the
  // third field) matters here; the other fields are decoded to stay in step.
  const lines: Array<Array<[number, number]>> = [];
  let origLine = 0;
  for (const text of mappings.split(';')) {
    const segments: Array<[number, number]> = [];
    let column = 0;
    for (const segment of text.split(',')) {
      if (!segment) continue;
      const values = decodeVlq(segment);
      column += values[0] ?? 0;
      if (values.length >= 4) {
        origLine += values[2];
        segments.push([column, origLine]);
      }
    }
    lines.push(segments);
  }
  return (line, column) => {
    const here = lines[line];
    if (here?.length) {
      let best = here[0];
      for (const s of here) if (s[0] <= column) best = s;
      return best[1];
    }
    for (let l = Math.min(line, lines.length) - 1; l >= 0; l--) if (lines[l].length) return lines[l][lines[l].length - 1][1];
    return line;
  };
}

function decodeVlq(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const ch of segment) {
    const digit = base64.indexOf(ch);
    if (digit < 0) break;
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

/** Python: `def name(`, `name = …`, `from x import name`; `import *` makes it unknowable. */
export function scanPythonExport(text: string, name: string): ExportScan {
  const n = escapeRegExp(name);
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
