import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { localResourceValues } from '../../../src/flows/localCloud';
import { buildTopology, functionNameOf, lambdaLogicalId, parseArnOrName } from '../../../src/flows/topology';
import { parseCloudFormation } from '../../../src/model/cloudFormation';
import { parseServerlessFramework } from '../../../src/model/serverlessFramework';

describe('flow topology from the model', () => {
  test('triggers wired by separate resources feed flows like inline events (event source mappings, rules, schedules)', () => {
    const p = parseCloudFormation(
      '/ws/t.yaml',
      `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Q:
    Type: AWS::SQS::Queue
    Properties: { VisibilityTimeout: 45, RedrivePolicy: '{"deadLetterTargetArn": "arn:aws:sqs:eu-west-1:123456789012:dlq-name", "maxReceiveCount": "4"}' }
  Dlq:
    Type: AWS::SQS::Queue
    Properties: { QueueName: dlq-name }
  Fn:
    Type: AWS::Lambda::Function
    Properties: { Runtime: nodejs22.x, Handler: index.handler, Code: { ZipFile: 'x' } }
  Map:
    Type: AWS::Lambda::EventSourceMapping
    Properties: { EventSourceArn: !GetAtt Q.Arn, FunctionName: !Ref Fn, BatchSize: 5, FunctionResponseTypes: [ReportBatchItemFailures] }
  Rule:
    Type: AWS::Events::Rule
    Properties: { EventPattern: { source: [my.app] }, Targets: [{ Arn: !GetAtt Fn.Arn, Id: t1 }] }
  Sched:
    Type: AWS::Events::Rule
    Properties: { ScheduleExpression: rate(5 minutes), Targets: [{ Arn: !GetAtt Fn.Arn, Id: t2 }] }
  Invoke:
    Type: AWS::Lambda::EventInvokeConfig
    Properties: { FunctionName: !Ref Fn, Qualifier: $LATEST, MaximumRetryAttempts: 0, DestinationConfig: { OnFailure: { Destination: !GetAtt Dlq.Arn } } }
`,
    );
    const t = buildTopology([p]);
    const q = t.queues.get(t.sqs[0].queue.key)!;
    assert.deepEqual([q.name, q.visibilityTimeoutSeconds, q.redrive?.deadLetter.name, q.redrive?.maxReceiveCount], ['Q', 45, 'dlq-name', 4]);
    assert.deepEqual([t.sqs[0].batchSize, t.sqs[0].reportBatchItemFailures], [5, true]);
    assert.deepEqual(t.rules.map((r) => r.pattern), [{ source: ['my.app'] }]);
    assert.deepEqual(t.schedules.map((s) => s.expression), ['rate(5 minutes)']);
    const cfg = t.asyncConfig(t.functions[0]);
    assert.deepEqual([cfg.maxRetryAttempts, cfg.onFailure?.kind, cfg.onFailure?.name], [0, 'sqs', 'dlq-name']);
  });

  test('Serverless Framework: functions by logical id (HelloLambdaFunction), streams, destinations, onError', () => {
    const p = parseServerlessFramework(
      '/ws/serverless.yml',
      `service: shop
provider: { name: aws, runtime: nodejs22.x, stage: dev }
functions:
  hello-world:
    handler: h.hello
    destinations: { onSuccess: audit, onFailure: arn:aws:sqs:eu-west-1:123456789012:failures }
    maximumRetryAttempts: 1
  audit:
    handler: h.audit
    onError: arn:aws:sns:eu-west-1:123456789012:alerts
    events:
      - stream: { type: kinesis, arn: { Fn::GetAtt: [Events, Arn] }, batchSize: 50, bisectBatchOnFunctionError: true, maximumRetryAttempts: 2, destinations: { onFailure: arn:aws:sqs:eu-west-1:123456789012:failures } }
resources:
  Resources:
    Events:
      Type: AWS::Kinesis::Stream
      Properties: { ShardCount: 1 }
`,
    );
    const t = buildTopology([p]);
    assert.equal(lambdaLogicalId('hello-world'), 'HelloDashworldLambdaFunction');
    assert.equal(t.functionByName('HelloDashworldLambdaFunction')?.fn.name, 'hello-world');
    assert.equal(t.functionByName('shop-dev-audit')?.fn.name, 'audit');
    assert.equal(t.functionByName('arn:aws:lambda:eu-west-1:123456789012:function:shop-dev-audit:$LATEST')?.fn.name, 'audit');
    const hello = t.asyncConfig(t.functions[0]);
    assert.deepEqual([hello.maxRetryAttempts, hello.onSuccess?.kind, hello.onSuccess?.name, hello.onFailure?.kind, hello.onFailure?.name], [1, 'lambda', 'audit', 'sqs', 'failures']);
    assert.deepEqual([t.asyncConfig(t.functions[1]).deadLetter?.kind, t.asyncConfig(t.functions[1]).deadLetter?.name], ['sns', 'alerts']);
    const s = t.streams[0];
    assert.deepEqual([s.kind, s.stream.name, s.batchSize, s.bisect, s.maxRetryAttempts, s.onFailure?.name], ['kinesis', 'Events', 50, true, 2, 'failures']);
  });

  test('ARNs and names as the Invoke API takes them', () => {
    assert.deepEqual(parseArnOrName('arn:aws:dynamodb:eu-west-1:123456789012:table/orders/stream/2026-01-01T00:00:00.000', 'unknown'), { kind: 'dynamodb', name: 'orders' });
    assert.deepEqual(parseArnOrName('arn:aws:events:eu-west-1:123456789012:event-bus/shop', 'unknown'), { kind: 'eventbridge', name: 'shop' });
    assert.equal(functionNameOf('123456789012:function:my-fn'), 'my-fn');
    assert.equal(functionNameOf('my-fn:prod'), 'my-fn');
  });

  test('environment references get local values: functions, queues, tables, buckets, !Sub over pseudo parameters', () => {
    const p = parseCloudFormation(
      '/ws/t.yaml',
      `Transform: AWS::Serverless-2016-10-31
Resources:
  Jobs: { Type: AWS::SQS::Queue }
  Orders: { Type: AWS::DynamoDB::Table, Properties: { TableName: orders, KeySchema: [{ AttributeName: pk, KeyType: HASH }] } }
  Files: { Type: AWS::S3::Bucket }
  Next: { Type: AWS::Serverless::Function, Properties: { FunctionName: next-fn, Handler: a.h, Runtime: nodejs22.x, InlineCode: x } }
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: a.h
      Runtime: nodejs22.x
      InlineCode: x
      Environment:
        Variables:
          NEXT: !Ref Next
          NEXT_ARN: !GetAtt Next.Arn
          QUEUE_URL: !Ref Jobs
          QUEUE_ARN: !GetAtt Jobs.Arn
          TABLE: !Ref Orders
          BUCKET: !Ref Files
          MACHINE: !Sub arn:aws:states:\${AWS::Region}:\${AWS::AccountId}:stateMachine:flow
          UNKNOWN: !ImportValue other-stack-output
`,
    );
    const fn = p.functions.find((f) => f.name === 'Fn')!;
    assert.deepEqual(localResourceValues(fn, p, 'eu-west-1', [p]), {
      NEXT: 'next-fn',
      NEXT_ARN: 'arn:aws:lambda:eu-west-1:123456789012:function:next-fn',
      QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/Jobs',
      QUEUE_ARN: 'arn:aws:sqs:eu-west-1:123456789012:Jobs',
      TABLE: 'orders',
      BUCKET: 'files',
      MACHINE: 'arn:aws:states:eu-west-1:123456789012:stateMachine:flow',
    });
  });
});
