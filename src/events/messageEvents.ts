/** S3, SQS, SNS, DynamoDB and Kinesis streams, Firehose, Kafka (MSK, self-managed) and Amazon MQ events. */
import type { Value } from '../model/types';
import type { EventContext } from './eventContext';
import { arnFor, arnName, configString, configValue, isoTime, referenceName, stringList, stringOf } from './eventContext';

const base64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

/** Bucket names are lowercase; a logical id like `UploadBucket` becomes `upload-bucket`. */
function bucketName(v: Value | undefined): string {
  const s = stringOf(v);
  if (s) return s.startsWith('arn:') ? arnName(s) : s;
  const ref = referenceName(v);
  return ref ? ref.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase() : 'my-bucket';
}

/** The object key filter: SF `rules: [{prefix}, {suffix}]`, SAM `Filter.S3Key.Rules: [{Name, Value}]`. */
function keyFilter(ctx: EventContext): { prefix: string; suffix: string } {
  let prefix = '';
  let suffix = '';
  const take = (name: string | undefined, value: string | undefined): void => {
    if (!value) return;
    if (name?.toLowerCase() === 'prefix') prefix = value;
    if (name?.toLowerCase() === 'suffix') suffix = value;
  };
  const rules = configValue(ctx.trigger, 'rules');
  if (Array.isArray(rules)) {
    for (const r of rules) if (r && typeof r === 'object' && !Array.isArray(r)) for (const [k, v] of Object.entries(r)) take(k, stringOf(v));
  }
  const filter = configValue(ctx.trigger, 'Filter');
  const samRules = filter && typeof filter === 'object' && !Array.isArray(filter) ? (filter as Record<string, Value>).S3Key : undefined;
  const list = samRules && typeof samRules === 'object' && !Array.isArray(samRules) ? (samRules as Record<string, Value>).Rules : undefined;
  if (Array.isArray(list)) {
    for (const r of list) if (r && typeof r === 'object' && !Array.isArray(r)) take(stringOf((r as Record<string, Value>).Name), stringOf((r as Record<string, Value>).Value));
  }
  return { prefix, suffix };
}

/** `s3:ObjectCreated:*` → `ObjectCreated:Put`; the notification names the concrete event. */
function s3EventName(ctx: EventContext, kind: 'put' | 'delete'): string {
  const configured = [...stringList(configValue(ctx.trigger, 'event', 'Events'))].map((e) => e.replace(/^s3:/, ''));
  const family = kind === 'put' ? 'ObjectCreated' : 'ObjectRemoved';
  const match = configured.find((e) => e.startsWith(family));
  if (match && !match.endsWith('*')) return match;
  return kind === 'put' ? 'ObjectCreated:Put' : 'ObjectRemoved:Delete';
}

export function s3Event(ctx: EventContext, kind: 'put' | 'delete'): object {
  const bucket = bucketName(configValue(ctx.trigger, 'bucket', 'Bucket'));
  const { prefix, suffix } = keyFilter(ctx);
  const key = `${prefix}${prefix && !prefix.endsWith('/') ? '-' : ''}sample${suffix || '.json'}`;
  const object =
    kind === 'put'
      ? { key: encodeURIComponent(key).replace(/%2F/g, '/'), size: 1024, eTag: '0123456789abcdef0123456789abcdef', sequencer: '0A1B2C3D4E5F678901' }
      : { key: encodeURIComponent(key).replace(/%2F/g, '/'), sequencer: '0A1B2C3D4E5F678901' };
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: ctx.region,
        eventTime: ctx.now.toISOString(),
        eventName: s3EventName(ctx, kind),
        userIdentity: { principalId: 'AWS:AIDAEXAMPLE' },
        requestParameters: { sourceIPAddress: '203.0.113.10' },
        responseElements: { 'x-amz-request-id': ctx.id('s3req').toUpperCase(), 'x-amz-id-2': base64(ctx.id('s3id2')) },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: ctx.trigger?.name ?? 'sample-notification',
          bucket: { name: bucket, ownerIdentity: { principalId: 'A3EXAMPLE' }, arn: `arn:aws:s3:::${bucket}` },
          object,
        },
      },
    ],
  };
}

export function sqsEvent(ctx: EventContext, fifo: boolean): object {
  let arn = arnFor(ctx, configValue(ctx.trigger, 'arn', 'Queue'), 'sqs', fifo ? 'my-queue.fifo' : 'my-queue');
  if (fifo && !arn.endsWith('.fifo')) arn += '.fifo';
  const body = JSON.stringify({ orderId: '123', status: 'created' });
  const sent = String(ctx.now.getTime());
  return {
    Records: [0, 1].map((i) => ({
      messageId: ctx.uuid(`sqs${i}`),
      receiptHandle: `AQEB${ctx.id(`rh${i}`)}`,
      body,
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: sent,
        SenderId: 'AIDAEXAMPLE',
        ApproximateFirstReceiveTimestamp: sent,
        ...(fifo ? { SequenceNumber: `1800000000000000000${i}`, MessageGroupId: 'group-1', MessageDeduplicationId: ctx.id(`dedup${i}`) } : {}),
      },
      messageAttributes: {},
      md5OfBody: '6a1a8b0b0c1f3b0b8c6b0c6b0c6b0c6b',
      eventSource: 'aws:sqs',
      eventSourceARN: arn,
      awsRegion: ctx.region,
    })),
  };
}

export function snsEvent(ctx: EventContext): object {
  const topicArn = arnFor(ctx, configValue(ctx.trigger, 'arn', 'topicName', 'Topic'), 'sns', 'my-topic');
  return {
    Records: [
      {
        EventVersion: '1.0',
        EventSubscriptionArn: `${topicArn}:${ctx.uuid('sub')}`,
        EventSource: 'aws:sns',
        Sns: {
          SignatureVersion: '1',
          Timestamp: ctx.now.toISOString(),
          Signature: base64('sample-signature'),
          SigningCertUrl: `https://sns.${ctx.region}.amazonaws.com/SimpleNotificationService-sample.pem`,
          MessageId: ctx.uuid('snsmsg'),
          Message: JSON.stringify({ orderId: '123', status: 'created' }),
          MessageAttributes: {},
          Type: 'Notification',
          UnsubscribeUrl: `https://sns.${ctx.region}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${topicArn}`,
          TopicArn: topicArn,
          Subject: 'Sample notification',
        },
      },
    ],
  };
}

function streamArn(ctx: EventContext, service: 'dynamodb' | 'kinesis'): string {
  const v = configValue(ctx.trigger, 'arn', 'Stream');
  const s = stringOf(v);
  if (s?.startsWith('arn:')) return s;
  const name = s ?? referenceName(v) ?? (service === 'dynamodb' ? 'my-table' : 'my-stream');
  return service === 'dynamodb'
    ? `arn:aws:dynamodb:${ctx.region}:${ctx.accountId}:table/${name}/stream/2026-01-01T00:00:00.000`
    : `arn:aws:kinesis:${ctx.region}:${ctx.accountId}:stream/${name}`;
}

export function dynamodbEvent(ctx: EventContext, eventName: 'INSERT' | 'MODIFY' | 'REMOVE'): object {
  const keys = { id: { S: '123' } };
  const oldImage = { id: { S: '123' }, status: { S: 'created' }, total: { N: '42.5' } };
  const newImage = { id: { S: '123' }, status: { S: eventName === 'INSERT' ? 'created' : 'shipped' }, total: { N: '42.5' } };
  return {
    Records: [
      {
        eventID: ctx.id('ddb'),
        eventName,
        eventVersion: '1.1',
        eventSource: 'aws:dynamodb',
        awsRegion: ctx.region,
        dynamodb: {
          ApproximateCreationDateTime: Math.floor(ctx.now.getTime() / 1000),
          Keys: keys,
          ...(eventName !== 'REMOVE' ? { NewImage: newImage } : {}),
          ...(eventName !== 'INSERT' ? { OldImage: oldImage } : {}),
          SequenceNumber: '111100000000000000000001',
          SizeBytes: 96,
          StreamViewType: 'NEW_AND_OLD_IMAGES',
        },
        eventSourceARN: streamArn(ctx, 'dynamodb'),
      },
    ],
  };
}

export function kinesisEvent(ctx: EventContext): object {
  const arn = streamArn(ctx, 'kinesis');
  return {
    Records: [
      {
        kinesis: {
          kinesisSchemaVersion: '1.0',
          partitionKey: 'partition-1',
          sequenceNumber: '49590338271490256608559692538361571095921575989136588898',
          data: base64(JSON.stringify({ orderId: '123', status: 'created' })),
          approximateArrivalTimestamp: ctx.now.getTime() / 1000,
        },
        eventSource: 'aws:kinesis',
        eventVersion: '1.0',
        eventID: `shardId-000000000000:49590338271490256608559692538361571095921575989136588898`,
        eventName: 'aws:kinesis:record',
        invokeIdentityArn: `arn:aws:iam::${ctx.accountId}:role/lambda-role`,
        awsRegion: ctx.region,
        eventSourceARN: arn,
      },
    ],
  };
}

export function firehoseEvent(ctx: EventContext): object {
  return {
    invocationId: ctx.uuid('firehose'),
    deliveryStreamArn: `arn:aws:firehose:${ctx.region}:${ctx.accountId}:deliverystream/my-delivery-stream`,
    region: ctx.region,
    records: [0, 1].map((i) => ({
      recordId: `4959033827149025660855969253836157109592157598913658889${i}`,
      approximateArrivalTimestamp: ctx.now.getTime(),
      data: base64(JSON.stringify({ orderId: `12${i}`, status: 'created' })),
    })),
  };
}

function kafkaTopic(ctx: EventContext): string {
  return stringList(configValue(ctx.trigger, 'topic', 'Topics'))[0] ?? 'my-topic';
}

function kafkaRecords(ctx: EventContext, topic: string): object {
  return {
    [`${topic}-0`]: [
      {
        topic,
        partition: 0,
        offset: 15,
        timestamp: ctx.now.getTime(),
        timestampType: 'CREATE_TIME',
        key: base64('order-123'),
        value: base64(JSON.stringify({ orderId: '123', status: 'created' })),
        headers: [{ source: [...Buffer.from('orders', 'utf8')] }],
      },
    ],
  };
}

export function mskEvent(ctx: EventContext): object {
  const arn = arnFor(ctx, configValue(ctx.trigger, 'arn', 'Stream'), 'kafka', `my-cluster/${ctx.uuid('msk')}-1`, 'cluster/');
  return {
    eventSource: 'aws:kafka',
    eventSourceArn: arn,
    bootstrapServers: `b-1.my-cluster.abc123.c2.kafka.${ctx.region}.amazonaws.com:9092,b-2.my-cluster.abc123.c2.kafka.${ctx.region}.amazonaws.com:9092`,
    records: kafkaRecords(ctx, kafkaTopic(ctx)),
  };
}

export function selfManagedKafkaEvent(ctx: EventContext): object {
  const servers = stringList(configValue(ctx.trigger, 'bootstrapServers', 'KafkaBootstrapServers'));
  return {
    eventSource: 'SelfManagedKafka',
    bootstrapServers: servers.length ? servers.join(',') : 'kafka-1.example.com:9092,kafka-2.example.com:9092',
    records: kafkaRecords(ctx, kafkaTopic(ctx)),
  };
}

export function mqEvent(ctx: EventContext): object {
  const rabbit = ctx.trigger?.sourceType === 'rabbitmq';
  const brokerArn = arnFor(ctx, configValue(ctx.trigger, 'arn', 'Broker'), 'mq', 'b-sample-broker', 'broker:my-broker:');
  const queue = stringList(configValue(ctx.trigger, 'queue', 'Queues'))[0] ?? 'my-queue';
  const data = base64(JSON.stringify({ orderId: '123', status: 'created' }));
  if (rabbit) {
    return {
      eventSource: 'aws:rmq',
      eventSourceArn: brokerArn,
      rmqMessagesByQueue: {
        [`${queue}::/`]: [
          {
            basicProperties: { contentType: 'application/json', contentEncoding: null, headers: {}, deliveryMode: 1, priority: 0, correlationId: null, replyTo: null, expiration: null, messageId: ctx.id('rmq'), timestamp: isoTime(ctx), type: null, userId: 'guest', appId: null, clusterId: null, bodySize: 40 },
            redelivered: false,
            data,
          },
        ],
      },
    };
  }
  return {
    eventSource: 'aws:mq',
    eventSourceArn: brokerArn,
    messages: [
      {
        messageID: `ID:${ctx.id('amq')}:1:1:1:1`,
        messageType: 'jms/text-message',
        timestamp: ctx.now.getTime(),
        deliveryMode: 1,
        correlationID: 'correlation-1',
        replyTo: 'null',
        destination: { physicalName: queue },
        redelivered: false,
        type: 'jms/text-message',
        expiration: 60 * 60 * 1000,
        priority: 1,
        data,
        brokerInTime: ctx.now.getTime(),
        brokerOutTime: ctx.now.getTime() + 1,
        properties: { index: '1' },
      },
    ],
  };
}

export function sqsIsFifo(ctx: EventContext): boolean {
  const v = configValue(ctx.trigger, 'arn', 'Queue');
  const s = stringOf(v) ?? referenceName(v) ?? '';
  return /\.fifo$|fifo/i.test(s) || /fifo/i.test(configString(ctx.trigger, 'queueName') ?? '');
}

/**
 * What an EventBridge pipe hands a Lambda target (or enrichment): the batch as a JSON array, each record as
 * the source delivers it, without the `Records` envelope of an event source mapping. Kinesis records carry
 * their `kinesis` fields at the top level; Kafka records name their topic partition; Amazon MQ messages
 * name their broker.
 */
export function pipeBatch(event: object): object {
  const e = event as Record<string, unknown>;
  if (Array.isArray(e.Records)) {
    return e.Records.map((r: Record<string, unknown>) => {
      const { kinesis, ...rest } = r;
      return kinesis && typeof kinesis === 'object' ? { ...(kinesis as object), ...rest } : r;
    });
  }
  if (e.records && typeof e.records === 'object') {
    return Object.entries(e.records as Record<string, Array<Record<string, unknown>>>).flatMap(([key, records]) =>
      records.map((r) => ({ eventSource: e.eventSource, ...(e.eventSourceArn ? { eventSourceArn: e.eventSourceArn } : {}), eventSourceKey: key, ...r })),
    );
  }
  if (Array.isArray(e.messages)) return e.messages.map((m: object) => ({ eventSource: e.eventSource, eventSourceArn: e.eventSourceArn, ...m }));
  if (e.rmqMessagesByQueue && typeof e.rmqMessagesByQueue === 'object') {
    return Object.entries(e.rmqMessagesByQueue as Record<string, object[]>).flatMap(([key, messages]) =>
      messages.map((m) => ({ eventSource: e.eventSource, eventSourceArn: e.eventSourceArn, eventSourceKey: key, ...m })),
    );
  }
  return event;
}
