import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { eventChoices, eventKinds, generateEvent, resolveEventKind } from '../../../src/events/catalogue';
import { triggerTypes } from '../../../src/model/types';
import { parseCloudFormation } from '../../../src/model/cloudFormation';
import { fnNamed, samProject, sfProject } from './fixtures';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('event catalogue', () => {
  test('ids are unique and every trigger type with an event source has a generator', () => {
    const ids = eventKinds.map((k) => k.id);
    assert.equal(new Set(ids).size, ids.length);
    const covered = new Set(eventKinds.filter((k) => k.platform === 'aws').map((k) => k.triggerType));
    const awsTypes = triggerTypes.filter((t) => !['queue', 'blob', 'serviceBus', 'eventHub', 'cosmosDB', 'eventGrid', 'other'].includes(t));
    for (const t of awsTypes) assert.ok(covered.has(t), `no AWS event for trigger type ${t}`);
    for (const t of ['http', 'schedule', 'queue', 'blob', 'serviceBus', 'eventHub', 'cosmosDB', 'eventGrid'] as const) assert.ok(eventKinds.some((k) => k.platform === 'azure' && k.triggerType === t), `no Azure event for ${t}`);
  });
  test('generic events are deterministic JSON', () => {
    for (const k of eventKinds) {
      const a = generateEvent(k.id);
      assert.deepEqual(JSON.parse(JSON.stringify(a)), a, k.id);
      assert.deepEqual(generateEvent(k.id), a, `${k.id} is not deterministic`);
    }
  });
  test('unknown type is a one-line error', () => {
    assert.throws(() => generateEvent('nope'), /unknown event type "nope"; see "events list"/);
  });
});

describe('events filled from trigger config (Serverless Framework)', () => {
  const project = sfProject();
  test('REST: method, path and path parameters', () => {
    const e = generateEvent('apigateway-rest', { fn: fnNamed(project, 'api'), project }) as Json;
    assert.equal(e.httpMethod, 'PUT');
    assert.equal(e.resource, '/users/{userId}/orders/{orderId}');
    assert.equal(e.path, '/users/123/orders/123');
    assert.deepEqual(e.pathParameters, { userId: '123', orderId: '123' });
    assert.equal(e.requestContext.stage, 'prod');
    assert.equal(typeof e.body, 'string');
  });
  test('HTTP API: greedy path parameter and route key', () => {
    const e = generateEvent('apigateway-http', { fn: fnNamed(project, 'api'), project }) as Json;
    assert.equal(e.routeKey, 'GET /items/{proxy+}');
    assert.equal(e.rawPath, '/items/some/nested/path');
    assert.deepEqual(e.pathParameters, { proxy: 'some/nested/path' });
  });
  test('WebSocket route and ALB conditions', () => {
    const ws = generateEvent('websocket-message', { fn: fnNamed(project, 'api'), project }) as Json;
    assert.equal(ws.requestContext.routeKey, 'sendMessage');
    const alb = generateEvent('alb', { fn: fnNamed(project, 'api'), project }) as Json;
    assert.equal(alb.path, '/albpath');
    assert.equal(alb.httpMethod, 'POST');
  });
  test('S3: bucket, prefix and suffix; delete event from the configured event', () => {
    const fn = fnNamed(project, 'files');
    const choices = eventChoices(fn, { project });
    assert.equal(choices[0].kind.id, 's3-delete');
    const e = generateEvent('s3-delete', { fn, project }) as Json;
    const r = e.Records[0];
    assert.equal(r.s3.bucket.name, 'shop-uploads');
    assert.equal(r.s3.bucket.arn, 'arn:aws:s3:::shop-uploads');
    assert.match(r.s3.object.key, /^incoming\/sample\.csv$/);
    assert.equal(r.eventName, 'ObjectRemoved:Delete');
    assert.equal(r.awsRegion, 'eu-west-1');
  });
  test('queue, topic and stream ARNs; FIFO queues get FIFO events', () => {
    const fn = fnNamed(project, 'queue');
    assert.deepEqual(
      eventChoices(fn, { project }).slice(0, 4).map((c) => c.kind.id),
      ['sqs-fifo', 'sns', 'dynamodb-insert', 'kinesis'],
    );
    const sqs = generateEvent('sqs-fifo', { fn, project }) as Json;
    assert.equal(sqs.Records[0].eventSourceARN, 'arn:aws:sqs:eu-west-1:111122223333:orders.fifo');
    assert.equal(sqs.Records[0].attributes.MessageGroupId, 'group-1');
    assert.equal((generateEvent('sns', { fn, project }) as Json).Records[0].Sns.TopicArn, 'arn:aws:sns:eu-west-1:111122223333:alerts');
    assert.match((generateEvent('dynamodb-modify', { fn, project }) as Json).Records[0].eventSourceARN, /table\/Orders\/stream/);
    const modify = (generateEvent('dynamodb-modify', { fn, project }) as Json).Records[0].dynamodb;
    assert.ok(modify.OldImage && modify.NewImage);
    const remove = (generateEvent('dynamodb-remove', { fn, project }) as Json).Records[0].dynamodb;
    assert.ok(remove.OldImage && !remove.NewImage);
    assert.equal((generateEvent('kinesis', { fn, project }) as Json).Records[0].eventSourceARN, 'arn:aws:kinesis:eu-west-1:111122223333:stream/clicks');
  });
  test('schedule input, EventBridge pattern, IoT topic, Cognito trigger, log group', () => {
    const fn = fnNamed(project, 'timed');
    assert.deepEqual(generateEvent('schedule', { fn, project }), { job: 'cleanup' });
    const second = generateEvent('schedule', { fn, project, trigger: fn.triggers[1] }) as Json;
    assert.equal(second['detail-type'], 'Scheduled Event');
    assert.match(second.resources[0], /^arn:aws:events:eu-west-1:123456789012:rule\//);
    const eb = generateEvent('eventbridge', { fn, project }) as Json;
    assert.equal(eb.source, 'shop.orders');
    assert.equal(eb['detail-type'], 'OrderShipped');
    assert.deepEqual(eb.detail, { status: 'shipped' });
    assert.equal((generateEvent('iot', { fn, project }) as Json).topic, 'sensors/device-1/temperature');
    const choices = eventChoices(fn, { project }).map((c) => c.kind.id);
    assert.ok(choices.includes('cognito-custom-message'));
    assert.ok(choices.indexOf('cognito-custom-message') < choices.indexOf('cognito-pre-sign-up'));
    const logs = generateEvent('cloudwatch-logs', { fn, project }) as Json;
    const payload = JSON.parse(gunzipSync(Buffer.from(logs.awslogs.data, 'base64')).toString('utf8'));
    assert.equal(payload.logGroup, '/aws/lambda/other');
    assert.equal(payload.messageType, 'DATA_MESSAGE');
    assert.match(payload.logEvents[0].message, /^ERROR /);
  });
  test('Kafka, MQ, Alexa, Function URL', () => {
    const fn = fnNamed(project, 'streams');
    const msk = generateEvent('msk', { fn, project }) as Json;
    assert.equal(msk.eventSourceArn, 'arn:aws:kafka:eu-west-1:111122223333:cluster/shop/abc-1');
    assert.ok(msk.records['payments-0']);
    const smk = generateEvent('kafka-self-managed', { fn, project }) as Json;
    assert.equal(smk.bootstrapServers, 'broker1.example.com:9092');
    assert.ok(smk.records['clicks-0']);
    const ids = eventChoices(fn, { project }).map((c) => c.kind.id);
    assert.deepEqual(ids.slice(0, 5), ['msk', 'kafka-self-managed', 'mq-rabbitmq', 'alexa', 'function-url']);
    const mq = generateEvent('mq-rabbitmq', { fn, project }) as Json;
    assert.equal(mq.eventSource, 'aws:rmq');
    assert.ok(mq.rmqMessagesByQueue['jobs::/']);
    assert.equal((generateEvent('alexa', { fn, project }) as Json).session.application.applicationId, 'amzn1.ask.skill.abc');
    assert.equal((generateEvent('function-url', { fn, project }) as Json).requestContext.authorizer.iam.accountId, '123456789012');
  });
  test('a trigger type resolves to the variant its config asks for', () => {
    assert.equal(resolveEventKind('sqs', fnNamed(project, 'queue'))?.id, 'sqs-fifo');
    assert.equal(resolveEventKind('s3')?.id, 's3-put');
    assert.equal(resolveEventKind('http', undefined, true)?.id, 'azure-http');
    assert.equal(resolveEventKind('s3-delete')?.id, 's3-delete');
    assert.equal(resolveEventKind('bogus'), undefined);
  });
});

describe('events filled from trigger config (SAM)', () => {
  const project = samProject();
  const fn = fnNamed(project, 'Thumbs');
  test('S3 filter rules and a bucket reference', () => {
    const r = (generateEvent('s3-put', { fn, project }) as Json).Records[0];
    assert.equal(r.s3.bucket.name, 'upload-bucket');
    assert.equal(r.s3.object.key, 'images/sample.png');
    assert.equal(r.eventName, 'ObjectCreated:Put');
  });
  test('queue reference, API path, EventBridge pattern, Cognito list, log group', () => {
    assert.equal((generateEvent('sqs', { fn, project }) as Json).Records[0].eventSourceARN, 'arn:aws:sqs:us-east-1:123456789012:JobsQueue');
    const api = generateEvent('apigateway-rest', { fn, project }) as Json;
    assert.equal(api.path, '/thumbnails/123');
    assert.equal(api.httpMethod, 'GET');
    const eb = generateEvent('eventbridge', { fn, project }) as Json;
    assert.deepEqual([eb.source, eb['detail-type']], ['media.uploads', 'ImageUploaded']);
    assert.equal(eventChoices(fn, { project }).find((c) => c.kind.triggerType === 'cognito')?.kind.id, 'cognito-pre-sign-up');
    const logs = generateEvent('cloudwatch-logs', { fn, project }) as Json;
    assert.equal(JSON.parse(gunzipSync(Buffer.from(logs.awslogs.data, 'base64')).toString()).logGroup, '/app/logs');
  });
});

test('an EventBridge rule whose EventPattern is empty or no mapping gets the default sample (fuzz mutant line-duplicate 0xb7db8233)', () => {
  // `EventPattern:` followed by lines at its own level is null: the generator read `.detail` of it and threw.
  for (const pattern of ['', ' 12', ' [a, b]']) {
    const text = [
      'Transform: AWS::Serverless-2016-10-31',
      'Resources:',
      '  Fn:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Handler: app.handler',
      '      Runtime: nodejs22.x',
      '  Rule:',
      '    Type: AWS::Events::Rule',
      '    Properties:',
      `      EventPattern:${pattern}`,
      '      Targets:',
      '        - Arn: !GetAtt Fn.Arn',
      '          Id: Target',
    ].join('\n');
    const project = parseCloudFormation('/ws/t/template.yaml', text);
    const fn = project.functions[0];
    assert.deepEqual(fn.triggers.map((t) => t.type), ['eventbridge'], JSON.stringify(pattern));
    const eb = generateEvent('eventbridge', { fn, project }) as Json;
    assert.deepEqual([eb.source, eb['detail-type'], eb.detail], ['com.example.orders', 'OrderPlaced', { orderId: '123', status: 'created' }]);
  }
});

test('a route with 50,000 unclosed `{` comes back as written; one with `{{id}` fills the parameter (fuzz mutant huge-scalar 0xbe5d9d4f)', async () => {
  // `\{([^}]+)\}` tried every `{` against the rest of the line (seconds); a parameter cannot contain `{`.
  const { parseServerlessFramework } = await import('../../../src/model/serverlessFramework');
  for (const [path, want, params] of [
    [`"${'/{'.repeat(50_000)}"`, '/{'.repeat(50_000), null],
    ['"/a/{{id}"', '/a/{123', { id: '123' }],
  ] as const) {
    const project = parseServerlessFramework('/ws/s/serverless.yml', `service: s\nprovider:\n  name: aws\n  runtime: nodejs22.x\nfunctions:\n  f:\n    handler: h.h\n    events:\n      - httpApi: GET ${path}\n`.replace(`GET "`, '"GET '));
    const fn = project.functions[0];
    const ev = generateEvent('apigateway-http', { fn, project }) as Json;
    assert.equal(ev.rawPath, want);
    assert.deepEqual(ev.pathParameters ?? null, params);
  }
});
