import type { Pattern, PatternId } from './types';

/** The patterns, in the order the quick pick shows them. */
export const patterns: readonly Pattern[] = [
  {
    id: 'api',
    label: 'REST / HTTP API endpoint',
    description: 'API Gateway (REST v1 and HTTP API v2 events): JSON body parsing, 400 on bad input, proper status codes.',
    triggers: { aws: ['httpApi'], azure: ['http'] },
    azure: { label: 'HTTP endpoint (HTTP trigger)', description: 'HTTP trigger: JSON body parsing, 400 on bad input, 201 with the created item.' },
  },
  {
    id: 'file-processing',
    label: 'File processing (S3 upload)',
    description: 'S3 upload → streaming get, gzip transform, streaming put; skips its own output prefix.',
    triggers: { aws: ['s3'] },
  },
  {
    id: 'scheduled',
    label: 'Scheduled job (cron / rate)',
    description: 'Periodic cleanup: deletes expired objects in batches, stops before the timeout, safe to re-run.',
    triggers: { aws: ['schedule'], azure: ['schedule'] },
    azure: { label: 'Scheduled job (timer trigger)', description: 'Timer trigger (NCRONTAB with seconds): a periodic job that is safe to run twice and logs a past-due run.' },
  },
  {
    id: 'stream',
    label: 'Real-time stream (Kinesis + IoT)',
    description: 'Sensor telemetry from Kinesis records and IoT rule messages; partial batch failure reporting.',
    triggers: { aws: ['kinesis', 'iot'] },
  },
  {
    id: 'event-sourcing',
    label: 'Event sourcing (DynamoDB stream + EventBridge)',
    description: 'Appends EventBridge events to an event store and projects its stream into a read model, idempotently.',
    triggers: { aws: ['dynamodb', 'eventbridge'] },
  },
  {
    id: 'chaining',
    label: 'Function chaining',
    description: 'Async Lambda invoke (client-lambda), Step Functions StartExecution, and Lambda Destinations.',
    triggers: { aws: ['eventbridge'] },
  },
  {
    id: 'queue-worker',
    label: 'Queue worker (SQS)',
    description: 'SQS batch worker with batchItemFailures, idempotent processing and a dead-letter queue.',
    triggers: { aws: ['sqs'], azure: ['queue'] },
    azure: { label: 'Queue worker (Storage queue)', description: 'Storage queue trigger: one message at a time, at-least-once delivery; after 5 dequeues a failing message goes to <queue>-poison.' },
  },
];

export function patternById(id: string): Pattern | undefined {
  return patterns.find((p) => p.id === id);
}

export function isPatternId(id: string): id is PatternId {
  return patterns.some((p) => p.id === id);
}
