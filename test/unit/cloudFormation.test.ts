import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCloudFormation, samEventTypes } from '../../src/model/cloudFormation';
import { isUnresolved } from '../../src/model/types';

const sam = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Parameters:
  Env:
    Type: String
    Default: staging
Globals:
  Function:
    Runtime: python3.12
    Timeout: 20
    MemorySize: 256
    Environment:
      Variables:
        GLOBAL: g
        SHARED: from-globals
Resources:
  Api:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: !Sub 'api-\${Env}'
      CodeUri: src/api/
      Handler: app.handler
      Runtime: nodejs20.x
      Environment:
        Variables:
          SHARED: own
          TABLE: !Ref Table
      LoggingConfig:
        LogGroup: /custom/api
      Events:
        Get:
          Type: Api
          Properties:
            Path: /items/{id}
            Method: get
    Metadata:
      BuildMethod: esbuild
      BuildProperties:
        EntryPoints:
          - app.ts
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: worker
      Handler: pkg.jobs.run
      FunctionName: !Sub '\${AWS::StackName}-worker'
  Inline:
    Type: AWS::Serverless::Function
    Properties:
      InlineCode: "def h(e, c): return 1"
      Handler: index.h
  Plain:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      FunctionName: plain-fn
      Code:
        ZipFile: "exports.handler = async () => 1"
  Table:
    Type: AWS::DynamoDB::Table
`;

test('SAM: Globals apply to Serverless functions only, environment merges, own values win', () => {
  const p = parseCloudFormation('/app/template.yaml', sam);
  assert.equal(p.kind, 'sam');
  const [api, worker, inline, plain] = p.functions;
  assert.equal(api.runtime?.value, 'nodejs20.x');
  assert.equal(api.timeout?.value, 20);
  assert.equal(api.environment.GLOBAL.value, 'g');
  assert.equal(api.environment.SHARED.value, 'own');
  assert.ok(isUnresolved(api.environment.TABLE.value));
  assert.equal(worker.runtime?.value, 'python3.12');
  // Globals do not apply to AWS::Lambda::Function: Lambda's defaults do, marked as such, at the function's key.
  assert.equal(plain.timeout?.value, 3);
  assert.equal(plain.memorySize?.value, 128);
  assert.deepEqual(plain.defaults, ['memorySize', 'timeout']);
  assert.deepEqual(plain.timeout?.range, plain.keyRange);
  assert.equal(api.defaults, undefined, 'Globals set both');
  assert.deepEqual(Object.keys(plain.environment), []);
  assert.equal(inline.handlerInfo.inline, true);
  assert.equal(plain.handlerInfo.inline, true);
});

test('SAM: FunctionName literal or !Sub over parameter defaults; pseudo parameters stay unresolved', () => {
  const p = parseCloudFormation('/app/template.yaml', sam);
  assert.equal(p.functions[0].deployedName, 'api-staging');
  assert.equal(p.functions[1].deployedName, undefined);
  assert.equal(p.functions[3].deployedName, 'plain-fn');
  assert.equal(p.functions[0].logGroup, '/custom/api');
  assert.equal(p.functions[3].logGroup, '/aws/lambda/plain-fn');
});

test('SAM: CodeUri + Handler give the code root; esbuild EntryPoints give the TypeScript source', () => {
  const p = parseCloudFormation('/app/template.yaml', sam);
  assert.equal(p.functions[0].codeRoot, '/app/src/api');
  assert.equal(p.functions[0].handlerInfo.entryPoint, 'app.ts');
  assert.equal(p.functions[1].codeRoot, '/app/worker');
});

test('every SAM event type maps to the vocabulary', () => {
  const events = Object.keys(samEventTypes)
    .map((t, i) => `        E${i}:\n          Type: ${t}\n          Properties: {}`)
    .join('\n');
  const text = `Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: a.b\n      Runtime: nodejs20.x\n      FunctionUrlConfig:\n        AuthType: NONE\n      Events:\n${events}\n`;
  const p = parseCloudFormation('/t/template.yaml', text);
  const got = p.functions[0].triggers.map((t) => `${t.sourceType}:${t.type}`);
  const want = Object.entries(samEventTypes).map(([k, v]) => `${k}:${v}`);
  assert.deepEqual(got, [...want, 'FunctionUrlConfig:functionUrl']);
  assert.equal(p.functions[0].triggers[0].name, 'E0');
  assert.equal(p.functions[0].triggers[0].range.start.line, 10);
});

test('plain CloudFormation (JSON) with AWS::Lambda::Function', () => {
  const json = JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: { Fn: { Type: 'AWS::Lambda::Function', Properties: { Handler: 'index.handler', Runtime: 'nodejs20.x', Code: { S3Bucket: 'b', S3Key: 'k' } } } } }, null, 2);
  const p = parseCloudFormation('/t/stack.template.json', json);
  assert.equal(p.kind, 'cloudformation');
  assert.equal(p.functions[0].name, 'Fn');
  assert.match(p.functions[0].handlerInfo.notLocal ?? '', /S3/);
  assert.equal(p.functions[0].keyRange.start.line, 3);
});

test('broken templates are findings', () => {
  assert.equal(parseCloudFormation('/t/template.yaml', 'Resources: [1, 2]').findings[0].rule, 'config-shape');
  assert.equal(parseCloudFormation('/t/template.yaml', 'Resources:\n  A: {Type: x\n').findings[0].rule, 'yaml-syntax');
});

test('CodeUri naming one source file, a build archive, or a Web Adapter start-up script', async () => {
  const { WorkspaceIndex } = await import('../../src/model/workspace');
  const { memoryFileSystem } = await import('./helpers/memoryFileSystem');
  const { validateProject } = await import('../../src/validation/validate');
  const fn = (name: string, props: string): string => `  ${name}:\n    Type: AWS::Serverless::Function\n    Properties:\n${props.split('\n').map((l) => `      ${l}`).join('\n')}\n`;
  const template = [
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
    fn('OneFile', 'CodeUri: src/function.py\nHandler: function.lambda_handler\nRuntime: python3.13'),
    fn('Zipped', 'CodeUri: src/index.zip\nHandler: index.handler\nRuntime: python3.13'),
    fn('ZippedBeside', 'CodeUri: build/app.zip\nHandler: app.handler\nRuntime: nodejs22.x'),
    fn('WebAdapter', 'CodeUri: app/\nHandler: run.sh\nRuntime: nodejs22.x'),
    fn('MissingScript', 'CodeUri: app/\nHandler: start.sh\nRuntime: nodejs22.x'),
  ].join('\n');
  const files = {
    '/p/template.yaml': template,
    '/p/src/function.py': 'def lambda_handler(event, context):\n    return 1\n',
    '/p/build/app.js': 'exports.handler = async () => 1;\n',
    '/p/app/run.sh': '#!/bin/sh\nexec node index.js\n',
  };
  const [project] = await new WorkspaceIndex(memoryFileSystem(files), { env: {} }).scan(['/p']);
  const info = Object.fromEntries(project.functions.map((f) => [f.name, f.handlerInfo]));
  assert.equal(info.OneFile.file, '/p/src/function.py');
  assert.equal(info.OneFile.exportFound, true);
  assert.match(info.Zipped.notLocal ?? '', /archive src\/index\.zip/);
  assert.equal(info.ZippedBeside.file, '/p/build/app.js', 'the source beside an archive is found');
  assert.equal(info.WebAdapter.file, '/p/app/run.sh');
  assert.equal(info.WebAdapter.exportFound, undefined);
  const errors = validateProject(project, { today: '2026-11-30' }).filter((f) => f.severity === 'error');
  assert.deepEqual(errors.map((f) => [f.rule, f.range.start.line]), [['handler-not-found', 34]], 'only the missing start-up script');
});

test('a Runtime or Handler in Globals.Function reaching a container-image function is an error at the Globals key (the SAM translator rejects it)', () => {
  const text = [
    'Transform: AWS::Serverless-2016-10-31',
    'Globals:',
    '  Function:',
    '    Runtime: nodejs22.x',
    '    Handler: index.handler',
    '    Timeout: 20',
    'Resources:',
    '  Zip:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      CodeUri: src/',
    '  Renderer:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      PackageType: Image',
    '      ImageUri: 123456789012.dkr.ecr.us-east-1.amazonaws.com/renderer:1',
    '',
  ].join('\n');
  const project = parseCloudFormation('/t/template.yaml', text);
  const [zip, renderer] = project.functions;
  assert.equal(zip.runtime?.value, 'nodejs22.x');
  assert.equal(renderer.runtime, undefined, 'the image holds its runtime');
  assert.equal(renderer.handler, undefined);
  assert.equal(renderer.timeout?.value, 20, 'other Globals still apply');
  assert.deepEqual(
    project.findings.map((f) => [f.rule, f.severity, f.range.start.line, f.message]),
    [
      ['config-shape', 'error', 3, 'Globals.Function Runtime applies to the container-image function "Renderer" too, and SAM rejects the template ("Runtime, Handler, Layers cannot be present when PackageType is of type Image"): set Runtime on the .zip functions instead.'],
      ['config-shape', 'error', 4, 'Globals.Function Handler applies to the container-image function "Renderer" too, and SAM rejects the template ("Runtime, Handler, Layers cannot be present when PackageType is of type Image"): set Handler on the .zip functions instead.'],
    ],
  );
  // Set on the .zip function itself, the template is valid and the image function has no runtime either.
  const valid = parseCloudFormation('/t/template.yaml', text.replace('    Runtime: nodejs22.x\n    Handler: index.handler\n', '').replace('      CodeUri: src/\n', '      CodeUri: src/\n      Runtime: nodejs22.x\n      Handler: index.handler\n'));
  assert.deepEqual(valid.findings, []);
  assert.equal(valid.functions[0].runtime?.value, 'nodejs22.x');
  assert.equal(valid.functions[1].runtime, undefined);
});

test('an API integration whose URI names the function with the same !Sub as its FunctionName (${AWS::StackName}-…) is its trigger', () => {
  const text = [
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
    '  Approve:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    "      FunctionName: !Sub '${AWS::StackName}-Approve'",
    '      Runtime: python3.13',
    '      Handler: app.handler',
    '      CodeUri: src/',
    '  Other:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    "      FunctionName: !Sub '${AWS::StackName}-Other'",
    '      Runtime: python3.13',
    '      Handler: app.handler',
    '      CodeUri: src/',
    '  Api:',
    '    Type: AWS::ApiGateway::RestApi',
    '    Properties:',
    '      Body:',
    "        openapi: '3.0.1'",
    '        paths:',
    '          /requests:',
    '            post:',
    '              x-amazon-apigateway-integration:',
    '                type: aws',
    '                httpMethod: POST',
    "                uri: !Sub 'arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:${AWS::StackName}-Approve:live/invocations'",
    '',
  ].join('\n');
  const project = parseCloudFormation('/t/template.yaml', text);
  assert.deepEqual(
    project.functions.map((f) => [f.name, f.triggers.map((t) => t.type)]),
    [
      ['Approve', ['http']],
      ['Other', []],
    ],
  );
});
