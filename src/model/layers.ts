/**
 * The Lambda layers a function uses: Serverless Framework `layers:` (function or provider level, naming layers of
 * the service's own `layers:` section by `{Ref: <Name>LambdaLayer}`, or ARNs), and SAM/CloudFormation `Layers`
 * (with `Globals.Function.Layers`) naming `AWS::Serverless::LayerVersion` / `AWS::Lambda::LayerVersion`
 * resources by `!Ref`, or ARNs. A layer defined from a local folder carries that folder.
 */
import { isAbsolute, join } from 'node:path';
import type { LayerRef } from './types';
import type { LNode } from './yamlTree';
import { get } from './yamlTree';
import type { StringResolver } from './values';
import { toValue } from './values';

/** The logical id the Serverless Framework gives a layer of `layers:` (`my-layer` → `MyDashlayerLambdaLayer`). */
export function sfLayerLogicalId(name: string): string {
  const n = name.replace(/-/g, 'Dash').replace(/_/g, 'Underscore');
  return `${n.charAt(0).toUpperCase()}${n.slice(1)}LambdaLayer`;
}

/** `Ref X` of an intrinsic node, or of a `{Ref: X}` map the parser kept as a map. */
function refTarget(node: LNode): string | undefined {
  if (node.kind === 'intrinsic' && node.fn === 'Ref' && node.arg.kind === 'scalar' && typeof node.arg.value === 'string') return node.arg.value;
  if (node.kind === 'map' && node.entries.length === 1 && node.entries[0].key === 'Ref' && node.entries[0].value.kind === 'scalar') return String(node.entries[0].value.value);
  return undefined;
}

function refText(node: LNode, resolve: StringResolver): string {
  if (node.kind === 'intrinsic') return node.text;
  const v = toValue(node, resolve);
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function localDir(root: string, v: unknown): string | undefined {
  if (typeof v !== 'string' || v === '' || /^s3:\/\//.test(v) || v.includes('${')) return undefined;
  return isAbsolute(v) ? v : join(root, v);
}

/** Serverless Framework: the function's `layers`, else the provider's. */
export function serverlessLayers(doc: LNode, fnNode: LNode, root: string, resolve: StringResolver): LayerRef[] | undefined {
  const list = get(fnNode, 'layers') ?? get(get(doc, 'provider'), 'layers');
  if (list?.kind !== 'seq') return undefined;
  const defined = new Map<string, { dir?: string }>();
  const section = get(doc, 'layers');
  if (section?.kind === 'map') {
    for (const e of section.entries) defined.set(sfLayerLogicalId(e.key), { dir: localDir(root, toValue(get(e.value, 'path') ?? { kind: 'scalar', range: e.keyRange, value: null }, resolve)) });
  }
  return list.items.map((item) => {
    const target = refTarget(item);
    const layer = target ? defined.get(target) : undefined;
    return { ref: refText(item, resolve), ...(target && layer ? { name: target } : {}), ...(layer?.dir ? { contentDir: layer.dir } : {}), range: item.range };
  });
}

/** SAM/CloudFormation: `Globals.Function.Layers` (Serverless functions only) followed by the function's `Layers`. */
export function templateLayers(resources: LNode | undefined, lists: Array<LNode | undefined>, root: string): LayerRef[] | undefined {
  const items = lists.flatMap((l) => (l?.kind === 'seq' ? l.items : []));
  if (items.length === 0) return undefined;
  const identity: StringResolver = (s) => s;
  return items.map((item) => {
    const target = refTarget(item);
    const resource = target ? get(resources, target) : undefined;
    const type = resource ? toValue(get(resource, 'Type') ?? item, identity) : undefined;
    if (!target || (type !== 'AWS::Serverless::LayerVersion' && type !== 'AWS::Lambda::LayerVersion')) return { ref: refText(item, identity), range: item.range };
    const props = get(resource, 'Properties');
    const content = type === 'AWS::Serverless::LayerVersion' ? get(props, 'ContentUri') : get(props, 'Content');
    const dir = content ? localDir(root, toValue(content, identity)) : undefined;
    const build = toValue(get(get(resource, 'Metadata'), 'BuildMethod') ?? item, identity);
    return {
      ref: refText(item, identity),
      name: target,
      ...(dir ? { contentDir: dir } : {}),
      ...(typeof build === 'string' && get(get(resource, 'Metadata'), 'BuildMethod') ? { buildMethod: build } : {}),
      range: item.range,
    };
  });
}
