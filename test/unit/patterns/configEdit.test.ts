import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Intrinsic } from '../../../src/patterns/awsConfig';
import type { ConfigAddition } from '../../../src/patterns/configEdit';
import { applyInserts, planConfigEdit } from '../../../src/patterns/configEdit';
import { parseCloudFormation } from '../../../src/model/cloudFormation';
import { parseServerlessFramework } from '../../../src/model/serverlessFramework';

const sfAdd = (over: Partial<ConfigAddition> = {}): ConfigAddition => ({
  kind: 'serverless-framework',
  functionName: 'worker',
  definition: { handler: 'src/worker.handler', events: [{ sqs: { arn: new Intrinsic('!GetAtt', 'WorkerQueue.Arn') } }] },
  resources: { WorkerQueue: { Type: 'AWS::SQS::Queue' } },
  notes: [],
  ...over,
});

function edited(text: string, add: ConfigAddition): string {
  const r = planConfigEdit(text, add);
  assert.ok(r.ok, r.ok ? '' : r.error);
  return applyInserts(text, r.inserts);
}

test('adds after the last function; every original line (comments included) stays, in order', () => {
  const text = [
    '# head comment',
    'service: s # why',
    'provider:',
    '  name: aws',
    'functions:',
    '  a:',
    '    handler: a.h   # inline',
    '    events:',
    '      - http: GET / # last line comment',
    '  # comment after the last function',
    '',
    'custom:',
    "  x: 'quoted'",
    '',
  ].join('\n');
  const out = edited(text, sfAdd());
  // The original is a subsequence of the result: nothing removed or reordered.
  const outLines = out.split('\n');
  let k = 0;
  for (const line of text.split('\n')) {
    while (k < outLines.length && outLines[k] !== line) k++;
    assert.ok(k < outLines.length, `lost or reordered: ${line}`);
    k++;
  }
  assert.match(out, /      - http: GET \/ # last line comment\n  worker:\n    handler: src\/worker.handler\n    events:\n      - sqs:\n          arn: !GetAtt WorkerQueue.Arn\n/);
  assert.match(out, /resources:\n  Resources:\n    WorkerQueue:\n      Type: AWS::SQS::Queue\n$/);
  const p = parseServerlessFramework('/x/serverless.yml', out);
  assert.deepEqual(p.functions.map((f) => f.name), ['a', 'worker']);
  assert.equal(p.functions[1].triggers[0].type, 'sqs');
});

test('keeps the file\'s indentation (4 spaces)', () => {
  const text = 'service: s\nprovider:\n    name: aws\nfunctions:\n    a:\n        handler: a.h\n        events:\n        - schedule: rate(1 hour)\n';
  const out = edited(text, sfAdd({ resources: {} }));
  assert.ok(out.startsWith(text));
  assert.equal(out.slice(text.length), '    worker:\n        handler: src/worker.handler\n        events:\n            - sqs:\n                  arn: !GetAtt WorkerQueue.Arn\n');
  assert.equal(parseServerlessFramework('/x/serverless.yml', out).functions[1].triggers[0].type, 'sqs');
});

test('keeps non-indented sequences (2-space files)', () => {
  const text = 'functions:\n  a:\n    handler: a.h\n    events:\n    - http: GET /\n';
  const out = edited(text, sfAdd({ resources: {} }));
  assert.equal(out.slice(text.length), '  worker:\n    handler: src/worker.handler\n    events:\n    - sqs:\n        arn: !GetAtt WorkerQueue.Arn\n');
});

test('blank lines between functions are kept as the style for the new one', () => {
  const text = 'functions:\n  a:\n    handler: a.h\n\n  b:\n    handler: b.h\n';
  const out = edited(text, sfAdd({ resources: {} }));
  assert.match(out, /handler: b.h\n\n  worker:\n/);
});

test('an empty functions section (nothing, ~ or {}) becomes a block', () => {
  for (const empty of ['functions:\n', 'functions: ~\n', 'functions: {}\n', 'functions:']) {
    const text = `service: s\nprovider:\n  name: aws\n${empty}`;
    const out = edited(text, sfAdd({ resources: {} }));
    const p = parseServerlessFramework('/x/serverless.yml', out);
    assert.deepEqual(p.findings.filter((f) => f.severity === 'error'), [], JSON.stringify(empty));
    assert.deepEqual(p.functions.map((f) => f.name), ['worker'], JSON.stringify(empty));
  }
});

test('no functions section: appended at the end', () => {
  const out = edited('service: s\nprovider:\n  name: aws\n', sfAdd());
  const p = parseServerlessFramework('/x/serverless.yml', out);
  assert.deepEqual(p.functions.map((f) => f.name), ['worker']);
  assert.match(out, /resources:\n  Resources:\n    WorkerQueue:/);
});

test('resources as a list of fragments get one more fragment', () => {
  const text = 'functions:\n  a:\n    handler: a.h\nresources:\n  - ${file(resources/table.yml)}\n';
  const out = edited(text, sfAdd());
  assert.match(out, /  - \$\{file\(resources\/table.yml\)\}\n  - Resources:\n      WorkerQueue:\n        Type: AWS::SQS::Queue\n/);
});

test('notes become comments above the function', () => {
  const out = edited('functions:\n  a:\n    handler: a.h\n', sfAdd({ resources: {}, notes: ['Grant sqs:ReceiveMessage.'] }));
  assert.match(out, /  # Grant sqs:ReceiveMessage.\n  worker:\n/);
});

test('refuses: existing name, existing resource, flow-style functions, YAML errors', () => {
  const refuse = (text: string, add: ConfigAddition, re: RegExp): void => {
    const r = planConfigEdit(text, add);
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.error, re);
  };
  refuse('functions:\n  worker:\n    handler: w.h\n', sfAdd(), /"worker" already exists/);
  refuse('functions:\n  a:\n    handler: a.h\nresources:\n  Resources:\n    WorkerQueue:\n      Type: AWS::SQS::Queue\n', sfAdd(), /resource named "WorkerQueue" already exists/);
  refuse('functions: { a: { handler: a.h } }\n', sfAdd(), /flow style/);
  refuse('functions:\n  a: [\n', sfAdd(), /YAML errors/);
});

test('refuses a config with functions:, resources: or Resources: twice at the top level (fuzz mutants splice 0x8105dc38, line-duplicate 0xfb0afede)', () => {
  // The edit would go into the first, and the model (like the deploy tools) reads the last: the new function
  // would vanish, and `new` answered "internal error".
  const sf = 'service: s\nprovider:\n  name: aws\nfunctions:\n  hello:\n    handler: h.h\n#    cron:\nprovider:\n  name: aws\n\nfunctions:\n  line_bot:\n';
  const r = planConfigEdit(sf, sfAdd({ resources: {} }));
  assert.deepEqual(r, { ok: false, error: '"functions" is written 2 times at the top level (lines 4, 11); merge them first' });
  const res = 'functions:\n  a:\n    handler: a.h\nresources:\n  Resources: {}\nresources:\n  Outputs: {}\n';
  const r2 = planConfigEdit(res, sfAdd());
  assert.deepEqual(r2, { ok: false, error: '"resources" is written 2 times at the top level (lines 4, 6); merge them first' });
  const sam = "AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\nResources:\n  A:\n    Type: AWS::SNS::Topic\nTransform: AWS::Serverless-2016-10-31\nResources:\n  B:\n    Type: AWS::SQS::Queue\n";
  const r3 = planConfigEdit(sam, { kind: 'sam', functionName: 'Fn', definition: { Type: 'AWS::Serverless::Function' }, resources: {}, notes: [] });
  assert.deepEqual(r3, { ok: false, error: '"Resources" is written 2 times at the top level (lines 3, 7); merge them first' });
});

test('SAM: the function and its resources go at the end of Resources; Outputs and comments stay', () => {
  const text = "Transform: AWS::Serverless-2016-10-31\nResources:\n  # the bucket\n  Bucket:\n    Type: AWS::S3::Bucket\nOutputs:\n  B:\n    Value: !Ref Bucket\n";
  const add: ConfigAddition = {
    kind: 'sam',
    functionName: 'Worker',
    definition: { Type: 'AWS::Serverless::Function', Properties: { Handler: 'app.handler', Runtime: 'nodejs22.x', Events: { Jobs: { Type: 'SQS', Properties: { Queue: new Intrinsic('!GetAtt', 'WorkerQueue.Arn') } } } } },
    resources: { WorkerQueue: { Type: 'AWS::SQS::Queue' } },
    notes: [],
  };
  const out = edited(text, add);
  assert.match(out, /  # the bucket\n  Bucket:\n    Type: AWS::S3::Bucket\n  Worker:\n    Type: AWS::Serverless::Function\n/);
  assert.match(out, /  WorkerQueue:\n    Type: AWS::SQS::Queue\nOutputs:\n  B:\n    Value: !Ref Bucket\n$/);
  const p = parseCloudFormation('/x/template.yaml', out);
  assert.equal(p.kind, 'sam');
  assert.deepEqual(p.functions.map((f) => [f.name, f.triggers.map((t) => t.type)]), [['Worker', ['sqs']]]);
});

test('a config ending in the functions section gets the function first, then the resources section', () => {
  const text = 'service: s\nprovider:\n  name: aws\nfunctions:\n  a:\n    handler: a.h\n';
  const out = edited(text, sfAdd());
  assert.equal(out, `${text}  worker:\n    handler: src/worker.handler\n    events:\n      - sqs:\n          arn: !GetAtt WorkerQueue.Arn\n\nresources:\n  Resources:\n    WorkerQueue:\n      Type: AWS::SQS::Queue\n`);
});

test('a CRLF file stays CRLF; a JSON config is refused', () => {
  const text = 'service: s\r\nfunctions:\r\n  a:\r\n    handler: a.h\r\n';
  const out = edited(text, sfAdd({ resources: {} }));
  assert.ok(!/[^\r]\n/.test(out), JSON.stringify(out));
  assert.equal(parseServerlessFramework('/x/serverless.yml', out).functions[1].name, 'worker');
  const r = planConfigEdit('{ "service": "s", "functions": {} }', sfAdd());
  assert.ok(!r.ok && /JSON configs are not edited/.test(r.error));
});
