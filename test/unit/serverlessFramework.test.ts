import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseServerlessFramework, sfEventTypes } from '../../src/model/serverlessFramework';
import { isUnresolved } from '../../src/model/types';
import type { Project } from '../../src/model/types';

const parse = (text: string, env: Record<string, string> = {}): Project => parseServerlessFramework('/svc/serverless.yml', text, { env });

test('provider defaults apply; function settings override them', () => {
  const p = parse(`service: shop
provider:
  name: aws
  runtime: nodejs20.x
  memorySize: 256
  timeout: 6
  region: eu-central-1
  profile: shop-dev
  environment:
    A: one
    B: two
functions:
  plain:
    handler: h.a
  tuned:
    handler: h.b
    runtime: python3.12
    memorySize: 2048
    timeout: 30
    environment:
      B: override
      C: three
`);
  assert.equal(p.region, 'eu-central-1');
  assert.equal(p.profile, 'shop-dev');
  const [plain, tuned] = p.functions;
  assert.equal(plain.runtime?.value, 'nodejs20.x');
  assert.equal(plain.memorySize?.value, 256);
  assert.equal(plain.timeout?.value, 6);
  assert.deepEqual(Object.keys(plain.environment), ['A', 'B']);
  assert.equal(tuned.runtime?.value, 'python3.12');
  assert.equal(tuned.memorySize?.value, 2048);
  assert.equal(tuned.timeout?.value, 30);
  assert.equal(tuned.environment.B.value, 'override');
  assert.equal(tuned.environment.C.value, 'three');
  assert.equal(tuned.environment.A.value, 'one');
});

test('deployed name: <service>-<stage>-<function>, with the stage from provider.stage, ${opt:stage, default} or dev', () => {
  const fn = 'functions:\n  hello:\n    handler: h.hello\n';
  assert.equal(parse(`service: a\nprovider:\n  name: aws\n  stage: prod\n${fn}`).functions[0].deployedName, 'a-prod-hello');
  assert.equal(parse(`service: a\nprovider:\n  name: aws\n  stage: \${opt:stage, 'qa'}\n${fn}`).functions[0].deployedName, 'a-qa-hello');
  assert.equal(parse(`service: a\nprovider:\n  name: aws\n${fn}`).functions[0].deployedName, 'a-dev-hello');
  assert.equal(parse(`service:\n  name: b\nprovider:\n  name: aws\n${fn}`).functions[0].deployedName, 'b-dev-hello');
  const named = parse(`service: a\nprovider:\n  name: aws\nfunctions:\n  hello:\n    handler: h.hello\n    name: \${self:service}-custom\n`);
  assert.equal(named.functions[0].deployedName, 'a-custom');
  assert.equal(named.functions[0].logGroup, '/aws/lambda/a-custom');
});

test('self, sls, opt and env variables resolve statically; other sources stay as expressions', () => {
  const p = parse(
    `service: vars
custom:
  table: \${self:service}-\${sls:stage}-items
  nested:
    dev: from-nested
  stageKey: \${self:custom.nested.\${sls:stage}}
provider:
  name: aws
  stage: \${opt:stage, self:custom.defaultStage, 'dev'}
  environment:
    TABLE: \${self:custom.table}
    NESTED: \${self:custom.stageKey}
    FROM_ENV: \${env:SHOP_MODE, 'fallback'}
    SET_ENV: \${env:SET_VAR}
    NUM: \${self:custom.missing, 42}
    SECRET: \${ssm:/shop/secret}
    FILE: \${file(./config.yml):key}
    CF: \${cf:other-stack.Output}
    AWS: \${aws:accountId}
    MIXED: prefix-\${ssm:/x}-suffix
functions:
  f:
    handler: h.f
`,
    { SET_VAR: 'from-process' },
  );
  const env = p.functions[0].environment;
  assert.equal(env.TABLE.value, 'vars-dev-items');
  assert.equal(env.NESTED.value, 'from-nested');
  assert.equal(env.FROM_ENV.value, 'fallback');
  assert.equal(env.SET_ENV.value, 'from-process');
  assert.equal(env.NUM.value, 42);
  for (const k of ['SECRET', 'FILE', 'CF', 'AWS', 'MIXED']) assert.ok(isUnresolved(env[k].value), k);
  assert.deepEqual(env.SECRET.value, { unresolved: true, expr: '${ssm:/shop/secret}' });
  assert.deepEqual(env.MIXED.value, { unresolved: true, expr: 'prefix-${ssm:/x}-suffix' });
  assert.deepEqual(p.findings, []);
});

test('self-references that loop do not hang', () => {
  const p = parse('service: loop\ncustom:\n  a: ${self:custom.b}\n  b: ${self:custom.a}\nprovider:\n  name: aws\n  environment:\n    X: ${self:custom.a}\nfunctions:\n  f:\n    handler: h.f\n');
  assert.ok(isUnresolved(p.functions[0].environment.X.value));
});

const allEvents = `service: ev
provider:
  name: aws
  runtime: nodejs20.x
resources:
  Resources:
    Stream:
      Type: AWS::Kinesis::Stream
functions:
  f:
    handler: h.f
    url: true
    events:
      - http: GET users/{id}
      - httpApi: 'POST /orders'
      - websocket: $connect
      - schedule: rate(5 minutes)
      - s3: photos
      - sqs: arn:aws:sqs:us-east-1:1:q
      - sns: topic
      - stream: arn:aws:dynamodb:us-east-1:1:table/t/stream/x
      - stream: arn:aws:kinesis:us-east-1:1:stream/s
      - stream:
          type: kinesis
          arn: !GetAtt Other.Arn
      - stream:
          arn:
            Fn::GetAtt: [Stream, Arn]
      - stream:
          arn: !GetAtt Table.StreamArn
      - eventBridge:
          pattern:
            source: [a]
      - cloudwatchEvent:
          event:
            source: [aws.ec2]
      - iot:
          sql: "SELECT * FROM 'topic'"
      - cognitoUserPool:
          pool: users
          trigger: PreSignUp
      - cloudwatchLog: /aws/lambda/x
      - msk:
          arn: arn:aws:kafka:x
          topic: t
      - kafka:
          topic: t
          bootstrapServers: [a:9092]
      - activemq:
          arn: arn:aws:mq:x
          queue: q
      - rabbitmq:
          arn: arn:aws:mq:y
          queue: q
      - alb:
          listenerArn: arn:aws:elasticloadbalancing:x
          priority: 1
          conditions:
            path: /x
      - alexaSkill: amzn1.ask.skill.x
      - alexaSmartHome: amzn1.ask.skill.y
      - notAnEvent: {}
`;

test('every event type of the framework maps to the trigger vocabulary, with 1-based lines of list items', () => {
  const p = parse(allEvents);
  const types = p.functions[0].triggers.map((t) => `${t.sourceType}:${t.type}`);
  assert.deepEqual(types, [
    'http:http', 'httpApi:httpApi', 'websocket:websocket', 'schedule:schedule', 's3:s3', 'sqs:sqs', 'sns:sns',
    'stream:dynamodb', 'stream:kinesis', 'stream:kinesis', 'stream:kinesis', 'stream:dynamodb', 'eventBridge:eventbridge',
    'cloudwatchEvent:eventbridge', 'iot:iot', 'cognitoUserPool:cognito', 'cloudwatchLog:cloudwatchLog', 'msk:kafka',
    'kafka:kafka', 'activemq:mq', 'rabbitmq:mq', 'alb:alb', 'alexaSkill:alexa', 'alexaSmartHome:alexa', 'notAnEvent:other',
    'url:functionUrl',
  ]);
  const http = p.functions[0].triggers[0];
  assert.equal(http.config.method.value, 'GET');
  assert.equal(http.config.path.value, 'users/{id}');
  assert.equal(http.range.start.line, 13);
  assert.equal(p.functions[0].triggers[3].config.rate.value, 'rate(5 minutes)');
  for (const key of Object.keys(sfEventTypes)) assert.ok(allEvents.includes(`- ${key}`) || key === 'iotFleetProvisioning' || key === 'cloudFront', key);
});

test('wrong types are findings, not exceptions', () => {
  const asString = parse('service: x\nprovider:\n  name: aws\nfunctions: nope\n');
  assert.equal(asString.findings[0].rule, 'config-shape');
  const fnString = parse('service: x\nprovider:\n  name: aws\nfunctions:\n  a: 5\n  b:\n    handler: h.b\n    events: 7\n');
  assert.equal(fnString.functions.length, 1);
  assert.deepEqual(fnString.findings.map((f) => f.rule), ['config-shape', 'config-shape']);
  const list = parse('- a\n- b\n');
  assert.equal(list.findings[0].rule, 'config-shape');
  const fromFile = parse('service: x\nprovider:\n  name: aws\nfunctions: ${file(./functions.yml)}\n');
  assert.equal(fromFile.findings[0].rule, 'functions-not-static');
  assert.equal(fromFile.findings[0].severity, 'info');
});

test('functions as a list of maps (older configs) and non-aws providers', () => {
  const p = parse('service: x\nprovider:\n  name: aws\nfunctions:\n  - a:\n      handler: h.a\n  - b:\n      handler: h.b\n');
  assert.deepEqual(p.functions.map((f) => f.name), ['a', 'b']);
  const ow = parse('service: x\nprovider:\n  name: openwhisk\nfunctions:\n  a:\n    handler: h.a\n');
  assert.equal(ow.functions.length, 0);
  assert.match(ow.note ?? '', /openwhisk/);
});

test('function ranges: key line and whole definition', () => {
  const p = parse('service: x\nprovider:\n  name: aws\nfunctions:\n  a:\n    handler: h.a\n    events:\n      - http: GET /\n');
  const f = p.functions[0];
  assert.equal(f.keyRange.start.line, 4);
  assert.equal(f.range.end.line >= 7, true);
  assert.equal(f.file, '/svc/serverless.yml');
});

test('a handler file a plugin generates at package time (serverless-wsgi) is not looked for', () => {
  const text = (plugins: string): string => `service: api
provider:
  name: aws
  runtime: python3.12
functions:
  api:
    handler: wsgi_handler.handler
${plugins}`;
  const withPlugin = parse(text('plugins:\n  - serverless-wsgi\n')).functions[0];
  assert.match(withPlugin.handlerInfo.notLocal ?? '', /serverless-wsgi generates wsgi_handler\.py/);
  const modules = parse(text('plugins:\n  modules:\n    - serverless-wsgi\n')).functions[0];
  assert.ok(modules.handlerInfo.notLocal);
  // Without the plugin, wsgi_handler.py is an ordinary handler file that must exist.
  assert.equal(parse(text('')).functions[0].handlerInfo.notLocal, undefined);
});

test('a bare `- alexaSkill` is a trigger without settings only where the framework deploys a permission for it', () => {
  const config = (version: string): string =>
    `service: s\n${version ? `frameworkVersion: ${version}\n` : ''}provider:\n  name: aws\n  runtime: nodejs22.x\nfunctions:\n  skill:\n    handler: h.skill\n    events:\n      - alexaSkill\n      - notAnEvent\n`;
  const shown = (p: ReturnType<typeof parse>): unknown => p.functions[0].triggers.map((t) => [t.type, t.sourceType, t.range.start.line, t.config]);
  const warnings = (p: ReturnType<typeof parse>): unknown => p.findings.map((f) => [f.rule, f.severity, f.range.start.line, f.message]);
  // serverless@3.40 compiles nothing for it (its Alexa step reads only `alexaSkill:` entries; checked with
  // bench/frameworkOracle.ts), and Alexa cannot invoke a function without an alexa-appkit permission: no trigger.
  const current = 'A bare `- alexaSkill` deploys nothing with Serverless Framework v3 and later (no permission lets a skill invoke the function), so the function has no Alexa trigger: write `- alexaSkill: <skill id>` (amzn1.ask.skill.…).';
  for (const version of ['', '"3"', "'>=3.0.0'", '">=2.0.0"', '"^4"', '"*"']) {
    const p = parse(config(version));
    assert.deepEqual(shown(p), [], version);
    assert.deepEqual(warnings(p), [['alexa-skill-without-id', 'warning', version ? 9 : 8, current]], version);
  }
  // v1 and v2 deploy a permission without a skill id (serverless@2.72.4's alexaSkill.js): a trigger any skill can use.
  for (const version of ['"2"', "'>=1.0.0 <2.0.0'", '"^2.1.0"', '">= 1.28.0 < 3.0.0"', '"1.x || 2.x"', '"1.0.0 - 2.72.4"']) {
    const p = parse(config(version));
    assert.deepEqual(shown(p), [['alexa', 'alexaSkill', 9, {}]], version);
    assert.deepEqual(
      warnings(p),
      [['alexa-skill-without-id', 'warning', 9, `A bare \`- alexaSkill\` lets every Alexa skill invoke the function (frameworkVersion ${version.slice(1, -1)} deploys its permission without a skill id), and Serverless Framework v3 deploys nothing for it: write \`- alexaSkill: <skill id>\` (amzn1.ask.skill.…).`]],
      version,
    );
  }
  // With a skill id, Alexa is a trigger with nothing to say.
  const withId = parse('service: s\nprovider:\n  name: aws\n  runtime: nodejs22.x\nfunctions:\n  skill:\n    handler: h.skill\n    events:\n      - alexaSkill: amzn1.ask.skill.x\n');
  assert.deepEqual(withId.functions[0].triggers.map((t) => t.type), ['alexa']);
  assert.deepEqual(withId.findings, []);
});
