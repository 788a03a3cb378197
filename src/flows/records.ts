/**
 * The events Lambda's pollers and the services send to a function, built from real messages of a local flow
 * (not samples): SQS, Kinesis, DynamoDB streams, SNS, S3 and EventBridge. Shapes as in the Lambda Developer
 * Guide's "Using Lambda with …" pages and @types/aws-lambda.
 */
import { createHash, randomUUID } from 'node:crypto';

export const LOCAL_ACCOUNT = '123456789012';

export interface SqsMessage {
  messageId: string;
  body: string;
  messageAttributes: Record<string, { stringValue?: string; binaryValue?: string; dataType: string }>;
  groupId?: string;
  deduplicationId?: string;
  sequenceNumber?: string;
  sentAt: number;
  receiveCount: number;
  firstReceiveAt?: number;
  /** Virtual time when the message is visible again (0: visible). */
  visibleAt: number;
  receiptHandle: string;
}

export function sqsRecord(m: SqsMessage, queueArn: string, region: string): object {
  return {
    messageId: m.messageId,
    receiptHandle: m.receiptHandle,
    body: m.body,
    attributes: {
      ApproximateReceiveCount: String(m.receiveCount),
      SentTimestamp: String(m.sentAt),
      SenderId: 'AIDAEXAMPLELOCAL',
      ApproximateFirstReceiveTimestamp: String(m.firstReceiveAt ?? m.sentAt),
      ...(m.groupId !== undefined ? { MessageGroupId: m.groupId, SequenceNumber: m.sequenceNumber ?? '0', MessageDeduplicationId: m.deduplicationId ?? m.messageId } : {}),
    },
    messageAttributes: Object.fromEntries(
      Object.entries(m.messageAttributes).map(([k, a]) => [k, { stringValue: a.stringValue, binaryValue: a.binaryValue, stringListValues: [], binaryListValues: [], dataType: a.dataType }]),
    ),
    md5OfBody: createHash('md5').update(m.body).digest('hex'),
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}

export interface StreamRecord {
  sequenceNumber: string;
  partitionKey: string;
  /** Kinesis: the data as written; DynamoDB: the stream record's `dynamodb` part. */
  data: unknown;
  arrivedAt: number;
  /** DynamoDB: INSERT | MODIFY | REMOVE. */
  eventName?: string;
  eventId: string;
}

export function kinesisRecord(r: StreamRecord, streamArn: string, region: string): object {
  const data = typeof r.data === 'string' ? r.data : JSON.stringify(r.data);
  return {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: r.partitionKey,
      sequenceNumber: r.sequenceNumber,
      data: Buffer.from(data, 'utf8').toString('base64'),
      approximateArrivalTimestamp: r.arrivedAt / 1000,
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `shardId-000000000000:${r.sequenceNumber}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: `arn:aws:iam::${LOCAL_ACCOUNT}:role/local-flow`,
    awsRegion: region,
    eventSourceARN: streamArn,
  };
}

export function dynamodbRecord(r: StreamRecord, streamArn: string, region: string): object {
  const ddb = (typeof r.data === 'object' && r.data !== null ? r.data : {}) as Record<string, unknown>;
  return {
    eventID: r.eventId,
    eventName: r.eventName ?? 'INSERT',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: region,
    dynamodb: { ApproximateCreationDateTime: Math.floor(r.arrivedAt / 1000), SequenceNumber: r.sequenceNumber, SizeBytes: JSON.stringify(ddb).length, StreamViewType: 'NEW_AND_OLD_IMAGES', ...ddb },
    eventSourceARN: streamArn,
  };
}

export function snsRecord(topicArn: string, message: string, subject: string | undefined, attributes: Record<string, { Type: string; Value: string }>, messageId: string, at: number): object {
  return {
    EventVersion: '1.0',
    EventSubscriptionArn: `${topicArn}:${randomUUID()}`,
    EventSource: 'aws:sns',
    Sns: {
      SignatureVersion: '1',
      Timestamp: new Date(at).toISOString(),
      Signature: 'bG9jYWw=',
      SigningCertUrl: 'https://sns.local/SimpleNotificationService-local.pem',
      MessageId: messageId,
      Message: message,
      MessageAttributes: attributes,
      Type: 'Notification',
      UnsubscribeUrl: `https://sns.local/?Action=Unsubscribe&SubscriptionArn=${topicArn}`,
      TopicArn: topicArn,
      Subject: subject ?? null,
    },
  };
}

export interface S3Object {
  bucket: string;
  key: string;
  size: number;
  eTag?: string;
  /** `ObjectCreated:Put`, `ObjectRemoved:Delete`, … (without `s3:`). */
  eventName: string;
}

export function s3Record(o: S3Object, region: string, at: number, configurationId: string): object {
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: region,
    eventTime: new Date(at).toISOString(),
    eventName: o.eventName,
    userIdentity: { principalId: 'AWS:AIDAEXAMPLELOCAL' },
    requestParameters: { sourceIPAddress: '127.0.0.1' },
    responseElements: { 'x-amz-request-id': randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase(), 'x-amz-id-2': 'bG9jYWw=' },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId,
      bucket: { name: o.bucket, ownerIdentity: { principalId: 'A3EXAMPLELOCAL' }, arn: `arn:aws:s3:::${o.bucket}` },
      object: o.eventName.startsWith('ObjectRemoved')
        ? { key: encodeS3Key(o.key), sequencer: sequencer(at) }
        : { key: encodeS3Key(o.key), size: o.size, eTag: o.eTag ?? createHash('md5').update(o.key).digest('hex'), sequencer: sequencer(at) },
    },
  };
}

/** S3 notifications URL-encode the key, spaces as `+`. */
function encodeS3Key(key: string): string {
  return encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+');
}

function sequencer(at: number): string {
  return at.toString(16).toUpperCase().padStart(16, '0');
}

/** An EventBridge event as a target receives it. */
export function eventBridgeEvent(entry: { source: string; detailType: string; detail: unknown; resources?: string[]; time?: number }, region: string): Record<string, unknown> {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': entry.detailType,
    source: entry.source,
    account: LOCAL_ACCOUNT,
    time: new Date(entry.time ?? Date.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region,
    resources: entry.resources ?? [],
    detail: entry.detail ?? {},
  };
}

/** The scheduled event EventBridge sends for a `rate()`/`cron()` rule. */
export function scheduledEvent(ruleArn: string, at: number, region: string): Record<string, unknown> {
  return { ...eventBridgeEvent({ source: 'aws.events', detailType: 'Scheduled Event', detail: {}, resources: [ruleArn], time: at }, region) };
}
