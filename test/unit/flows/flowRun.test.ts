import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCloudFormation } from '../../../src/model/cloudFormation';
import { parseServerlessFramework } from '../../../src/model/serverlessFramework';
import type { FlowInvokeRequest } from '../../../src/flows/flowRun';
import { FlowRun } from '../../../src/flows/flowRun';
import { buildTopology } from '../../../src/flows/topology';
import type { Topology } from '../../../src/flows/topology';
import type { InvokeResult } from '../../../src/shared/invokeResult';

// The semantics below follow the AWS Lambda Developer Guide; each test names the page it checks.
// Handlers are plain functions here (the flow engine takes its invoker as a dependency); the same engine runs
// real handlers through the local runtime in flowEndToEnd.test.ts.

const template = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Orders:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: 60
      RedrivePolicy:
        deadLetterTargetArn: !GetAtt OrdersDlq.Arn
        maxReceiveCount: 3
  OrdersDlq:
    Type: AWS::SQS::Queue
  Plain:
    Type: AWS::SQS::Queue
  Jobs:
    Type: AWS::SQS::Queue
    Properties:
      FifoQueue: true
      QueueName: jobs.fifo
  Telemetry:
    Type: AWS::Kinesis::Stream
    Properties:
      ShardCount: 1
  Failures:
    Type: AWS::SQS::Queue
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Handler: worker.handler
      Runtime: nodejs22.x
      Events:
        Queue:
          Type: SQS
          Properties:
            Queue: !GetAtt Orders.Arn
            BatchSize: 2
            FunctionResponseTypes: [ReportBatchItemFailures]
  PlainWorker:
    Type: AWS::Serverless::Function
    Properties:
      Handler: plain.handler
      Runtime: nodejs22.x
      Events:
        Queue:
          Type: SQS
          Properties:
            Queue: !GetAtt Plain.Arn
            BatchSize: 10
            MaximumBatchingWindowInSeconds: 5
            FilterCriteria:
              Filters:
                - Pattern: '{"body": {"kind": ["order"]}}'
  FifoWorker:
    Type: AWS::Serverless::Function
    Properties:
      Handler: fifo.handler
      Runtime: nodejs22.x
      Events:
        Queue:
          Type: SQS
          Properties:
            Queue: !GetAtt Jobs.Arn
            BatchSize: 1
  StreamWorker:
    Type: AWS::Serverless::Function
    Properties:
      Handler: stream.handler
      Runtime: nodejs22.x
      Events:
        Stream:
          Type: Kinesis
          Properties:
            Stream: !GetAtt Telemetry.Arn
            StartingPosition: TRIM_HORIZON
            BatchSize: 4
            BisectBatchOnFunctionError: true
            MaximumRetryAttempts: 1
            DestinationConfig:
              OnFailure:
                Destination: !GetAtt Failures.Arn
  Chained:
    Type: AWS::Serverless::Function
    Properties:
      Handler: chained.handler
      Runtime: nodejs22.x
      EventInvokeConfig:
        MaximumRetryAttempts: 2
        DestinationConfig:
          OnSuccess:
            Type: Lambda
            Destination: !GetAtt Audit.Arn
          OnFailure:
            Type: SQS
            Destination: !GetAtt Failures.Arn
  Audit:
    Type: AWS::Serverless::Function
    Properties:
      Handler: audit.handler
      Runtime: nodejs22.x
  OnOrder:
    Type: AWS::Serverless::Function
    Properties:
      Handler: bus.handler
      Runtime: nodejs22.x
      Events:
        Placed:
          Type: EventBridgeRule
          Properties:
            Pattern:
              source: [shop.orders]
              detail-type: [OrderPlaced]
              detail:
                total: [{ numeric: ['>', 100] }]
        Nightly:
          Type: Schedule
          Properties:
            Schedule: cron(0 2 * * ? *)
  Uploads:
    Type: AWS::S3::Bucket
  OnUpload:
    Type: AWS::Serverless::Function
    Properties:
      Handler: s3.handler
      Runtime: nodejs22.x
      Events:
        Put:
          Type: S3
          Properties:
            Bucket: !Ref Uploads
            Events: s3:ObjectCreated:*
            Filter:
              S3Key:
                Rules:
                  - Name: prefix
                    Value: incoming/
                  - Name: suffix
                    Value: .csv
  Alerts:
    Type: AWS::SNS::Topic
  OnAlert:
    Type: AWS::Serverless::Function
    Properties:
      Handler: sns.handler
      Runtime: nodejs22.x
      Events:
        Alert:
          Type: SNS
          Properties:
            Topic: !Ref Alerts
            FilterPolicy:
              severity: [high]
`;

type Behaviour = (event: any, attempt: number) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any

class Fail extends Error {}

function setup(behaviours: Record<string, Behaviour>, options: { maxInvocations?: number } = {}): { run: FlowRun; topology: Topology; calls: Array<{ fn: string; event: any }> } { // eslint-disable-line @typescript-eslint/no-explicit-any
  const project = parseCloudFormation('/ws/template.yaml', template);
  const topology = buildTopology([project]);
  const calls: Array<{ fn: string; event: unknown }> = [];
  const counts = new Map<string, number>();
  const invoker = async (req: FlowInvokeRequest): Promise<InvokeResult> => {
    const name = req.target.fn.name;
    calls.push({ fn: name, event: req.event });
    const n = (counts.get(name) ?? 0) + 1;
    counts.set(name, n);
    const base = { target: 'local' as const, functionName: name, requestId: `req-${name}-${n}`, logs: '', durationMs: 5 };
    try {
      const result = (behaviours[name] ?? (() => null))(req.event, n);
      return { ...base, result };
    } catch (err) {
      return { ...base, error: { errorType: 'Error', errorMessage: (err as Error).message, trace: [] } };
    }
  };
  return { run: new FlowRun(topology, invoker, { region: 'eu-west-1', startedAt: Date.parse('2026-11-30T12:00:00Z'), ...options }), topology, calls };
}

const key = (t: Topology, logicalId: string): string => [...t.queues.keys()].find((k) => k.endsWith(`#${logicalId}`)) ?? assert.fail(`no queue ${logicalId}`);
const bodies = (event: { Records: Array<{ body: string }> }): string[] => event.Records.map((r) => r.body);

describe('SQS event source mapping ("Using Lambda with Amazon SQS", with-sqs.html)', () => {
  test('messages are delivered in batches of BatchSize', async () => {
    const { run, topology, calls } = setup({});
    run.sendMessages(key(topology, 'Orders'), ['a', 'b', 'c', 'd', 'e'].map((body) => ({ body })));
    const result = await run.run();
    assert.deepEqual(calls.map((c) => bodies(c.event)), [['a', 'b'], ['c', 'd'], ['e']]);
    assert.ok(result.invocations.every((i) => i.trigger.startsWith('sqs:') && i.attempt === 1));
    assert.deepEqual(result.deadLetters, []);
  });

  test('ReportBatchItemFailures retries only the failed message, after the visibility timeout, then redrives it to the DLQ after maxReceiveCount receives (services-sqs-errorhandling.html)', async () => {
    const { run, topology, calls } = setup({
      Worker: (event) => ({ batchItemFailures: event.Records.filter((r: { body: string }) => r.body === 'bad').map((r: { messageId: string }) => ({ itemIdentifier: r.messageId })) }),
    });
    run.sendMessages(key(topology, 'Orders'), [{ body: 'good' }, { body: 'bad' }]);
    const result = await run.run();
    assert.deepEqual(calls.map((c) => bodies(c.event)), [['good', 'bad'], ['bad'], ['bad']]);
    assert.deepEqual(result.invocations.map((i) => i.attempt), [1, 2, 3]);
    // Each retry waits for the queue's 60 s visibility timeout (virtual time).
    assert.ok(result.invocations[1].at >= 60_000 && result.invocations[2].at >= 120_000);
    assert.equal(calls[2].event.Records[0].attributes.ApproximateReceiveCount, '3');
    assert.equal(result.deadLetters.length, 1);
    assert.deepEqual({ ...result.deadLetters[0], messageId: '' }, { queue: 'OrdersDlq', messageId: '', body: 'bad', receiveCount: 3 });
    assert.match(result.invocations[0].notes.join(' '), /1 of 2 messages returned to Orders; visible again in 60 s \(to OrdersDlq after 3 receives\)/);
  });

  test('a function error returns the whole batch; a malformed batchItemFailures fails the whole batch (services-sqs-errorhandling.html)', async () => {
    const { run, topology, calls } = setup({
      Worker: (_event, n) => {
        if (n === 1) throw new Fail('boom');
        if (n === 2) return { batchItemFailures: [{ itemIdentifier: '' }] };
        return { batchItemFailures: [] };
      },
    });
    run.sendMessages(key(topology, 'Orders'), [{ body: 'x' }, { body: 'y' }]);
    const result = await run.run();
    assert.deepEqual(calls.map((c) => bodies(c.event)), [['x', 'y'], ['x', 'y'], ['x', 'y']]);
    assert.match(result.invocations[1].notes.join(' '), /malformed/);
    assert.deepEqual(result.deadLetters, []);
  });

  test('without ReportBatchItemFailures a returned list is ignored and the batch succeeds; the batching window collects messages; filters drop what does not match (invocation-eventfiltering.html)', async () => {
    const { run, topology, calls } = setup({ PlainWorker: (event) => ({ batchItemFailures: [{ itemIdentifier: event.Records[0].messageId }] }) });
    run.sendMessages(key(topology, 'Plain'), [{ body: '{"kind":"order","id":1}' }, { body: '{"kind":"ping"}' }, { body: 'not json' }, { body: '{"kind":"order","id":2}' }]);
    const result = await run.run();
    assert.equal(calls.length, 1);
    assert.deepEqual(bodies(calls[0].event), ['{"kind":"order","id":1}', '{"kind":"order","id":2}']);
    assert.equal(result.invocations[0].at, 5_000, 'one batch after the 5 s batching window');
  });

  test('FIFO: a message group waits while one of its messages is in flight or retried; other groups go on (with-sqs.html "FIFO queues")', async () => {
    const { run, topology, calls } = setup({
      FifoWorker: (event, n) => {
        if (event.Records[0].body === 'a1' && n === 1) throw new Fail('first try fails');
        return null;
      },
    });
    run.sendMessages(key(topology, 'Jobs'), [
      { body: 'a1', groupId: 'a', deduplicationId: '1' },
      { body: 'a2', groupId: 'a', deduplicationId: '2' },
      { body: 'b1', groupId: 'b', deduplicationId: '3' },
      { body: 'a1 again', groupId: 'a', deduplicationId: '1' },
    ]);
    await run.run();
    assert.deepEqual(calls.map((c) => bodies(c.event)[0]), ['a1', 'b1', 'a1', 'a2']);
  });
});

describe('Kinesis and DynamoDB stream mappings ("Using Lambda with Kinesis", with-kinesis.html; kinesis-on-failure-destination.html)', () => {
  test('bisect on function error isolates the bad record; retries are limited; the batch info goes to the on-failure destination; the rest of the shard goes on in order', async () => {
    const { run, topology, calls } = setup({
      StreamWorker: (event) => {
        const data = event.Records.map((r: { kinesis: { data: string } }) => Buffer.from(r.kinesis.data, 'base64').toString());
        if (data.includes('r3')) throw new Fail('bad record');
        return null;
      },
    });
    const stream = topology.streams[0].stream;
    run.putRecords(stream, ['r1', 'r2', 'r3', 'r4', 'r5'].map((d) => ({ partitionKey: 'p', data: d })));
    const result = await run.run();
    const seen = calls.map((c) => c.event.Records.map((r: { kinesis: { data: string } }) => Buffer.from(r.kinesis.data, 'base64').toString()).join(','));
    assert.deepEqual(seen, ['r1,r2,r3,r4', 'r1,r2', 'r3,r4', 'r3', 'r3', 'r4', 'r5']);
    assert.equal(result.deadLetters.length, 1);
    const record = JSON.parse(result.deadLetters[0].body);
    assert.equal(result.deadLetters[0].queue, 'Failures');
    assert.equal(record.requestContext.condition, 'RetryAttemptsExhausted');
    assert.equal(record.requestContext.approximateInvokeCount, 2);
    assert.equal(record.KinesisBatchInfo.batchSize, 1);
    assert.equal(record.KinesisBatchInfo.startSequenceNumber, calls[3].event.Records[0].kinesis.sequenceNumber);
  });

  test('without retry limits a failing batch blocks the shard until a budget stops the flow, and says so', async () => {
    const project = parseServerlessFramework(
      '/ws/serverless.yml',
      `service: s
provider: { name: aws, runtime: nodejs22.x }
functions:
  proc:
    handler: h.handler
    events:
      - stream: { type: kinesis, arn: arn:aws:kinesis:eu-west-1:123456789012:stream/events, functionResponseType: ReportBatchItemFailures }
`,
    );
    const topology = buildTopology([project]);
    let calls = 0;
    const seen: string[] = [];
    const run = new FlowRun(topology, async (req) => {
      calls++;
      const records = (req.event as { Records: Array<{ kinesis: { sequenceNumber: string; data: string } }> }).Records;
      seen.push(records.map((r) => Buffer.from(r.kinesis.data, 'base64').toString()).join(','));
      // The last record always fails: a poison record.
      return { target: 'local', functionName: 'proc', requestId: String(calls), logs: '', result: { batchItemFailures: [{ itemIdentifier: records[records.length - 1].kinesis.sequenceNumber }] } };
    }, { maxInvocations: 6 });
    run.putRecords(topology.streams[0].stream, [{ partitionKey: 'a', data: 'one' }, { partitionKey: 'a', data: 'two' }]);
    const result = await run.run();
    assert.equal(calls, 6);
    assert.match(result.stopped ?? '', /stopped after 6 invocations/);
    assert.match(result.invocations[0].notes.join(' '), /shard is blocked/);
    // The partial failure checkpointed after "one": every retry starts at "two".
    assert.deepEqual(seen, ['one,two', 'two', 'two', 'two', 'two', 'two']);
  });
});

describe('Asynchronous invocation ("Asynchronous invocation", invocation-async.html; invocation-async-retain-records.html)', () => {
  test('a failing event is tried 1 + MaximumRetryAttempts times, 1 and 2 minutes apart, then its record goes to the on-failure destination', async () => {
    const { run, topology, calls } = setup({ Chained: () => { throw new Fail('always'); } });
    run.invokeAsync(topology.functionByName('Chained')!, { orderId: '42' }, undefined);
    const result = await run.run();
    assert.deepEqual(calls.map((c) => c.fn), ['Chained', 'Chained', 'Chained']);
    assert.deepEqual(result.invocations.map((i) => [i.attempt, i.at]), [[1, 0], [2, 60_005], [3, 180_010]]);
    const record = JSON.parse(result.deadLetters[0].body);
    assert.equal(record.requestContext.condition, 'RetriesExhausted');
    assert.equal(record.requestContext.approximateInvokeCount, 3);
    assert.deepEqual(record.requestPayload, { orderId: '42' });
    assert.equal(record.responseContext.functionError, 'Unhandled');
    assert.equal(record.responsePayload.errorMessage, 'always');
  });

  test('a success goes to the on-success destination function, with the response payload', async () => {
    const { run, topology, calls } = setup({ Chained: () => ({ ok: true }) });
    run.invokeAsync(topology.functionByName('Chained')!, { orderId: '7' }, undefined);
    const result = await run.run();
    assert.deepEqual(calls.map((c) => c.fn), ['Chained', 'Audit']);
    assert.equal(calls[1].event.requestContext.condition, 'Success');
    assert.deepEqual(calls[1].event.responsePayload, { ok: true });
    assert.equal(result.invocations[1].parentId, result.invocations[0].id);
    assert.equal(result.invocations[1].trigger, 'destination:onSuccess');
  });
});

describe('EventBridge, S3, SNS and schedules', () => {
  test('PutEvents invokes the functions whose rule pattern matches (eb-event-patterns.html)', async () => {
    const { run, calls } = setup({});
    const delivered = run.putEvents([
      { source: 'shop.orders', detailType: 'OrderPlaced', detail: { total: 250 } },
      { source: 'shop.orders', detailType: 'OrderPlaced', detail: { total: 20 } },
      { source: 'shop.returns', detailType: 'OrderPlaced', detail: { total: 500 } },
    ]);
    await run.run();
    assert.equal(delivered, 1);
    assert.deepEqual(calls.map((c) => [c.fn, c.event.detail.total, c.event['detail-type']]), [['OnOrder', 250, 'OrderPlaced']]);
  });

  test('an S3 notification fires for matching events, prefix and suffix only (EventNotifications.html)', async () => {
    const { run, topology, calls } = setup({});
    const bucket = topology.s3[0].bucket;
    run.s3Event(bucket, { bucket: 'uploads', key: 'incoming/day 1.csv', size: 10, eventName: 'ObjectCreated:Put' });
    run.s3Event(bucket, { bucket: 'uploads', key: 'incoming/day1.json', size: 10, eventName: 'ObjectCreated:Put' });
    run.s3Event(bucket, { bucket: 'uploads', key: 'other/day1.csv', size: 10, eventName: 'ObjectCreated:Put' });
    run.s3Event(bucket, { bucket: 'uploads', key: 'incoming/day2.csv', size: 0, eventName: 'ObjectRemoved:Delete' });
    await run.run();
    assert.deepEqual(calls.map((c) => c.event.Records[0].s3.object.key), ['incoming/day+1.csv']);
    assert.equal(calls[0].event.Records[0].eventName, 'ObjectCreated:Put');
  });

  test('SNS delivers to subscriptions whose filter policy matches the message attributes (sns-subscription-filter-policies.html)', async () => {
    const { run, topology, calls } = setup({});
    const topic = topology.sns[0].topic;
    run.publish(topic, 'disk full', 'Alert', { severity: { Type: 'String', Value: 'high' } });
    run.publish(topic, 'fyi', 'Alert', { severity: { Type: 'String', Value: 'low' } });
    await run.run();
    assert.deepEqual(calls.map((c) => c.event.Records[0].Sns.Message), ['disk full']);
  });

  test('the next N firings of a schedule invoke the function with the scheduled event, at their times', async () => {
    const { run, topology, calls } = setup({});
    const times = run.fireSchedule(topology.schedules[0], 2);
    const result = await run.run();
    assert.deepEqual(times.map((t) => t.toISOString()), ['2026-12-01T02:00:00.000Z', '2026-12-02T02:00:00.000Z']);
    assert.deepEqual(calls.map((c) => [c.event['detail-type'], c.event.time]), [['Scheduled Event', '2026-12-01T02:00:00Z'], ['Scheduled Event', '2026-12-02T02:00:00Z']]);
    assert.equal(result.invocations[1].at, Date.parse('2026-12-02T02:00:00Z') - Date.parse('2026-11-30T12:00:00Z'));
  });
});
