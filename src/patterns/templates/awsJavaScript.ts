import type { HandlerTemplate, PatternId } from '../types';

// AWS Lambda handlers in JavaScript: ES modules (.mjs), event types from @types/aws-lambda through JSDoc so
// editors still check them, AWS SDK v3 clients created once per container, one JSON object per log line.

const logger = `/**
 * @param {'INFO' | 'WARN' | 'ERROR'} level
 * @param {string} message
 * @param {Record<string, unknown>} [fields]
 */
const log = (level, message, fields = {}) => {
  console.log(JSON.stringify({ level, message, timestamp: new Date().toISOString(), ...fields }));
};`;

const api = `import { randomUUID } from 'node:crypto';

/** @typedef {import('aws-lambda').APIGatewayProxyEvent | import('aws-lambda').APIGatewayProxyEventV2} ApiEvent */
/** @typedef {import('aws-lambda').APIGatewayProxyResult} ApiResult */
/**
 * The request body this function takes.
 * @typedef {{ {{2:name}}: string }} Create{{1:Item}}Request
 */

${logger}

/** @type {(statusCode: number, body: unknown) => ApiResult} */
const json = (statusCode, body) => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** API Gateway REST APIs send v1 events, HTTP APIs v2 (payload format 2.0): this handler takes both. */
/** @type {(event: ApiEvent) => string} */
const methodOf = (event) => ('httpMethod' in event ? event.httpMethod : event.requestContext.http.method);

/** @param {ApiEvent} event */
function parseBody(event) {
  if (!event.body) return undefined;
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  return JSON.parse(text);
}

/**
 * @param {ApiEvent} event
 * @param {import('aws-lambda').Context} context
 * @returns {Promise<ApiResult>}
 */
export const handler = async (event, context) => {
  const requestId = context.awsRequestId;
  if (methodOf(event) !== '{{3|POST,PUT,PATCH|}}') return json(405, { message: 'Method not allowed' });

  /** @type {Partial<Create{{1}}Request> | undefined} */
  let payload;
  try {
    payload = parseBody(event);
  } catch {
    log('WARN', 'Request body is not valid JSON', { requestId });
    return json(400, { message: 'The request body must be valid JSON.' });
  }
  const {{2}} = payload && typeof payload === 'object' ? payload.{{2}} : undefined;
  if (typeof {{2}} !== 'string' || {{2}}.trim() === '') {
    return json(400, { message: 'The request body must be an object with a non-empty "{{2}}".' });
  }

  try {
    const item = { id: randomUUID(), {{2}}: {{2}}.trim(), createdAt: new Date().toISOString() };
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
import { createGzip } from 'node:zlib';

const s3 = new S3Client({});
/** Results go under this prefix; the trigger only watches the input prefix, and the handler skips its own output too. */
const OUTPUT_PREFIX = process.env.OUTPUT_PREFIX ?? '{{1:processed/}}';

${logger}

/**
 * @param {import('aws-lambda').S3Event} event
 * @param {import('aws-lambda').Context} context
 */
export const handler = async (event, context) => {
  for (const record of event.Records) {
    await processRecord(record, context.awsRequestId);
  }
};

/**
 * @param {import('aws-lambda').S3EventRecord} record
 * @param {string} requestId
 */
async function processRecord(record, requestId) {
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
  const transformed = /** @type {import('node:stream').Readable} */ (source.Body).pipe(createGzip());
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

const s3 = new S3Client({});
const BUCKET = process.env.BUCKET_NAME ?? '';
const PREFIX = process.env.CLEANUP_PREFIX ?? '{{1:tmp/}}';
const RETENTION_DAYS = Number(process.env.RETENTION_DAYS ?? '{{2:30}}');
/** Stop this long before the timeout; the next run picks up the rest (deleting is idempotent). */
const SAFETY_MARGIN_MS = 10_000;

${logger}

/**
 * @param {import('aws-lambda').ScheduledEvent} event
 * @param {import('aws-lambda').Context} context
 */
export const handler = async (event, context) => {
  if (!BUCKET) throw new Error('BUCKET_NAME is not set');
  const cutoff = new Date(event.time).getTime() - RETENTION_DAYS * 24 * 60 * 60 * 1000;
  /** @type {{ Key: string }[]} */
  let batch = [];
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

/** @param {{ Key: string }[]} objects */
async function deleteBatch(objects) {
  const result = await s3.send(new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: objects, Quiet: true } }));
  for (const error of result.Errors ?? []) log('WARN', 'Could not delete an object', { key: error.Key, code: error.Code });
  return objects.length - (result.Errors?.length ?? 0);
}
`;

const stream = `/** @typedef {{ deviceId: string, timestamp: number, {{1:temperature}}: number }} Telemetry */

const THRESHOLD = Number(process.env.ALERT_THRESHOLD ?? '{{2:75}}');

${logger}

/**
 * One sensor reading. IoT rules deliver it as the event itself; Kinesis producers put it as the record data.
 * @param {any} value
 * @returns {Telemetry}
 */
function parseTelemetry(value) {
  if (!value || typeof value.deviceId !== 'string' || typeof value.timestamp !== 'number' || typeof value.{{1}} !== 'number') {
    throw new Error('Not a telemetry message: expected deviceId, timestamp and {{1}}');
  }
  return { deviceId: value.deviceId, timestamp: value.timestamp, {{1}}: value.{{1}} };
}

/**
 * @param {Telemetry} reading
 * @param {'kinesis' | 'iot'} source
 */
function handleReading(reading, source) {
  {{0}}
  if (reading.{{1}} > THRESHOLD) {
    log('WARN', 'Reading above threshold', { source, deviceId: reading.deviceId, {{1}}: reading.{{1}}, threshold: THRESHOLD });
  } else {
    log('INFO', 'Reading processed', { source, deviceId: reading.deviceId, timestamp: reading.timestamp });
  }
}

/**
 * @param {import('aws-lambda').KinesisStreamEvent | Telemetry} event
 * @param {import('aws-lambda').Context} context
 * @returns {Promise<import('aws-lambda').KinesisStreamBatchResponse | void>}
 */
export const handler = async (event, context) => {
  if (!('Records' in event)) {
    handleReading(parseTelemetry(event), 'iot');
    return;
  }
  /** @type {import('aws-lambda').KinesisStreamBatchItemFailure[]} */
  const batchItemFailures = [];
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
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const EVENTS_TABLE = process.env.EVENTS_TABLE ?? '';
const PROJECTION_TABLE = process.env.PROJECTION_TABLE ?? '';

/** @typedef {{ {{1:orderId}}: string, version: number, data: Record<string, unknown> }} DomainEvent */
/** @typedef {import('aws-lambda').EventBridgeEvent<string, DomainEvent>} BusEvent */

${logger}

/**
 * @param {import('aws-lambda').DynamoDBStreamEvent | BusEvent} event
 * @param {import('aws-lambda').Context} context
 * @returns {Promise<import('aws-lambda').DynamoDBBatchResponse | void>}
 */
export const handler = async (event, context) => {
  if ('Records' in event) return project(event, context);
  await append(event, context);
};

/**
 * EventBridge delivers at least once: the (aggregate, version) key turns a redelivery into a no-op.
 * @param {BusEvent} event
 * @param {import('aws-lambda').Context} context
 */
async function append(event, context) {
  const item = {
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

/**
 * Projects new events into the read model; a replayed or older version never overwrites a newer one.
 * @param {import('aws-lambda').DynamoDBStreamEvent} event
 * @param {import('aws-lambda').Context} context
 * @returns {Promise<import('aws-lambda').DynamoDBBatchResponse>}
 */
async function project(event, context) {
  /** @type {import('aws-lambda').DynamoDBBatchItemFailure[]} */
  const batchItemFailures = [];
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || !image) continue;
    const stored = unmarshall(/** @type {any} */ (image));
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

const lambda = new LambdaClient({});
const sfn = new SFNClient({});
const NEXT_FUNCTION = process.env.NEXT_FUNCTION_NAME ?? '';
const STATE_MACHINE_ARN = process.env.STATE_MACHINE_ARN ?? '';

${logger}

/**
 * Three ways to hand work on: an asynchronous invoke of the next function (fire and forget, Lambda retries
 * it), a Step Functions execution for multi-step work, and this function's own Lambda Destinations
 * (configured on the function: its result goes to onSuccess / onFailure when it is invoked asynchronously).
 * @param {import('aws-lambda').EventBridgeEvent<'{{1:OrderPlaced}}', { {{2:orderId}}: string }>} event
 * @param {import('aws-lambda').Context} context
 */
export const handler = async (event, context) => {
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

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const IDEMPOTENCY_TABLE = process.env.IDEMPOTENCY_TABLE ?? '';
const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

${logger}

/**
 * @param {import('aws-lambda').SQSEvent} event
 * @param {import('aws-lambda').Context} context
 * @returns {Promise<import('aws-lambda').SQSBatchResponse>}
 */
export const handler = async (event, context) => {
  /** @type {import('aws-lambda').SQSBatchItemFailure[]} */
  const batchItemFailures = [];
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

/**
 * @param {string} body
 * @returns {{ {{2:orderId}}: string }}
 */
function parse{{1:Job}}(body) {
  const value = JSON.parse(body);
  if (!value || typeof value.{{2}} !== 'string') throw new Error('Message body must be JSON with a string "{{2}}"');
  return { {{2}}: value.{{2}} };
}

/** @param {import('aws-lambda').SQSRecord} record */
async function processRecord(record) {
  const job = parse{{1}}(record.body);
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

/** @param {string} messageId */
async function claim(messageId) {
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

const j = (prefix: string, description: string, body: string): HandlerTemplate => ({ prefix, description, language: 'js', body });

/** JavaScript (ES module) handlers of the AWS patterns. */
export const awsJavaScript: Record<PatternId, HandlerTemplate> = {
  api: j('sls-api', 'Lambda API endpoint (API Gateway v1 + v2): JSON body, 400 on bad input (JavaScript)', api),
  'file-processing': j('sls-file-processing', 'Lambda S3 upload processor: streaming get/gzip/put, skips its own output (JavaScript)', fileProcessing),
  scheduled: j('sls-scheduled', 'Lambda scheduled cleanup job: batched deletes, stops before the timeout (JavaScript)', scheduled),
  stream: j('sls-stream', 'Lambda Kinesis + IoT telemetry processor with batchItemFailures (JavaScript)', stream),
  'event-sourcing': j('sls-event-sourcing', 'Lambda event store: idempotent EventBridge append + DynamoDB stream projection (JavaScript)', eventSourcing),
  chaining: j('sls-chaining', 'Lambda chaining: async invoke, Step Functions StartExecution, Destinations (JavaScript)', chaining),
  'queue-worker': j('sls-queue-worker', 'Lambda SQS worker: batchItemFailures and idempotent processing (JavaScript)', queueWorker),
};
