import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultEventKind, eventChoices, generateEvent } from '../../src/events/catalogue';
import { parseCloudFormation } from '../../src/model/cloudFormation';
import { serverlessFunctionLogicalId } from '../../src/model/resourceWiring';
import { parseServerlessFramework } from '../../src/model/serverlessFramework';
import type { FunctionDef, Project, Trigger } from '../../src/model/types';
import { toPlain } from '../../src/model/types';
import { WorkspaceIndex } from '../../src/model/workspace';
import { nodeFileSystem } from '../../src/node/nodeFileSystem';
import { validateProject } from '../../src/validation/validate';
import { cli } from './helpers/cliHarness';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const fixtures = join(__dirname, '..', 'fixtures', 'wiring');
const samFile = join(fixtures, 'sam', 'template.yaml');
const sfFile = join(fixtures, 'serverless', 'serverless.yml');

function sam(): Project {
  return parseCloudFormation(samFile, readFileSync(samFile, 'utf8'));
}

function fn(project: Project, name: string): FunctionDef {
  const f = project.functions.find((x) => x.name === name);
  assert.ok(f, `function ${name}`);
  return f;
}

/** `type sourceType name @line` (1-based line of the trigger's range start). */
function summary(f: FunctionDef): string[] {
  return f.triggers.map((t) => `${t.type} ${t.sourceType} ${t.name} @${t.range.start.line + 1}`);
}

function config(t: Trigger): Json {
  return Object.fromEntries(Object.entries(t.config).map(([k, l]) => [k, toPlain(l.value)]));
}

describe('resource wiring in a SAM template', () => {
  const project = sam();

  test('every wiring resource becomes a trigger of the function it names, at the resource', () => {
    const table = Object.fromEntries(project.functions.map((f) => [f.name, summary(f)]));
    assert.deepEqual(table, {
      QueueWorker: ['sqs AWS::Lambda::EventSourceMapping JobsMapping @18'],
      // `Fn::GetAtt: [Fn, Arn]`, and `!Ref` of an AWS::Lambda::Alias of the function.
      StreamWorker: ['kinesis AWS::Lambda::EventSourceMapping ClicksMapping @38', 'dynamodb AWS::Lambda::EventSourceMapping OrdersMapping @50'],
      // SAM's `!Ref Fn.Alias` (AutoPublishAlias) and `!Sub '${Fn.Arn}'`.
      KafkaWorker: ['kafka AWS::Lambda::EventSourceMapping PaymentsMapping @63', 'kafka AWS::Lambda::EventSourceMapping ClicksKafkaMapping @70'],
      // A topic's own Subscription list (at the item; the e-mail item is no trigger) and a separate subscription.
      Notifier: ['sns AWS::SNS::Topic Alerts @86', 'sns AWS::SNS::Subscription AuditSubscription @93'],
      Cron: ['schedule AWS::Events::Rule Nightly @104', 'schedule AWS::Scheduler::Schedule Hourly @112', 'eventbridge AWS::Events::Rule Shipped @121'],
      Uploads: ['s3 AWS::S3::Bucket UploadBucket @139', 's3 AWS::S3::Bucket UploadBucket @146'],
      Web: ['functionUrl AWS::Lambda::Url WebUrl @151', 'alb AWS::ElasticLoadBalancingV2::TargetGroup WebTargets @156'],
      PipeTarget: ['sqs AWS::Pipes::Pipe OrdersPipe @182'],
      LogSubscriber: ['cloudwatchLog AWS::Logs::SubscriptionFilter ErrorsFilter @194'],
      Telemetry: ['iot AWS::IoT::TopicRule TelemetryRule @203'],
      SignUp: ['cognito AWS::Cognito::UserPool Users @218'],
      // The route that targets the integration is the trigger; the API's ProtocolType makes it a WebSocket route.
      Chat: ['websocket AWS::ApiGatewayV2::Route ChatSend @235'],
      Items: ['http AWS::ApiGateway::Method GetItem @260'],
      // A literal ARN naming the function's FunctionName, and `!Join` around `!Ref`.
      Literal: ['schedule AWS::Events::Rule LiteralRule @276'],
      Joined: ['schedule AWS::Events::Rule JoinedRule @285'],
      Provisioner: ['other Custom::Seed Seed @295'],
      // A permission alone wires nothing.
      Unwired: [],
      // SAM Auth.Authorizers, OpenAPI operations (at the operation), HTTP API quick create.
      Authorizer: ['http AWS::Serverless::Api OrdersApi @321'],
      OrdersApiFunction: ['http AWS::Serverless::Api OrdersApi @327', 'http AWS::Serverless::Api OrdersApi @332'],
      Quick: ['httpApi AWS::ApiGatewayV2::Api QuickApi @342'],
      Transformer: ['other AWS::KinesisFirehose::DeliveryStream Delivery @360'],
      MailReader: ['other AWS::SES::ReceiptRule MailRule @375'],
    });
    const lines = readFileSync(samFile, 'utf8').split('\n');
    for (const f of project.functions) {
      for (const t of f.triggers) {
        assert.deepEqual(t.wiring, { logicalId: t.name, resourceType: t.sourceType });
        // Hovers and whole-trigger findings point at the resource's `Type:` (or the key that wires the function).
        const at = lines[t.typeRange.start.line].slice(t.typeRange.start.character);
        assert.ok(at.startsWith(t.sourceType) || /^[A-Za-z]+:/.test(at), `${f.name}: ${at}`);
      }
    }
  });

  test('config: the properties as written, SAM event names where they differ, ranges in the resource', () => {
    const [jobs] = fn(project, 'QueueWorker').triggers;
    assert.deepEqual(config(jobs), { FunctionName: '!Ref QueueWorker', EventSourceArn: '!GetAtt Jobs.Arn', Queue: '!GetAtt Jobs.Arn', BatchSize: 20, MaximumBatchingWindowInSeconds: 5 });
    assert.equal(jobs.config.BatchSize.range.start.line + 1, 23);
    const [msk, selfManaged] = fn(project, 'KafkaWorker').triggers;
    assert.equal(config(msk).Stream, '!Ref Cluster');
    assert.deepEqual(config(selfManaged).KafkaBootstrapServers, ['broker1.example.com:9092']);
    const [nightly, hourly, shipped] = fn(project, 'Cron').triggers;
    assert.deepEqual([config(nightly).Schedule, config(nightly).Input, config(nightly).Arn], ['cron(0 2 * * ? *)', '{"job": "cleanup"}', undefined]);
    assert.deepEqual([config(hourly).ScheduleExpression, config(hourly).RoleArn], ['rate(1 hour)', undefined]);
    assert.deepEqual(config(shipped).Pattern, { source: ['shop.orders'], 'detail-type': ['OrderShipped'] });
    const [created, removed] = fn(project, 'Uploads').triggers;
    assert.deepEqual([config(created).Bucket, config(created).Events, config(removed).Events], ['shop-uploads', 's3:ObjectCreated:*', 's3:ObjectRemoved:*']);
    const [url, alb] = fn(project, 'Web').triggers;
    assert.equal(config(url).AuthType, 'AWS_IAM');
    assert.deepEqual([config(alb).priority, config(alb).conditions], [5, { path: ['/web/*'], method: ['POST'] }]);
    assert.deepEqual(config(fn(project, 'PipeTarget').triggers[0]), { Source: '!GetAtt PipeQueue.Arn', Queue: '!GetAtt PipeQueue.Arn', BatchSize: 5 });
    assert.deepEqual(config(fn(project, 'SignUp').triggers[0]), { UserPool: '!Ref Users', Trigger: ['PreSignUp', 'PostConfirmation'] });
    assert.equal(config(fn(project, 'Chat').triggers[0]).route, 'sendMessage');
    assert.deepEqual([config(fn(project, 'Items').triggers[0]).Method, config(fn(project, 'Items').triggers[0]).Path], ['GET', '/items/{id}']);
    assert.equal(config(fn(project, 'Telemetry').triggers[0]).Sql, "SELECT * FROM 'sensors/+/temperature'");
    const [get, post] = fn(project, 'OrdersApiFunction').triggers;
    assert.deepEqual(config(get), { Method: 'GET', Path: '/orders/{id}', RestApiId: '!Ref OrdersApi' });
    // An integration that asks for `X-Amz-Invocation-Type: 'Event'` invokes asynchronously.
    assert.deepEqual(config(post), { Method: 'POST', Path: '/orders/{id}', RestApiId: '!Ref OrdersApi', InvocationType: 'Event' });
    assert.deepEqual(config(fn(project, 'Authorizer').triggers[0]), { FunctionArn: '!GetAtt Authorizer.Arn', AuthorizerType: 'TOKEN' });
    assert.deepEqual([config(fn(project, 'LogSubscriber').triggers[0]).LogGroupName, config(fn(project, 'LogSubscriber').triggers[0]).FilterPattern], ['/aws/lambda/orders', 'ERROR']);
  });

  test('sample events are filled from the wiring resource', () => {
    const gen = (name: string, index = 0): { kind: string; event: Json } => {
      const f = fn(project, name);
      const t = f.triggers[index];
      const kind = defaultEventKind(t)!.id;
      return { kind, event: generateEvent(kind, { fn: f, trigger: t, project }) as Json };
    };
    const sqs = gen('QueueWorker');
    assert.equal(sqs.kind, 'sqs');
    assert.equal(sqs.event.Records[0].eventSourceARN, 'arn:aws:sqs:us-east-1:123456789012:Jobs');
    assert.deepEqual([gen('KafkaWorker', 0).kind, gen('KafkaWorker', 1).kind], ['msk', 'kafka-self-managed']);
    assert.equal(gen('KafkaWorker', 1).event.bootstrapServers, 'broker1.example.com:9092');
    assert.deepEqual(gen('Cron', 0).event, { job: 'cleanup' });
    assert.equal(gen('Cron', 1).event['detail-type'], 'Scheduled Event');
    assert.deepEqual([gen('Cron', 2).kind, gen('Cron', 2).event.source, gen('Cron', 2).event['detail-type']], ['eventbridge', 'shop.orders', 'OrderShipped']);
    const s3 = gen('Uploads').event.Records[0].s3;
    assert.deepEqual([s3.bucket.name, s3.object.key], ['shop-uploads', 'incoming/sample.json']);
    assert.equal(gen('Uploads', 1).kind, 's3-delete');
    assert.deepEqual([gen('Web', 1).event.path, gen('Web', 1).event.httpMethod], ['/web/sample', 'POST']);
    assert.ok(gen('Web', 0).event.requestContext.authorizer.iam, 'AuthType AWS_IAM gives an IAM-authorized URL event');
    assert.equal(gen('Chat').event.requestContext.routeKey, 'sendMessage');
    assert.equal(gen('Items').event.resource, '/items/{id}');
    assert.equal(gen('Telemetry').event.topic, 'sensors/device-1/temperature');
    assert.equal(gen('SignUp').kind, 'cognito-pre-sign-up');
    // A pipe hands its target the batch as an array of records, without the mapping's `Records` envelope.
    const pipe = gen('PipeTarget');
    assert.ok(Array.isArray(pipe.event));
    assert.equal(pipe.event[0].eventSource, 'aws:sqs');
    assert.equal(pipe.event[0].eventSourceARN, 'arn:aws:sqs:us-east-1:123456789012:PipeQueue');
    const custom = gen('Provisioner');
    assert.equal(custom.kind, 'cloudformation-custom-resource');
    assert.deepEqual([custom.event.RequestType, custom.event.LogicalResourceId, custom.event.ResourceType, custom.event.ResourceProperties.Table], ['Create', 'Seed', 'Custom::Seed', 'orders']);
    assert.match(custom.event.ResourceProperties.ServiceToken, /^arn:aws:lambda:us-east-1:123456789012:function:/);
    assert.equal(gen('Authorizer').kind, 'apigateway-token-authorizer');
    assert.equal(gen('Authorizer').event.type, 'TOKEN');
    assert.deepEqual([gen('OrdersApiFunction').event.httpMethod, gen('OrdersApiFunction').event.resource], ['GET', '/orders/{id}']);
    assert.equal(gen('Quick').kind, 'apigateway-http');
    assert.equal(gen('Transformer').kind, 'firehose');
    assert.equal(gen('MailReader').kind, 'ses');
    // The picker offers the custom-resource event first, filled from the trigger.
    assert.equal(eventChoices(fn(project, 'Provisioner'), { project })[0].kind.id, 'cloudformation-custom-resource');
    assert.deepEqual((generateEvent('cloudformation-custom-resource', { fn: fn(project, 'Provisioner'), project }) as Json).ResourceProperties.Table, 'orders');
  });

  test('the wired fixture validates clean (its handler file exists, every setting is valid)', async () => {
    const projects = await new WorkspaceIndex(nodeFileSystem(), { env: {} }).scan([join(fixtures, 'sam')]);
    assert.deepEqual(projects.flatMap((p) => validateProject(p, { today: '2026-11-30' })).map((f) => `${f.rule}@${f.range.start.line + 1}: ${f.message}`), []);
  });
});

describe('resource wiring in serverless.yml resources', () => {
  test('the framework logical ids of functions', () => {
    assert.equal(serverlessFunctionLogicalId('hello'), 'HelloLambdaFunction');
    assert.equal(serverlessFunctionLogicalId('get-user'), 'GetDashuserLambdaFunction');
    assert.equal(serverlessFunctionLogicalId('audit_log'), 'AuditUnderscorelogLambdaFunction');
    assert.equal(serverlessFunctionLogicalId('createOrder'), 'CreateOrderLambdaFunction');
  });

  test('mappings, rules, schedules and bucket notifications link to functions by logical id or deployed name', () => {
    const project = parseServerlessFramework(sfFile, readFileSync(sfFile, 'utf8'), { env: {} });
    const table = Object.fromEntries(project.functions.map((f) => [f.name, summary(f)]));
    assert.deepEqual(table, {
      'process-orders': ['sqs AWS::Lambda::EventSourceMapping OrdersMapping @23'],
      audit_log: ['schedule AWS::Events::Rule AuditRule @29'],
      // The schedule's target is a literal ARN with the function's deployed name (variables resolved).
      report: ['schedule AWS::Scheduler::Schedule ReportSchedule @37', 's3 AWS::S3::Bucket ReportsBucket @52'],
      renderer: [],
    });
    const report = fn(project, 'report');
    assert.equal(config(report.triggers[1]).Bucket, 'shop-reports');
    const [queue] = fn(project, 'process-orders').triggers;
    assert.deepEqual([config(queue).Queue, config(queue).BatchSize], ['!GetAtt OrdersQueue.Arn', 10]);
  });

  test('a container-image function has no runtime (not even the provider one) and says what Invoke needs', () => {
    const project = parseServerlessFramework(sfFile, readFileSync(sfFile, 'utf8'), { env: {} });
    const renderer = fn(project, 'renderer');
    assert.equal(renderer.runtime, undefined);
    assert.equal(renderer.handlerInfo.image, true);
    assert.equal(fn(project, 'report').runtime?.value, 'nodejs22.x');
  });

  test('invoking a container image locally says what it needs, in one line', async () => {
    const r = await cli(['invoke', 'renderer', '--project', join(fixtures, 'serverless')], fixtures);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /renderer is a container image: local Invoke runs handler files, not images; invoke the deployed function on AWS, or run the image with the Lambda Runtime Interface Emulator/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  });
});

describe('Serverless Framework authorizers', () => {
  test('a function named as an authorizer by http, httpApi or websocket events gets that trigger and the authorizer event', () => {
    const text = `service: api
provider:
  name: aws
  runtime: nodejs22.x
  httpApi:
    authorizers:
      custom:
        type: request
        functionName: httpAuth
functions:
  restAuth:
    handler: auth.rest
  httpAuth:
    handler: auth.http
  wsAuth:
    handler: auth.ws
  orders:
    handler: orders.handler
    events:
      - http:
          path: orders
          method: get
          authorizer: restAuth
      - http:
          path: orders
          method: post
          authorizer:
            name: restAuth
            type: request
      - httpApi:
          path: /items
          method: get
          authorizer:
            name: custom
      - websocket:
          route: $connect
          authorizer: wsAuth
      - http:
          path: admin
          method: get
          authorizer: aws_iam
`;
    const project = parseServerlessFramework('/svc/serverless.yml', text, { env: {} });
    const row = (name: string): string[] => fn(project, name).triggers.map((t) => `${t.type} ${t.sourceType} ${toPlain(t.config.AuthorizerType?.value ?? null)} @${t.range.start.line + 1} ${defaultEventKind(t)?.id}`);
    // One trigger per API type, at the first event that names the authorizer.
    assert.deepEqual(row('restAuth'), ['http authorizer TOKEN @23 apigateway-token-authorizer']);
    assert.deepEqual(row('httpAuth'), ['httpApi authorizer REQUEST @34 apigateway-http-authorizer']);
    assert.deepEqual(row('wsAuth'), ['websocket authorizer REQUEST @37 apigateway-request-authorizer']);
    assert.equal(fn(project, 'orders').triggers.length, 5);
  });
});

describe('wired triggers are validated like inline events', () => {
  const file = join(fixtures, 'invalid', 'template.yaml');
  const sfInvalid = join(fixtures, 'invalid', 'serverless.yml');

  test('schedules, batch settings, starting positions and S3 event names in wiring resources', async () => {
    const projects = await new WorkspaceIndex(nodeFileSystem(), { env: {} }).scan([join(fixtures, 'invalid')]);
    const findings = projects.flatMap((p) => validateProject(p, { today: '2026-11-30' }));
    const at = (f: string): string[] => findings.filter((x) => x.file === f).map((x) => `${x.rule} ${x.severity}@${x.range.start.line + 1}`);
    assert.deepEqual(at(file), [
      'batch-size error@14',
      'stream-starting-position error@17',
      'schedule-expression error@24',
      's3-event-name error@34',
      'schedule-expression error@40',
    ]);
    assert.deepEqual(at(sfInvalid), ['schedule-expression error@14', 'batch-size error@23']);
    const batch = findings.find((x) => x.rule === 'batch-size' && x.file === file)!;
    assert.match(batch.message, /MaximumBatchingWindowInSeconds/);
    assert.equal(batch.fixes?.[0].edits[0].newText, '      MaximumBatchingWindowInSeconds: 1\n');
    const stream = findings.find((x) => x.rule === 'stream-starting-position')!;
    assert.match(stream.message, /^ClicksMapping reads a Kinesis stream without StartingPosition/);
    const s3 = findings.find((x) => x.rule === 's3-event-name')!;
    assert.match(s3.message, /did you mean "s3:ObjectCreated:\*"/);
    // In serverless.yml, a wired trigger's settings are CloudFormation's, not the framework's spelling.
    const sfBatch = findings.find((x) => x.rule === 'batch-size' && x.file === sfInvalid)!;
    assert.match(sfBatch.message, /MaximumBatchingWindowInSeconds/);
  });
});
