// Mutators: each turns a config text into a broken (or merely strange) one, deterministically from its Rng.
// They model what really reaches the extension: half-typed edits, bad merges, copy-paste from web pages,
// files saved in the wrong encoding, generated files, and hostile input (alias bombs, deep nesting, huge values).
import { isCollection, isMap, isScalar, isSeq, parseDocument, visit } from 'yaml';
import type { Rng } from './rng';

export interface MutationContext {
  /** The mutated file's name (`serverless.yml`, `template.json`, `function.json`, `orders.js`, …). */
  file: string;
  /** Another seed's text, for splices (SAM lines inside serverless.yml and the like). */
  donor: () => string;
}

export interface Mutator {
  name: string;
  /** Relative frequency. */
  weight: number;
  apply(text: string, rng: Rng, ctx: MutationContext): string;
}

const EOL = /\r?\n/;

function lines(text: string): string[] {
  return text.split('\n');
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** Lines of the form `key: value` or `key:` (optionally a list item), with where the value starts. */
interface KeyLine {
  index: number;
  indent: number;
  /** Offset in the line where the value starts (after `: `), or the line's length for `key:`. */
  valueAt: number;
  value: string;
}

const KEY_LINE = /^(\s*)(-\s+)?("[^"]*"|'[^']*'|[^\s#'"{[\]},][^:#]*?)\s*:(\s+|$)(.*)$/;

function keyLines(ls: string[]): KeyLine[] {
  const out: KeyLine[] = [];
  ls.forEach((l, index) => {
    const m = KEY_LINE.exec(l.replace(/\r$/, ''));
    if (!m) return;
    const valueAt = m[0].length - m[5].length;
    out.push({ index, indent: m[1].length + (m[2]?.length ?? 0), valueAt, value: m[5] });
  });
  return out;
}

/** The lines under a `key:` line (its block): more indented, or a `- ` list at the key's own column. */
function blockEnd(ls: string[], k: KeyLine): number {
  let end = k.index + 1;
  while (end < ls.length) {
    const l = ls[end].replace(/\r$/, '');
    if (l.trim() === '' || l.trimStart().startsWith('#')) {
      end++;
      continue;
    }
    const ind = indentOf(l);
    if (ind > k.indent || (ind === k.indent && /^\s*-(\s|$)/.test(l) && k.value === '')) end++;
    else break;
  }
  return end;
}

/** Values with a type or form the model may not expect: every scalar kind YAML has, and the awkward ones. */
const SCALARS = [
  'x', '0', '-1', '-0', '1.5', '1e400', '-1e400', '0x7fffffffffffffff', '9007199254740993', '0o777', '0b101', '1_000',
  '.inf', '-.inf', '.nan', 'true', 'false', 'yes', 'no', 'on', 'null', '~', "''", '""', '" "', '2026-11-30',
  '2026-11-30T23:55:00Z', '12:30:00', '!Ref Missing', '!GetAtt Missing.Arn', '!Sub "${AWS::Region}-${Nope}"',
  '!Join ["", []]', '!If [Cond, a, b]', '!Unknown x', '${self:custom.nope}', '${opt:stage}', '${env:HOME}',
  '${file(./missing.yml):x}', '${ssm:/a/b}', '${self:}', '${', '}', '{{resolve:ssm:/x}}', "'${self:provider.stage}'",
  '"\\u0000"', '"\\ud800"', '|', '>-', '&anchor x', '*missing', '"a\\nb"', 'rate(0 minutes)', 'cron(* * * * * *)',
  'GET /', '/{proxy+}', 'arn:aws:lambda:us-east-1:123456789012:function:x', 'nodejs', 'python', 'provided',
];

const FLOWS = ['{}', '[]', '{ a: 1, b: [x, { c: d }] }', '[1, two, { three: 3 }, [4]]', '[[]]', '{ ? [k] : v }', '[!Ref X, !GetAtt Y.Arn]', '{ Ref: X }', '{ "Fn::GetAtt": [A, B] }'];

function blockMap(indent: number, rng: Rng): string[] {
  const pad = ' '.repeat(indent);
  return rng.pick([
    [`${pad}a: 1`, `${pad}b: x`],
    [`${pad}Type: Api`, `${pad}Properties:`, `${pad}  Path: /x`, `${pad}  Method: get`],
    [`${pad}http:`, `${pad}  path: /x`, `${pad}  method: get`],
    [`${pad}- x`],
  ]);
}

function blockSeq(indent: number, rng: Rng): string[] {
  const pad = ' '.repeat(indent);
  return rng.pick([[`${pad}- x`, `${pad}- 1`], [`${pad}- http:`, `${pad}    path: /x`], [`${pad}- a: b`, `${pad}  c: d`], [`${pad}-`, `${pad}- - nested`]]);
}

/** Scalar ↔ map ↔ list, on the text (YAML) or on the parsed document (JSON, and YAML now and then). */
function typeSwapText(text: string, rng: Rng): string {
  const ls = lines(text);
  const keys = keyLines(ls);
  if (keys.length === 0) return text;
  const k = rng.pick(keys);
  const line = ls[k.index].replace(/\r$/, '');
  const head = line.slice(0, k.valueAt).replace(/\s*$/, '');
  const inline = k.value.trim() !== '' && !k.value.trim().startsWith('#');
  if (inline) {
    // scalar (or flow) → a collection
    const choice = rng.below(3);
    if (choice === 0) ls[k.index] = `${head} ${rng.pick(FLOWS)}`;
    else ls.splice(k.index, 1, head, ...(choice === 1 ? blockMap(k.indent + 2, rng) : blockSeq(k.indent + 2, rng)));
    return ls.join('\n');
  }
  const end = blockEnd(ls, k);
  const block = ls.slice(k.index + 1, end);
  const isList = block.some((l) => l.trim() !== '' && /^\s*-(\s|$)/.test(l));
  const choice = rng.below(3);
  if (choice === 0) {
    // collection → scalar
    ls.splice(k.index, end - k.index, `${head} ${rng.pick(SCALARS)}`);
  } else if (choice === 1 && isList) {
    // list → map: the items' dashes go
    ls.splice(k.index + 1, block.length, ...block.map((l) => l.replace(/^(\s*)-(\s|$)/, '$1 $2')));
  } else if (choice === 1) {
    // map → list: each first-level key becomes an item
    const first = block.find((l) => l.trim() !== '');
    const ind = first ? indentOf(first) : k.indent + 2;
    ls.splice(k.index + 1, block.length, ...block.map((l) => (l.trim() !== '' && indentOf(l) === ind ? `${' '.repeat(ind)}- ${l.trimStart()}` : `  ${l}`)));
  } else {
    ls.splice(k.index, end - k.index, `${head} ${rng.pick(FLOWS)}`);
  }
  return ls.join('\n');
}

function parsedValue(src: string): unknown {
  try {
    return parseDocument(src).toJS() as unknown;
  } catch {
    return src;
  }
}

function typeSwapTree(text: string, rng: Rng, json: boolean): string | undefined {
  try {
    return typeSwapDocument(text, rng, json);
  } catch {
    // An earlier mutator made the text something the yaml package will not turn back into data (an alias bomb).
    return undefined;
  }
}

function typeSwapDocument(text: string, rng: Rng, json: boolean): string | undefined {
  const doc = parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length > 0 || !isCollection(doc.contents)) return undefined;
  const paths: unknown[][] = [];
  visit(doc, {
    Pair(_key, pair, path) {
      if (isScalar(pair.key)) paths.push(pathTo(path, pair.key.value));
    },
  });
  if (paths.length === 0) return undefined;
  const path = rng.pick(paths);
  const current = doc.getIn(path, true);
  let value: unknown;
  if (isScalar(current) || current === undefined) value = rng.chance(0.5) ? parsedValue(rng.pick(FLOWS.slice(0, 4))) : rng.pick([{}, [], [current && isScalar(current) ? current.value : 1], { value: 1 }]);
  else if (isMap(current)) value = rng.pick([rng.pick(['x', 0, -1, true, null, '']), current.items.map((p) => (isScalar(p.value) ? p.value.value : null))]);
  else if (isSeq(current)) value = rng.pick([rng.pick(['x', 0, 1e21, false, null]), Object.fromEntries(current.items.map((item, i) => [String(i), isScalar(item) ? item.value : null]))]);
  else value = null;
  doc.setIn(path, doc.createNode(value));
  if (json) return JSON.stringify(doc.toJS(), null, rng.pick([2, 4, 0, '\t'])) + '\n';
  return doc.toString();
}

/** The key path of a pair from the visitor's ancestor chain. */
function pathTo(ancestors: readonly unknown[], last: unknown): unknown[] {
  const out: unknown[] = [];
  for (let i = 1; i < ancestors.length; i++) {
    const node = ancestors[i];
    const parent = ancestors[i - 1];
    if (isSeq(parent)) out.push(parent.items.indexOf(node as never));
    else if (isMap(parent) && typeof node === 'object' && node !== null && 'key' in node) {
      const key = (node as { key: unknown }).key;
      out.push(isScalar(key) ? key.value : key);
    }
  }
  out.push(last);
  return out;
}

const isJsonFile = (file: string): boolean => file.endsWith('.json');
const isCode = (file: string): boolean => /\.(c|m)?[jt]s$|\.cs$/.test(file);

/** Replaces the value of a random `key: value` line, or (JSON, code) inserts text at a random position. */
function replaceValue(text: string, rng: Rng, ctx: MutationContext, value: string, jsonValue = value): string {
  if (isJsonFile(ctx.file) || isCode(ctx.file)) {
    // After a `:` (a JSON member) or a `(`/`,` (code arguments): the value goes where another one was.
    const spots = [...text.matchAll(isCode(ctx.file) ? /[(,]\s*/g : /:\s*/g)].map((m) => (m.index ?? 0) + m[0].length);
    if (spots.length === 0) return jsonValue + text;
    const at = rng.pick(spots);
    const rest = text.slice(at);
    const token = /^("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[-\w.+]+)/.exec(rest);
    return text.slice(0, at) + jsonValue + rest.slice(token ? token[0].length : 0);
  }
  const ls = lines(text);
  const keys = keyLines(ls);
  if (keys.length === 0) return `${value}\n${text}`;
  const k = rng.pick(keys);
  const line = ls[k.index].replace(/\r$/, '');
  const head = line.slice(0, k.valueAt).replace(/\s*$/, '');
  if (k.value.trim() === '') ls.splice(k.index, blockEnd(ls, k) - k.index, `${head} ${value}`);
  else ls[k.index] = `${head} ${value}`;
  return ls.join('\n');
}

const HUGE_SIZES = [10_000, 100_000, 500_000, 1_000_000, 3_000_000];

/** A long value shaped to make a careless regular expression backtrack, or a number parser choke. */
function hugeValue(rng: Rng, n: number): { yaml: string; json: string } {
  const unit = rng.pick(['x', 'a'.repeat(7) + '-', '${', '/{', '{', ' ', '9', '::', 'arn:aws:', '0 ', '* ', '\\', 'é', '😀', '\t', ',', '.'] as const);
  const body = unit.repeat(Math.max(1, Math.floor(n / unit.length)));
  const shape = rng.below(6);
  const jsonString = JSON.stringify(body + '!');
  switch (shape) {
    case 0:
      return { yaml: JSON.stringify(body), json: jsonString };
    case 1:
      return { yaml: `'${body.replace(/'/g, "''")}'`, json: jsonString };
    case 2:
      return { yaml: '9'.repeat(n), json: '9'.repeat(n) };
    case 3:
      return { yaml: `"rate(${'1'.repeat(n)} minutes)"`, json: `"cron(${'0 '.repeat(n / 2)})"` };
    case 4: {
      const width = rng.pick([80, 1000, 100_000]);
      const count = Math.max(1, Math.floor(n / width));
      return { yaml: `|\n${Array.from({ length: count }, () => '      ' + 'z'.repeat(width)).join('\n')}`, json: jsonString };
    }
    default:
      return { yaml: `"${body.replace(/["\\]/g, '_')}"`, json: jsonString };
  }
}

/** A nested value `depth` levels deep. */
function nested(rng: Rng, depth: number, indent: number, json: boolean): string {
  const shape = json ? rng.below(2) : rng.below(4);
  switch (shape) {
    case 0:
      return '['.repeat(depth) + '1' + ']'.repeat(depth);
    case 1:
      return '{"a": '.repeat(depth) + '1' + '}'.repeat(depth);
    case 2: {
      // A block mapping: quadratic in size, so kept shallower.
      const d = Math.min(depth, 1500);
      const out: string[] = [''];
      for (let i = 1; i <= d; i++) out.push(`${' '.repeat(indent + 2 * i)}k${i}:`);
      out.push(`${' '.repeat(indent + 2 * d + 2)}leaf`);
      return out.join('\n');
    }
    default:
      return '- '.repeat(depth) + 'x';
  }
}

/** An anchor chain where each level repeats the one below `fan` times: fan^levels nodes once expanded. */
function aliasBomb(rng: Rng, json: boolean): { defs: string[]; ref: string } {
  const levels = rng.int(4, 12);
  const fan = rng.int(3, 10);
  const defs = [`fuzzBomb0: &b0 [${Array(fan).fill('"lol"').join(', ')}]`];
  for (let i = 1; i < levels; i++) defs.push(`fuzzBomb${i}: &b${i} [${Array(fan).fill(`*b${i - 1}`).join(', ')}]`);
  if (json) return { defs: defs.map((d) => `${JSON.stringify(d.split(':')[0])}:${d.slice(d.indexOf(':') + 1)},`), ref: `*b${levels - 1}` };
  return { defs, ref: `*b${levels - 1}` };
}

function spliceAt(text: string, rng: Rng, insert: string[]): string {
  const ls = lines(text);
  ls.splice(rng.int(0, ls.length), 0, ...insert);
  return ls.join('\n');
}

export const mutators: readonly Mutator[] = [
  {
    name: 'byte-flip',
    weight: 10,
    apply(text, rng) {
      const buf = Buffer.from(text, 'utf8');
      if (buf.length === 0) return String.fromCharCode(rng.int(0, 255));
      for (let n = rng.int(1, 8); n > 0; n--) buf[rng.below(buf.length)] ^= 1 << rng.below(8);
      return buf.toString('utf8');
    },
  },
  {
    name: 'line-delete',
    weight: 10,
    apply(text, rng) {
      const ls = lines(text);
      const big = rng.chance(0.2);
      const count = big ? rng.int(1, Math.max(1, Math.floor(ls.length * 0.3))) : rng.int(1, 5);
      ls.splice(rng.below(ls.length), count);
      return ls.join('\n');
    },
  },
  {
    name: 'line-duplicate',
    weight: 10,
    apply(text, rng) {
      const ls = lines(text);
      const start = rng.below(ls.length);
      const copy = ls.slice(start, start + rng.int(1, 6));
      ls.splice(rng.chance(0.5) ? start + copy.length : rng.int(0, ls.length), 0, ...copy);
      return ls.join('\n');
    },
  },
  {
    name: 'indent-shift',
    weight: 10,
    apply(text, rng) {
      const ls = lines(text);
      const start = rng.below(ls.length);
      const end = Math.min(ls.length, start + rng.int(1, 8));
      const delta = rng.pick([-8, -4, -2, -1, 1, 2, 3, 4, 8]);
      const tab = rng.chance(0.1);
      const nbsp = rng.chance(0.05);
      for (let i = start; i < end; i++) {
        const l = ls[i];
        if (tab) ls[i] = '\t' + l.trimStart();
        else if (nbsp) ls[i] = '\u00a0' + l;
        else if (delta > 0) ls[i] = ' '.repeat(delta) + l;
        else ls[i] = l.slice(Math.min(-delta, indentOf(l)));
      }
      return ls.join('\n');
    },
  },
  {
    name: 'type-swap',
    weight: 12,
    apply(text, rng, ctx) {
      const json = isJsonFile(ctx.file);
      if (json || rng.chance(0.3)) {
        const tree = typeSwapTree(text, rng, json);
        if (tree !== undefined) return tree;
      }
      return isCode(ctx.file) ? replaceValue(text, rng, ctx, rng.pick(SCALARS)) : typeSwapText(text, rng);
    },
  },
  {
    name: 'scalar-swap',
    weight: 8,
    apply(text, rng, ctx) {
      const v = rng.pick(SCALARS);
      return replaceValue(text, rng, ctx, v, rng.pick(['null', 'true', '-1', '1e400', '""', '"${self:x}"', '{"Ref": "Nope"}', '[]', '{}', '0.5', '"\\u0000"']));
    },
  },
  {
    name: 'huge-scalar',
    weight: 4,
    apply(text, rng, ctx) {
      const v = hugeValue(rng, rng.pick(HUGE_SIZES));
      if (rng.chance(0.15) && !isJsonFile(ctx.file)) {
        // A huge key rather than a huge value.
        const ls = lines(text);
        const keys = keyLines(ls);
        if (keys.length) {
          const k = rng.pick(keys);
          ls[k.index] = `${' '.repeat(k.indent)}${'k'.repeat(rng.pick(HUGE_SIZES))}: x`;
          return ls.join('\n');
        }
      }
      return replaceValue(text, rng, ctx, v.yaml, v.json);
    },
  },
  {
    name: 'deep-nesting',
    weight: 4,
    apply(text, rng, ctx) {
      const depth = rng.pick([50, 199, 201, 1000, 5000, 20_000]);
      const json = isJsonFile(ctx.file);
      if (json) {
        const spots = [...text.matchAll(/\{/g)].map((m) => (m.index ?? 0) + 1);
        if (spots.length === 0) return nested(rng, depth, 0, true);
        const at = rng.pick(spots);
        return `${text.slice(0, at)}"fuzzDeep": ${nested(rng, depth, 0, true)},${text.slice(at)}`;
      }
      const ls = lines(text);
      const keys = keyLines(ls);
      const k = keys.length ? rng.pick(keys) : undefined;
      return replaceValue(text, rng, ctx, nested(rng, depth, k?.indent ?? 0, false));
    },
  },
  {
    name: 'alias-bomb',
    weight: 4,
    apply(text, rng, ctx) {
      const json = isJsonFile(ctx.file);
      const variant = rng.below(5);
      if (variant === 0 || variant === 1) {
        const bomb = aliasBomb(rng, json);
        if (json) {
          const at = text.indexOf('{') + 1;
          const withDefs = `${text.slice(0, at)}\n${bomb.defs.join('\n')}\n${text.slice(at)}`;
          return variant === 0 ? withDefs : replaceValue(withDefs, rng, { ...ctx, file: ctx.file }, bomb.ref, bomb.ref);
        }
        const withDefs = `${bomb.defs.join('\n')}\n${text}`;
        return variant === 0 ? withDefs : replaceValue(withDefs, rng, ctx, bomb.ref);
      }
      if (variant === 2) {
        // Many aliases to one small anchor: linear, but a lot of them.
        const n = rng.pick([1000, 100_000]);
        return `fuzzAnchor: &fa { a: 1 }\nfuzzMany: [${Array(n).fill('*fa').join(', ')}]\n${text}`;
      }
      if (variant === 3) {
        // Merge keys that chain through each other.
        const defs = ['fuzzM0: &m0 { a: 1 }'];
        for (let i = 1; i < 30; i++) defs.push(`fuzzM${i}: &m${i} { <<: [*m${i - 1}, *m${Math.max(0, i - 2)}], k${i}: ${i} }`);
        return replaceValue(`${defs.join('\n')}\n${text}`, rng, ctx, `{ <<: *m29 }`);
      }
      // An alias to nothing, or to the node it is inside.
      return replaceValue(text, rng, ctx, rng.pick(['*nowhere', '&self [*self]', '&s { a: *s }', '{ <<: *nowhere }', '{ <<: [1, 2] }', '{ <<: x }']));
    },
  },
  {
    name: 'bom-crlf',
    weight: 6,
    apply(text, rng) {
      switch (rng.below(8)) {
        case 0:
          return '\ufeff' + text;
        case 1:
          return '\ufeff' + text.replace(/\r?\n/g, '\r\n');
        case 2:
          return text.replace(/\r?\n/g, '\r\n');
        case 3:
          return lines(text)
            .map((l) => (rng.chance(0.5) ? l + '\r' : l))
            .join('\n');
        case 4:
          return text.replace(/\r?\n/g, '\r');
        case 5: {
          const ls = lines(text);
          ls.splice(rng.below(ls.length), 0, '\ufeff');
          return ls.join('\n');
        }
        case 6:
          return text.split(EOL).join(rng.pick(['\u2028', '\u0085', '\n\n\n']));
        default:
          return text.replace(/\s*$/, '') + rng.pick(['', '   ', '\t', '\n\n\n\n']);
      }
    },
  },
  {
    name: 'truncate',
    weight: 8,
    apply(text, rng) {
      switch (rng.below(4)) {
        case 0:
          return text.slice(0, rng.below(text.length + 1));
        case 1: {
          const buf = Buffer.from(text, 'utf8');
          return buf.subarray(0, rng.below(buf.length + 1)).toString('utf8');
        }
        case 2:
          return lines(text).slice(0, rng.below(lines(text).length)).join('\n');
        default:
          return rng.pick(['', ' ', '\n', '---', '...', '#', '{', '[', '-', ':', '""', 'null', '0', '\ufeff']);
      }
    },
  },
  {
    name: 'binary',
    weight: 5,
    apply(text, rng) {
      switch (rng.below(5)) {
        case 0: {
          const bytes = Buffer.alloc(rng.int(1, 4096));
          for (let i = 0; i < bytes.length; i++) bytes[i] = rng.below(256);
          return bytes.toString(rng.chance(0.5) ? 'utf8' : 'latin1');
        }
        case 1: {
          const chars = [...text];
          for (let n = rng.int(1, 20); n > 0 && chars.length; n--) chars.splice(rng.below(chars.length), 0, '\u0000');
          return chars.join('');
        }
        case 2: {
          const chars = [...text];
          for (let n = rng.int(1, 20); n > 0 && chars.length; n--) chars.splice(rng.below(chars.length), 0, String.fromCharCode(rng.pick([1, 7, 8, 11, 12, 27, 127, 0xfffe, 0xffff, 0xd800, 0xdfff])));
          return chars.join('');
        }
        case 3:
          // A NUL past the first 8 KB, where a quick "is it binary?" look does not reach.
          return `# ${'-'.repeat(9000)}\n${text}\n\u0000\u0000\u0000`;
        default:
          // A file saved as UTF-16 and read as UTF-8.
          return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]).toString('utf8');
      }
    },
  },
  {
    name: 'splice',
    weight: 6,
    apply(text, rng, ctx) {
      const donor = lines(ctx.donor());
      const start = rng.below(donor.length);
      return spliceAt(text, rng, donor.slice(start, start + rng.int(1, 20)));
    },
  },
  {
    name: 'token-inject',
    weight: 8,
    apply(text, rng) {
      const tokens = [
        '${self:', '${file(./missing.yml)}', '${opt:stage}', '${self:custom.a}', '!Ref', '!GetAtt', "!Sub '${AWS::Region}'", '&anchor', '*alias', '<<: ', '? ',
        '---\n', '...\n', '%YAML 1.1\n', '%TAG ! tag:x,2026:\n', '{{resolve:ssm:x}}', '{{cookiecutter.name}}', '"', "'", '|', '>-', '#', ': ', '- ', '\t', '[', ']', '{', '}', ',',
        '\\', '\u200b', '\u202e', '😀', '\ud800', '：', '\u00a0', '!!binary ', '!!int ', '!!map ', '!!str ', '!!set ', '!!omap ', '!!timestamp ',
      ];
      const chars = [...text];
      for (let n = rng.int(1, 4); n > 0; n--) chars.splice(rng.below(chars.length + 1), 0, rng.pick(tokens));
      return chars.join('');
    },
  },
  {
    name: 'variables',
    weight: 4,
    apply(text, rng, ctx) {
      // Serverless Framework variables that refer to each other: a cycle, a long chain, a self-reference.
      const variant = rng.below(3);
      let defs: string[];
      let ref: string;
      if (variant === 0) {
        defs = ['custom:', '  fuzzA: ${self:custom.fuzzB}', '  fuzzB: ${self:custom.fuzzA}'];
        ref = '${self:custom.fuzzA}';
      } else if (variant === 1) {
        const n = rng.pick([50, 1000, 5000]);
        defs = ['custom:', ...Array.from({ length: n }, (_, i) => `  fuzzV${i}: \${self:custom.fuzzV${i + 1}}`), `  fuzzV${n}: nodejs22.x`];
        ref = '${self:custom.fuzzV0}';
      } else {
        defs = ['custom:', `  fuzzS: "${'${self:custom.fuzzS}'.repeat(rng.int(1, 50))}"`];
        ref = '${self:custom.fuzzS}';
      }
      if (isJsonFile(ctx.file)) return replaceValue(text, rng, ctx, ref, JSON.stringify(ref));
      return replaceValue(`${defs.join('\n')}\n${text}`, rng, ctx, ref);
    },
  },
];

export function mutatorByName(name: string): Mutator | undefined {
  return mutators.find((m) => m.name === name);
}

/** A weighted pick of one mutator. */
export function pickMutator(rng: Rng): Mutator {
  const total = mutators.reduce((s, m) => s + m.weight, 0);
  let r = rng.next() * total;
  for (const m of mutators) {
    r -= m.weight;
    if (r < 0) return m;
  }
  return mutators[mutators.length - 1];
}
