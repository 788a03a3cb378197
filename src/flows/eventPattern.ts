/**
 * EventBridge event patterns, matched the way EventBridge matches them (Amazon EventBridge User Guide, "Amazon
 * EventBridge event patterns" and "Content filtering in Amazon EventBridge event patterns"): every field of the
 * pattern must match; a leaf is a list of alternatives; an event array matches when any of its elements does;
 * nested objects descend; `$or` takes alternatives of whole sub-patterns. Content filters: `prefix`, `suffix`,
 * `anything-but`, `numeric`, `exists`, `equals-ignore-case`, `wildcard`, `cidr`.
 */

export type EventPattern = { [key: string]: unknown };

/** A pattern that cannot be used as EventBridge would reject it (put-rule answers InvalidEventPatternException). */
export class InvalidEventPattern extends Error {}

/** True when `event` matches `pattern`. Throws {@link InvalidEventPattern} for a pattern EventBridge would reject. */
export function matchesEventPattern(pattern: unknown, event: unknown): boolean {
  if (!isObject(pattern)) throw new InvalidEventPattern('an event pattern must be a JSON object');
  return matchObject(pattern, isObject(event) ? event : {});
}

/** Checks a pattern without an event: undefined when valid, else why EventBridge would reject it. */
export function eventPatternProblem(pattern: unknown): string | undefined {
  try {
    matchesEventPattern(pattern, {});
    checkShape(pattern);
    return undefined;
  } catch (err) {
    return err instanceof InvalidEventPattern ? err.message : String(err);
  }
}

function checkShape(pattern: unknown): void {
  if (!isObject(pattern)) throw new InvalidEventPattern('an event pattern must be a JSON object');
  for (const [key, value] of Object.entries(pattern)) {
    if (key === '$or') {
      if (!Array.isArray(value) || value.length < 1) throw new InvalidEventPattern('"$or" takes a list of patterns');
      value.forEach(checkShape);
    } else if (Array.isArray(value)) {
      for (const m of value) checkMatcher(m, key);
    } else if (isObject(value)) {
      checkShape(value);
    } else {
      throw new InvalidEventPattern(`"${key}" must be a list of values or an object (e.g. "${key}": [${JSON.stringify(value)}])`);
    }
  }
}

function checkMatcher(m: unknown, key: string): void {
  if (m === null || typeof m === 'string' || typeof m === 'number' || typeof m === 'boolean') return;
  if (!isObject(m)) throw new InvalidEventPattern(`"${key}" has a value EventBridge cannot match: ${JSON.stringify(m)}`);
  const ops = Object.keys(m);
  if (ops.length !== 1) throw new InvalidEventPattern(`"${key}": a content filter has exactly one operator`);
  // Evaluating against sample values runs every operator's own argument checks.
  matchFilter(m, 'x', true);
  matchFilter(m, 1, true);
}

function matchObject(pattern: EventPattern, event: Record<string, unknown>): boolean {
  for (const [key, value] of Object.entries(pattern)) {
    if (key === '$or') {
      if (!Array.isArray(value) || value.length < 1) throw new InvalidEventPattern('"$or" takes a list of patterns');
      if (!value.some((p) => isObject(p) && matchObject(p, event))) return false;
      continue;
    }
    const present = Object.prototype.hasOwnProperty.call(event, key);
    const field = present ? event[key] : undefined;
    if (Array.isArray(value)) {
      if (!matchLeaf(value, field, present)) return false;
    } else if (isObject(value)) {
      // A nested pattern over an absent field can only match through `exists: false` leaves below it.
      if (isObject(field)) {
        if (!matchObject(value, field)) return false;
      } else if (Array.isArray(field) && field.some(isObject)) {
        if (!field.some((f) => isObject(f) && matchObject(value, f))) return false;
      } else if (!matchObject(value, {})) {
        return false;
      }
    } else {
      throw new InvalidEventPattern(`"${key}" must be a list of values or an object`);
    }
  }
  return true;
}

/** A leaf: any alternative matching the value (or any element of an array value) matches. */
function matchLeaf(alternatives: unknown[], field: unknown, present: boolean): boolean {
  const values = Array.isArray(field) ? field : [field];
  for (const alt of alternatives) {
    if (isObject(alt) && 'exists' in alt) {
      if (typeof alt.exists !== 'boolean') throw new InvalidEventPattern('"exists" takes true or false');
      // `exists` is about leaves: an object value or an empty array does not count as present.
      const isLeafPresent = present && !isObject(field) && !(Array.isArray(field) && field.length === 0);
      if (alt.exists === isLeafPresent) return true;
      continue;
    }
    if (!present) {
      // `anything-but` never matches an absent field (EventBridge matches on values that are there).
      continue;
    }
    if (values.some((v) => matchOne(alt, v))) return true;
  }
  return false;
}

function matchOne(alt: unknown, value: unknown): boolean {
  if (isObject(alt)) return matchFilter(alt, value, false);
  if (alt === null) return value === null;
  if (typeof alt === 'number') return typeof value === 'number' && value === alt;
  return value === alt;
}

function matchFilter(filter: Record<string, unknown>, value: unknown, checking: boolean): boolean {
  const ops = Object.keys(filter);
  if (ops.length !== 1) throw new InvalidEventPattern(`a content filter has exactly one operator, found ${ops.length}`);
  const op = ops[0];
  const arg = filter[op];
  switch (op) {
    case 'prefix':
      return matchAffix(arg, value, 'prefix');
    case 'suffix':
      return matchAffix(arg, value, 'suffix');
    case 'equals-ignore-case':
      if (typeof arg !== 'string') throw new InvalidEventPattern('"equals-ignore-case" takes a string');
      return typeof value === 'string' && value.toLowerCase() === arg.toLowerCase();
    case 'wildcard':
      if (typeof arg !== 'string') throw new InvalidEventPattern('"wildcard" takes a string');
      return typeof value === 'string' && wildcardRegExp(arg).test(value);
    case 'numeric':
      return matchNumeric(arg, value);
    case 'cidr':
      if (typeof arg !== 'string') throw new InvalidEventPattern('"cidr" takes a string such as "10.0.0.0/24"');
      return matchCidr(arg, value);
    case 'anything-but':
      return matchAnythingBut(arg, value, checking);
    case 'exists':
      throw new InvalidEventPattern('"exists" must be a filter of its own in the list');
    default:
      throw new InvalidEventPattern(`unknown content filter "${op}"`);
  }
}

function matchAffix(arg: unknown, value: unknown, kind: 'prefix' | 'suffix'): boolean {
  let text: string;
  let ignoreCase = false;
  if (typeof arg === 'string') text = arg;
  else if (isObject(arg) && typeof arg['equals-ignore-case'] === 'string' && Object.keys(arg).length === 1) {
    text = arg['equals-ignore-case'];
    ignoreCase = true;
  } else throw new InvalidEventPattern(`"${kind}" takes a string or {"equals-ignore-case": string}`);
  if (typeof value !== 'string') return false;
  const v = ignoreCase ? value.toLowerCase() : value;
  const t = ignoreCase ? text.toLowerCase() : text;
  return kind === 'prefix' ? v.startsWith(t) : v.endsWith(t);
}

function matchAnythingBut(arg: unknown, value: unknown, checking: boolean): boolean {
  if (Array.isArray(arg)) {
    if (arg.length === 0) throw new InvalidEventPattern('"anything-but" takes a non-empty list');
    for (const a of arg) if (!(typeof a === 'string' || typeof a === 'number')) throw new InvalidEventPattern('"anything-but" lists strings or numbers');
    return !arg.some((a) => a === value);
  }
  if (isObject(arg)) {
    const keys = Object.keys(arg);
    if (keys.length !== 1 || !['prefix', 'suffix', 'equals-ignore-case', 'wildcard'].includes(keys[0])) {
      throw new InvalidEventPattern('"anything-but" takes a value, a list, or {"prefix"|"suffix"|"equals-ignore-case"|"wildcard": …}');
    }
    const inner = arg[keys[0]];
    const alts = Array.isArray(inner) ? inner : [inner];
    if (alts.length === 0 || alts.some((a) => typeof a !== 'string')) throw new InvalidEventPattern(`"anything-but" with "${keys[0]}" takes strings`);
    if (typeof value !== 'string') return !checking && value !== undefined;
    return !alts.some((a) => matchFilter({ [keys[0]]: a }, value, checking));
  }
  if (typeof arg === 'string' || typeof arg === 'number') return value !== arg;
  throw new InvalidEventPattern('"anything-but" takes a string, a number, a list or a filter');
}

function matchNumeric(arg: unknown, value: unknown): boolean {
  if (!Array.isArray(arg) || arg.length === 0 || arg.length % 2 !== 0 || arg.length > 4) {
    throw new InvalidEventPattern('"numeric" takes one or two [operator, number] pairs, e.g. [">", 0, "<=", 5]');
  }
  const tests: Array<(n: number) => boolean> = [];
  for (let i = 0; i < arg.length; i += 2) {
    const op = arg[i];
    const n = arg[i + 1];
    if (typeof n !== 'number' || !Number.isFinite(n)) throw new InvalidEventPattern('"numeric" compares with numbers');
    switch (op) {
      case '=':
        tests.push((x) => x === n);
        break;
      case '<':
        tests.push((x) => x < n);
        break;
      case '<=':
        tests.push((x) => x <= n);
        break;
      case '>':
        tests.push((x) => x > n);
        break;
      case '>=':
        tests.push((x) => x >= n);
        break;
      default:
        throw new InvalidEventPattern(`"numeric" has no operator ${JSON.stringify(op)} (=, <, <=, >, >=)`);
    }
  }
  return typeof value === 'number' && tests.every((t) => t(value));
}

function wildcardRegExp(pattern: string): RegExp {
  if (pattern.includes('**')) throw new InvalidEventPattern('"wildcard" does not allow consecutive "*"');
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && (pattern[i + 1] === '*' || pattern[i + 1] === '\\')) {
      out += escapeRegExp(pattern[++i]);
    } else if (c === '*') out += '.*';
    else out += escapeRegExp(c);
  }
  return new RegExp(`^${out}$`, 's');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function matchCidr(cidr: string, value: unknown): boolean {
  const [net, bitsText] = cidr.split('/');
  const bits = Number(bitsText);
  const base = ipv4(net);
  if (base === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32) {
    if (net.includes(':')) return matchCidr6(cidr, value);
    throw new InvalidEventPattern(`"cidr" has no valid IPv4/IPv6 prefix: ${cidr}`);
  }
  if (typeof value !== 'string') return false;
  const ip = ipv4(value);
  if (ip === undefined) return false;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return (ip & mask) >>> 0 === (base & mask) >>> 0;
}

function ipv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = n * 256 + Number(p);
  }
  return n >>> 0;
}

function matchCidr6(cidr: string, value: unknown): boolean {
  const [net, bitsText] = cidr.split('/');
  const bits = Number(bitsText);
  const base = ipv6(net);
  if (base === undefined || !Number.isInteger(bits) || bits < 0 || bits > 128) throw new InvalidEventPattern(`"cidr" has no valid IPv4/IPv6 prefix: ${cidr}`);
  if (typeof value !== 'string') return false;
  const ip = ipv6(value);
  if (ip === undefined) return false;
  const shift = BigInt(128 - bits);
  return ip >> shift === base >> shift;
}

function ipv6(text: string): bigint | undefined {
  if (!/^[0-9a-fA-F:]+$/.test(text)) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  let n = 0n;
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    n = (n << 16n) + BigInt(parseInt(g, 16));
  }
  return n;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
