import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const EVENTS_TABLE = process.env.EVENTS_TABLE ?? '';
const PROJECTION_TABLE = process.env.PROJECTION_TABLE ?? '';

/** @typedef {{ orderId: string, version: number, data: Record<string, unknown> }} DomainEvent */
/** @typedef {import('aws-lambda').EventBridgeEvent<string, DomainEvent>} BusEvent */

/**
 * @param {'INFO' | 'WARN' | 'ERROR'} level
 * @param {string} message
 * @param {Record<string, unknown>} [fields]
 */
const log = (level, message, fields = {}) => {
  console.log(JSON.stringify({ level, message, timestamp: new Date().toISOString(), ...fields }));
};

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
    pk: event.detail.orderId,
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
