import type { HandlerTemplate, PatternId } from '../types';

// AWS Lambda handlers in TypeScript: event types from @types/aws-lambda, AWS SDK v3 clients created once
// per container, one JSON object per log line (CloudWatch Logs Insights can query the fields).

const logger = `const log = (level: 'INFO' | 'WARN' | 'ERROR', message: string, fields: Record<string, unknown> = {}): void => {
  console.log(JSON.stringify({ level, message, timestamp: new Date().toISOString(), ...fields }));
};`;

const api = `import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2, APIGatewayProxyResult, Context } from 'aws-lambda';

/** API Gateway REST APIs send v1 events, HTTP APIs v2 (payload format 2.0): this handler takes both. */
type ApiEvent = APIGatewayProxyEvent | APIGatewayProxyEventV2;

interface Create{{1:Item}}Request {
  {{2:name}}: string;
}

${logger}

const json = (statusCode: number, body: unknown): APIGatewayProxyResult => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

const methodOf = (event: ApiEvent): string => ('httpMethod' in event ? event.httpMethod : event.requestContext.http.method);

function parseBody(event: ApiEvent): unknown {
  if (!event.body) return undefined;
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  return JSON.parse(text);
}

function isCreateRequest(value: unknown): value is Create{{1}}Request {
  if (typeof value !== 'object' || value === null) return false;
  const field = (value as Record<string, unknown>).{{2}};
  return typeof field === 'string' && field.trim().length > 0;
}

export const handler = async (event: ApiEvent, context: Context): Promise<APIGatewayProxyResult> => {
  const requestId = context.awsRequestId;
  if (methodOf(event) !== '{{3|POST,PUT,PATCH|}}') return json(405, { message: 'Method not allowed' });

  let payload: unknown;
  try {
    payload = parseBody(event);
  } catch {
    log('WARN', 'Request body is not valid JSON', { requestId });
    return json(400, { message: 'The request body must be valid JSON.' });
  }
  if (!isCreateRequest(payload)) {
    return json(400, { message: 'The request body must be an object with a non-empty "{{2}}".' });
  }

  try {
    const item = { id: randomUUID(), {{2}}: payload.{{2}}.trim(), createdAt: new Date().toISOString() };
    {{0}}
    log('INFO', '{{1}} created', { requestId, id: item.id });
    return json(201, item);
  } catch (err) {
    log('ERROR', 'Request failed', { requestId, error: err instanceof Error ? err.message : String(err) });
    return json(500, { message: 'Internal server error', requestId });
  }
};
`;

const fileProcessing = `import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { Context, S3Event, S3EventRecord } from 'aws-lambda';
import type { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';

const s3 = new S3Client({});
/** Results go under this prefix; the trigger only watches the input prefix, and the handler skips its own output too. */
const OUTPUT_PREFIX = process.env.OUTPUT_PREFIX ?? '{{1:processed/}}';

${logger}

export const handler = async (event: S3Event, context: Context): Promise<void> => {
  for (const record of event.Records) {
    await processRecord(record, context.awsRequestId);
  }
};

async function processRecord(record: S3EventRecord, requestId: string): Promise<void> {
  const bucket = record.s3.bucket.name;
  // Keys arrive URL-encoded, with '+' for spaces.
  const key = decodeURIComponent(record.s3.object.key.replace(/\\+/g, ' '));
  if (key.startsWith(OUTPUT_PREFIX)) {
    // Writing into the watched bucket would trigger this function again: never process our own output.
    log('WARN', 'Skipping an object under the output prefix', { requestId, bucket, key });
    return;
  }

  const source = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  if (!source.Body) throw new Error(\`s3://\${bucket}/\${key} has no body\`);

  // Stream end to end (get → transform → multipart put): memory stays flat whatever the object size.
  const target = \`\${OUTPUT_PREFIX}\${key}{{2:.gz}}\`;
  const transformed = (source.Body as Readable).pipe(createGzip());
  await new Upload({
    client: s3,
    params: {
      Bucket: bucket,
      Key: target,
      Body: transformed,
      ContentType: source.ContentType,
      ContentEncoding: 'gzip',
      Metadata: { 'source-key': key, 'source-etag': record.s3.object.eTag ?? '' },
    },
  }).done();
  log('INFO', 'Object processed', { requestId, bucket, key, target, size: record.s3.object.size });
}
`;

const scheduled = `import { DeleteObjectsCommand, paginateListObjectsV2, S3Client } from '@aws-sdk/client-s3';
import type { ObjectIdentifier } from '@aws-sdk/client-s3';
import type { Context, ScheduledEvent } from 'aws-lambda';

const s3 = new S3Client({});
const BUCKET = process.env.BUCKET_NAME ?? '';
const PREFIX = process.env.CLEANUP_PREFIX ?? '{{1:tmp/}}';
const RETENTION_DAYS = Number(process.env.RETENTION_DAYS ?? '{{2:30}}');
/** Stop this long before the timeout; the next run picks up the rest (deleting is idempotent). */
const SAFETY_MARGIN_MS = 10_000;

${logger}

export const handler = async (event: ScheduledEvent, context: Context): Promise<{ deleted: number; complete: boolean }> => {
  if (!BUCKET) throw new Error('BUCKET_NAME is not set');
  const cutoff = new Date(event.time).getTime() - RETENTION_DAYS * 24 * 60 * 60 * 1000;
  let batch: ObjectIdentifier[] = [];
  let deleted = 0;
  let complete = true;

  for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: BUCKET, Prefix: PREFIX })) {
    for (const object of page.Contents ?? []) {
      if (object.Key && object.LastModified && object.LastModified.getTime() < cutoff) batch.push({ Key: object.Key });
      if (batch.length === 1000) {
        deleted += await deleteBatch(batch);
        batch = [];
      }
    }
    if (context.getRemainingTimeInMillis() < SAFETY_MARGIN_MS) {
      complete = false;
      break;
    }
  }
  if (batch.length > 0) deleted += await deleteBatch(batch);
  log('INFO', 'Cleanup finished', { requestId: context.awsRequestId, bucket: BUCKET, prefix: PREFIX, deleted, complete });
  return { deleted, complete };
};

async function deleteBatch(objects: ObjectIdentifier[]): Promise<number> {
  const result = await s3.send(new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: objects, Quiet: true } }));
  for (const error of result.Errors ?? []) log('WARN', 'Could not delete an object', { key: error.Key, code: error.Code });
  return objects.length - (result.Errors?.length ?? 0);
}
`;

const stream = `import type { Context, KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';

/** One sensor reading. IoT rules deliver it as the event itself; Kinesis producers put it as the record data. */
interface Telemetry {
  deviceId: string;
  timestamp: number;
  {{1:temperature}}: number;
}

const THRESHOLD = Number(process.env.ALERT_THRESHOLD ?? '{{2:75}}');

${logger}

function parseTelemetry(value: unknown): Telemetry {
  const v = value as Partial<Telemetry> | null;
  if (!v || typeof v.deviceId !== 'string' || typeof v.timestamp !== 'number' || typeof v.{{1}} !== 'number') {
    throw new Error('Not a telemetry message: expected deviceId, timestamp and {{1}}');
  }
  return { deviceId: v.deviceId, timestamp: v.timestamp, {{1}}: v.{{1}} };
}

function handleReading(reading: Telemetry, source: 'kinesis' | 'iot'): void {
  {{0}}
  if (reading.{{1}} > THRESHOLD) {
    log('WARN', 'Reading above threshold', { source, deviceId: reading.deviceId, {{1}}: reading.{{1}}, threshold: THRESHOLD });
  } else {
    log('INFO', 'Reading processed', { source, deviceId: reading.deviceId, timestamp: reading.timestamp });
  }
}

export const handler = async (event: KinesisStreamEvent | Telemetry, context: Context): Promise<KinesisStreamBatchResponse | void> => {
  if (!('Records' in event)) {
    handleReading(parseTelemetry(event), 'iot');
    return;
  }
  const batchItemFailures: KinesisStreamBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      const data = JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString('utf8'));
      handleReading(parseTelemetry(data), 'kinesis');
    } catch (err) {
      log('ERROR', 'Record failed', { requestId: context.awsRequestId, sequenceNumber: record.kinesis.sequenceNumber, error: String(err) });
      // A shard is ordered: Lambda retries from the first reported failure, so stop here.
      batchItemFailures.push({ itemIdentifier: record.kinesis.sequenceNumber });
      break;
    }
  }
  return { batchItemFailures };
};
`;

const eventSourcing = `import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent, EventBridgeEvent } from 'aws-lambda';

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const EVENTS_TABLE = process.env.EVENTS_TABLE ?? '';
const PROJECTION_TABLE = process.env.PROJECTION_TABLE ?? '';

/** A domain event as producers publish it on EventBridge (the detail). */
interface DomainEvent {
  {{1:orderId}}: string;
  version: number;
  data: Record<string, unknown>;
}

/** How an event is stored: one item per (aggregate, version). */
interface StoredEvent {
  pk: string;
  version: number;
  type: string;
  data: Record<string, unknown>;
  eventId: string;
  occurredAt: string;
}

${logger}

export const handler = async (
  event: DynamoDBStreamEvent | EventBridgeEvent<string, DomainEvent>,
  context: Context,
): Promise<DynamoDBBatchResponse | void> => {
  if ('Records' in event) return project(event, context);
  await append(event, context);
};

/** EventBridge delivers at least once: the (aggregate, version) key turns a redelivery into a no-op. */
async function append(event: EventBridgeEvent<string, DomainEvent>, context: Context): Promise<void> {
  const item: StoredEvent = {
    pk: event.detail.{{1}},
    version: event.detail.version,
    type: event['detail-type'],
    data: event.detail.data,
    eventId: event.id,
    occurredAt: event.time,
  };
  try {
    await db.send(new PutCommand({ TableName: EVENTS_TABLE, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
    log('INFO', 'Event appended', { requestId: context.awsRequestId, pk: item.pk, version: item.version, type: item.type });
  } catch (err) {
    if (!(err instanceof ConditionalCheckFailedException)) throw err;
    log('INFO', 'Event already stored', { requestId: context.awsRequestId, pk: item.pk, version: item.version });
  }
}

/** Projects new events into the read model; a replayed or older version never overwrites a newer one. */
async function project(event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> {
  const batchItemFailures: DynamoDBBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || !image) continue;
    const stored = unmarshall(image as Record<string, AttributeValue>) as StoredEvent;
    try {
      await db.send(
        new UpdateCommand({
          TableName: PROJECTION_TABLE,
          Key: { id: stored.pk },
          UpdateExpression: 'SET #version = :version, lastEventType = :type, #state = :data, updatedAt = :at',
          ConditionExpression: 'attribute_not_exists(#version) OR #version < :version',
          ExpressionAttributeNames: { '#version': 'version', '#state': 'state' },
          ExpressionAttributeValues: { ':version': stored.version, ':type': stored.type, ':data': stored.data, ':at': stored.occurredAt },
        }),
      );
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) continue;
      log('ERROR', 'Projection failed', { requestId: context.awsRequestId, pk: stored.pk, version: stored.version, error: String(err) });
      // Stream shards are ordered: report this record and stop; Lambda retries from here.
      batchItemFailures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' });
      break;
    }
  }
  return { batchItemFailures };
}
`;

const chaining = `import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { Context, EventBridgeEvent } from 'aws-lambda';

const lambda = new LambdaClient({});
const sfn = new SFNClient({});
const NEXT_FUNCTION = process.env.NEXT_FUNCTION_NAME ?? '';
const STATE_MACHINE_ARN = process.env.STATE_MACHINE_ARN ?? '';

interface {{1:OrderPlaced}} {
  {{2:orderId}}: string;
}

${logger}

/**
 * Three ways to hand work on: an asynchronous invoke of the next function (fire and forget, Lambda retries
 * it), a Step Functions execution for multi-step work, and this function's own Lambda Destinations
 * (configured on the function: its result goes to onSuccess / onFailure when it is invoked asynchronously).
 */
export const handler = async (event: EventBridgeEvent<'{{1}}', {{1}}>, context: Context): Promise<{ id: string; executionArn?: string }> => {
  const id = event.detail.{{2}};
  const input = JSON.stringify({ {{2}}: id, causationId: event.id });

  await lambda.send(new InvokeCommand({ FunctionName: NEXT_FUNCTION, InvocationType: 'Event', Payload: Buffer.from(input) }));

  // The execution name is unique per state machine: a redelivered event cannot start the workflow twice.
  const name = \`\${id}-\${event.id}\`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 80);
  const execution = await sfn.send(new StartExecutionCommand({ stateMachineArn: STATE_MACHINE_ARN, name, input }));

  log('INFO', 'Work handed on', { requestId: context.awsRequestId, id, next: NEXT_FUNCTION, executionArn: execution.executionArn });
  return { id, executionArn: execution.executionArn };
};
`;

const queueWorker = `import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const IDEMPOTENCY_TABLE = process.env.IDEMPOTENCY_TABLE ?? '';
const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

interface {{1:Job}} {
  {{2:orderId}}: string;
}

${logger}

export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      await processRecord(record);
    } catch (err) {
      // Only this message returns to the queue (ReportBatchItemFailures); after maxReceiveCount it goes to the DLQ.
      log('ERROR', 'Message failed', { requestId: context.awsRequestId, messageId: record.messageId, error: String(err) });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};

function parseJob(body: string): {{1}} {
  const value = JSON.parse(body) as Partial<{{1}}> | null;
  if (!value || typeof value.{{2}} !== 'string') throw new Error('Message body must be JSON with a string "{{2}}"');
  return { {{2}}: value.{{2}} };
}

async function processRecord(record: SQSRecord): Promise<void> {
  const job = parseJob(record.body);
  // SQS delivers at least once: claim the message before working so a redelivery does not repeat the work.
  if (!(await claim(record.messageId))) {
    log('INFO', 'Duplicate delivery skipped', { messageId: record.messageId });
    return;
  }
  try {
    {{0}}
    log('INFO', 'Job done', { messageId: record.messageId, {{2}}: job.{{2}} });
  } catch (err) {
    await db.send(new DeleteCommand({ TableName: IDEMPOTENCY_TABLE, Key: { pk: record.messageId } }));
    throw err;
  }
}

async function claim(messageId: string): Promise<boolean> {
  try {
    await db.send(
      new PutCommand({
        TableName: IDEMPOTENCY_TABLE,
        Item: { pk: messageId, expiresAt: Math.floor(Date.now() / 1000) + IDEMPOTENCY_TTL_SECONDS },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return false;
    throw err;
  }
}
`;

const t = (prefix: string, description: string, body: string): HandlerTemplate => ({ prefix, description, language: 'ts', body });

/** TypeScript handlers of the AWS patterns. */
export const awsTypeScript: Record<PatternId, HandlerTemplate> = {
  api: t('sls-api', 'Lambda API endpoint (API Gateway v1 + v2): JSON body, 400 on bad input (TypeScript)', api),
  'file-processing': t('sls-file-processing', 'Lambda S3 upload processor: streaming get/gzip/put, skips its own output (TypeScript)', fileProcessing),
  scheduled: t('sls-scheduled', 'Lambda scheduled cleanup job: batched deletes, stops before the timeout (TypeScript)', scheduled),
  stream: t('sls-stream', 'Lambda Kinesis + IoT telemetry processor with batchItemFailures (TypeScript)', stream),
  'event-sourcing': t('sls-event-sourcing', 'Lambda event store: idempotent EventBridge append + DynamoDB stream projection (TypeScript)', eventSourcing),
  chaining: t('sls-chaining', 'Lambda chaining: async invoke, Step Functions StartExecution, Destinations (TypeScript)', chaining),
  'queue-worker': t('sls-queue-worker', 'Lambda SQS worker: batchItemFailures and idempotent processing (TypeScript)', queueWorker),
};
