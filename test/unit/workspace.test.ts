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

test('Azure: a v4 source added from outside reaches the model; a function.json is re-modelled with its unsaved text', async () => {
  const files: Record<string, string> = {
    '/w/app/host.json': '{"version":"2.0"}',
    '/w/app/Q/function.json': '{"bindings":[{"type":"queueTrigger","direction":"in","name":"m","queueName":"jobs"}]}',
    '/w/app/Q/index.js': 'module.exports = async () => {};',
  };
  const index = new WorkspaceIndex(memoryFileSystem(files));
  await index.scan(['/w']);
  assert.deepEqual(index.project('/w/app/host.json')?.functions.map((f) => f.name), ['Q']);
  files['/w/app/src/functions/hello.ts'] = "import { app } from '@azure/functions';\napp.http('hello', { handler: async () => ({}) });\n";
  const changed = await index.update('/w/app/src/functions/hello.ts');
  assert.deepEqual(changed.map((p) => p.file), ['/w/app/host.json']);
  assert.deepEqual(index.project('/w/app/host.json')?.functions.map((f) => f.name), ['Q', 'hello']);
  assert.equal(index.project('/w/app/host.json')?.azure?.nodeModel, 'mixed');
  // An edit in the editor (not saved): the model reads the editor's text for that file.
  await index.update('/w/app/Q/function.json', '{"bindings":[{"type":"timerTrigger","direction":"in","name":"t","schedule":"0 * * * * *"}]}');
  assert.deepEqual(index.project('/w/app/host.json')?.functions[0].triggers.map((t) => t.type), ['schedule']);
  delete files['/w/app/src/functions/hello.ts'];
  await index.remove('/w/app/src/functions/hello.ts');
  assert.deepEqual(index.project('/w/app/host.json')?.functions.map((f) => f.name), ['Q']);
});

test('a folder moved in from outside is modelled: a new app, or a new function folder of an Azure app', async () => {
  const files: Record<string, string> = { '/w/app/host.json': '{"version":"2.0"}' };
  const index = new WorkspaceIndex(memoryFileSystem(files));
  await index.scan(['/w']);
  Object.assign(files, { '/w/svc/serverless.yml': 'service: s\nprovider:\n  name: aws\nfunctions:\n  f:\n    handler: h.f\n', '/w/app/Q/function.json': '{"bindings":[{"type":"queueTrigger","direction":"in","name":"m","queueName":"q"}]}' });
  assert.deepEqual((await index.addFolder('/w/svc')).map((p) => p.file), ['/w/svc/serverless.yml']);
  assert.deepEqual((await index.addFolder('/w/app/Q')).map((p) => p.file), ['/w/app/host.json']);
  assert.deepEqual(index.project('/w/app/host.json')?.functions.map((f) => f.name), ['Q']);
});

test('a deleted function folder leaves its Azure app', async () => {
  const files: Record<string, string> = {
    '/w/app/host.json': '{"version":"2.0"}',
    '/w/app/Q/function.json': '{"bindings":[{"type":"queueTrigger","direction":"in","name":"m","queueName":"q"}]}',
    '/w/app/T/function.json': '{"bindings":[{"type":"timerTrigger","direction":"in","name":"t","schedule":"0 * * * * *"}]}',
  };
  const index = new WorkspaceIndex(memoryFileSystem(files));
  await index.scan(['/w']);
  delete files['/w/app/Q/function.json'];
  assert.deepEqual((await index.remove('/w/app/Q')).map((p) => p.file), ['/w/app/host.json']);
  assert.deepEqual(index.project('/w/app/host.json')?.functions.map((f) => f.name), ['T']);
});

test('files named like templates that are not CloudFormation are not projects', async () => {
  const files = {
    // Azure Resource Manager template, Serverless examples metadata, Visual Studio solution template.
    '/w/arm/template.json': '{\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",\n  "resources": []\n}\n',
    '/w/sls/serverless.template.yml': 'name: aws-node-express-api\norg: serverlessinc\ndescription: Deploys a Node Express API\n',
    '/w/vs/App.sln.template': 'Microsoft Visual Studio Solution File, Format Version 12.00\n',
    '/w/cfn/stack.template': '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}}',
    '/w/sam/template.yaml': 'Resources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties: {Handler: x.y, Runtime: nodejs22.x}\n',
  };
  const index = new WorkspaceIndex(memoryFileSystem(files), { env: {} });
  const projects = await index.scan(['/w']);
  assert.deepEqual(projects.map((p) => p.file), ['/w/cfn/stack.template', '/w/sam/template.yaml']);
  // A template edited into something else stops being a project, and listeners hear of it.
  const changed = await index.update('/w/sam/template.yaml', 'name: now metadata\n');
  assert.deepEqual(changed.map((p) => [p.file, p.functions.length]), [['/w/sam/template.yaml', 0]]);
  assert.equal(index.project('/w/sam/template.yaml'), undefined);
});

test('cookiecutter placeholders and dynamic references are unresolved values, not maps', async () => {
  const template = [
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
    '  {{ cookiecutter.function_name }}:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      CodeUri: {{ cookiecutter.project_name }}/',
    '      Handler: helloworld.App::handleRequest',
    '      Runtime: {{ cookiecutter.runtime }}',
    '{%- if cookiecutter.tracing %}',
    '      Tracing: Active',
    '{%- endif %}',
    '      Environment:',
    '        Variables:',
    '          SECRET: "{{resolve:secretsmanager:db:SecretString:password}}"',
  ].join('\n');
  const index = new WorkspaceIndex(memoryFileSystem({ '/c/template.yaml': template }), { env: {} });
  const [project] = await index.scan(['/c']);
  assert.deepEqual(project.findings, []);
  const fn = project.functions[0];
  assert.equal(fn.name, '{{ cookiecutter.function_name }}');
  assert.deepEqual(fn.runtime?.value, { unresolved: true, expr: '{{ cookiecutter.runtime }}' });
  assert.deepEqual(fn.runtime?.range.start, { line: 7, character: 15 });
  assert.equal(fn.properties.Tracing.value, 'Active');
  assert.deepEqual(fn.environment.SECRET.value, { unresolved: true, expr: '{{resolve:secretsmanager:db:SecretString:password}}' });
  const { validateProject } = await import('../../src/validation/validate');
  assert.deepEqual(validateProject(project, { today: '2026-11-30' }), [], 'nothing is guessed about a placeholder');
});
