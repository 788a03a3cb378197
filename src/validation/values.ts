import type { Located, Project, Trigger, Value } from '../model/types';
import { isUnresolved } from '../model/types';
import type { FixData, Finding, Severity } from '../shared/finding';
import type { SourceRange } from '../shared/range';

/**
 * True when a value is (or contains) a variable or an intrinsic function: rules skip such values rather than
 * guess what they will be at deploy time.
 */
export function isDynamic(value: Value | undefined): boolean {
  if (value === undefined) return false;
  if (isUnresolved(value)) return true;
  if (typeof value === 'string') return value.includes('${');
  return false;
}

/** A literal string, or undefined when the value is missing, dynamic or not a string. */
export function literalString(l: Located | undefined): string | undefined {
  if (!l || isDynamic(l.value)) return undefined;
  return typeof l.value === 'string' ? l.value : undefined;
}

/** A literal number (numeric strings count: YAML `timeout: '30'` deploys as 30), else undefined. */
export function literalNumber(l: Located | undefined): number | undefined {
  if (!l || isDynamic(l.value)) return undefined;
  if (typeof l.value === 'number') return l.value;
  if (typeof l.value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(l.value)) return Number(l.value);
  return undefined;
}

export function literalBoolean(l: Located | undefined): boolean | undefined {
  if (!l || isDynamic(l.value)) return undefined;
  if (typeof l.value === 'boolean') return l.value;
  if (l.value === 'true' || l.value === 'false') return l.value === 'true';
  return undefined;
}

/**
 * Whether a trigger's config is spelled the Serverless Framework way (`batchSize`, `rate`, `event`): its
 * own `events`. Triggers wired by resources carry CloudFormation/SAM names, in serverless.yml too.
 */
export function sfSpelling(project: Project, t: Trigger): boolean {
  return project.kind === 'serverless-framework' && t.wiring === undefined;
}

/** Case-insensitive lookup of a config key (SF uses camelCase, SAM PascalCase). */
export function prop(config: Record<string, Located>, ...names: string[]): Located | undefined {
  for (const n of names) if (config[n]) return config[n];
  const lower = names.map((n) => n.toLowerCase());
  for (const [k, v] of Object.entries(config)) if (lower.includes(k.toLowerCase())) return v;
  return undefined;
}

export function makeFinding(file: string, range: SourceRange, rule: string, severity: Severity, message: string, fixes?: FixData[]): Finding {
  const f: Finding = { file, range, rule, severity, message };
  if (fixes && fixes.length) f.fixes = fixes;
  return f;
}

/**
 * An edit that replaces a one-line scalar's text but keeps its quotes: when the range is two characters
 * longer than the value, the value was quoted, and only the inside is replaced. Multi-line or escaped
 * scalars get no fix (undefined) rather than a wrong one.
 */
export function replaceScalar(file: string, l: Located, oldText: string, newText: string): { file: string; range: SourceRange; newText: string } | undefined {
  const r = l.range;
  if (r.start.line !== r.end.line) return undefined;
  const width = r.end.character - r.start.character;
  if (width === oldText.length) return { file, range: r, newText: file.endsWith('.json') ? JSON.stringify(newText) : newText };
  if (width === oldText.length + 2) {
    return { file, range: { start: { line: r.start.line, character: r.start.character + 1 }, end: { line: r.end.line, character: r.end.character - 1 } }, newText };
  }
  return undefined;
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** The closest candidate within a small distance (case-insensitive), or undefined. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  const limit = Math.max(2, Math.floor(word.length / 3));
  for (const c of candidates) {
    // The distance is at least the difference in length: a candidate that far off cannot win, and skipping it
    // keeps a megabyte-long value from costing seconds (the distance is quadratic).
    if (Math.abs(c.length - word.length) > limit) continue;
    const d = c.toLowerCase() === word.toLowerCase() ? 0.5 : editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return bestD <= limit ? best : undefined;
}
