/**
 * DynamoDB over its JSON protocol (`X-Amz-Target: DynamoDB_20120810.<Operation>`), in memory: PutItem, GetItem,
 * UpdateItem, DeleteItem (with condition expressions and ReturnValues), Query, Scan, BatchWriteItem, BatchGetItem.
 * A write to a table with a stream puts a stream record (INSERT, MODIFY, REMOVE with the table's view type) that
 * the flow delivers to the table's stream triggers.
 */
import { jsonAnswer, jsonError } from '../localEndpoint';
import type { RawRequest, RawResponse } from '../localEndpoint';
import type { Condition } from './dynamodbExpressions';
import { applyUpdate, evaluate, ExpressionError, parseCondition, placeholdersIn } from './dynamodbExpressions';
import type { AttributeValue, Item, Table } from './localState';
import type { ServiceContext } from './serviceContext';

const NS = 'com.amazonaws.dynamodb.v20120810';

type Input = Record<string, unknown>;

export async function dynamodbService(req: RawRequest, ctx: ServiceContext): Promise<RawResponse> {
  const op = String(req.headers['x-amz-target'] ?? '').replace(/^DynamoDB_20120810\./, '');
  let input: Input;
  try {
    input = JSON.parse(req.body.toString('utf8') || '{}') as Input;
  } catch {
    return error('SerializationException', 'The request body is not JSON.');
  }
  try {
    switch (op) {
      case 'PutItem':
        return jsonAnswer(putItem(ctx, input));
      case 'GetItem': {
        const table = tableOf(ctx, input.TableName);
        const item = table.items.get(keyString(table, input.Key as Item));
        return jsonAnswer(item ? { Item: project(item, input) } : {});
      }
      case 'UpdateItem':
        return jsonAnswer(updateItem(ctx, input));
      case 'DeleteItem':
        return jsonAnswer(deleteItem(ctx, input));
      case 'Query':
      case 'Scan':
        return jsonAnswer(query(ctx, input, op === 'Query'));
      case 'BatchWriteItem': {
        const requests = (input.RequestItems ?? {}) as Record<string, Array<{ PutRequest?: { Item: Item }; DeleteRequest?: { Key: Item } }>>;
        for (const [TableName, list] of Object.entries(requests)) {
          for (const r of list) {
            if (r.PutRequest) putItem(ctx, { TableName, Item: r.PutRequest.Item });
            else if (r.DeleteRequest) deleteItem(ctx, { TableName, Key: r.DeleteRequest.Key });
          }
        }
        record(ctx, 'BatchWriteItem', Object.keys(requests).join(', '));
        return jsonAnswer({ UnprocessedItems: {} });
      }
      case 'BatchGetItem': {
        const requests = (input.RequestItems ?? {}) as Record<string, { Keys: Item[]; ProjectionExpression?: string; ExpressionAttributeNames?: Record<string, string> }>;
        const Responses: Record<string, Item[]> = {};
        for (const [TableName, r] of Object.entries(requests)) {
          const table = tableOf(ctx, TableName);
          Responses[TableName] = r.Keys.map((k) => table.items.get(keyString(table, k))).filter((i): i is Item => i !== undefined).map((i) => project(i, r));
        }
        return jsonAnswer({ Responses, UnprocessedKeys: {} });
      }
      default:
        return error('UnknownOperationException', `The local DynamoDB answers PutItem, GetItem, UpdateItem, DeleteItem, Query, Scan, BatchWriteItem and BatchGetItem; ${op || 'this call'} goes to AWS only when serverlessWorkbench.local.awsServices is "aws".`);
    }
  } catch (err) {
    if (err instanceof DynamoError) return error(err.code, err.message);
    if (err instanceof ExpressionError) return error('ValidationException', err.message);
    throw err;
  }
}

class DynamoError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function error(code: string, message: string): RawResponse {
  const r = jsonError(400, code, message, NS);
  r.headers = { ...r.headers, 'Content-Type': 'application/x-amz-json-1.0' };
  return r;
}

function tableOf(ctx: ServiceContext, name: unknown): Table {
  const n = typeof name === 'string' ? (name.startsWith('arn:') ? name.split('/')[1] : name) : '';
  const table = ctx.state.tables.get(n);
  if (!table) {
    const known = [...ctx.state.tables.keys()];
    throw new DynamoError('ResourceNotFoundException', `Requested resource not found: table ${n} is not declared in the workspace${known.length ? ` (local tables: ${known.join(', ')})` : ''}.`);
  }
  return table;
}

function keyString(table: Table, key: Item | undefined): string {
  const hash = key?.[table.def.hashKey];
  if (!hash) throw new DynamoError('ValidationException', `One or more parameter values were invalid: Missing the key ${table.def.hashKey} in the item`);
  const range = table.def.rangeKey ? key?.[table.def.rangeKey] : undefined;
  if (table.def.rangeKey && !range) throw new DynamoError('ValidationException', `One or more parameter values were invalid: Missing the key ${table.def.rangeKey} in the item`);
  return JSON.stringify([hash, range ?? null]);
}

function keyOf(table: Table, item: Item): Item {
  const out: Item = { [table.def.hashKey]: item[table.def.hashKey] };
  if (table.def.rangeKey) out[table.def.rangeKey] = item[table.def.rangeKey];
  return out;
}

function condition(input: Input, field: 'ConditionExpression' | 'FilterExpression' | 'KeyConditionExpression'): Condition | undefined {
  const text = input[field];
  if (typeof text !== 'string' || text.trim() === '') return undefined;
  return parseCondition(text, { names: input.ExpressionAttributeNames as Record<string, string>, values: input.ExpressionAttributeValues as Record<string, AttributeValue> });
}

function checkPlaceholders(input: Input): void {
  const used = placeholdersIn([input.ConditionExpression, input.UpdateExpression, input.FilterExpression, input.KeyConditionExpression, input.ProjectionExpression].map((t) => (typeof t === 'string' ? t : undefined)));
  for (const k of Object.keys((input.ExpressionAttributeValues as object | undefined) ?? {})) {
    if (!used.values.has(k)) throw new DynamoError('ValidationException', `Value provided in ExpressionAttributeValues unused in expressions: keys: {${k}}`);
  }
  for (const k of Object.keys((input.ExpressionAttributeNames as object | undefined) ?? {})) {
    if (!used.names.has(k)) throw new DynamoError('ValidationException', `Value provided in ExpressionAttributeNames unused in expressions: keys: {${k}}`);
  }
}

function checkCondition(input: Input, current: Item | undefined): void {
  const c = condition(input, 'ConditionExpression');
  if (c && !evaluate(c, current ?? {})) throw new DynamoError('ConditionalCheckFailedException', 'The conditional request failed');
}

function putItem(ctx: ServiceContext, input: Input): Record<string, unknown> {
  checkPlaceholders(input);
  const table = tableOf(ctx, input.TableName);
  const item = input.Item as Item;
  const key = keyString(table, item);
  const old = table.items.get(key);
  checkCondition(input, old);
  table.items.set(key, structuredClone(item));
  record(ctx, 'PutItem', table.def.name);
  stream(ctx, table, old ? 'MODIFY' : 'INSERT', old, item);
  return input.ReturnValues === 'ALL_OLD' && old ? { Attributes: old } : {};
}

function updateItem(ctx: ServiceContext, input: Input): Record<string, unknown> {
  checkPlaceholders(input);
  const table = tableOf(ctx, input.TableName);
  const key = input.Key as Item;
  const k = keyString(table, key);
  const old = table.items.get(k);
  checkCondition(input, old);
  const base: Item = old ?? structuredClone(keyOf(table, key));
  const keyNames = [table.def.hashKey, ...(table.def.rangeKey ? [table.def.rangeKey] : [])];
  const next = typeof input.UpdateExpression === 'string' ? applyUpdate(input.UpdateExpression, { names: input.ExpressionAttributeNames as Record<string, string>, values: input.ExpressionAttributeValues as Record<string, AttributeValue> }, base, keyNames) : base;
  table.items.set(k, next);
  record(ctx, 'UpdateItem', table.def.name);
  stream(ctx, table, old ? 'MODIFY' : 'INSERT', old, next);
  switch (input.ReturnValues) {
    case 'ALL_NEW':
    case 'UPDATED_NEW':
      return { Attributes: next };
    case 'ALL_OLD':
    case 'UPDATED_OLD':
      return old ? { Attributes: old } : {};
    default:
      return {};
  }
}

function deleteItem(ctx: ServiceContext, input: Input): Record<string, unknown> {
  checkPlaceholders(input);
  const table = tableOf(ctx, input.TableName);
  const k = keyString(table, input.Key as Item);
  const old = table.items.get(k);
  checkCondition(input, old);
  if (old) {
    table.items.delete(k);
    stream(ctx, table, 'REMOVE', old, undefined);
  }
  record(ctx, 'DeleteItem', table.def.name);
  return input.ReturnValues === 'ALL_OLD' && old ? { Attributes: old } : {};
}

function query(ctx: ServiceContext, input: Input, isQuery: boolean): Record<string, unknown> {
  checkPlaceholders(input);
  const table = tableOf(ctx, input.TableName);
  if (input.IndexName !== undefined) throw new DynamoError('ValidationException', `The local DynamoDB has no secondary indexes: ${String(input.IndexName)} is queried on AWS only.`);
  const keyCond = isQuery ? condition(input, 'KeyConditionExpression') : undefined;
  if (isQuery && !keyCond) throw new DynamoError('ValidationException', 'Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.');
  const filter = condition(input, 'FilterExpression');
  let items = [...table.items.values()];
  if (keyCond) items = items.filter((i) => evaluate(keyCond, i));
  if (table.def.rangeKey) {
    const rk = table.def.rangeKey;
    items.sort((a, b) => sortKeyCompare(a[rk], b[rk]));
    if (isQuery && input.ScanIndexForward === false) items.reverse();
  }
  const scanned = items.length;
  if (filter) items = items.filter((i) => evaluate(filter, i));
  const limit = typeof input.Limit === 'number' ? input.Limit : undefined;
  const page = limit !== undefined ? items.slice(0, limit) : items;
  const out: Record<string, unknown> = { Count: page.length, ScannedCount: scanned };
  if (input.Select === 'COUNT') return out;
  out.Items = page.map((i) => project(i, input));
  return out;
}

function sortKeyCompare(a: AttributeValue | undefined, b: AttributeValue | undefined): number {
  if (a?.N !== undefined && b?.N !== undefined) return Number(a.N) - Number(b.N);
  const x = String(a?.S ?? a?.B ?? '');
  const y = String(b?.S ?? b?.B ?? '');
  return x < y ? -1 : x > y ? 1 : 0;
}

/** ProjectionExpression: top-level attributes only (nested paths return their top-level attribute). */
function project(item: Item, input: { ProjectionExpression?: unknown; ExpressionAttributeNames?: unknown }): Item {
  if (typeof input.ProjectionExpression !== 'string') return item;
  const names = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const out: Item = {};
  for (const part of input.ProjectionExpression.split(',')) {
    const first = part.trim().split(/[.[]/)[0];
    const name = first.startsWith('#') ? names[first] : first;
    if (name && item[name] !== undefined) out[name] = item[name];
  }
  return out;
}

function record(ctx: ServiceContext, operation: string, table: string): void {
  ctx.caller.run.recordCall(ctx.caller.invocationId, { service: 'DynamoDB', operation, resource: table });
}

/** The table's stream record for a change, delivered to its stream triggers (DynamoDB Streams view types). */
function stream(ctx: ServiceContext, table: Table, eventName: 'INSERT' | 'MODIFY' | 'REMOVE', oldImage: Item | undefined, newImage: Item | undefined): void {
  const view = table.def.streamView;
  if (!view) return;
  const subs = ctx.topology.streams.filter((s) => s.kind === 'dynamodb' && (s.stream.key === table.def.key || s.stream.name === table.def.name));
  if (subs.length === 0) return;
  const keys = keyOf(table, (newImage ?? oldImage)!);
  const data: Record<string, unknown> = { Keys: keys };
  if ((view === 'NEW_IMAGE' || view === 'NEW_AND_OLD_IMAGES') && newImage) data.NewImage = newImage;
  if ((view === 'OLD_IMAGE' || view === 'NEW_AND_OLD_IMAGES') && oldImage) data.OldImage = oldImage;
  data.StreamViewType = view;
  ctx.caller.run.putRecords(subs[0].stream, [{ partitionKey: JSON.stringify(keys), data, eventName }]);
}
