import type { LNode } from './yamlTree';
import { getPath } from './yamlTree';
import type { Value } from './types';
import { isUnresolved } from './types';
import { toValue, unresolved } from './values';

/**
 * Static resolution of Serverless Framework variables. `${self:…}`, `${sls:stage}`, `${opt:x, default}` and
 * `${env:X, default}` are resolved where the file alone tells the answer; every other source (`ssm`, `file`,
 * `cf`, `s3`, `aws`, `param`, …) stays unresolved and is shown as its expression.
 */
export interface SfResolverOptions {
  /** Environment for `${env:…}`; empty in tests, the process environment in the CLI and the extension. */
  env?: Record<string, string | undefined>;
  /** Command-line options for `${opt:…}` (e.g. `{ stage: 'prod' }`). */
  options?: Record<string, string>;
}

const VAR = /\$\{([^{}]*)\}/;
const MAX_DEPTH = 16;

export class SfResolver {
  private readonly selfInProgress = new Set<string>();
  private stageCache: string | undefined;

  constructor(private readonly root: LNode | undefined, private readonly opts: SfResolverOptions = {}) {}

  /** The stage: `provider.stage` resolved, `dev` when absent or unresolvable. */
  get stage(): string {
    if (this.stageCache === undefined) {
      this.stageCache = 'dev';
      const node = getPath(this.root, ['provider', 'stage']);
      const v = node ? this.nodeValue(node, 1) : undefined;
      this.stageCache = typeof v === 'string' && v.length > 0 ? v : this.opts.options?.stage ?? 'dev';
    }
    return this.stageCache;
  }

  /** Resolves a string that may contain variables. */
  resolve = (text: string): Value => this.resolveString(text, 0);

  private resolveString(text: string, depth: number): Value {
    if (!text.includes('${')) return text;
    if (depth > MAX_DEPTH) return unresolved(text);
    let current = text;
    for (let i = 0; i < 64; i++) {
      const m = VAR.exec(current);
      if (!m) return current;
      const v = this.resolveVariable(m[1], depth + 1);
      if (v === undefined || isUnresolved(v)) return unresolved(text);
      if (m[0] === current) return v;
      if (typeof v === 'object' && v !== null) return unresolved(text);
      current = current.slice(0, m.index) + String(v) + current.slice(m.index + m[0].length);
    }
    return unresolved(text);
  }

  /** Resolves the inside of one `${…}`: a source reference with optional fallbacks. */
  private resolveVariable(inner: string, depth: number): Value | undefined {
    const candidates = splitTopLevel(inner);
    for (const raw of candidates) {
      const c = raw.trim();
      if (c === '') continue;
      const literal = parseLiteral(c);
      if (literal !== undefined) return literal;
      const v = this.resolveReference(c, depth);
      if (v === undefined) continue; // not set: try the fallback
      // An unresolved source does not fall through to its default: `${ssm:x, 'd'}` depends on SSM.
      return v;
    }
    return undefined;
  }

  private resolveReference(ref: string, depth: number): Value | undefined {
    const colon = ref.indexOf(':');
    // A bare word is a literal: what a nested variable left behind, e.g. `${opt:stage, ${self:custom.x}}`.
    if (colon < 0 && /^[\w.\-/]+$/.test(ref)) return ref;
    const source = colon >= 0 ? ref.slice(0, colon).trim() : ref.trim();
    const address = colon >= 0 ? ref.slice(colon + 1).trim() : '';
    switch (source) {
      case 'self':
        return this.selfValue(address, depth);
      case 'opt':
        return this.opts.options?.[address];
      case 'env': {
        const v = this.opts.env?.[address];
        return v === undefined ? undefined : v;
      }
      case 'sls':
        if (address === 'stage') return this.stage;
        return unresolved(`\${${ref}}`);
      default:
        return unresolved(`\${${ref}}`);
    }
  }

  private selfValue(address: string, depth: number): Value | undefined {
    const path = address.split('.').filter((s) => s.length > 0);
    if (path.length === 0) return undefined;
    const key = path.join('.');
    if (this.selfInProgress.has(key)) return unresolved(`\${self:${address}}`);
    let node = getPath(this.root, path);
    if (!node && path[0] === 'provider' && path[1] === 'stage') return this.stage;
    if (!node) return undefined;
    if (path.length === 1 && path[0] === 'service' && node.kind === 'map') node = getPath(node, ['name']);
    if (!node) return undefined;
    this.selfInProgress.add(key);
    try {
      return this.nodeValue(node, depth);
    } finally {
      this.selfInProgress.delete(key);
    }
  }

  private nodeValue(node: LNode, depth: number): Value {
    return toValue(node, (s) => this.resolveString(s, depth + 1));
  }
}

/** Splits `a, 'b, c', d` at top-level commas (outside quotes and nested parentheses). */
function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start));
  return parts;
}

function parseLiteral(c: string): Value | undefined {
  if ((c.startsWith("'") && c.endsWith("'") && c.length >= 2) || (c.startsWith('"') && c.endsWith('"') && c.length >= 2)) return c.slice(1, -1);
  if (/^-?\d+(\.\d+)?$/.test(c)) return Number(c);
  if (c === 'true' || c === 'false') return c === 'true';
  if (c === 'null') return null;
  return undefined;
}
