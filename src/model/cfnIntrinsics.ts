import type { Located, Unresolved, Value } from './types';
import { isUnresolved } from './types';
import type { LIntrinsic, LNode } from './yamlTree';
import { get } from './yamlTree';
import { locatedEntries, toValue, unresolved } from './values';

/**
 * `!Ref AWS::NoValue`: CloudFormation removes the property (or list item) that holds it. Kept as one shared
 * object so the parsers can drop it by identity.
 */
export const noValue: Unresolved = Object.freeze({ unresolved: true, expr: '!Ref AWS::NoValue' }) as Unresolved;

/** Nesting of intrinsics and conditions evaluated for one value (templates are small; cycles end here). */
const maxDepth = 32;

/**
 * Resolves the intrinsic functions whose value the template alone determines, as CloudFormation would with
 * every parameter at its default: `Ref` to parameters, `Fn::Sub` (both forms), `Fn::Join`, `Fn::Select`,
 * `Fn::Split`, `Fn::FindInMap` over `Mappings`, and `Fn::If` over `Conditions` (`Fn::Equals`, `Fn::And`,
 * `Fn::Or`, `Fn::Not`, `Condition`). Resources, pseudo parameters (`AWS::Region`, `AWS::StackName`),
 * imports and attributes stay unresolved and are shown as written: they are known only at deploy time.
 */
export class IntrinsicResolver {
  private readonly params = new Map<string, Value>();
  private readonly conditionCache = new Map<string, boolean | undefined>();
  private readonly evaluating = new Set<string>();
  private depth = 0;

  constructor(private readonly doc: LNode | undefined) {
    const params = get(doc, 'Parameters');
    if (params?.kind !== 'map') return;
    for (const p of params.entries) {
      const d = get(p.value, 'Default');
      if (d?.kind !== 'scalar' || d.value === null) continue;
      const type = get(p.value, 'Type');
      const isList = type?.kind === 'scalar' && /^(CommaDelimitedList|List<.*>)$/.test(String(type.value));
      this.params.set(p.key, isList ? String(d.value).split(',').map((s) => s.trim()) : d.value);
    }
  }

  /** The default of a parameter, when it has one. */
  parameter(name: string): Value | undefined {
    return this.params.get(name);
  }

  /** The value of an intrinsic, or the intrinsic as written (unresolved) when the template cannot tell. */
  readonly resolve = (n: LIntrinsic): Value => {
    if (this.depth > maxDepth) return unresolved(n.text);
    this.depth++;
    try {
      return this.evaluate(n) ?? unresolved(n.text);
    } finally {
      this.depth--;
    }
  };

  /** A node as a value: intrinsics resolved where possible, `AWS::NoValue` items and keys removed. */
  value(node: LNode): Value {
    return dropNoValue(toValue(node, identity, this.resolve));
  }

  /** The entries of a map node as located values, without the ones an `AWS::NoValue` removes. */
  entries(node: LNode | undefined): Record<string, Located> {
    const out: Record<string, Located> = {};
    for (const [k, l] of Object.entries(locatedEntries(node, identity, this.resolve))) {
      if (l.value === noValue) continue;
      out[k] = { value: dropNoValue(l.value), range: l.range };
    }
    return out;
  }

  /** A condition of `Conditions` evaluated with the parameter defaults; undefined when it depends on more. */
  condition(name: string): boolean | undefined {
    if (this.conditionCache.has(name)) return this.conditionCache.get(name);
    if (this.evaluating.has(name)) return undefined;
    this.evaluating.add(name);
    const node = get(get(this.doc, 'Conditions'), name);
    const result = node ? this.truth(node) : undefined;
    this.evaluating.delete(name);
    this.conditionCache.set(name, result);
    return result;
  }

  /** A fully known value (no unresolved part anywhere), or undefined. */
  private known(node: LNode | undefined): Value | undefined {
    if (!node) return undefined;
    const v = this.value(node);
    return containsUnresolved(v) ? undefined : v;
  }

  private evaluate(n: LIntrinsic): Value | undefined {
    const args = n.arg.kind === 'seq' ? n.arg.items : undefined;
    switch (n.fn) {
      case 'Ref': {
        const name = n.arg.kind === 'scalar' ? String(n.arg.value) : undefined;
        if (name === 'AWS::NoValue') return noValue;
        return name === undefined ? undefined : this.params.get(name);
      }
      case 'Fn::Sub':
        return this.sub(n.arg);
      case 'Fn::Join': {
        if (!args || args.length !== 2) return undefined;
        const delimiter = this.known(args[0]);
        const parts = this.known(args[1]);
        if (typeof delimiter !== 'string' || !Array.isArray(parts) || !parts.every(isScalarText)) return undefined;
        return parts.map(String).join(delimiter);
      }
      case 'Fn::Select': {
        if (!args || args.length !== 2) return undefined;
        const index = Number(this.known(args[0]));
        const list = this.known(args[1]);
        return Array.isArray(list) && Number.isInteger(index) && index >= 0 && index < list.length ? list[index] : undefined;
      }
      case 'Fn::Split': {
        if (!args || args.length !== 2) return undefined;
        const delimiter = this.known(args[0]);
        const text = this.known(args[1]);
        return typeof delimiter === 'string' && typeof text === 'string' ? text.split(delimiter) : undefined;
      }
      case 'Fn::FindInMap':
        return args ? this.findInMap(args) : undefined;
      case 'Fn::If': {
        if (!args || args.length !== 3) return undefined;
        const name = args[0].kind === 'scalar' ? String(args[0].value) : undefined;
        const which = name === undefined ? undefined : this.condition(name);
        if (which === undefined) return undefined;
        return this.value(which ? args[1] : args[2]);
      }
      case 'Fn::Equals':
      case 'Fn::And':
      case 'Fn::Or':
      case 'Fn::Not':
      case 'Condition':
        return this.truth(n);
      default:
        return undefined;
    }
  }

  private truth(node: LNode): boolean | undefined {
    if (node.kind === 'scalar' && typeof node.value === 'boolean') return node.value;
    if (node.kind !== 'intrinsic') return undefined;
    const args = node.arg.kind === 'seq' ? node.arg.items : undefined;
    switch (node.fn) {
      case 'Condition':
        return node.arg.kind === 'scalar' ? this.condition(String(node.arg.value)) : undefined;
      case 'Fn::Equals': {
        if (!args || args.length !== 2) return undefined;
        const a = this.known(args[0]);
        const b = this.known(args[1]);
        if (a === undefined || b === undefined) return undefined;
        return JSON.stringify(normalizeScalar(a)) === JSON.stringify(normalizeScalar(b));
      }
      case 'Fn::Not': {
        const inner = args?.[0];
        const v = inner ? this.truth(inner) : undefined;
        return v === undefined ? undefined : !v;
      }
      case 'Fn::And':
      case 'Fn::Or': {
        if (!args) return undefined;
        const values = args.map((a) => this.truth(a));
        const decisive = node.fn === 'Fn::And' ? false : true;
        // One decisive operand settles it even when another is unknown.
        if (values.includes(decisive)) return decisive;
        return values.includes(undefined) ? undefined : !decisive;
      }
      default:
        return undefined;
    }
  }

  private sub(arg: LNode): Value | undefined {
    const template = arg.kind === 'seq' ? arg.items[0] : arg;
    if (template?.kind !== 'scalar' || typeof template.value !== 'string') return undefined;
    const vars = arg.kind === 'seq' ? arg.items[1] : undefined;
    if (vars && vars.kind !== 'map') return undefined;
    let ok = true;
    const out = template.value.replace(/\$\{([^{}]*)\}/g, (whole, inner: string) => {
      if (inner.startsWith('!')) return `\${${inner.slice(1)}}`;
      const name = inner.trim();
      const local = get(vars, name);
      const v = local ? this.known(local) : this.params.get(name);
      if (v === undefined || !isScalarText(v)) {
        ok = false;
        return whole;
      }
      return String(v);
    });
    return ok ? out : undefined;
  }

  /** `[MapName, TopKey, SecondKey]` (+ the language extensions' `{DefaultValue: …}`); unknown keys are fine when every candidate agrees. */
  private findInMap(args: LNode[]): Value | undefined {
    if (args.length < 3) return undefined;
    const fallback = args[3] ? this.known(get(args[3], 'DefaultValue')) : undefined;
    const mapName = this.known(args[0]);
    const mapping = typeof mapName === 'string' ? get(get(this.doc, 'Mappings'), mapName) : undefined;
    if (mapping?.kind !== 'map') return undefined;
    const top = this.known(args[1]);
    const second = this.known(args[2]);
    const firstLevel = typeof top === 'string' || typeof top === 'number' ? [get(mapping, String(top))] : mapping.entries.map((e) => e.value);
    const candidates: Value[] = [];
    for (const level of firstLevel) {
      if (level?.kind !== 'map') {
        if (fallback === undefined) return undefined;
        candidates.push(fallback);
        continue;
      }
      const leaves = typeof second === 'string' || typeof second === 'number' ? [get(level, String(second))] : level.entries.map((e) => e.value);
      for (const leaf of leaves) {
        const v = leaf ? this.known(leaf) : fallback;
        if (v === undefined) return undefined;
        candidates.push(v);
      }
    }
    if (candidates.length === 0) return undefined;
    const first = JSON.stringify(candidates[0]);
    return candidates.every((c) => JSON.stringify(c) === first) ? candidates[0] : undefined;
  }
}

function identity(s: string): Value {
  return s;
}

function isScalarText(v: Value): v is string | number | boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/** CloudFormation compares parameter values as strings: `Fn::Equals [!Ref Size, 512]` with a `"512"` default. */
function normalizeScalar(v: Value): Value {
  return typeof v === 'number' || typeof v === 'boolean' ? String(v) : v;
}

export function containsUnresolved(v: Value): boolean {
  if (isUnresolved(v)) return true;
  if (Array.isArray(v)) return v.some(containsUnresolved);
  if (v !== null && typeof v === 'object') return Object.values(v).some(containsUnresolved);
  return false;
}

/** Removes `AWS::NoValue` from lists and maps, as CloudFormation does. */
export function dropNoValue(v: Value): Value {
  if (v === noValue || isUnresolved(v)) return v;
  if (Array.isArray(v)) return v.filter((x) => x !== noValue).map(dropNoValue);
  if (v !== null && typeof v === 'object') {
    const out: { [key: string]: Value } = {};
    for (const [k, x] of Object.entries(v)) if (x !== noValue) out[k] = dropNoValue(x);
    return out;
  }
  return v;
}
