import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { WorkspaceIndex } from '../../src/model/workspace';
import { nodeFileSystem } from '../../src/node/nodeFileSystem';
import { memoryFileSystem } from './helpers/memoryFileSystem';

const fixture = join(__dirname, '..', 'fixtures', 'workspace');

test('discovers the fixture workspace: Serverless service, SAM app, Azure app', async () => {
  const index = new WorkspaceIndex(nodeFileSystem(), { env: {} });
  const projects = await index.scan([fixture]);
  assert.deepEqual(projects.map((p) => [p.kind, p.functions.map((f) => f.name)]), [
    ['azure-functions', ['HttpHello', 'NightlyTimer', 'listOrders']],
    ['serverless-framework', ['createOrder', 'processQueue', 'nightlyReport', 'legacy']],
    ['sam', ['ThumbnailFunction', 'ReportFunction', 'InlineFunction']],
  ]);
  const sls = projects[1];
  const create = sls.functions[0];
  assert.equal(create.handlerInfo.file, join(fixture, 'orders-service/src/handlers/create.ts'));
  assert.equal(create.handlerInfo.exportFound, true);
  assert.equal(sls.functions[3].handlerInfo.exportFound, false);
  assert.equal(sls.functions[2].handlerInfo.file, join(fixture, 'orders-service/src/handlers/report.py'));
  const thumb = projects[2].functions[0];
  assert.equal(thumb.handlerInfo.file, join(fixture, 'sam-app/src/thumbnail/app.ts'));
  assert.equal(thumb.deployedName, 'thumbnail-test');
  const timer = projects[0].functions[1];
  assert.equal(timer.handlerInfo.file, join(fixture, 'azure-app/dist/timer.js'));
  assert.equal(timer.handlerInfo.exportFound, true);
  assert.equal(projects[0].functions[0].handlerInfo.file, join(fixture, 'azure-app/HttpHello/index.js'));
});

test('skips node_modules, .serverless, .aws-sam, cdk.out and .git', async () => {
  const cfg = 'service: s\nprovider:\n  name: aws\nfunctions:\n  f:\n    handler: h.f\n';
  const fs = memoryFileSystem({
    '/w/app/serverless.yml': cfg,
    '/w/node_modules/pkg/serverless.yml': cfg,
    '/w/app/.serverless/serverless.yml': cfg,
    '/w/.aws-sam/build/template.yaml': 'Transform: AWS::Serverless-2016-10-31\nResources: {}',
    '/w/cdk.out/template.yaml': 'Resources: {}',
    '/w/.git/serverless.yml': cfg,
    '/w/infra/stack.yaml': 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties: {Handler: a.b, Runtime: nodejs20.x}\n',
    '/w/docs/notes.yaml': 'title: not a template\n',
    '/w/ts/serverless.ts': 'export default {}',
  });
  const index = new WorkspaceIndex(fs);
  const projects = await index.scan(['/w']);
  assert.deepEqual(projects.map((p) => p.file), ['/w/app/serverless.yml', '/w/infra/stack.yaml', '/w/ts/serverless.ts']);
  assert.match(projects[2].note ?? '', /not statically readable/);
});

test('an edit re-models only the changed file; handler edits re-check exports; removal drops the project', async () => {
  const files: Record<string, string> = {
    '/w/a/serverless.yml': 'service: a\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  f:\n    handler: h.f\n',
    '/w/a/h.js': 'exports.g = 1;',
    '/w/b/template.yaml': 'Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties: {Handler: x.y, Runtime: nodejs20.x}\n',
  };
  const index = new WorkspaceIndex(memoryFileSystem(files));
  await index.scan(['/w']);
  const before = index.project('/w/b/template.yaml');
  const events: string[][] = [];
  index.onDidChange((changed) => events.push(changed.map((p) => p.file)));
  await index.update('/w/a/serverless.yml', 'service: a\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  f:\n    handler: h.f\n  g:\n    handler: h.g\n');
  assert.deepEqual(index.project('/w/a/serverless.yml')?.functions.map((f) => f.name), ['f', 'g']);
  assert.equal(index.project('/w/b/template.yaml'), before, 'the other project was not re-modelled');
  assert.deepEqual(events, [['/w/a/serverless.yml']]);
  assert.equal(index.project('/w/a/serverless.yml')?.functions[0].handlerInfo.exportFound, false);
  await index.update('/w/a/h.js', 'exports.f = 1; exports.g = 2;');
  assert.equal(index.project('/w/a/serverless.yml')?.functions[0].handlerInfo.exportFound, true);
  await index.remove('/w/b/template.yaml');
  assert.equal(index.project('/w/b/template.yaml'), undefined);
});

test('a broken edit keeps the project with a finding; nothing throws', async () => {
  const index = new WorkspaceIndex(memoryFileSystem({ '/w/serverless.yml': 'service: a\n' }));
  await index.scan(['/w']);
  await index.update('/w/serverless.yml', 'service: a\nfunctions:\n  f: [\n');
  const p = index.project('/w/serverless.yml');
  assert.ok(p);
  assert.equal(p.findings[0].rule, 'yaml-syntax');
});
