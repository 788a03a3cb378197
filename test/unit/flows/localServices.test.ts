import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { ConditionalCheckFailedException, DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand, UpdateItemCommand, DeleteItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { LocalCloud } from '../../../src/flows/localCloud';
import type { FlowInvocation } from '../../../src/flows/flowRun';
import { parseCloudFormation } from '../../../src/model/cloudFormation';
import type { LocalInvokeRequest } from '../../../src/invoke/localRuntime';

// The local services answer the real AWS SDK v3 clients over their own wire protocols (JSON 1.0/1.1, query, REST-XML),
// and what they do feeds the flow: a DynamoDB write reaches the table's stream trigger, an S3 put the bucket's
// notification, a message its queue's consumer. The handlers here are stand-ins that record their events.
const template = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Orders:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: orders
      KeySchema: [{ AttributeName: pk, KeyType: HASH }, { AttributeName: sk, KeyType: RANGE }]
      AttributeDefinitions: [{ AttributeName: pk, AttributeType: S }, { AttributeName: sk, AttributeType: S }]
      StreamSpecification: { StreamViewType: NEW_AND_OLD_IMAGES }
  Projector:
    Type: AWS::Serverless::Function
    Properties:
      Handler: p.handler
      Runtime: nodejs22.x
      Events:
        Stream:
          Type: DynamoDB
          Properties: { Stream: !GetAtt Orders.StreamArn, StartingPosition: TRIM_HORIZON, BatchSize: 10 }
  Uploads:
    Type: AWS::S3::Bucket
  OnUpload:
    Type: AWS::Serverless::Function
    Properties:
      Handler: u.handler
      Runtime: nodejs22.x
      Events:
        Put:
          Type: S3
          Properties:
            Bucket: !Ref Uploads
            Events: s3:ObjectCreated:*
            Filter: { S3Key: { Rules: [{ Name: prefix, Value: incoming/ }] } }
  Jobs:
    Type: AWS::SQS::Queue
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Handler: w.handler
      Runtime: nodejs22.x
      Events:
        Queue: { Type: SQS, Properties: { Queue: !GetAtt Jobs.Arn, BatchSize: 10 } }
  Alerts:
    Type: AWS::SNS::Topic
  OnAlert:
    Type: AWS::Serverless::Function
    Properties:
      Handler: a.handler
      Runtime: nodejs22.x
      Events:
        Alert: { Type: SNS, Properties: { Topic: !Ref Alerts, FilterPolicy: { level: [high] } } }
  OnOrder:
    Type: AWS::Serverless::Function
    Properties:
      Handler: o.handler
      Runtime: nodejs22.x
      Events:
        Placed: { Type: EventBridgeRule, Properties: { Pattern: { source: [shop], detail-type: [OrderPlaced] } } }
`;

const project = parseCloudFormation('/ws/template.yaml', template);
const seen: Array<{ fn: string; event: any }> = []; // eslint-disable-line @typescript-eslint/no-explicit-any
let cloud: LocalCloud;
let endpoint: string;
const config = (): { endpoint: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string } } => ({ endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local' } });

before(async () => {
  cloud = new LocalCloud({
    runtime: async (req: LocalInvokeRequest) => {
      seen.push({ fn: req.fn.name, event: req.event });
      return { target: 'local', functionName: req.fn.name, requestId: String(seen.length), logs: '', result: null };
    },
    projects: () => [project],
    hostEnv: {},
    region: 'eu-west-1',
  });
  endpoint = await cloud.endpointUrl();
});
after(() => cloud.dispose());

async function drained(): Promise<FlowInvocation[]> {
  await cloud.settle();
  return cloud.flowList().flatMap((f) => f.run.invocations);
}

describe('local DynamoDB (JSON 1.0): expressions and streams (Expressions.html, Streams.html)', () => {
  test('conditional puts, updates with SET and a version check, queries, deletes; each change reaches the stream trigger in order', async () => {
    seen.length = 0;
    const db = new DynamoDBClient(config());
    await db.send(new PutItemCommand({ TableName: 'orders', Item: { pk: { S: 'o#1' }, sk: { S: 'v#1' }, total: { N: '10' } }, ConditionExpression: 'attribute_not_exists(pk)' }));
    await assert.rejects(
      db.send(new PutItemCommand({ TableName: 'orders', Item: { pk: { S: 'o#1' }, sk: { S: 'v#1' } }, ConditionExpression: 'attribute_not_exists(pk)' })),
      (err: unknown) => err instanceof ConditionalCheckFailedException && /conditional request failed/.test((err as Error).message),
    );
    const update = (version: number): UpdateItemCommand =>
      new UpdateItemCommand({
        TableName: 'orders',
        Key: { pk: { S: 'o#1' }, sk: { S: 'v#1' } },
        UpdateExpression: 'SET #v = :v, #s = :s ADD touches :one',
        ConditionExpression: 'attribute_not_exists(#v) OR #v < :v',
        ExpressionAttributeNames: { '#v': 'version', '#s': 'state' },
        ExpressionAttributeValues: { ':v': { N: String(version) }, ':s': { M: { paid: { BOOL: true } } }, ':one': { N: '1' } },
        ReturnValues: 'ALL_NEW',
      });
    const updated = await db.send(update(2));
    assert.deepEqual(updated.Attributes?.version, { N: '2' });
    assert.deepEqual(updated.Attributes?.touches, { N: '1' });
    await assert.rejects(db.send(update(1)), ConditionalCheckFailedException);
    const doc = DynamoDBDocumentClient.from(db);
    await doc.send(new PutCommand({ TableName: 'orders', Item: { pk: 'o#1', sk: 'v#2', total: 12, tags: ['a'] } }));
    assert.deepEqual((await doc.send(new GetCommand({ TableName: 'orders', Key: { pk: 'o#1', sk: 'v#2' } }))).Item, { pk: 'o#1', sk: 'v#2', total: 12, tags: ['a'] });
    const q = await db.send(new QueryCommand({ TableName: 'orders', KeyConditionExpression: 'pk = :p AND begins_with(sk, :v)', ExpressionAttributeValues: { ':p': { S: 'o#1' }, ':v': { S: 'v#' } }, ScanIndexForward: false }));
    assert.deepEqual(q.Items?.map((i) => i.sk.S), ['v#2', 'v#1']);
    await db.send(new DeleteItemCommand({ TableName: 'orders', Key: { pk: { S: 'o#1' }, sk: { S: 'v#2' } } }));
    assert.equal((await db.send(new GetItemCommand({ TableName: 'orders', Key: { pk: { S: 'o#1' }, sk: { S: 'v#2' } } }))).Item, undefined);
    await assert.rejects(db.send(new GetItemCommand({ TableName: 'nope', Key: { pk: { S: 'x' } } })), /ResourceNotFoundException|Requested resource not found/);

    await drained();
    const records = seen.filter((s) => s.fn === 'Projector').flatMap((s) => s.event.Records as Array<{ eventName: string; dynamodb: { NewImage?: { sk: { S: string } }; OldImage?: unknown } }>);
    assert.deepEqual(records.map((r) => r.eventName), ['INSERT', 'MODIFY', 'INSERT', 'REMOVE']);
    assert.ok(records[1].dynamodb.OldImage, 'NEW_AND_OLD_IMAGES carries the old image of a MODIFY');
    db.destroy();
  });
});

describe('local S3 (REST-XML, path style): objects, listing, multipart, notifications (EventNotifications.html)', () => {
  test('put, get, list, a multipart upload through lib-storage, a batch delete; notifications for matching keys', async () => {
    seen.length = 0;
    const s3 = new S3Client(config());
    await s3.send(new PutObjectCommand({ Bucket: 'uploads', Key: 'incoming/a.txt', Body: 'hello', ContentType: 'text/plain', Metadata: { who: 'test' } }));
    await s3.send(new PutObjectCommand({ Bucket: 'uploads', Key: 'other/b.txt', Body: 'skip' }));
    const got = await s3.send(new GetObjectCommand({ Bucket: 'uploads', Key: 'incoming/a.txt' }));
    assert.equal(await got.Body?.transformToString(), 'hello');
    assert.equal(got.ContentType, 'text/plain');
    assert.equal(got.Metadata?.who, 'test');
    const big = Buffer.alloc(6 * 1024 * 1024 + 10, 7);
    await new Upload({ client: s3, params: { Bucket: 'uploads', Key: 'incoming/big.bin', Body: Readable.from([big]) }, partSize: 5 * 1024 * 1024 }).done();
    const list = await s3.send(new ListObjectsV2Command({ Bucket: 'uploads', Prefix: 'incoming/' }));
    assert.deepEqual(list.Contents?.map((c) => [c.Key, c.Size]), [['incoming/a.txt', 5], ['incoming/big.bin', big.length]]);
    await s3.send(new DeleteObjectsCommand({ Bucket: 'uploads', Delete: { Objects: [{ Key: 'incoming/a.txt' }, { Key: 'other/b.txt' }], Quiet: true } }));
    assert.equal((await s3.send(new ListObjectsV2Command({ Bucket: 'uploads' }))).KeyCount, 1);
    await assert.rejects(s3.send(new GetObjectCommand({ Bucket: 'uploads', Key: 'missing' })), /NoSuchKey/);
    await assert.rejects(s3.send(new PutObjectCommand({ Bucket: 'not-declared', Key: 'x', Body: 'x' })), /NoSuchBucket/);

    await drained();
    const events = seen.filter((s) => s.fn === 'OnUpload').map((s) => `${s.event.Records[0].eventName} ${s.event.Records[0].s3.object.key}`);
    assert.deepEqual(events, ['ObjectCreated:Put incoming/a.txt', 'ObjectCreated:CompleteMultipartUpload incoming/big.bin']);
    s3.destroy();
  });
});

describe('local SQS, SNS, EventBridge and Step Functions', () => {
  test('messages, notifications and events reach the functions they trigger; unknown queues are an SQS error', async () => {
    seen.length = 0;
    const sqs = new SQSClient(config());
    const url = `https://sqs.eu-west-1.amazonaws.com/123456789012/Jobs`;
    const sent = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: '{"job":1}' }));
    assert.match(sent.MessageId ?? '', /^[0-9a-f-]{36}$/);
    const batch = await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: 'a', MessageBody: 'two' }, { Id: 'b', MessageBody: 'three' }] }));
    assert.deepEqual(batch.Successful?.map((s) => s.Id), ['a', 'b']);
    await assert.rejects(sqs.send(new SendMessageCommand({ QueueUrl: `${url}-missing`, MessageBody: 'x' })), (err: Error) => err.name === 'QueueDoesNotExist');

    const sns = new SNSClient(config());
    await sns.send(new PublishCommand({ TopicArn: 'arn:aws:sns:eu-west-1:123456789012:Alerts', Message: 'disk full', MessageAttributes: { level: { DataType: 'String', StringValue: 'high' } } }));
    await sns.send(new PublishCommand({ TopicArn: 'arn:aws:sns:eu-west-1:123456789012:Alerts', Message: 'fyi', MessageAttributes: { level: { DataType: 'String', StringValue: 'low' } } }));

    const events = new EventBridgeClient(config());
    const put = await events.send(new PutEventsCommand({ Entries: [{ Source: 'shop', DetailType: 'OrderPlaced', Detail: '{"id":7}' }, { Source: 'other', DetailType: 'OrderPlaced', Detail: '{}' }] }));
    assert.equal(put.FailedEntryCount, 0);

    const sfn = new SFNClient(config());
    const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: 'arn:aws:states:eu-west-1:123456789012:stateMachine:Fulfil', name: 'order-7', input: '{}' }));
    assert.equal(started.executionArn, 'arn:aws:states:eu-west-1:123456789012:execution:Fulfil:order-7');
    await assert.rejects(sfn.send(new StartExecutionCommand({ stateMachineArn: 'arn:aws:states:eu-west-1:123456789012:stateMachine:Fulfil', name: 'order-7' })), (err: Error) => err.name === 'ExecutionAlreadyExists');

    await drained();
    const bodies = seen.filter((s) => s.fn === 'Worker').flatMap((s) => s.event.Records.map((r: { body: string }) => r.body));
    assert.deepEqual(bodies.sort(), ['three', 'two', '{"job":1}'].sort());
    assert.deepEqual(seen.filter((s) => s.fn === 'OnAlert').map((s) => s.event.Records[0].Sns.Message), ['disk full']);
    assert.deepEqual(seen.filter((s) => s.fn === 'OnOrder').map((s) => s.event.detail), [{ id: 7 }]);
    for (const c of [sqs, sns, events, sfn]) c.destroy();
  });
});
