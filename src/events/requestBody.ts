/**
 * The request body a handler expects, read statically from the types in its own source: a TypeScript
 * `interface`/`type`, a JSDoc `@typedef`, a Python `TypedDict`/dataclass/pydantic model. The type that counts is
 * the one the handler parses its body into (`JSON.parse(…) as T`, `value is T`, `T(**json.loads(…))`, …), or
 * else the only one named like a request (`…Request`, `…Body`, `…Input`, `…Payload`). Text in, data out: no
 * compiler, nothing of the workspace runs.
 */

export type SourceLanguage = 'ts' | 'js' | 'python';

export interface RequestBodyHint {
  /** The type the body was built from, e.g. `NewTodo`. */
  typeName: string;
  /** A sample body with a value for every field of that type. */
  body: Record<string, unknown>;
}

interface Field {
  name: string;
  type: string;
}

const REQUEST_NAME = /(Request|Body|Input|Payload|Command|Dto|Params)$/;
const MAX_SOURCE = 512 * 1024;
const MAX_DEPTH = 4;

/** The language of a handler file by its extension; undefined for languages without readable types here. */
export function sourceLanguage(file: string): SourceLanguage | undefined {
  if (/\.(ts|mts|cts|tsx)$/.test(file)) return 'ts';
  if (/\.(js|mjs|cjs|jsx)$/.test(file)) return 'js';
  if (/\.py$/.test(file)) return 'python';
  return undefined;
}

/** The body the handler's types describe, or undefined when its source shows none. */
export function requestBodyHint(source: string, language: SourceLanguage): RequestBodyHint | undefined {
  if (source.length > MAX_SOURCE) return undefined;
  const types = language === 'python' ? pythonTypes(source) : scriptTypes(source);
  if (types.size === 0) return undefined;
  const name = bodyTypeName(source, language, types);
  if (!name) return undefined;
  const sample = (type: string, field: string, depth: number): unknown => (language === 'python' ? pythonSample(type, field, types, depth) : scriptSample(type, field, types, depth));
  return { typeName: name, body: objectSample(types.get(name)!, sample, 0) };
}

function objectSample(fields: Field[], sample: (type: string, field: string, depth: number) => unknown, depth: number): Record<string, unknown> {
  return Object.fromEntries(fields.map((f) => [f.name, sample(f.type, f.name, depth + 1)]));
}

/** Which declared type the body is parsed into, by how the source uses it. */
function bodyTypeName(source: string, language: SourceLanguage, types: Map<string, Field[]>): string | undefined {
  const wrapper = '(?:Partial|Readonly|Required)<\\s*';
  const uses =
    language === 'python'
      ? [
          /\b([A-Z]\w*)\s*\(\s*\*\*\s*json\.loads\(/g,
          /\bcast\(\s*["']?([A-Z]\w*)["']?\s*,\s*json\.loads\(/g,
          /:\s*([A-Z]\w*)(?:\s*\|\s*None)?\s*=\s*(?:json\.loads|parse_body)\(/g,
          /\b([A-Z]\w*)\.(?:model_validate_json|model_validate|parse_raw|parse_obj)\(/g,
          /\b([A-Z]\w*)\s*\(\s*\*\*\s*(?:payload|body|data)\b/g,
        ]
      : [
          new RegExp(`JSON\\.parse\\([^;]*?\\)\\s*as\\s+(?:${wrapper})?([A-Z]\\w*)`, 'g'),
          new RegExp(`\\.json\\(\\)\\)?\\s*as\\s+(?:${wrapper})?([A-Z]\\w*)`, 'g'),
          new RegExp(`:\\s*(?:${wrapper})?([A-Z]\\w*)>?(?:\\s*\\|\\s*undefined)?\\s*=\\s*(?:await\\s+)?(?:JSON\\.parse|\\w+\\.json)\\(`, 'g'),
          /\bis\s+([A-Z]\w*)\b/g,
          new RegExp(`@type\\s*\\{\\s*(?:${wrapper})?([A-Z]\\w*)`, 'g'),
        ];
  for (const pattern of uses) {
    for (const m of source.matchAll(pattern)) if (types.has(m[1])) return m[1];
  }
  const named = [...types.keys()].filter((n) => REQUEST_NAME.test(n));
  return named.length === 1 ? named[0] : undefined;
}

// ── TypeScript and JSDoc ────────────────────────────────────────────────────────────────────────────────────

/** Object types declared in a TS/JS file: interfaces, `type X = { … }`, JSDoc typedefs. */
function scriptTypes(source: string): Map<string, Field[]> {
  const types = new Map<string, Field[]>();
  for (const m of source.matchAll(/\binterface\s+([A-Z]\w*)(?:<[^>{]*>)?(?:\s+extends\s+[^{]+)?\s*\{/g)) {
    const body = balanced(source, m.index + m[0].length - 1, '{', '}');
    if (body !== undefined) types.set(m[1], scriptFields(body));
  }
  for (const m of source.matchAll(/\btype\s+([A-Z]\w*)\s*=\s*\{/g)) {
    const body = balanced(source, m.index + m[0].length - 1, '{', '}');
    if (body !== undefined) types.set(m[1], scriptFields(body));
  }
  for (const m of source.matchAll(/@typedef\s*\{\s*\{/g)) {
    const body = balanced(source, m.index + m[0].length - 1, '{', '}');
    if (body === undefined) continue;
    // After the object type: its closing brace, the typedef's, then the name.
    const name = /^\}\s*\}\s*([A-Z]\w*)/.exec(source.slice(m.index + m[0].length + body.length))?.[1];
    if (name) types.set(name, scriptFields(body));
  }
  // `@typedef {Object} X` followed by `@property {type} name` lines in the same comment.
  for (const m of source.matchAll(/@typedef\s*\{\s*(?:Object|object)\s*\}\s*([A-Z]\w*)([\s\S]*?)\*\//g)) {
    const fields: Field[] = [];
    for (const p of m[2].matchAll(/@prop(?:erty)?\s*\{/g)) {
      const type = balanced(m[2], p.index + p[0].length - 1, '{', '}');
      const name = type !== undefined ? /^\}\s*\[?(\w+)/.exec(m[2].slice(p.index + p[0].length + type.length))?.[1] : undefined;
      if (type !== undefined && name) fields.push({ name, type: type.replace(/\s*\*\s*/g, ' ').trim() });
    }
    if (fields.length) types.set(m[1], fields);
  }
  return types;
}

/** Members of an object type body (`{ a: string; b?: number }` without the braces); methods and index signatures skipped. */
function scriptFields(body: string): Field[] {
  const fields: Field[] = [];
  for (const member of splitTopLevel(stripComments(body), /[;,\n]/)) {
    const m = /^\s*(?:readonly\s+)?(?:(\w+)|'([^']+)'|"([^"]+)")\s*\??\s*:\s*([\s\S]+?)\s*$/.exec(member);
    if (m) fields.push({ name: m[1] ?? m[2] ?? m[3], type: m[4] });
  }
  return fields;
}

function scriptSample(type: string, field: string, types: Map<string, Field[]>, depth: number): unknown {
  const t = type.trim();
  const union = splitTopLevel(t, /\|/).map((x) => x.trim()).filter((x) => x && !/^(null|undefined|void)$/.test(x));
  if (union.length > 1) return scriptSample(union[0], field, types, depth);
  if (union.length === 1 && union[0] !== t) return scriptSample(union[0], field, types, depth);
  const literal = /^(['"`])(.*)\1$/.exec(t);
  if (literal) return literal[2];
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  if (t === 'true' || t === 'false') return t === 'true';
  if (t === 'string') return sampleString(field);
  if (t === 'number' || t === 'bigint') return 1;
  if (t === 'boolean') return true;
  if (t === 'Date') return '2026-01-15T12:00:00Z';
  const array = /^(?:Array<([\s\S]+)>|([\s\S]+)\[\])$/.exec(t);
  if (array) return depth >= MAX_DEPTH ? [] : [scriptSample(unparen(array[1] ?? array[2]), singular(field), types, depth + 1)];
  if (t.startsWith('{') && t.endsWith('}')) return depth >= MAX_DEPTH ? {} : objectSample(scriptFields(t.slice(1, -1)), (ty, f, d) => scriptSample(ty, f, types, d), depth);
  const named = /^(?:(?:Partial|Readonly|Required)<\s*)?([A-Z]\w*)>?$/.exec(t)?.[1];
  if (named && types.has(named)) return depth >= MAX_DEPTH ? {} : objectSample(types.get(named)!, (ty, f, d) => scriptSample(ty, f, types, d), depth);
  if (/^Record</.test(t)) return {};
  return sampleString(field);
}

// ── Python ─────────────────────────────────────────────────────────────────────────────────────────────────

/** Classes that describe data: TypedDict, dataclasses, pydantic models; their annotated fields in order. */
function pythonTypes(source: string): Map<string, Field[]> {
  const types = new Map<string, Field[]>();
  const lines = source.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = /^class\s+([A-Z]\w*)\s*(?:\(([^)]*)\))?\s*:/.exec(lines[i]);
    if (!m) continue;
    const dataclass = i > 0 && /^@(?:dataclasses\.)?dataclass\b/.test(lines[i - 1].trim());
    if (!dataclass && !/\b(TypedDict|BaseModel)\b/.test(m[2] ?? '')) continue;
    const fields: Field[] = [];
    for (let j = i + 1; j < lines.length; j++) {
      const line = lines[j];
      if (line.trim() === '' || /^\s+#/.test(line)) continue;
      if (!/^\s+/.test(line)) break;
      const f = /^\s+(\w+)\s*:\s*([^=#]+?)\s*(?:=.*)?(?:#.*)?$/.exec(line);
      if (f && !f[1].startsWith('_')) fields.push({ name: f[1], type: f[2] });
    }
    if (fields.length) types.set(m[1], fields);
  }
  return types;
}

function pythonSample(type: string, field: string, types: Map<string, Field[]>, depth: number): unknown {
  const t = type.trim().replace(/^["']|["']$/g, '');
  const union = splitTopLevel(t, /\|/).map((x) => x.trim()).filter((x) => x && x !== 'None');
  if (union.length > 1 || (union.length === 1 && union[0] !== t)) return pythonSample(union[0], field, types, depth);
  const generic = /^(?:typing\.)?(\w+)\[([\s\S]+)\]$/.exec(t);
  if (generic) {
    const [, outer, inner] = generic;
    const args = splitTopLevel(inner, /,/).map((x) => x.trim());
    if (/^(Optional|Required|NotRequired|Annotated)$/.test(outer)) return pythonSample(args[0], field, types, depth);
    if (outer === 'Union') return pythonSample(args.find((a) => a !== 'None') ?? 'str', field, types, depth);
    if (outer === 'Literal') return literalValue(args[0]);
    if (/^(list|List|Sequence|set|Set|tuple|Tuple)$/.test(outer)) return depth >= MAX_DEPTH ? [] : [pythonSample(args[0], singular(field), types, depth + 1)];
    if (/^(dict|Dict|Mapping)$/.test(outer)) return {};
  }
  if (t === 'str') return sampleString(field);
  if (t === 'int' || t === 'float' || t === 'Decimal') return 1;
  if (t === 'bool') return true;
  if (t === 'datetime' || t === 'date') return t === 'date' ? '2026-01-15' : '2026-01-15T12:00:00Z';
  if (/^(dict|Dict)$/.test(t)) return {};
  if (/^(list|List)$/.test(t)) return [];
  if (types.has(t)) return depth >= MAX_DEPTH ? {} : objectSample(types.get(t)!, (ty, f, d) => pythonSample(ty, f, types, d), depth);
  return sampleString(field);
}

function literalValue(text: string): unknown {
  const s = /^(['"])(.*)\1$/.exec(text);
  if (s) return s[2];
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (text === 'True' || text === 'False') return text === 'True';
  return text;
}

// ── Shared ─────────────────────────────────────────────────────────────────────────────────────────────────

/** A string that reads as an example of what the field holds (a date for `due`, an address for `email`). */
function sampleString(field: string): string {
  const f = field.toLowerCase();
  if (/e?mail/.test(f)) return 'jane@example.com';
  if (/url|uri|link|href|website/.test(f)) return 'https://example.com';
  if (/(date|due|deadline|day)$|^(due|date)/.test(f)) return '2026-01-15';
  if (/(at|time|timestamp)$/.test(f)) return '2026-01-15T12:00:00Z';
  if (/(^id|id)$/.test(f)) return '123';
  if (/phone/.test(f)) return '+1-555-0100';
  if (/currency/.test(f)) return 'EUR';
  if (/(country)/.test(f)) return 'DE';
  return `Sample ${field.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase()}`;
}

function singular(field: string): string {
  return field.endsWith('ies') ? `${field.slice(0, -3)}y` : field.endsWith('s') ? field.slice(0, -1) : field;
}

function unparen(t: string): string {
  const s = t.trim();
  return s.startsWith('(') && s.endsWith(')') ? s.slice(1, -1) : s;
}

function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
}

/** The text between the bracket at `open` and its partner (strings respected), or undefined when unbalanced. */
function balanced(text: string, open: number, left: string, right: string): string | undefined {
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === left) depth++;
    else if (c === right && --depth === 0) return text.slice(open + 1, i);
  }
  return undefined;
}

/** Splits at separators that are not inside brackets or strings. */
function splitTopLevel(text: string, separator: RegExp): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') quote = c;
    else if ('{[(<'.includes(c)) depth++;
    else if ('}])>'.includes(c) && !(c === '>' && text[i - 1] === '=')) depth--;
    else if (depth === 0 && separator.test(c)) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.filter((p) => p.trim() !== '');
}
