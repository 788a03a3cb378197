import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { log } from '../lib/log';

export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      const reminder = JSON.parse(record.body) as { todoId: string };
      log('INFO', 'reminder sent', { todoId: reminder.todoId, messageId: record.messageId });
    } catch (err) {
      log('ERROR', 'bad reminder', { messageId: record.messageId, error: String(err) });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};
