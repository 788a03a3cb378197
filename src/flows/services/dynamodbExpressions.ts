/**
 * DynamoDB expressions, as the Developer Guide defines them ("Using expressions in DynamoDB"): condition and filter
 * expressions (comparisons, BETWEEN, IN, AND/OR/NOT, attribute_exists, attribute_not_exists, attribute_type,
 * begins_with, contains, size), key conditions, and update expressions (SET with + and -, if_not_exists,
 * list_append; REMOVE; ADD; DELETE), with `#name` and `:value` placeholders. Items are attribute-value maps as on
 * the wire (`{"S": "x"}`, `{"N": "1"}`, …).
 */
import type { AttributeValue, Item } from './localState';

export class ExpressionError extends Error {}

type PathElem = { name: string } | { index: number };
type Operand = { kind: 'path'; path: PathElem[] } | { kind: 'value'; value: AttributeValue } | { kind: 'size'; path: PathElem[] };
export type Condition =
  | { op: 'or' | 'and'; left: Condition; right: Condition }
  | { op: 'not'; expr: Condition }
  | { op: 'cmp'; cmp: string; left: Operand; right: Operand }
  | { op: 'between'; value: Operand; low: Operand; high: Operand }
  | { op: 'in'; value: Operand; list: Operand[] }
  | { op: 'fn'; name: string; args: Operand[] };

type SetValue =
  | Operand
  | { kind: 'arith'; op: '+' | '-'; left: SetValue; right: SetValue }
  | { kind: 'if_not_exists'; path: PathElem[]; value: SetValue }
  | { kind: 'list_append'; left: SetValue; right: SetValue };

interface Placeholders {
  names?: Record<string, string>;
  values?: Record<string, AttributeValue>;
}

class Parser {
  private readonly tokens: string[];
  private pos = 0;

  constructor(
    text: string,
    private readonly ph: Placeholders,
  ) {
    this.tokens = text.match(/<>|<=|>=|[=<>(),.[\]+-]|#[A-Za-z0-9_]+|:[A-Za-z0-9_]+|[A-Za-z_][A-Za-z0-9_]*|\d+|\S/g) ?? [];
  }

  peek(): string | undefined {
    return this.tokens[this.pos];
  }

  next(): string {
    const t = this.tokens[this.pos++];
    if (t === undefined) throw new ExpressionError('Invalid expression: unexpected end of expression');
    return t;
  }

  expect(t: string): void {
    const got = this.next();
    if (got.toUpperCase() !== t) throw new ExpressionError(`Invalid expression: expected "${t}", found "${got}"`);
  }

  atKeyword(k: string): boolean {
    return this.peek()?.toUpperCase() === k;
  }

  done(): boolean {
    return this.pos >= this.tokens.length;
  }

  condition(): Condition {
    let left = this.andCondition();
    while (this.atKeyword('OR')) {
      this.next();
      left = { op: 'or', left, right: this.andCondition() };
    }
    return left;
  }

  private andCondition(): Condition {
    let left = this.notCondition();
    while (this.atKeyword('AND')) {
      this.next();
      left = { op: 'and', left, right: this.notCondition() };
    }
    return left;
  }

  private notCondition(): Condition {
    if (this.atKeyword('NOT')) {
      this.next();
      return { op: 'not', expr: this.notCondition() };
    }
    return this.primary();
  }

  private primary(): Condition {
    if (this.peek() === '(') {
      this.next();
      const c = this.condition();
      this.expect(')');
      return c;
    }
    const t = this.peek() ?? '';
    const fn = t.toLowerCase();
    if (['attribute_exists', 'attribute_not_exists', 'attribute_type', 'begins_with', 'contains'].includes(fn) && this.tokens[this.pos + 1] === '(') {
      this.next();
      this.expect('(');
      const args = [this.operand()];
      while (this.peek() === ',') {
        this.next();
        args.push(this.operand());
      }
      this.expect(')');
      return { op: 'fn', name: fn, args };
    }
    const left = this.operand();
    if (this.atKeyword('BETWEEN')) {
      this.next();
      const low = this.operand();
      this.expect('AND');
      return { op: 'between', value: left, low, high: this.operand() };
    }
    if (this.atKeyword('IN')) {
      this.next();
      this.expect('(');
      const list = [this.operand()];
      while (this.peek() === ',') {
        this.next();
        list.push(this.operand());
      }
      this.expect(')');
      return { op: 'in', value: left, list };
    }
    const cmp = this.next();
    if (!['=', '<>', '<', '<=', '>', '>='].includes(cmp)) throw new ExpressionError(`Invalid expression: expected a comparator after an operand, found "${cmp}"`);
    return { op: 'cmp', cmp, left, right: this.operand() };
  }

  operand(): Operand {
    const t = this.peek() ?? '';
    if (t.startsWith(':')) {
      this.next();
      const v = this.ph.values?.[t];
      if (v === undefined) throw new ExpressionError(`Value provided in ExpressionAttributeValues unused in expressions or undefined: ${t} is not defined`);
      return { kind: 'value', value: v };
    }
    if (t.toLowerCase() === 'size' && this.tokens[this.pos + 1] === '(') {
      this.next();
      this.expect('(');
      const path = this.path();
      this.expect(')');
      return { kind: 'size', path };
    }
    return { kind: 'path', path: this.path() };
  }

  path(): PathElem[] {
    const out: PathElem[] = [{ name: this.name(this.next()) }];
    for (;;) {
      if (this.peek() === '.') {
        this.next();
        out.push({ name: this.name(this.next()) });
      } else if (this.peek() === '[') {
        this.next();
        const n = this.next();
        if (!/^\d+$/.test(n)) throw new ExpressionError(`Invalid expression: list index "${n}" is not a number`);
        this.expect(']');
        out.push({ index: Number(n) });
      } else return out;
    }
  }

  private name(t: string): string {
    if (t.startsWith('#')) {
      const n = this.ph.names?.[t];
      if (n === undefined) throw new ExpressionError(`An expression attribute name used in the document path is not defined; attribute name: ${t}`);
      return n;
    }
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(t)) throw new ExpressionError(`Invalid expression: "${t}" is not an attribute name`);
    return t;
  }

  setValue(): SetValue {
    let left = this.setTerm();
    while (this.peek() === '+' || this.peek() === '-') {
      const op = this.next() as '+' | '-';
      left = { kind: 'arith', op, left, right: this.setTerm() };
    }
    return left;
  }

  private setTerm(): SetValue {
    const t = (this.peek() ?? '').toLowerCase();
    if (t === 'if_not_exists' && this.tokens[this.pos + 1] === '(') {
      this.next();
      this.expect('(');
      const path = this.path();
      this.expect(',');
      const value = this.setValue();
      this.expect(')');
      return { kind: 'if_not_exists', path, value };
    }
    if (t === 'list_append' && this.tokens[this.pos + 1] === '(') {
      this.next();
      this.expect('(');
      const left = this.setValue();
      this.expect(',');
      const right = this.setValue();
      this.expect(')');
      return { kind: 'list_append', left, right };
    }
    return this.operand();
  }
}

export function parseCondition(text: string, ph: Placeholders): Condition {
  const p = new Parser(text, ph);
  const c = p.condition();
  if (!p.done()) throw new ExpressionError(`Invalid expression: unexpected "${p.peek()}"`);
  return c;
}

/** Evaluates a condition on an item (an absent item is `{}`: every attribute_not_exists holds). */
export function evaluate(c: Condition, item: Item): boolean {
  switch (c.op) {
    case 'or':
      return evaluate(c.left, item) || evaluate(c.right, item);
    case 'and':
      return evaluate(c.left, item) && evaluate(c.right, item);
    case 'not':
      return !evaluate(c.expr, item);
    case 'cmp': {
      const a = resolve(c.left, item);
      const b = resolve(c.right, item);
      if (a === undefined || b === undefined) return c.cmp === '<>' && !(a === undefined && b === undefined);
      if (c.cmp === '=') return equal(a, b);
      if (c.cmp === '<>') return !equal(a, b);
      const order = compare(a, b);
      if (order === undefined) return false;
      return c.cmp === '<' ? order < 0 : c.cmp === '<=' ? order <= 0 : c.cmp === '>' ? order > 0 : order >= 0;
    }
    case 'between': {
      const v = resolve(c.value, item);
      const lo = resolve(c.low, item);
      const hi = resolve(c.high, item);
      if (!v || !lo || !hi) return false;
      const a = compare(v, lo);
      const b = compare(v, hi);
      return a !== undefined && b !== undefined && a >= 0 && b <= 0;
    }
    case 'in': {
      const v = resolve(c.value, item);
      return v !== undefined && c.list.some((o) => {
        const x = resolve(o, item);
        return x !== undefined && equal(v, x);
      });
    }
    case 'fn': {
      const [first, second] = c.args;
      const pathOf = (o: Operand): PathElem[] => {
        if (o.kind !== 'path') throw new ExpressionError(`Invalid ConditionExpression: ${c.name} takes an attribute path first`);
        return o.path;
      };
      switch (c.name) {
        case 'attribute_exists':
          return get(item, pathOf(first)) !== undefined;
        case 'attribute_not_exists':
          return get(item, pathOf(first)) === undefined;
        case 'attribute_type': {
          const v = get(item, pathOf(first));
          const t = second ? resolve(second, item) : undefined;
          return v !== undefined && t?.S !== undefined && typeOf(v) === t.S;
        }
        case 'begins_with': {
          const v = get(item, pathOf(first));
          const p = second ? resolve(second, item) : undefined;
          if (!v || !p) return false;
          if (typeof v.S === 'string' && typeof p.S === 'string') return v.S.startsWith(p.S);
          if (typeof v.B === 'string' && typeof p.B === 'string') return Buffer.from(v.B, 'base64').subarray(0, Buffer.from(p.B, 'base64').length).equals(Buffer.from(p.B, 'base64'));
          return false;
        }
        case 'contains': {
          const v = get(item, pathOf(first));
          const x = second ? resolve(second, item) : undefined;
          if (!v || !x) return false;
          if (typeof v.S === 'string' && typeof x.S === 'string') return v.S.includes(x.S);
          for (const set of ['SS', 'NS', 'BS'] as const) if (Array.isArray(v[set])) return (v[set] as string[]).includes(String(x[set.slice(0, 1)]));
          if (Array.isArray(v.L)) return (v.L as AttributeValue[]).some((e) => equal(e, x));
          return false;
        }
      }
      throw new ExpressionError(`Invalid expression: unknown function ${c.name}`);
    }
  }
}

function resolve(o: Operand, item: Item): AttributeValue | undefined {
  if (o.kind === 'value') return o.value;
  const v = get(item, o.path);
  if (o.kind === 'path') return v;
  if (!v) return undefined;
  if (typeof v.S === 'string') return { N: String(v.S.length) };
  if (typeof v.B === 'string') return { N: String(Buffer.from(v.B, 'base64').length) };
  for (const k of ['SS', 'NS', 'BS', 'L'] as const) if (Array.isArray(v[k])) return { N: String((v[k] as unknown[]).length) };
  if (v.M && typeof v.M === 'object') return { N: String(Object.keys(v.M).length) };
  return undefined;
}

function get(item: Item, path: PathElem[]): AttributeValue | undefined {
  let cur: AttributeValue | undefined = { M: item };
  for (const p of path) {
    if (!cur) return undefined;
    if ('name' in p) cur = cur.M && typeof cur.M === 'object' ? (cur.M as Record<string, AttributeValue>)[p.name] : undefined;
    else cur = Array.isArray(cur.L) ? (cur.L as AttributeValue[])[p.index] : undefined;
  }
  return cur;
}

function typeOf(v: AttributeValue): string {
  return Object.keys(v)[0] ?? 'NULL';
}

export function equal(a: AttributeValue, b: AttributeValue): boolean {
  const ta = typeOf(a);
  if (ta !== typeOf(b)) return false;
  if (ta === 'N') return Number(a.N) === Number(b.N);
  if (ta === 'SS' || ta === 'NS' || ta === 'BS') {
    const x = [...(a[ta] as string[])].sort();
    const y = [...(b[ta] as string[])].sort();
    return x.length === y.length && x.every((v, i) => (ta === 'NS' ? Number(v) === Number(y[i]) : v === y[i]));
  }
  return JSON.stringify(a) === JSON.stringify(b);
}

function compare(a: AttributeValue, b: AttributeValue): number | undefined {
  if (a.N !== undefined && b.N !== undefined) return Number(a.N) - Number(b.N);
  if (typeof a.S === 'string' && typeof b.S === 'string') return a.S < b.S ? -1 : a.S > b.S ? 1 : 0;
  if (typeof a.B === 'string' && typeof b.B === 'string') return Buffer.compare(Buffer.from(a.B, 'base64'), Buffer.from(b.B, 'base64'));
  return undefined;
}

/** Applies an update expression to a copy of the item (the key attributes may not change). */
export function applyUpdate(text: string, ph: Placeholders, item: Item, keyNames: string[]): Item {
  const p = new Parser(text, ph);
  const out = structuredClone(item);
  const seen = new Set<string>();
  while (!p.done()) {
    const clause = p.next().toUpperCase();
    if (!['SET', 'REMOVE', 'ADD', 'DELETE'].includes(clause)) throw new ExpressionError(`Invalid UpdateExpression: unknown clause "${clause}"`);
    if (seen.has(clause)) throw new ExpressionError(`Invalid UpdateExpression: the "${clause}" section can only be used once in an update expression`);
    seen.add(clause);
    for (;;) {
      const path = p.path();
      if ('name' in path[0] && path.length === 1 && keyNames.includes(path[0].name)) {
        throw new ExpressionError(`One or more parameter values were invalid: Cannot update attribute ${path[0].name}. This attribute is part of the key`);
      }
      if (clause === 'SET') {
        p.expect('=');
        set(out, path, evaluateSet(p.setValue(), out));
      } else if (clause === 'REMOVE') {
        remove(out, path);
      } else {
        const v = p.operand();
        if (v.kind !== 'value') throw new ExpressionError(`Invalid UpdateExpression: ${clause} takes a value placeholder`);
        const current = get(out, path);
        if (clause === 'ADD') {
          if (v.value.N !== undefined) set(out, path, { N: String(Number(current?.N ?? 0) + Number(v.value.N)) });
          else set(out, path, setUnion(current, v.value, true));
        } else if (current) set(out, path, setUnion(current, v.value, false));
      }
      if (p.peek() === ',') {
        p.next();
        continue;
      }
      break;
    }
  }
  return out;
}

function evaluateSet(v: SetValue, item: Item): AttributeValue {
  switch (v.kind) {
    case 'arith': {
      const a = evaluateSet(v.left, item);
      const b = evaluateSet(v.right, item);
      if (a.N === undefined || b.N === undefined) throw new ExpressionError('An operand in the update expression has an incorrect data type');
      return { N: String(v.op === '+' ? Number(a.N) + Number(b.N) : Number(a.N) - Number(b.N)) };
    }
    case 'if_not_exists':
      return get(item, v.path) ?? evaluateSet(v.value, item);
    case 'list_append': {
      const a = evaluateSet(v.left, item);
      const b = evaluateSet(v.right, item);
      if (!Array.isArray(a.L) || !Array.isArray(b.L)) throw new ExpressionError('An operand in the update expression has an incorrect data type');
      return { L: [...(a.L as AttributeValue[]), ...(b.L as AttributeValue[])] };
    }
    default: {
      const r = resolve(v, item);
      if (r === undefined) throw new ExpressionError('The provided expression refers to an attribute that does not exist in the item');
      return r;
    }
  }
}

function setUnion(current: AttributeValue | undefined, add: AttributeValue, adding: boolean): AttributeValue {
  for (const k of ['SS', 'NS', 'BS'] as const) {
    if (!Array.isArray(add[k])) continue;
    const base = Array.isArray(current?.[k]) ? (current![k] as string[]) : [];
    const values = adding ? [...new Set([...base, ...(add[k] as string[])])] : base.filter((x) => !(add[k] as string[]).includes(x));
    return { [k]: values };
  }
  throw new ExpressionError('An operand in the update expression has an incorrect data type');
}

function set(item: Item, path: PathElem[], value: AttributeValue): void {
  const parent = path.length === 1 ? { M: item } : get(item, path.slice(0, -1));
  const last = path[path.length - 1];
  if (!parent) throw new ExpressionError('The document path provided in the update expression is invalid for update');
  if ('name' in last) {
    if (!parent.M || typeof parent.M !== 'object') throw new ExpressionError('The document path provided in the update expression is invalid for update');
    (parent.M as Record<string, AttributeValue>)[last.name] = value;
  } else {
    if (!Array.isArray(parent.L)) throw new ExpressionError('The document path provided in the update expression is invalid for update');
    const list = parent.L as AttributeValue[];
    if (last.index >= list.length) list.push(value);
    else list[last.index] = value;
  }
}

function remove(item: Item, path: PathElem[]): void {
  const parent = path.length === 1 ? { M: item } : get(item, path.slice(0, -1));
  const last = path[path.length - 1];
  if (!parent) return;
  if ('name' in last && parent.M && typeof parent.M === 'object') delete (parent.M as Record<string, AttributeValue>)[last.name];
  else if ('index' in last && Array.isArray(parent.L)) (parent.L as AttributeValue[]).splice(last.index, 1);
}

/** The placeholders an expression's text uses (DynamoDB rejects unused ones; callers check with this). */
export function placeholdersIn(texts: Array<string | undefined>): { names: Set<string>; values: Set<string> } {
  const names = new Set<string>();
  const values = new Set<string>();
  for (const t of texts) {
    for (const m of (t ?? '').matchAll(/#[A-Za-z0-9_]+/g)) names.add(m[0]);
    for (const m of (t ?? '').matchAll(/:[A-Za-z0-9_]+/g)) values.add(m[0]);
  }
  return { names, values };
}
