import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkspaceIndex } from '../../src/model/workspace';
import { validateProject } from '../../src/validation/validate';
import { applyEdits } from './helpers/applyEdits';
import { memoryFileSystem } from './helpers/memoryFileSystem';

/** Models `files`, finds the one fix of `rule`, applies it and returns the edited file. */
async function fixed(files: Record<string, string>, rule: string, target?: string): Promise<string> {
  const fs = memoryFileSystem(files);
  const projects = await new WorkspaceIndex(fs, { env: {} }).scan(['/p']);
  const findings = projects.flatMap((p) => validateProject(p, { today: '2026-11-29' })).filter((f) => f.rule === rule && f.fixes?.length);
  assert.equal(findings.length, 1, `one fixable ${rule} finding`);
  const edits = findings[0].fixes![0].edits;
  const file = target ?? edits[0].file;
  assert.ok(edits.every((e) => e.file === file));
  const after = applyEdits(files[file], edits);
  // After the fix, the rule is quiet.
  const again = await new WorkspaceIndex(memoryFileSystem({ ...files, [file]: after }), { env: {} }).scan(['/p']);
  assert.deepEqual(again.flatMap((p) => validateProject(p, { today: '2026-11-29' })).filter((f) => f.rule === rule && f.severity === 'error').map((f) => f.message), []);
  return after;
}

const sf = (fnBody: string, provider = '  runtime: nodejs22.x\n'): Record<string, string> => ({
  '/p/serverless.yml': `service: s\nprovider:\n  name: aws\n${provider}functions:\n  main:\n    handler: handler.main\n${fnBody}`,
  '/p/handler.js': 'module.exports.main = async () => ({});\n',
});

test('deprecated runtime → the newest of its family, quotes kept', async () => {
  const after = await fixed(sf('', "  runtime: 'nodejs12.x'\n"), 'runtime-deprecated');
  assert.match(after, /runtime: 'nodejs24\.x'/);
});

test('rate unit singular/plural', async () => {
  assert.match(await fixed(sf('    events:\n      - schedule: rate(1 days)\n'), 'schedule-expression'), /- schedule: rate\(1 day\)\n/);
  assert.match(await fixed(sf('    events:\n      - schedule: "rate(3 hour)"\n'), 'schedule-expression'), /- schedule: "rate\(3 hours\)"\n/);
});

test('5-field cron → AWS 6-field with "?"', async () => {
  assert.match(await fixed(sf('    events:\n      - schedule:\n          rate: cron(15 4 * * 1-5)\n'), 'schedule-expression'), /rate: cron\(15 4 \? \* 2-6 \*\)\n/);
});

test('both day fields set → "?"', async () => {
  assert.match(await fixed(sf('    events:\n      - schedule: cron(0 4 * * MON *)\n'), 'schedule-expression'), /cron\(0 4 \? \* MON \*\)/);
});

test('misspelled event type → the closest valid one', async () => {
  assert.match(await fixed(sf('    events:\n      - shedule: rate(1 hour)\n'), 'event-type-unknown'), /- schedule: rate\(1 hour\)/);
  const sam = {
    '/p/template.yaml': 'Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.13\n      Handler: app.main\n      InlineCode: x\n      Events:\n        Q:\n          Type: Sqs\n          Properties:\n            Queue: arn:aws:sqs:us-east-1:1:q\n',
  };
  assert.match(await fixed(sam, 'event-type-unknown'), /Type: SQS\n/);
});

test('missing handler export → an export stub in the handler file', async () => {
  const files = sf('');
  files['/p/serverless.yml'] = files['/p/serverless.yml'].replace('handler.main', 'handler.other');
  const cjs = await fixed(files, 'handler-export-not-found', '/p/handler.js');
  assert.equal(cjs, "module.exports.main = async () => ({});\n\nmodule.exports.other = async (event) => {\n  throw new Error('other: write this handler');\n};\n");
  const ts = await fixed(
    { '/p/serverless.yml': 'service: s\nprovider:\n  name: aws\n  runtime: nodejs22.x\nfunctions:\n  a:\n    handler: src/h.run\n', '/p/src/h.ts': 'export const main = async () => 1;' },
    'handler-export-not-found',
    '/p/src/h.ts',
  );
  assert.equal(ts, "export const main = async () => 1;\nexport const run = async (event: unknown) => {\n  throw new Error('run: write this handler');\n};\n");
  const py = await fixed(
    { '/p/serverless.yml': 'service: s\nprovider:\n  name: aws\n  runtime: python3.13\nfunctions:\n  a:\n    handler: app.handle\n', '/p/app.py': 'def other(event, context):\n    return 1\n' },
    'handler-export-not-found',
    '/p/app.py',
  );
  assert.match(py, /\n\ndef handle\(event, context\):\n {4}raise RuntimeError\("handle: write this handler"\)/);
});

test('SQS batch window added under the batch size', async () => {
  const after = await fixed(sf('    events:\n      - sqs:\n          arn: arn:aws:sqs:us-east-1:1:q\n          batchSize: 50\n'), 'batch-size');
  assert.match(after, / {10}batchSize: 50\n {10}maximumBatchingWindow: 1\n/);
});

test('leading "/" on SAM paths', async () => {
  const sam = {
    '/p/template.yaml': "Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.13\n      Handler: app.main\n      InlineCode: x\n      Events:\n        Get:\n          Type: Api\n          Properties:\n            Path: 'users/{id}'\n            Method: get\n",
  };
  assert.match(await fixed(sam, 'http-path'), /Path: '\/users\/\{id\}'\n/);
});

test('unknown runtime, S3 event name and Azure authLevel: the suggestion', async () => {
  assert.match(await fixed(sf('', '  runtime: python3.13x\n'), 'runtime-unknown'), /runtime: python3\.13\n/);
  assert.match(await fixed(sf('    events:\n      - s3:\n          bucket: b\n          event: s3:ObjectCreated:put\n'), 's3-event-name'), /event: s3:ObjectCreated:Put\n/);
  const az = {
    '/p/host.json': '{}',
    '/p/Fn/function.json': '{\n  "bindings": [\n    { "type": "httpTrigger", "direction": "in", "name": "req", "authLevel": "Anonymos" }\n  ]\n}\n',
    '/p/Fn/index.js': 'module.exports = async () => {};\n',
  };
  assert.match(await fixed(az, 'azure-auth-level'), /"authLevel": "anonymous"/);
});

test('missing SAM transform → the Transform line after AWSTemplateFormatVersion', async () => {
  const template = "AWSTemplateFormatVersion: '2010-09-09'\nGlobals:\n  Function:\n    Runtime: nodejs22.x\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: index.handler\n      InlineCode: x\n";
  const after = await fixed({ '/p/template.yaml': template }, 'sam-transform-missing');
  assert.equal(after, template.replace("'2010-09-09'\n", "'2010-09-09'\nTransform: AWS::Serverless-2016-10-31\n"));
});

test('miscased serverless.yml setting → the real key', async () => {
  const after = await fixed(sf('', '  Runtime: nodejs24.x\n'), 'config-key-unknown');
  assert.match(after, /\n {2}runtime: nodejs24\.x\n/);
});
