import type { Finding } from '../shared/finding';
import { configRelative, pathApi } from './paths';
import type { LNode } from './yamlTree';
import { get } from './yamlTree';
import type { Unresolved, Value } from './types';
import { isUnresolved } from './types';
import { toValue, unresolved } from './values';

/**
 * Static resolution of Serverless Framework variables, in the framework's own order: the sources of one
 * `${a, b, 'c'}` are tried left to right and a source that has no value (`null`, an absent key, an absent
 * file) falls through to the next. `self`, `sls:stage`, `opt`, `env`, `file` (YAML, JSON and text files the
 * loader read ahead), `param` (the top-level `params:` block, stage-specific before `default`), `strToBool` and
 * `aws:region` resolve where the repository alone tells the answer. A source only the cloud or the
 * command line knows (`ssm`, `cf`, `s3`, `aws:accountId`, `sls:instanceId`, plugin sources) leaves the whole
 * value unresolved, shown as its expression: it does not fall through to a default, which would be a guess.
 */
export interface SfResolverOptions {
  /** Environment for `${env:…}`; empty in tests, the process environment in the CLI and the extension. */
  env?: Record<string, string | undefined>;
  /** Command-line options for `${opt:…}` (e.g. `{ stage: 'prod' }`). */
  options?: Record<string, string>;
  /**
   * Files `${file(…)}` refers to, read ahead by `loadServerlessFramework` through the FileSystem: absolute path →
   * contents, `null` when the file does not exist. A path not in the map stays unresolved and is reported to
   * `requestFile`, so the loader can read it and model again.
   */
  files?: ReadonlyMap<string, SfIncludedFile | null>;
  requestFile?: (path: string) => void;
}

/** A file read for `${file(…)}`: YAML and JSON as a located tree, anything else as text. */
export interface SfIncludedFile {
  path: string;
  text: string;
  /** Set for `.yml`/`.yaml`/`.json`/`.tfstate` files (undefined when empty or unreadable). */
  root?: LNode;
  structured: boolean;
  findings: Finding[];
}

/** A node and the file it was written in. */
export interface NodeRef {
  node: LNode;
  file: string;
}

/** What a reference leads to: a node of some file, a plain value, or nothing (the framework's "not found"). */
type Lookup = NodeRef | { value: Value } | undefined;

type Template = Array<string | VarExpr>;
interface VarExpr {
  /** The variable as written, `${…}` included. */
  text: string;
  sources: Source[];
}
type Source = { kind: 'literal'; value: Value } | { kind: 'var'; expr: VarExpr } | { kind: 'ref'; type: string; params?: Array<{ text: string; template: Template }>; address: { text: string; template: Template } };

const MAX_DEPTH = 24;
/** Extensions the framework parses (others are read as text). */
export const structuredExtensions = new Set(['.yml', '.yaml', '.json', '.tfstate']);
/** Code the framework runs to get a value: never read or run here. */
const codeExtensions = new Set(['.js', '.cjs', '.mjs', '.ts']);

export class SfResolver {
  private readonly inProgress = new Set<string>();
  private stageCache: string | Unresolved | undefined;
  private computingStage = false;
  private readonly memo = new Map<string, Value>();
  private readonly rootRef: NodeRef | undefined;

  constructor(
    root: LNode | undefined,
    private readonly opts: SfResolverOptions = {},
    /** The config file (`file(…)` paths are relative to its folder, the service folder). */
    private readonly configFile = '/serverless.yml',
  ) {
    this.rootRef = root ? { node: root, file: configFile } : undefined;
  }

  /**
   * The stage: `--stage`, else `provider.stage` resolved, else `dev` (the framework's order). Unresolved when
   * `provider.stage` is written but depends on something the repository does not tell (an absent file, `${ssm:…}`,
   * `${opt:stage}` without a default): the model then does not pretend it is `dev`.
   */
  get stage(): string | Unresolved {
    if (this.stageCache !== undefined) return this.stageCache;
    if (this.computingStage) return unresolved('${sls:stage}');
    this.computingStage = true;
    try {
      const option = this.opts.options?.stage;
      // The written node, not followed: `stage: ${opt:stage}` without a value is unknown, not absent.
      const provider = this.lookupPath(this.rootRef, ['provider'], 0);
      const node = provider && 'node' in provider ? get(provider.node, 'stage') : undefined;
      const v = option ?? (node && provider && 'node' in provider ? this.lookupValue({ node, file: provider.file }, 0) : undefined);
      this.stageCache = typeof v === 'string' && v.length > 0 ? v : typeof v === 'number' ? String(v) : isUnresolved(v) ? v : 'dev';
    } finally {
      this.computingStage = false;
    }
    return this.stageCache;
  }

  /** Resolves a string that may contain variables. */
  resolve = (text: string): Value => {
    if (!text.includes('${')) return text;
    const cached = this.memo.get(text);
    if (cached !== undefined) return cached;
    const clean = this.inProgress.size === 0 && !this.computingStage;
    const v = this.resolveString(text, 0);
    // Only results computed outside a cycle guard are context-free.
    if (clean) this.memo.set(text, v);
    return v;
  };

  /**
   * A string with what can be known filled in and the rest kept as expressions, for showing a value that
   * cannot be known: `${self:service}-${sls:stage}-api` with an unknown stage → `shop-${self:custom.secrets.NODE_ENV}-api`.
   */
  partial(text: string): string {
    return parseTemplate(text)
      .map((part) => {
        if (typeof part === 'string') return part;
        const v = this.evalVar(part, 0);
        if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
        return isUnresolved(v) && v.expr !== '…' ? v.expr : part.text;
      })
      .join('');
  }

  /**
   * Follows a node that is one whole variable (`functions: ${file(fns.yml)}`, `- ${file(more.yml):functions}`,
   * `provider: ${self:custom.provider}`) to the node it names, in whatever file that is. A node that is not a
   * variable is returned as it is; a variable that names a plain value or nothing gives `{ value }` / undefined.
   */
  deref(ref: NodeRef): Lookup {
    return this.derefAt(ref, 0);
  }

  /** The node at a path of the config, following variables on the way (`custom.secrets.NODE_ENV` into secrets.yml). */
  nodeAt(path: string[]): Lookup {
    return this.lookupPath(this.rootRef, path, 0);
  }

  private resolveString(text: string, depth: number): Value {
    if (!text.includes('${')) return text;
    if (depth > MAX_DEPTH) return unresolved(text);
    const template = parseTemplate(text);
    const v = this.evalTemplate(template, depth);
    return v === undefined || isUnresolved(v) ? unresolved(text) : v;
  }

  /** A template's value; undefined when a variable has no value (the framework stops with "Value not found"). */
  private evalTemplate(template: Template, depth: number): Value | undefined {
    if (template.length === 1 && typeof template[0] !== 'string') return this.evalVar(template[0], depth);
    let out = '';
    let pending: Unresolved | undefined;
    for (const part of template) {
      if (typeof part === 'string') {
        out += part;
        continue;
      }
      const v = this.evalVar(part, depth);
      if (v === undefined || v === null) return undefined;
      if (isUnresolved(v)) pending ??= v;
      else if (typeof v === 'object') return pending ?? unresolved('…');
      else out += String(v);
    }
    return pending ?? out;
  }

  /** One `${…}`: the first source with a value, or the first that cannot be known. */
  private evalVar(v: VarExpr, depth: number): Value | undefined {
    if (depth > MAX_DEPTH) return unresolved('…');
    for (const s of v.sources) {
      const r = this.evalSource(s, depth + 1);
      if (r === undefined || r === null) continue;
      return r;
    }
    return undefined;
  }

  private evalSource(s: Source, depth: number): Value | undefined {
    if (s.kind === 'literal') return s.value;
    if (s.kind === 'var') return this.evalVar(s.expr, depth);
    const look = this.refLookup(s, depth);
    if (look === undefined) return undefined;
    return 'value' in look ? look.value : this.lookupValue(look, depth);
  }

  /** A source reference (`self:…`, `file(…):…`, `opt:…`, …) as a node or a value. */
  private refLookup(s: Extract<Source, { kind: 'ref' }>, depth: number): Lookup {
    const address = this.evalTemplate(s.address.template, depth);
    if (address === undefined && s.address.text.includes('${')) return undefined;
    if (isUnresolved(address) || (address !== undefined && typeof address === 'object')) return { value: unresolved(s.address.text) };
    const addr = address === undefined || address === null ? '' : String(address).trim();
    switch (s.type) {
      case 'self':
        return this.selfLookup(addr, depth);
      case 'file':
        return this.fileLookup(s, addr, depth);
      case 'opt':
        return opt(this.opts.options?.[addr]);
      case 'env':
        return opt(this.opts.env?.[addr]);
      case 'sls':
        return addr === 'stage' ? { value: this.stage } : { value: unresolved(`\${sls:${addr}}`) };
      case 'param':
        return this.paramLookup(addr, depth);
      case 'aws':
        return addr === 'region' ? this.regionLookup(depth) : { value: unresolved(`\${aws:${addr}}`) };
      case 'strToBool': {
        const p = s.params?.[0] ? this.evalTemplate(s.params[0].template, depth) : undefined;
        if (isUnresolved(p)) return { value: p };
        const t = typeof p === 'string' ? p.trim() : p;
        if (t === 'true' || t === '1' || t === 1 || t === true) return { value: true };
        if (t === 'false' || t === '0' || t === 0 || t === false) return { value: false };
        return undefined;
      }
      default:
        return { value: unresolved(`\${${s.type}${s.params ? `(${s.params.map((p) => p.text).join(', ')})` : ''}${s.address.text ? `:${s.address.text}` : ''}}`) };
    }
  }

  private selfLookup(address: string, depth: number): Lookup {
    const path = address.split('.').filter((p) => p.length > 0);
    if (path.length === 1 && path[0] === 'service') {
      const service = this.lookupPath(this.rootRef, ['service'], depth);
      if (service && 'node' in service && service.node.kind === 'map') return this.lookupPath(service, ['name'], depth);
      return service;
    }
    const found = this.lookupPath(this.rootRef, path, depth);
    // Before v3 the framework filled in `provider.stage`; configs written then still read it with `${self:provider.stage}`.
    if (!found && path.length === 2 && path[0] === 'provider' && path[1] === 'stage') return { value: this.stage };
    return found;
  }

  private fileLookup(s: Extract<Source, { kind: 'ref' }>, address: string, depth: number): Lookup {
    const param = s.params?.[0];
    const p = param ? this.evalTemplate(param.template, depth) : undefined;
    if (p === undefined || p === null) return param?.text.includes('${') ? undefined : { value: unresolved(`\${file(${param?.text ?? ''})}`) };
    if (typeof p !== 'string') return { value: unresolved(`\${file(${param!.text})}`) };
    // Relative to the service folder, in the separators of this machine (a config written on Windows works here).
    const api = pathApi(this.configFile);
    const path = api.resolve(api.dirname(this.configFile), configRelative(p.trim(), this.configFile));
    if (codeExtensions.has(api.extname(path).toLowerCase())) return { value: unresolved(`\${file(${param!.text})${s.address.text ? `:${s.address.text}` : ''}}`) };
    const files = this.opts.files;
    if (!files?.has(path)) {
      this.opts.requestFile?.(path);
      return { value: unresolved(`\${file(${param!.text})}`) };
    }
    const included = files.get(path);
    if (!included) return undefined; // the file does not exist: the framework's "not found", so a fallback applies
    if (!included.structured) return address ? undefined : { value: included.text };
    if (!included.root) return undefined;
    return this.lookupPath({ node: included.root, file: path }, address.split('.').filter((x) => x.length > 0), depth);
  }

  /** `${param:x}`: `params.<stage>.x`, else `params.default.x` (the framework's order without a Dashboard). */
  private paramLookup(name: string, depth: number): Lookup {
    const stage = this.stage;
    const fromBlock = (block: string): Lookup => {
      const found = this.lookupPath(this.rootRef, ['params', block, name], depth);
      return found && 'node' in found && found.node.kind === 'scalar' && found.node.value === null ? undefined : found;
    };
    if (isUnresolved(stage)) {
      // Which stage block applies is unknown; `default` is the answer only when no stage block sets the name.
      const params = this.lookupPath(this.rootRef, ['params'], depth);
      const stages = params && 'node' in params && params.node.kind === 'map' ? params.node.entries.filter((e) => e.key !== 'default') : [];
      if (stages.some((e) => get(e.value, name) !== undefined)) return { value: unresolved(`\${param:${name}}`) };
    } else {
      const own = fromBlock(stage);
      if (own) return own;
    }
    // A Dashboard (org and app set) may hold a parameter for the stage that wins over `default`.
    if (this.lookupPath(this.rootRef, ['org'], depth) && this.lookupPath(this.rootRef, ['app'], depth)) return { value: unresolved(`\${param:${name}}`) };
    return fromBlock('default');
  }

  /** `${aws:region}`: `--region` or `provider.region` when written; otherwise it is the deploying machine's choice. */
  private regionLookup(depth: number): Lookup {
    if (this.opts.options?.region) return { value: this.opts.options.region };
    const region = this.lookupPath(this.rootRef, ['provider', 'region'], depth);
    const v = region === undefined ? undefined : 'value' in region ? region.value : this.lookupValue(region, depth);
    return typeof v === 'string' && v ? { value: v } : { value: unresolved('${aws:region}') };
  }

  /** Walks a path from a node, following whole-variable nodes on the way and at the end. */
  private lookupPath(start: NodeRef | undefined, path: string[], depth: number): Lookup {
    if (!start) return undefined;
    let cur: Lookup = start;
    for (const seg of path) {
      cur = this.derefAt(cur, depth);
      if (!cur || 'value' in cur) return cur && isUnresolved(cur.value) ? cur : cur ? valueAt(cur.value, seg) : undefined;
      const node: LNode = cur.node;
      const child = node.kind === 'map' ? get(node, seg) : node.kind === 'seq' && /^\d+$/.test(seg) ? node.items[Number(seg)] : undefined;
      if (!child) return undefined;
      cur = { node: child, file: cur.file };
    }
    return this.derefAt(cur, depth);
  }

  private derefAt(ref: NodeRef, depth: number): Lookup {
    const node = ref.node;
    if (node.kind !== 'scalar' || typeof node.value !== 'string' || !node.value.includes('${')) return ref;
    const template = parseTemplate(node.value);
    if (template.length !== 1 || typeof template[0] === 'string') return ref;
    const key = `${ref.file}:${node.range.start.line}:${node.range.start.character}`;
    if (this.inProgress.has(key) || depth > MAX_DEPTH) return { value: unresolved(node.value) };
    this.inProgress.add(key);
    try {
      for (const s of template[0].sources) {
        const found = this.derefSource(s, depth + 1);
        if (found === undefined) continue;
        if ('value' in found) {
          if (found.value === null) continue;
          return isUnresolved(found.value) ? { value: unresolved(node.value) } : found;
        }
        if (found.node.kind === 'scalar' && found.node.value === null) continue;
        return found;
      }
      return undefined;
    } finally {
      this.inProgress.delete(key);
    }
  }

  private derefSource(s: Source, depth: number): Lookup {
    if (s.kind === 'literal') return { value: s.value };
    if (s.kind === 'var') {
      for (const inner of s.expr.sources) {
        const found = this.derefSource(inner, depth + 1);
        if (found !== undefined && !('value' in found && found.value === null)) return found;
      }
      return undefined;
    }
    return this.refLookup(s, depth);
  }

  /** A node's value, its strings resolved in the config's own context (as the framework does for included files). */
  private lookupValue(ref: NodeRef | { value: Value }, depth: number): Value {
    if ('value' in ref) return ref.value;
    const key = `${ref.file}:${ref.node.range.start.line}:${ref.node.range.start.character}`;
    if (this.inProgress.has(key)) return unresolved(ref.node.kind === 'scalar' ? String(ref.node.value) : '…');
    this.inProgress.add(key);
    try {
      return toValue(ref.node, (s) => this.resolveString(s, depth + 1));
    } finally {
      this.inProgress.delete(key);
    }
  }
}

function opt(v: string | undefined): Lookup {
  return v === undefined ? undefined : { value: v };
}

/** `${self:custom.x.y}` where `custom.x` resolved to a plain value (an env/opt object is never that, but stay total). */
function valueAt(v: Value, seg: string): Lookup {
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && !isUnresolved(v) && seg in v) return { value: v[seg] };
  if (Array.isArray(v) && /^\d+$/.test(seg) && Number(seg) < v.length) return { value: v[Number(seg)] };
  return undefined;
}

// ---- The variable syntax: `${source:address, fallback, 'literal'}`, sources nested in addresses and params ----

/** Splits a string into literal text and `${…}` variables (nested variables stay inside their variable). */
export function parseTemplate(text: string): Template {
  const out: Template = [];
  let i = 0;
  let lit = '';
  while (i < text.length) {
    const start = text.indexOf('${', i);
    if (start < 0) break;
    const end = matchingBrace(text, start + 2);
    if (end < 0) break;
    lit += text.slice(i, start);
    if (lit) out.push(lit);
    lit = '';
    out.push(parseVar(text.slice(start + 2, end), text.slice(start, end + 1)));
    i = end + 1;
  }
  lit += text.slice(i);
  if (lit) out.push(lit);
  return out;
}

/** Index of the `}` that closes a variable whose body starts at `from` (skipping nested variables and quotes). */
function matchingBrace(s: string, from: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = from; i < s.length; i++) {
    const ch = s[i];
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if ((ch === "'" || ch === '"') && /[\s,(:]/.test(s[i - 1] ?? ' ')) quote = ch;
    else if (ch === '$' && s[i + 1] === '{') {
      depth++;
      i++;
    } else if (ch === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

function parseVar(inner: string, text: string): VarExpr {
  return { text, sources: splitTopLevel(inner, ',').map((p) => p.trim()).filter((p) => p.length > 0).map(parseSource) };
}

function parseSource(c: string): Source {
  if (c.startsWith('${') && matchingBrace(c, 2) === c.length - 1) return { kind: 'var', expr: parseVar(c.slice(2, -1), c) };
  const literal = parseLiteral(c);
  if (literal !== undefined) return { kind: 'literal', value: literal };
  const m = /^([a-zA-Z][\w]*)\s*([(:])/.exec(c);
  if (!m) return { kind: 'literal', value: c }; // a bare word: a literal, as `${opt:stage, dev}` was read before v3
  const type = m[1];
  let rest = c.slice(m[0].length);
  let params: Array<{ text: string; template: Template }> | undefined;
  if (m[2] === '(') {
    const close = matchingParen(rest);
    const inside = close < 0 ? rest : rest.slice(0, close);
    params = splitTopLevel(inside, ',').map((p) => {
      const t = p.trim();
      const lit = parseLiteral(t);
      return { text: t, template: typeof lit === 'string' ? [lit] : parseTemplate(t) };
    });
    rest = close < 0 ? '' : rest.slice(close + 1).trim();
    rest = rest.startsWith(':') ? rest.slice(1) : '';
  }
  const address = rest.trim();
  const lit = parseLiteral(address);
  return { kind: 'ref', type, params, address: { text: address, template: typeof lit === 'string' ? [lit] : parseTemplate(address) } };
}

function matchingParen(s: string): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '(' || (ch === '$' && s[i + 1] === '{')) depth++;
    else if (ch === ')' || ch === '}') {
      if (depth === 0 && ch === ')') return i;
      depth--;
    }
  }
  return -1;
}

/** Splits at top-level separators (outside quotes, parentheses and nested variables). */
function splitTopLevel(s: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if ((ch === '"' || ch === "'") && /^\s*$/.test(s.slice(start, i))) quote = ch;
    else if (ch === '(' || ch === '{') depth++;
    else if (ch === ')' || ch === '}') depth--;
    else if (ch === sep && depth === 0) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start));
  return parts;
}

function parseLiteral(c: string): Value | undefined {
  if (c.length >= 2 && ((c.startsWith("'") && c.endsWith("'")) || (c.startsWith('"') && c.endsWith('"')))) return c.slice(1, -1);
  if (/^-?\d+(\.\d+)?$/.test(c)) return Number(c);
  if (c === 'true' || c === 'false') return c === 'true';
  if (c === 'null') return null;
  return undefined;
}
