import type { FlowInvocation, FlowResult } from './flowRun';
import { summarizeCalls } from '../shared/invokeResult';
import { formatDuration } from './flowRun';

/** The invocations of a flow as a tree (children under the invocation that caused them), depth-first. */
export function flowTree(invocations: readonly FlowInvocation[]): Array<{ inv: FlowInvocation; depth: number }> {
  const children = new Map<string | undefined, FlowInvocation[]>();
  const ids = new Set(invocations.map((i) => i.id));
  for (const inv of invocations) {
    const parent = inv.parentId && ids.has(inv.parentId) ? inv.parentId : undefined;
    const list = children.get(parent) ?? [];
    list.push(inv);
    children.set(parent, list);
  }
  const out: Array<{ inv: FlowInvocation; depth: number }> = [];
  const walk = (parent: string | undefined, depth: number): void => {
    for (const inv of children.get(parent) ?? []) {
      out.push({ inv, depth });
      walk(inv.id, depth + 1);
    }
  };
  walk(undefined, 0);
  return out;
}

/** One line of an invocation's outcome: `ok`, `error Type: message`, or the batch failures it reported. */
export function outcome(inv: FlowInvocation): string {
  if (inv.error) return `error ${inv.error.errorType}: ${inv.error.errorMessage}`;
  const failures = (inv.result as { batchItemFailures?: unknown[] } | null | undefined)?.batchItemFailures;
  if (Array.isArray(failures) && failures.length > 0) return `ok, ${failures.length} item failure${failures.length === 1 ? '' : 's'} reported`;
  return 'ok';
}

/** The text report of a flow, as `flow` prints it without --json. */
export function formatFlow(title: string, result: FlowResult): string {
  const errors = result.invocations.filter((i) => i.error).length;
  const handlerMs = result.invocations.reduce((s, i) => s + i.durationMs, 0);
  const lines = [
    `${title}: ${result.invocations.length} invocation${result.invocations.length === 1 ? '' : 's'}, ${errors} with an error, ${result.deadLetters.length} dead letter${result.deadLetters.length === 1 ? '' : 's'} ` +
      `(${formatDuration(handlerMs)} in handlers, ${formatDuration(result.virtualMs)} of Lambda time)`,
  ];
  const rows = flowTree(result.invocations);
  const nameWidth = Math.max(8, ...rows.map((r) => r.depth * 2 + r.inv.function.length));
  const triggerWidth = Math.max(7, ...rows.map((r) => r.inv.trigger.length));
  for (const { inv, depth } of rows) {
    const name = `${'  '.repeat(depth)}${inv.function}`.padEnd(nameWidth);
    const attempt = inv.attempt > 1 ? ` (attempt ${inv.attempt})` : '';
    lines.push(`  ${inv.id.padEnd(4)} ${name}  ${inv.trigger.padEnd(triggerWidth)}  +${formatDuration(inv.at).padEnd(7)} ${formatDuration(inv.durationMs).padStart(7)}  ${outcome(inv)}${attempt}`);
    const calls = summarizeCalls(inv.calls);
    if (calls) lines.push(`  ${' '.repeat(4)} ${' '.repeat(nameWidth)}  ↳ answered locally: ${calls}`);
    for (const note of inv.notes) lines.push(`  ${' '.repeat(4)} ${' '.repeat(nameWidth)}  ↳ ${note}`);
  }
  if (result.deadLetters.length > 0) {
    lines.push('Dead letters:');
    for (const d of result.deadLetters) lines.push(`  ${d.queue}  ${d.messageId}  received ${d.receiveCount}×  ${truncate(d.body, 120)}`);
  }
  if (result.stopped) lines.push(`Stopped: ${result.stopped}.`);
  return `${lines.join('\n')}\n`;
}

function truncate(text: string, n: number): string {
  const one = text.replace(/\s+/g, ' ');
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
}
