import type { Node as YamlNode, Pair, Tags } from 'yaml';
import { Document, isMap, isScalar, isSeq, parseDocument, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { intrinsicShortTags, withoutStackTraces } from '../model/yamlTree';
import type { CfgMap, CfgValue } from './awsConfig';
import { Intrinsic } from './awsConfig';

/** One change to a config file's text: `text` replaces [offset, end) (an insertion when `end` is absent). Everything else stays byte for byte. */
export interface TextInsert {
  offset: number;
  end?: number;
  text: string;
}

export type ConfigKind = 'serverless-framework' | 'sam';

/** What to add to a config: one function (by key) and the resources it needs. */
export interface ConfigAddition {
  kind: ConfigKind;
  functionName: string;
  /** The function's definition (SF: handler, events…; SAM: a whole resource with Type and Properties). */
  definition: CfgMap;
  resources: CfgMap;
  /** Comment lines written above the function. */
  notes: string[];
}

export type EditResult = { ok: true; inserts: TextInsert[] } | { ok: false; error: string };

// Short-form intrinsics read as plain values, so a template parses without "unresolved tag" warnings.
const cfnTags = intrinsicShortTags.flatMap((name) => [
  { tag: `!${name}`, resolve: (str: string) => str },
  { tag: `!${name}`, collection: 'seq' as const, resolve: (seq: unknown) => seq },
  { tag: `!${name}`, collection: 'map' as const, resolve: (map: unknown) => map },
]) as unknown as Tags;

/** Parses a config with the yaml Document API (ranges kept) for reading settings and planning edits. */
export function parseConfig(text: string): Document.Parsed {
  // prettyErrors would copy the line around each error into its message: on a file of one long line with many
  // errors (250,000 unclosed `{`), that is quadratic. Callers print the first error with its line themselves.
  return withoutStackTraces(() => parseDocument(text, { customTags: cfnTags, uniqueKeys: false, prettyErrors: false }));
}

/**
 * A literal string at a path of plain keys: `undefined` when missing, `null` when present but not a literal
 * (an intrinsic such as `!Ref Runtime`, a `${…}` variable, a map).
 */
export function literalAt(doc: Document.Parsed, path: string[]): string | null | undefined {
  let node: unknown = doc.contents;
  for (const key of path) {
    if (!isMap(node)) return undefined;
    node = node.get(key, true);
  }
  if (node === undefined || node === null) return undefined;
  if (!isScalar(node)) return null;
  if (node.value === null) return undefined;
  if (node.tag?.startsWith('!') || typeof node.value !== 'string' || node.value.includes('${')) return null;
  return node.value;
}

/**
 * Plans the insertions that add a function (and its resources) to a Serverless Framework or SAM config.
 * The new nodes are built and stringified with the yaml Document API in the file's own indentation; they go
 * in after the last entry of `functions:` / `Resources:`, so comments, order and layout of the rest stay.
 */
export function planConfigEdit(text: string, add: ConfigAddition, parsed?: Document.Parsed): EditResult {
  const doc = parsed ?? parseConfig(text);
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    return { ok: false, error: `the config has YAML errors (line ${lineOf(text, e.pos[0])}: ${e.message.split('\n')[0]}); fix them first` };
  }
  const root = doc.contents;
  if (isMap(root) && root.flow && text.trimStart().startsWith('{')) return { ok: false, error: 'JSON configs are not edited; add the function by hand' };
  if (root !== null && !(isMap(root) && !root.flow)) return { ok: false, error: 'the config is not a YAML mapping in block style' };
  const style = detectStyle(text);
  const inserts: TextInsert[] = [];
  const functionsKey = add.kind === 'sam' ? 'Resources' : 'functions';

  // With a top-level key written twice, the edit would go into the first and the model (like the deploy tools)
  // read the last: the new function would vanish.
  for (const key of add.kind === 'sam' || Object.keys(add.resources).length === 0 ? [functionsKey] : [functionsKey, 'resources']) {
    const twice = pairsOf(root, key);
    if (twice.length > 1) {
      return { ok: false, error: `"${key}" is written ${twice.length} times at the top level (lines ${twice.map((p) => lineOf(text, nodeStart(p.key))).join(', ')}); merge them first` };
    }
  }
  const fnPair = findPair(root, functionsKey);
  if (fnPair && hasKey(fnPair.value, add.functionName)) return { ok: false, error: `"${add.functionName}" already exists under ${functionsKey}` };
  const resourceMap = add.kind === 'sam' ? fnPair?.value : resourcesMap(root);
  for (const id of Object.keys(add.resources)) {
    if (hasKey(resourceMap, id) || id === add.functionName) return { ok: false, error: `a resource named "${id}" already exists; choose another function name` };
  }

  const entries: CfgMap = { [add.functionName]: add.definition, ...(add.kind === 'sam' ? add.resources : {}) };
  const fnInsert = insertEntries(text, root, fnPair, functionsKey, entries, style, add.notes);
  if (!fnInsert.ok) return fnInsert;
  inserts.push(fnInsert.insert);

  if (add.kind === 'serverless-framework' && Object.keys(add.resources).length > 0) {
    const res = insertSfResources(text, root, add.resources, style);
    if (!res.ok) return res;
    inserts.push(res.insert);
  }
  // Keep a CRLF file CRLF.
  if (text.includes('\r\n')) for (const ins of inserts) ins.text = ins.text.replace(/\r?\n/g, '\r\n');
  return { ok: true, inserts };
}

/** Applies the changes (in any order; they never overlap) to a text. */
export function applyInserts(text: string, inserts: TextInsert[]): string {
  let out = text;
  // From the end backwards; inserts at the same offset keep their listed order in the result.
  const order = inserts.map((ins, i) => ({ ins, i })).sort((a, b) => b.ins.offset - a.ins.offset || b.i - a.i);
  for (const { ins } of order) out = out.slice(0, ins.offset) + ins.text + out.slice(ins.end ?? ins.offset);
  return out;
}

interface Style {
  /** Spaces per level. */
  indent: number;
  /** Whether block sequences are indented under their key (`events:\n  - http`) or not (`events:\n- http`). */
  indentSeq: boolean;
}

function detectStyle(text: string): Style {
  const m = /^( *)[^\s#][^:\n]*:[ \t]*\n( +)\S/m.exec(text);
  const indent = m ? Math.min(Math.max(m[2].length - m[1].length, 2), 8) : 2;
  const seq = /^( *)[^\s#-][^:\n]*:[ \t]*\n( *)- /m.exec(text);
  // yaml renders non-indented sequences well only with 2-space indentation; otherwise indent them.
  return { indent, indentSeq: indent !== 2 || (seq ? seq[2].length > seq[1].length : true) };
}

type Insert = { ok: true; insert: TextInsert } | { ok: false; error: string };

function insertEntries(text: string, root: unknown, pair: Pair | undefined, key: string, entries: CfgMap, style: Style, notes: string[]): Insert {
  const value = pair?.value;
  if (pair && isMap(value) && value.flow && value.items.length > 0) {
    return { ok: false, error: `\`${key}\` is written in flow style ({ … }); add the function by hand or rewrite it in block style` };
  }
  if (pair && isMap(value) && !value.flow) {
    const column = columnOf(text, nodeStart(value.items[0].key));
    const end = contentEnd(text, value);
    const blankLine = separatedByBlankLines(text, value) ? '\n' : '';
    return { ok: true, insert: { offset: end, text: lead(text, end) + blankLine + block(entries, style, column, notes, blankLine !== '') } };
  }
  if (pair && (value === null || value === undefined || (isScalar(value) && (value.value === null || value.value === '')) || (isMap(value) && value.flow))) {
    // `functions:` with nothing, `~` or `{}` after it: the empty value becomes a block.
    const keyEnd = nodeEnd(pair.key as YamlNode);
    const column = columnOf(text, nodeStart(pair.key)) + style.indent;
    const range = (value as YamlNode | null)?.range ?? undefined;
    const lineEnd = text.indexOf('\n', keyEnd) === -1 ? text.length : text.indexOf('\n', keyEnd);
    const hasText = range !== undefined && range[1] > range[0] && range[0] >= keyEnd;
    const endAt = hasText ? range[1] : lineEnd;
    // Replace from the colon on, so `functions: {}` becomes `functions:` followed by the block.
    const replaceFrom = hasText ? text.indexOf(':', keyEnd) + 1 : lineEnd;
    return { ok: true, insert: { offset: replaceFrom, end: endAt, text: '\n' + block(entries, style, column, notes).replace(/\n$/, '') } };
  }
  if (pair) return { ok: false, error: `\`${key}\` is not a mapping` };
  // No such section yet: append it at the end of the file.
  const end = text.length;
  const section = `${key}:\n${block(entries, style, style.indent, notes)}`;
  return { ok: true, insert: { offset: end, text: lead(text, end) + (root ? '\n' : '') + section } };
}

function insertSfResources(text: string, root: unknown, resources: CfgMap, style: Style): Insert {
  const resPair = findPair(root, 'resources');
  if (!resPair) {
    const end = text.length;
    const section = `resources:\n${' '.repeat(style.indent)}Resources:\n${block(resources, style, style.indent * 2, [])}`;
    return { ok: true, insert: { offset: end, text: lead(text, end) + '\n' + section } };
  }
  const value = resPair.value;
  if (isSeq(value) && !value.flow) {
    // `resources:` as a list of fragments (`- ${file(…)}`): add one more fragment.
    const column = lineIndent(text, nodeStart(value.items[0] as YamlNode));
    const end = contentEnd(text, value);
    const item = `${' '.repeat(column)}- Resources:\n${block(resources, style, column + 2 + style.indent, [])}`;
    return { ok: true, insert: { offset: end, text: lead(text, end) + item } };
  }
  if (isMap(value) && !value.flow) {
    const inner = value.items.find((p) => isScalar(p.key) && p.key.value === 'Resources');
    const column = columnOf(text, nodeStart(value.items[0].key));
    if (!inner) {
      const end = contentEnd(text, value);
      return { ok: true, insert: { offset: end, text: lead(text, end) + `${' '.repeat(column)}Resources:\n${block(resources, style, column + style.indent, [])}` } };
    }
    return insertEntries(text, root, inner, 'resources.Resources', resources, style, []);
  }
  return { ok: false, error: '`resources` is neither a mapping nor a list in block style; add the resources by hand' };
}

function resourcesMap(root: unknown): unknown {
  const res = findPair(root, 'resources')?.value;
  if (isMap(res)) return findPair(res, 'Resources')?.value;
  if (isSeq(res)) {
    for (const item of res.items) {
      const r = findPair(item, 'Resources')?.value;
      if (r) return r;
    }
  }
  return undefined;
}

function findPair(node: unknown, key: string): Pair | undefined {
  if (!isMap(node)) return undefined;
  return node.items.find((p) => (isScalar(p.key) ? p.key.value === key : p.key === key)) as Pair | undefined;
}

function pairsOf(node: unknown, key: string): Pair[] {
  if (!isMap(node)) return [];
  return node.items.filter((p) => (isScalar(p.key) ? p.key.value === key : p.key === key)) as Pair[];
}

function hasKey(node: unknown, key: string): boolean {
  return findPair(node, key) !== undefined;
}

function nodeStart(node: unknown): number {
  return (node as YamlNode).range?.[0] ?? 0;
}

function nodeEnd(node: YamlNode): number {
  return node.range?.[1] ?? 0;
}

/**
 * Where a block collection's content ends: after its last line that is neither blank nor only a comment.
 * yaml's range can run on over comments that introduce the next key (and that key's indentation).
 */
function contentEnd(text: string, node: YamlNode): number {
  const lines = text.slice(0, nodeEnd(node)).split('\n');
  while (lines.length > 1 && /^\s*(#.*)?$/.test(lines[lines.length - 1])) lines.pop();
  const end = lines.join('\n').length;
  return end < text.length ? end + 1 : end;
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/** Leading spaces of the line an offset is on (the column of a `-` for a list item). */
function lineIndent(text: string, offset: number): number {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^ */.exec(text.slice(start))![0].length;
}

export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** A newline when the insertion point is not at the start of a line. */
function lead(text: string, offset: number): string {
  return offset > 0 && text[offset - 1] !== '\n' ? '\n' : '';
}

function separatedByBlankLines(text: string, map: YAMLMap): boolean {
  if (map.items.length < 2) return false;
  const second = nodeStart(map.items[1].key);
  const before = text.slice(nodeEnd(map.items[0].value as YamlNode), second);
  return /\n[ \t]*\n/.test('\n' + before) || before.startsWith('\n');
}

/** Stringifies entries as a block mapping at the given column, with notes as comments above the first key. */
function block(entries: CfgMap, style: Style, column: number, notes: string[], gaps = false): string {
  const doc = new Document();
  const map = toNode(doc, entries) as YAMLMap;
  // Match a file that separates its functions/resources by blank lines.
  if (gaps) for (const pair of map.items.slice(1)) (pair.key as Scalar).spaceBefore = true;
  doc.contents = map;
  const yamlText = doc.toString({ indent: style.indent, indentSeq: style.indentSeq, lineWidth: 0, minContentWidth: 0 });
  const pad = ' '.repeat(column);
  const comments = notes.map((n) => `${pad}# ${n}\n`).join('');
  return (
    comments +
    yamlText
      .replace(/\n$/, '')
      .split('\n')
      .map((l) => (l ? pad + l : l))
      .join('\n') +
    '\n'
  );
}

function toNode(doc: Document, value: CfgValue): unknown {
  if (value instanceof Intrinsic) {
    const s = new Scalar(value.value);
    s.tag = value.tag;
    return s;
  }
  if (Array.isArray(value)) {
    const seq = new YAMLSeq(doc.schema);
    for (const v of value) seq.items.push(toNode(doc, v));
    return seq;
  }
  if (typeof value === 'object') {
    const map = new YAMLMap(doc.schema);
    for (const [k, v] of Object.entries(value)) map.items.push(doc.createPair(k, toNode(doc, v)));
    return map;
  }
  return doc.createNode(value);
}
