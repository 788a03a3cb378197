import { diffArrays } from 'diff';

/** A line diff (jsdiff's Myers diff over lines) for comparing two runs' results. */
export interface DiffLine {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

/**
 * Past this many changed lines the two texts are shown as one removal and one addition: Myers' diff costs
 * O((N + M) · D), so a bound on D keeps a huge, wholly different pair of results from stalling the panel.
 */
const maxEditLength = 4000;

/** Lines of `before` → `after`, removals before additions where lines differ. */
export function lineDiff(before: string, after: string): DiffLine[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const changes = diffArrays(a, b, { maxEditLength });
  if (!changes) return [...a.map((text) => ({ kind: 'removed' as const, text })), ...b.map((text) => ({ kind: 'added' as const, text }))];
  return changes.flatMap((c) => c.value.map((text) => ({ kind: c.added ? ('added' as const) : c.removed ? ('removed' as const) : ('same' as const), text })));
}
