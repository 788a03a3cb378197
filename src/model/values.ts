import type { LNode } from './yamlTree';
import type { Located, Unresolved, Value } from './types';

/** Resolves a string scalar (variables, `${…}`); the identity for formats without variables. */
export type StringResolver = (text: string) => Value;

const TEMPLATE_PLACEHOLDER = /\{\{[^{}\n]*\}\}/;

export function unresolved(expr: string): Unresolved {
  return { unresolved: true, expr };
}

/** Converts a located node to a plain value, resolving strings and keeping intrinsics as unresolved. */
export function toValue(node: LNode, resolveString: StringResolver, intrinsic?: (node: LNode & { kind: 'intrinsic' }) => Value, depth = 0): Value {
  if (depth > 64) return unresolved('…');
  switch (node.kind) {
    case 'scalar':
      if (typeof node.value !== 'string') return node.value;
      // A template placeholder (`{{ cookiecutter.runtime }}`) or dynamic reference (`{{resolve:ssm:…}}`).
      return TEMPLATE_PLACEHOLDER.test(node.value) ? unresolved(node.value) : resolveString(node.value);
    case 'seq':
      return node.items.map((i) => toValue(i, resolveString, intrinsic, depth + 1));
    case 'map': {
      const out: { [key: string]: Value } = {};
      for (const e of node.entries) out[e.key] = toValue(e.value, resolveString, intrinsic, depth + 1);
      return out;
    }
    case 'intrinsic':
      return intrinsic ? intrinsic(node) : unresolved(node.text);
  }
}

export function located(node: LNode, resolveString: StringResolver, intrinsic?: (node: LNode & { kind: 'intrinsic' }) => Value): Located {
  return { value: toValue(node, resolveString, intrinsic), range: node.range };
}

/** Entries of a map node as located values. */
export function locatedEntries(node: LNode | undefined, resolveString: StringResolver, intrinsic?: (node: LNode & { kind: 'intrinsic' }) => Value): Record<string, Located> {
  const out: Record<string, Located> = {};
  if (node?.kind !== 'map') return out;
  for (const e of node.entries) out[e.key] = located(e.value, resolveString, intrinsic);
  return out;
}
