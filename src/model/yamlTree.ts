import { Composer, LineCounter, Parser, YAMLParseError, isAlias, isMap, isScalar, isSeq, isPair, visit } from 'yaml';
import type { CST, Document, DocumentOptions, ParseOptions, Node as YamlNode, SchemaOptions, Tags } from 'yaml';
import type { Finding } from '../shared/finding';
import type { SourcePosition, SourceRange } from '../shared/range';
import { fileStartRange } from '../shared/range';
import { oneLine } from '../shared/text';
import type { FlowLayout } from './flowIndent';
import { layoutFlowValues, scanFlowValues } from './flowIndent';
import type { ModelFindingId } from './findingIds';

/**
 * A YAML/JSON document as a small tree of located nodes. Aliases and merge keys are expanded (with a
 * budget, so an alias bomb ends in a finding), and CloudFormation intrinsic functions, short (`!Ref X`)
 * or long (`{ Ref: X }`), become `intrinsic` nodes. Every consumer of config files reads this tree.
 */
export type LNode = LMap | LSeq | LScalar | LIntrinsic;

export interface LMap {
  kind: 'map';
  range: SourceRange;
  entries: LEntry[];
}
export interface LEntry {
  key: string;
  keyRange: SourceRange;
  value: LNode;
}
export interface LSeq {
  kind: 'seq';
  range: SourceRange;
  items: LNode[];
}
export interface LScalar {
  kind: 'scalar';
  range: SourceRange;
  value: string | number | boolean | null;
}
export interface LIntrinsic {
  kind: 'intrinsic';
  range: SourceRange;
  /** Long-form name: `Ref`, `Fn::GetAtt`, `Fn::Sub`, `Condition`, … */
  fn: string;
  arg: LNode;
  /** The source text, e.g. `!GetAtt Queue.Arn`, for display. */
  text: string;
}

/** The CloudFormation short-form tags (registered so they are values, never "unknown tag"). */
export const intrinsicShortTags = [
  'Ref', 'GetAtt', 'Sub', 'Join', 'If', 'Select', 'Split', 'FindInMap', 'ImportValue', 'GetAZs', 'Base64', 'Cidr',
  'Equals', 'And', 'Or', 'Not', 'Condition', 'Transform', 'ToJsonString', 'Length',
] as const;

function longName(shortTag: string): string {
  return shortTag === 'Ref' || shortTag === 'Condition' ? shortTag : `Fn::${shortTag}`;
}

const customTags: Tags = intrinsicShortTags.flatMap((name) => [
  { tag: `!${name}`, resolve: (str: string) => str },
  { tag: `!${name}`, collection: 'seq' as const, resolve: (seq: unknown) => seq },
  { tag: `!${name}`, collection: 'map' as const, resolve: (map: unknown) => map },
]) as unknown as Tags;

/** Limits that keep parsing bounded on hostile or accidental input. */
export const parseLimits = {
  /**
   * Files larger than this are not modelled (a finding says so). CloudFormation takes no template over 1 MB (and a
   * SAM template grows when it is transformed); the largest config of both public corpora is 47 KB. The yaml parser
   * spends over a second on a megabyte of broken YAML.
   */
  maxFileBytes: 512 * 1024,
  /** Nodes created while expanding the tree, aliases included. */
  maxNodes: 250_000,
  /**
   * Levels of nesting (the root is level 0). Collections deeper than this are found before the yaml composer
   * recurses into them (a thousand levels exhaust its stack): in the text for `{`/`[`, else in the syntax tree.
   */
  maxDepth: 200,
  /**
   * Aliases (`*name`) a file may hold. Real configs have a few dozen; the yaml parser spends about 10 µs on each
   * (a second on 100,000), before any expansion budget could stop it.
   */
  maxAliases: 10_000,
};

export interface ParsedTree {
  root?: LNode;
  findings: Finding[];
}

class BudgetExceeded extends Error {}

/**
 * Duplicate keys are found by the model (duplicateKeyErrors), not by the parser: the parser compares each key with
 * every key before it in its mapping (5,000 keys cost it 130 ms, 40,000 five seconds).
 */
const parseOptions = { customTags, prettyErrors: false, strict: false, uniqueKeys: false } as const;

/**
 * Parses YAML (or JSON, which YAML 1.2 reads) into a located tree. Never throws.
 *
 * What PyYAML (SAM CLI, cfn-lint) accepts parses: when the strict parse fails, flow values with
 * under-indented continuation lines are re-indented (see flowIndent.ts) and the text is parsed again, with
 * positions mapped back. Real errors stay: each duplicate key is one finding, and a syntax error is one
 * finding at its first position (the parser's follow-on errors are the same cause).
 */
export function parseTree(file: string, text: string): ParsedTree {
  const problem = checkReadable(file, text);
  if (problem) return { findings: [problem] };
  text = maskTemplatePlaceholders(text);

  // Flow collections nested deeper than the model reads are found before the parser sees them: it recurses once
  // per level (a thousand levels exhaust the stack) and makes an error object for each unclosed one (250,000
  // unclosed `{` on one line cost it most of a second).
  const scan = flowOpeners(text) > parseLimits.maxDepth + 1 ? scanFlowValues(text, parseLimits.maxDepth + 1) : undefined;
  if (scan?.tooDeep) return { findings: [tooDeepFinding(file, scan.tooDeep, !scan.tooDeep.closed)] };

  let parsed = parseOnce(text);
  let layout: FlowLayout | undefined;
  // Re-laid-out flow values fix a handful of errors; a file with thousands is broken anyway, and a second parse of
  // it would double the time (a megabyte of `* * *` has 500,000).
  if (parsed && !('tooDeep' in parsed) && parsed.doc.errors.length <= 1000 && parsed.doc.errors.some((e) => e.code !== 'DUPLICATE_KEY')) {
    layout = layoutFlowValues(text, scan);
    const again = layout.text !== undefined ? parseOnce(layout.text, layout.shift) : undefined;
    if (again && !('tooDeep' in again) && again.doc.errors.length < parsed.doc.errors.length) parsed = again;
  }
  if (!parsed) return { findings: [finding(file, fileStartRange, 'yaml-syntax', 'Cannot parse this file. Fix the YAML syntax.')] };
  if ('tooDeep' in parsed) return { findings: [tooDeepFinding(file, parsed.toRange(parsed.tooDeep, parsed.tooDeep).start, false)] };
  const { doc, toRange, parsedText } = parsed;
  const findings = syntaxFindings(file, doc, parsedText, toRange, layout?.unclosed);
  let root: LNode | undefined;
  try {
    root = doc.contents ? new Converter(doc, parsedText, toRange).convert(doc.contents as YamlNode, 0) : undefined;
  } catch (err) {
    if (!(err instanceof BudgetExceeded)) throw err;
    findings.push(
      finding(file, fileStartRange, 'yaml-too-complex', `This file expands to more than ${parseLimits.maxNodes} nodes or ${parseLimits.maxDepth} levels (YAML aliases?); it is not modelled. Reduce alias use.`),
    );
    root = undefined;
  }
  return { root, findings };
}

/**
 * Runs a parse without capturing stack traces. The yaml parser makes an Error object for every problem it meets
 * (250,000 unclosed `{` are 250,000 errors), and capturing each one's stack is what costs: seconds. Only their
 * messages and positions are read.
 */
export function withoutStackTraces<T>(parse: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return parse();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

interface ParsedText {
  doc: Document.Parsed;
  parsedText: string;
  toRange: (start: number, end: number) => SourceRange;
}

/** A text whose collections nest deeper than the model reads: not composed; where the first too deep one starts. */
interface TooDeep {
  tooDeep: number;
  parsedText: string;
  toRange: (start: number, end: number) => SourceRange;
}

function parseOnce(text: string, shift?: Map<number, number>): ParsedText | TooDeep | undefined {
  const lineCounter = new LineCounter();
  const at = (offset: number): SourcePosition => {
    const p = lineCounter.linePos(offset);
    const line = p.line - 1;
    return { line, character: Math.max(0, p.col - 1 - (shift?.get(line) ?? 0)) };
  };
  const toRange = (start: number, end: number): SourceRange => ({ start: at(start), end: at(end) });
  let parsed: Document.Parsed | number;
  try {
    parsed = withoutStackTraces(() => parseDocumentChecked(text, { ...parseOptions, lineCounter }, parseLimits.maxDepth));
  } catch {
    return undefined;
  }
  return typeof parsed === 'number' ? { tooDeep: parsed, parsedText: text, toRange } : { doc: parsed, parsedText: text, toRange };
}

/**
 * `parseDocument` of the yaml package (the first document; a second one is a MULTIPLE_DOCS error), except that
 * each document's syntax tree is measured before it is composed: when a collection in it sits deeper than
 * `maxDepth` levels, the offset where that collection starts is returned instead. The composer recurses once
 * per level, and a few hundred levels beyond that exhaust the stack (and Node may die of it outright inside a
 * regular expression compiled there). The parser before it keeps its own stack.
 */
function parseDocumentChecked(text: string, options: ParseOptions & DocumentOptions & SchemaOptions & { lineCounter: LineCounter }, maxDepth: number): Document.Parsed | number {
  const parser = new Parser(options.lineCounter.addNewLine);
  const composer = new Composer(options);
  let tooDeep: number | undefined;
  function* measured(): Generator<CST.Token> {
    for (const token of parser.parse(text)) {
      tooDeep = collectionDeeperThan(token, maxDepth);
      if (tooDeep !== undefined) return;
      yield token;
    }
  }
  let doc: Document.Parsed | undefined;
  for (const next of composer.compose(measured(), true, text.length)) {
    if (tooDeep !== undefined) break;
    if (!doc) doc = next;
    else {
      doc.errors.push(new YAMLParseError([next.range[0], next.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
      break;
    }
  }
  if (tooDeep !== undefined) return tooDeep;
  // The composer always yields a document at the end (an empty one for an empty text).
  const parsed = doc as Document.Parsed;
  const duplicates = duplicateKeyErrors(parsed);
  if (duplicates.length) parsed.errors = mergeByPosition(parsed.errors, duplicates);
  return parsed;
}

/**
 * A DUPLICATE_KEY error for each key equal to an earlier key of its mapping, as the parser makes them with
 * `uniqueKeys: true` (a scalar key equals another of the same value; other keys equal none), in one pass.
 */
function duplicateKeyErrors(doc: Document.Parsed): YAMLParseError[] {
  const out: YAMLParseError[] = [];
  visit(doc, {
    Map(_key, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = pair.key;
        if (!isScalar(key) || Number.isNaN(key.value)) continue;
        if (!seen.has(key.value)) {
          seen.add(key.value);
          continue;
        }
        const at = key.range?.[0] ?? 0;
        out.push(new YAMLParseError([at, at + 1], 'DUPLICATE_KEY', 'Map keys must be unique'));
      }
    },
  });
  // Each mapping is visited before the mappings inside it: into document order, as the parser reports them.
  return out.sort((a, b) => a.pos[0] - b.pos[0]);
}

/** The parser's errors with the duplicate-key ones (in document order) put where the parser puts them: by position. */
function mergeByPosition(errors: YAMLParseError[], duplicates: YAMLParseError[]): YAMLParseError[] {
  const out: YAMLParseError[] = [];
  let d = 0;
  for (const err of errors) {
    while (d < duplicates.length && duplicates[d].pos[0] < err.pos[0]) out.push(duplicates[d++]);
    out.push(err);
  }
  while (d < duplicates.length) out.push(duplicates[d++]);
  return out;
}

/**
 * Where the first collection (in document order) starts that has more than `maxDepth` collections around it, the
 * way the model counts levels (a `key: value` pair in a flow sequence is a mapping of its own). Iterative.
 */
function collectionDeeperThan(token: CST.Token, maxDepth: number): number | undefined {
  const stack: Array<[CST.Token, number]> = [[token, 0]];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [t, depth] = top;
    if (t.type === 'document') {
      if (t.value) stack.push([t.value, 0]);
      continue;
    }
    if (t.type !== 'block-map' && t.type !== 'block-seq' && t.type !== 'flow-collection') continue;
    if (depth > maxDepth) return t.offset;
    const pairsAreMaps = t.type === 'flow-collection' && t.start.source === '[';
    // Pushed last item first, value before key: popped in document order.
    for (let i = t.items.length - 1; i >= 0; i--) {
      const item = t.items[i];
      const inner = depth + (pairsAreMaps && item.sep ? 2 : 1);
      if (item.value) stack.push([item.value, inner]);
      if (item.key) stack.push([item.key, inner]);
    }
  }
  return undefined;
}

/**
 * Where the collections of a YAML text first nest more than `parseLimits.maxDepth` levels deep, found without
 * composing it (for YAML read with the yaml package's own `parse`, which would recurse that deep); else undefined.
 */
export function nestingTooDeep(text: string): SourcePosition | undefined {
  const scan = flowOpeners(text) > parseLimits.maxDepth + 1 ? scanFlowValues(text, parseLimits.maxDepth + 1) : undefined;
  if (scan?.tooDeep) return { line: scan.tooDeep.line, character: scan.tooDeep.character };
  const lineCounter = new LineCounter();
  return withoutStackTraces(() => {
    for (const token of new Parser(lineCounter.addNewLine).parse(text)) {
      const at = collectionDeeperThan(token, parseLimits.maxDepth);
      if (at !== undefined) {
        const p = lineCounter.linePos(at);
        return { line: p.line - 1, character: p.col - 1 };
      }
    }
    return undefined;
  });
}

/** `{` and `[` in the text: fewer than a limit, and no flow collection can nest that deep. */
function flowOpeners(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 123 || c === 91) n++;
  }
  return n;
}

function tooDeepFinding(file: string, at: SourcePosition, unclosed: boolean): Finding {
  const range = { start: { line: at.line, character: at.character }, end: { line: at.line, character: at.character + 1 } };
  if (unclosed) {
    return finding(file, range, 'yaml-syntax', `More than ${parseLimits.maxDepth} nested \`{\`/\`[\` are open here, and they are never all closed; the file is not modelled. Remove the stray brackets or close them.`);
  }
  return finding(file, range, 'yaml-too-complex', `Collections nest more than ${parseLimits.maxDepth} levels deep here; the file is not modelled. Flatten this value or move the data out of the config.`);
}

/** One finding per duplicate key, and one for the first other syntax error (the rest follow from it). */
function syntaxFindings(file: string, doc: Document.Parsed, text: string, toRange: (s: number, e: number) => SourceRange, unclosed?: FlowLayout['unclosed']): Finding[] {
  const out: Finding[] = [];
  const others = doc.errors.filter((e) => e.code !== 'DUPLICATE_KEY');
  if (others.length && unclosed) {
    // The parser notices a value that never closes only where the file ends; the cause is where it opens.
    const what = unclosed.opener === '{' ? 'flow mapping `{`' : unclosed.opener === '[' ? 'flow sequence `[`' : `quoted value \`${unclosed.opener}\``;
    const at = { line: unclosed.line, character: unclosed.character };
    out.push(finding(file, { start: at, end: { line: at.line, character: at.character + 1 } }, 'yaml-syntax', `This ${what} is never closed: everything after it is read as part of it. Close it.`));
    others.length = 0;
  }
  for (const err of doc.errors) {
    if (err.code !== 'DUPLICATE_KEY' && err !== others[0]) continue;
    const more = err === others[0] && others.length > 1 ? ` (the parser stopped understanding the file here; ${others.length - 1} follow-on problem${others.length > 2 ? 's' : ''} not shown)` : '';
    if (err.code === 'DUPLICATE_KEY') {
      const key = duplicateKeyAt(text, err.pos[0]);
      out.push(finding(file, toRange(err.pos[0], err.pos[0] + Math.max(key.length, 1)), 'yaml-syntax', duplicateKeyMessage(key)));
    } else {
      out.push(finding(file, toRange(err.pos[0], Math.max(err.pos[1], err.pos[0])), 'yaml-syntax', `${firstLine(err)}${more}. Fix the YAML syntax.`));
    }
  }
  return out;
}

/** The duplicated key as written at `start` (the parser points at its first character). */
function duplicateKeyAt(text: string, start: number): string {
  const line = text.slice(start, text.indexOf('\n', start) === -1 ? text.length : text.indexOf('\n', start));
  const m = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|.*?)\s*:(?:\s|$)/.exec(line);
  return m ? unmask(m[1]) : '';
}

function duplicateKeyMessage(key: string): string {
  const name = key && key.length <= 80 ? ` ${key.startsWith('"') || key.startsWith("'") ? key : `"${key}"`}` : '';
  return `Duplicate key${name}: the Serverless Framework refuses such a file, cfn-lint reports it, and PyYAML silently keeps only the last value. Remove or rename one of them.`;
}

/**
 * Cookiecutter/Jinja templates (SAM CLI's `sam init` templates) hold placeholders such as
 * `Runtime: {{ cookiecutter.runtime }}`, which YAML would read as nested maps (or reject). Each `{{ … }}` on
 * one line is masked with private-use characters of the same length, so it parses as a plain scalar at the
 * same offsets; `unmask` restores the text, and values holding a placeholder are unresolved (values.ts).
 * `{% … %}` and `{# … #}` statements that open a line become comments. CloudFormation dynamic references
 * (`{{resolve:ssm:…}}`) are placeholders too: their value is known only at deploy time.
 */
const OPEN = '\uE000';
const CLOSE = '\uE001';

function maskTemplatePlaceholders(text: string): string {
  if (!text.includes('{{') && !text.includes('{%') && !text.includes('{#')) return text;
  return text
    .replace(/\{\{([^{}\n]*)\}\}/g, (_m, inner: string) => `${OPEN}${OPEN}${inner}${CLOSE}${CLOSE}`)
    .replace(/^([ \t]*)\{([%#])/gm, (_m, indent: string, mark: string) => `${indent}#${mark}`);
}

function unmask(s: string): string {
  return s.includes(OPEN) ? s.replace(/\uE000/g, '{').replace(/\uE001/g, '}') : s;
}

function checkReadable(file: string, text: string): Finding | undefined {
  if (text.length > parseLimits.maxFileBytes) {
    const mb = (text.length / (1024 * 1024)).toFixed(1);
    return finding(file, fileStartRange, 'file-too-large', `This file is ${mb} MB; files over ${parseLimits.maxFileBytes / 1024} KB are not modelled. Split it or move data out of the config.`, 'warning');
  }
  if (text.slice(0, 8192).includes('\u0000')) {
    return finding(file, fileStartRange, 'binary-file', 'This file looks binary (it contains NUL bytes); it is not modelled.', 'warning');
  }
  if (aliasCount(text) > parseLimits.maxAliases) {
    return finding(file, fileStartRange, 'yaml-too-complex', `This file has more than ${parseLimits.maxAliases} YAML aliases; it is not modelled. Reduce alias use.`);
  }
  return undefined;
}

/** What looks like an alias in the text: `*name` after a space, a line start, `[`, `{` or `,` (an upper bound). */
function aliasCount(text: string): number {
  const opens = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13 || c === 44 || c === 91 || c === 123; // space tab LF CR , [ {
  const ends = (c: number): boolean => Number.isNaN(c) || opens(c) || c === 93 || c === 125 || c === 42; // … ] } *
  let n = 0;
  for (let i = text.indexOf('*'); i !== -1 && n <= parseLimits.maxAliases; i = text.indexOf('*', i + 1)) {
    if ((i === 0 || opens(text.charCodeAt(i - 1))) && !ends(text.charCodeAt(i + 1))) n++;
  }
  return n;
}

class Converter {
  private nodes = 0;
  /** The deepest level converted so far (for the height of a subtree). */
  private deepest = 0;
  /**
   * What each alias points at, found in one walk of the document on the first alias. (`Alias.resolve` walks the
   * whole document for each alias: a file with many aliases then costs the square of its size.)
   */
  private targets: Map<YamlNode, YamlNode | undefined> | undefined;
  /**
   * Anchored nodes converted once, with the size and height of their expansion: a second alias to the same anchor
   * shares the converted subtree and counts its size against the budget without walking it again. An alias
   * bomb is then found in as many steps as the file has nodes, not as its expansion has.
   */
  private readonly expanded = new Map<YamlNode, { node: LNode; size: number; height: number }>();
  constructor(
    private readonly doc: Document.Parsed,
    private readonly text: string,
    private readonly toRange: (s: number, e: number) => SourceRange,
  ) {}

  convert(node: YamlNode, depth: number, at?: SourceRange): LNode {
    if (++this.nodes > parseLimits.maxNodes || depth > parseLimits.maxDepth) throw new BudgetExceeded();
    this.deepest = Math.max(this.deepest, depth);
    const range = at ?? this.rangeOf(node);
    if (isAlias(node)) {
      this.targets ??= aliasTargets(this.doc);
      const target = this.targets.get(node);
      if (!target) return { kind: 'scalar', range, value: null };
      const seen = this.expanded.get(target);
      if (seen) {
        this.nodes += seen.size;
        if (this.nodes > parseLimits.maxNodes || depth + 1 + seen.height > parseLimits.maxDepth) throw new BudgetExceeded();
        this.deepest = Math.max(this.deepest, depth + 1 + seen.height);
        return { ...seen.node, range };
      }
      const nodesBefore = this.nodes;
      const deepestBefore = this.deepest;
      this.deepest = depth + 1;
      const converted = this.convert(target, depth + 1, range);
      this.expanded.set(target, { node: converted, size: this.nodes - nodesBefore, height: this.deepest - (depth + 1) });
      this.deepest = Math.max(deepestBefore, this.deepest);
      return converted;
    }
    const tag = node.tag?.startsWith('!') ? node.tag.slice(1) : undefined;
    const plain = this.convertPlain(node, depth, range);
    if (tag && (intrinsicShortTags as readonly string[]).includes(tag)) {
      return { kind: 'intrinsic', range, fn: longName(tag), arg: plain, text: this.sourceText(node) };
    }
    if (plain.kind === 'map' && plain.entries.length === 1) {
      const key = plain.entries[0].key;
      if (key === 'Ref' || key.startsWith('Fn::')) {
        return { kind: 'intrinsic', range, fn: key, arg: plain.entries[0].value, text: this.sourceText(node) };
      }
    }
    return plain;
  }

  private convertPlain(node: YamlNode, depth: number, range: SourceRange): LNode {
    if (isMap(node)) {
      const entries: LEntry[] = [];
      const merged: LEntry[] = [];
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as YamlNode | null;
        const key = keyNode && isScalar(keyNode) ? unmask(String(keyNode.value)) : keyNode ? this.sourceText(keyNode) : '';
        const keyRange = keyNode ? this.rangeOf(keyNode) : range;
        const valueNode = pair.value as YamlNode | null;
        const value: LNode = valueNode ? this.convert(valueNode, depth + 1) : { kind: 'scalar', range: keyRange, value: null };
        if (key === '<<' && keyNode && isScalar(keyNode)) {
          // Merge keys: `<<: *base` or `<<: [*a, *b]`; explicit keys win over merged ones.
          const sources = value.kind === 'seq' ? value.items : [value];
          for (const src of sources) if (src.kind === 'map') merged.push(...src.entries);
          continue;
        }
        entries.push({ key, keyRange, value });
      }
      for (const m of merged) if (!entries.some((e) => e.key === m.key)) entries.push(m);
      return { kind: 'map', range, entries };
    }
    if (isSeq(node)) {
      return { kind: 'seq', range, items: node.items.map((item) => this.convert(item as YamlNode, depth + 1)) };
    }
    if (isScalar(node)) {
      const v = node.value;
      const value = typeof v === 'string' ? unmask(v) : typeof v === 'number' || typeof v === 'boolean' || v === null ? v : typeof v === 'bigint' ? Number(v) : v === undefined ? null : String(v);
      return { kind: 'scalar', range, value };
    }
    return { kind: 'scalar', range, value: null };
  }

  private rangeOf(node: YamlNode): SourceRange {
    const r = node.range;
    return r ? this.toRange(r[0], r[1]) : fileStartRange;
  }

  private sourceText(node: YamlNode): string {
    const r = node.range;
    if (!r) return '';
    // Include the tag, which precedes the node's own range.
    let start = r[0];
    if (node.tag) {
      const tagAt = this.text.lastIndexOf(node.tag, start);
      if (tagAt >= 0 && start - tagAt < node.tag.length + 4) start = tagAt;
    }
    const s = unmask(this.text.slice(start, r[1]).trim());
    return s.length > 200 ? `${s.slice(0, 197)}...` : s.replace(/\s+/g, ' ');
  }
}

/**
 * The node each alias of a document refers to: the last node before it (in document order, a collection before
 * its contents) that carries its anchor, as `Alias.resolve` finds it, for all aliases in one walk.
 */
function aliasTargets(doc: Document.Parsed): Map<YamlNode, YamlNode | undefined> {
  const anchors = new Map<string, YamlNode>();
  const targets = new Map<YamlNode, YamlNode | undefined>();
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node)) targets.set(node, anchors.get(node.source));
      else if (node.anchor) anchors.set(node.anchor, node);
    },
  });
  return targets;
}

function firstLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '').replace(/\.$/, '');
}

export function finding(file: string, range: SourceRange, rule: ModelFindingId, message: string, severity: Finding['severity'] = 'error'): Finding {
  return { file, range, rule, message: oneLine(message), severity };
}

// ---- Tree helpers used by the parsers ----

export function get(node: LNode | undefined, key: string): LNode | undefined {
  if (node?.kind !== 'map') return undefined;
  for (let i = node.entries.length - 1; i >= 0; i--) if (node.entries[i].key === key) return node.entries[i].value;
  return undefined;
}

export function entry(node: LNode | undefined, key: string): LEntry | undefined {
  if (node?.kind !== 'map') return undefined;
  return node.entries.find((e) => e.key === key);
}

export function getPath(node: LNode | undefined, path: string[]): LNode | undefined {
  let cur = node;
  for (const seg of path) {
    if (cur?.kind === 'seq' && /^\d+$/.test(seg)) cur = cur.items[Number(seg)];
    else cur = get(cur, seg);
    if (!cur) return undefined;
  }
  return cur;
}

export function scalarString(node: LNode | undefined): string | undefined {
  if (node?.kind !== 'scalar' || node.value === null) return undefined;
  return String(node.value);
}
