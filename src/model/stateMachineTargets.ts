import type { LNode } from './yamlTree';

/** The `Resource` and `Parameters.FunctionName` values of every state, nested branches and maps included. */
export function taskTargets(node: LNode, depth = 0, out: LNode[] = []): LNode[] {
  if (depth > 40) return out;
  if (node.kind === 'map') {
    for (const e of node.entries) {
      if ((e.key === 'Resource' || e.key === 'FunctionName') && e.value.kind === 'scalar') out.push(e.value);
      else taskTargets(e.value, depth + 1, out);
    }
  } else if (node.kind === 'seq') for (const i of node.items) taskTargets(i, depth + 1, out);
  return out;
}
