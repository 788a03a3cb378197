import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const IDEMPOTENCY_TABLE = process.env.IDEMPOTENCY_TABLE ?? '';
const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

/**
 * @param {'INFO' | 'WARN' | 'ERROR'} level
 * @param {string} message
 * @param {Record<string, unknown>} [fields]
 */
const log = (level, message, fields = {}) => {
  console.log(JSON.stringify({ level, message, timestamp: new Date().toISOString(), ...fields }));
};

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
 * @returns {{ orderId: string }}
 */
function parseJob(body) {
  const value = JSON.parse(body);
  if (!value || typeof value.orderId !== 'string') throw new Error('Message body must be JSON with a string "orderId"');
  return { orderId: value.orderId };
}

/** @param {import('aws-lambda').SQSRecord} record */
async function processRecord(record) {
  const job = parseJob(record.body);
  // SQS delivers at least once: claim the message before working so a redelivery does not repeat the work.
  if (!(await claim(record.messageId))) {
    log('INFO', 'Duplicate delivery skipped', { messageId: record.messageId });
    return;
  }
  try {
    
    log('INFO', 'Job done', { messageId: record.messageId, orderId: job.orderId });
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
