/**
 * What the local services keep between calls and flows: DynamoDB tables and S3 buckets (in memory, for the life of
 * the window or the CLI command), and the Step Functions executions started. Tables and buckets exist when the
 * workspace declares them (CloudFormation resources, a function's S3 trigger); a call to anything else gets the
 * service's own "not found" error with a hint.
 */
import type { Project } from '../../model/types';
import type { Value } from '../../model/types';
import { isUnresolved } from '../../model/types';
import type { Topology } from '../topology';

export type AttributeValue = Record<string, unknown>;
export type Item = Record<string, AttributeValue>;

export interface TableDef {
  name: string;
  logicalId?: string;
  hashKey: string;
  rangeKey?: string;
  /** NEW_IMAGE | OLD_IMAGE | NEW_AND_OLD_IMAGES | KEYS_ONLY, when the table has a stream. */
  streamView?: string;
  /** Topology key of the table (what stream subscriptions point at). */
  key: string;
}

export interface Table {
  def: TableDef;
  items: Map<string, Item>;
}

export interface StoredObject {
  body: Buffer;
  contentType?: string;
  etag: string;
  lastModified: number;
  metadata: Record<string, string>;
}

export interface Bucket {
  name: string;
  key: string;
  objects: Map<string, StoredObject>;
  uploads: Map<string, { key: string; parts: Map<number, Buffer>; contentType?: string; metadata: Record<string, string> }>;
}

export class LocalState {
  readonly tables = new Map<string, Table>();
  readonly buckets = new Map<string, Bucket>();
  readonly executions: Array<{ stateMachineArn: string; name: string; input: string; startDate: number }> = [];

  /** Declares the tables and buckets the workspace defines (keeps the data of those already there). */
  sync(projects: Project[], topology: Topology): void {
    for (const project of projects) {
      if (project.kind === 'azure-functions') continue;
      for (const [logicalId, res] of declaredResources(project)) {
        if (res.type === 'AWS::DynamoDB::Table' || res.type === 'AWS::DynamoDB::GlobalTable') {
          const def = tableDef(project, logicalId, res.props);
          if (def && !this.tables.has(def.name)) this.tables.set(def.name, { def, items: new Map() });
          else if (def) this.tables.get(def.name)!.def = def;
        }
        if (res.type === 'AWS::S3::Bucket') {
          const name = (typeof res.props.BucketName === 'string' ? res.props.BucketName : logicalId).toLowerCase();
          if (!this.buckets.has(name)) this.buckets.set(name, { name, key: `${project.file}#${logicalId}`, objects: new Map(), uploads: new Map() });
        }
      }
    }
    for (const sub of topology.s3) {
      const name = sub.bucket.name.toLowerCase();
      if (!this.buckets.has(name)) this.buckets.set(name, { name, key: sub.bucket.key, objects: new Map(), uploads: new Map() });
    }
  }

  clear(): void {
    for (const t of this.tables.values()) t.items.clear();
    for (const b of this.buckets.values()) {
      b.objects.clear();
      b.uploads.clear();
    }
    this.executions.length = 0;
  }
}

function declaredResources(project: Project): Array<[string, { type: string; props: Record<string, Value> }]> {
  const tree = project.tree;
  if (tree?.kind !== 'map') return [];
  const resources =
    project.kind === 'serverless-framework'
      ? tree.entries.find((e) => e.key === 'resources')?.value
      : tree;
  const map = resources?.kind === 'map' ? resources.entries.find((e) => e.key === 'Resources')?.value : undefined;
  if (map?.kind !== 'map') return [];
  const out: Array<[string, { type: string; props: Record<string, Value> }]> = [];
  for (const e of map.entries) {
    if (e.value.kind !== 'map') continue;
    const typeNode = e.value.entries.find((x) => x.key === 'Type')?.value;
    const type = typeNode?.kind === 'scalar' && typeof typeNode.value === 'string' ? typeNode.value : undefined;
    if (!type) continue;
    const propsNode = e.value.entries.find((x) => x.key === 'Properties')?.value;
    out.push([e.key, { type, props: propsNode ? (plain(propsNode) as Record<string, Value>) : {} }]);
  }
  return out;
}

function plain(node: NonNullable<Project['tree']>): Value {
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map(plain);
    case 'map':
      return Object.fromEntries(node.entries.map((e) => [e.key, plain(e.value)]));
    case 'intrinsic':
      return { unresolved: true, expr: node.text };
  }
}

function tableDef(project: Project, logicalId: string, props: Record<string, Value>): TableDef | undefined {
  const schema = props.KeySchema;
  if (!Array.isArray(schema)) return undefined;
  let hashKey: string | undefined;
  let rangeKey: string | undefined;
  for (const k of schema) {
    if (typeof k !== 'object' || k === null || Array.isArray(k) || isUnresolved(k)) continue;
    const rec = k as Record<string, Value>;
    if (rec.KeyType === 'HASH' && typeof rec.AttributeName === 'string') hashKey = rec.AttributeName;
    if (rec.KeyType === 'RANGE' && typeof rec.AttributeName === 'string') rangeKey = rec.AttributeName;
  }
  if (!hashKey) return undefined;
  const stream = props.StreamSpecification;
  const streamView = stream && typeof stream === 'object' && !Array.isArray(stream) && !isUnresolved(stream) ? (stream as Record<string, Value>).StreamViewType : undefined;
  const name = typeof props.TableName === 'string' ? props.TableName : logicalId;
  return { name, logicalId, hashKey, rangeKey, streamView: typeof streamView === 'string' ? streamView : undefined, key: `${project.file}#${logicalId}` };
}
