// What patterns generate validates clean: every config snippet in place, and every project after `new`
// for every pattern × language (Serverless Framework, SAM, Azure Node and C#).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseAzureFunctions } from '../../../src/model/azureFunctions';
import { parseCloudFormation } from '../../../src/model/cloudFormation';
import { parseServerlessFramework } from '../../../src/model/serverlessFramework';
import type { Project } from '../../../src/model/types';
import { azureBindingSnippets, samEventSnippets, serverlessEventSnippets } from '../../../src/patterns/configSnippets';
import { expandTemplate } from '../../../src/patterns/snippetText';
import { patternIds } from '../../../src/patterns/types';
import type { ValidationContext } from '../../../src/validation/rule';
import { todayUtc } from '../../../src/validation/rule';
import { validateProject } from '../../../src/validation/validate';
import { cli, copyFixture } from '../helpers/cliHarness';

// The synthetic projects below have no handler files: that rule is not what these tests are about.
const ctx: ValidationContext = { today: todayUtc() };

function errorsOf(project: Project): string[] {
  return validateProject(project, ctx)
    .filter((f) => f.severity === 'error')
    .map((f) => `${f.rule} line ${f.range.start.line + 1}: ${f.message}`);
}

const indent = (text: string, pad: string): string =>
  text
    .split('\n')
    .map((l) => pad + l)
    .join('\n');

const resources = [
  'Queue:',
  '  Type: AWS::SQS::Queue',
  '  Properties: { VisibilityTimeout: 180 }',
  'Table:',
  '  Type: AWS::DynamoDB::Table',
  '  Properties:',
  '    BillingMode: PAY_PER_REQUEST',
  '    AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]',
  '    KeySchema: [{ AttributeName: id, KeyType: HASH }]',
  '    StreamSpecification: { StreamViewType: NEW_IMAGE }',
  'Stream:',
  '  Type: AWS::Kinesis::Stream',
  '  Properties: { ShardCount: 1 }',
  'Bucket:',
  '  Type: AWS::S3::Bucket',
  'Topic:',
  '  Type: AWS::SNS::Topic',
].join('\n');

test('every Serverless Framework event snippet, in a function\'s events, validates with zero errors', () => {
  for (const s of serverlessEventSnippets) {
    const text = `service: snippets\nprovider:\n  name: aws\n  runtime: nodejs22.x\nfunctions:\n  target:\n    handler: handler.main\n    events:\n${indent(expandTemplate(s.body), '      ')}\nresources:\n  Resources:\n${indent(resources, '    ')}\n`;
    assert.deepEqual(errorsOf(parseServerlessFramework('/p/serverless.yml', text)), [], s.prefix);
  }
});

test('every SAM event snippet, under a function\'s Events, validates with zero errors', () => {
  for (const s of samEventSnippets) {
    const text = `AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\nResources:\n  Target:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: nodejs22.x\n      Handler: app.handler\n      Events:\n${indent(expandTemplate(s.body), '        ')}\n${indent(resources, '  ')}\n`;
    assert.deepEqual(errorsOf(parseCloudFormation('/p/template.yaml', text)), [], s.prefix);
  }
});

test('every function.json binding snippet validates with zero errors', () => {
  for (const s of azureBindingSnippets) {
    const text = `{\n  "bindings": [\n${indent(expandTemplate(s.body), '    ')}\n  ]\n}\n`;
    const project = parseAzureFunctions({ hostFile: '/app/host.json', hostText: '{ "version": "2.0" }', functionJsons: [{ file: '/app/Target/function.json', text }], codeFiles: [] });
    assert.deepEqual(errorsOf(project), [], s.prefix);
  }
});

interface ValidateJson {
  findings: Array<{ file: string; line: number; severity: string; rule: string; message: string }>;
}

for (const [fixture, kind] of [
  ['patterns/sf-service', 'serverless-framework'],
  ['patterns/sam-app', 'sam'],
] as const) {
  test(`after new for every pattern × language, the ${kind} project validates with zero findings`, async () => {
    const { dir, dispose } = copyFixture(fixture);
    try {
      for (const pattern of patternIds) {
        for (const language of ['ts', 'js', 'python'] as const) {
          const name = `${pattern.replace(/-(.)/g, (_m, c: string) => c.toUpperCase())}${language === 'ts' ? 'Ts' : language === 'js' ? 'Js' : 'Py'}`;
          const r = await cli(['new', pattern, '--name', kind === 'sam' ? name[0].toUpperCase() + name.slice(1) : name, '--language', language], dir);
          assert.equal(r.code, 0, r.stderr);
        }
      }
      const v = await cli(['validate', '--format', 'json'], dir);
      assert.deepEqual((JSON.parse(v.stdout) as ValidateJson).findings, []);
      assert.equal(v.code, 0);
      assert.match(readFileSync(join(dir, kind === 'sam' ? 'template.yaml' : 'serverless.yml'), 'utf8'), /KEEP-THIS-COMMENT/);
    } finally {
      dispose();
    }
  });
}

test('after new, Azure Node and C# apps validate with zero errors', async () => {
  for (const [fixture, languages] of [
    ['workspace/azure-app', ['js', 'ts']],
    ['patterns/azure-dotnet', ['csharp']],
    ['patterns/azure-inprocess', ['csharp']],
  ] as const) {
    const { dir, dispose } = copyFixture(fixture);
    try {
      for (const language of languages) {
        for (const pattern of ['api', 'scheduled', 'queue-worker']) {
          const r = await cli(['new', pattern, '--name', `${pattern.replace(/-/g, '')}${language}`, '--language', language], dir);
          assert.equal(r.code, 0, r.stderr);
        }
      }
      const v = await cli(['validate', '--format', 'json'], dir);
      const errors = (JSON.parse(v.stdout) as ValidateJson).findings.filter((f) => f.severity === 'error');
      assert.deepEqual(errors, [], fixture);
    } finally {
      dispose();
    }
  }
});
