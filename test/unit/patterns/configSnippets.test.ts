// Every config snippet, expanded with its defaults and inserted where the completion provider offers it,
// models as the trigger type it promises.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseAzureFunctions } from '../../../src/model/azureFunctions';
import { parseCloudFormation } from '../../../src/model/cloudFormation';
import { parseServerlessFramework } from '../../../src/model/serverlessFramework';
import type { SnippetEntry } from '../../../src/patterns/snippetFiles';
import { configSnippetFiles } from '../../../src/patterns/snippetFiles';
import type { ConfigSnippet } from '../../../src/patterns/configSnippets';
import { azureBindingSnippets, samEventSnippets, serverlessEventSnippets } from '../../../src/patterns/configSnippets';
import { expandSnippetBody } from '../helpers/snippetExpand';

const repo = join(__dirname, '..', '..', '..');

/** The snippet as the file on disk has it, expanded like the editor does. */
function expanded(s: ConfigSnippet): string {
  const entries = JSON.parse(readFileSync(join(repo, configSnippetFiles[s.context]), 'utf8')) as Record<string, SnippetEntry>;
  const e = Object.values(entries).find((x) => x.prefix === s.prefix);
  assert.ok(e, `${s.prefix} missing from ${configSnippetFiles[s.context]}`);
  return expandSnippetBody(e.body.join('\n'));
}

const indent = (text: string, pad: string): string =>
  text
    .split('\n')
    .map((l) => pad + l)
    .join('\n');

// Resources the snippets' defaults refer to (Queue, Table, Stream, Bucket, Topic).
const resourcesYaml = (pad: string): string =>
  indent(
    [
      'Queue:',
      '  Type: AWS::SQS::Queue',
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
    ].join('\n'),
    pad,
  );

/** A serverless.yml whose function has the snippet as its only event. */
function serverlessWith(snippetText: string): string {
  return `service: snippets\nprovider:\n  name: aws\n  runtime: nodejs22.x\nfunctions:\n  target:\n    handler: handler.main\n    events:\n${indent(snippetText, '      ')}\nresources:\n  Resources:\n${resourcesYaml('    ')}\n`;
}

/** A SAM template whose function has the snippet as its only event. */
function samWith(snippetText: string): string {
  return `AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\nResources:\n  Target:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: nodejs22.x\n      Handler: app.handler\n      Events:\n${indent(snippetText, '        ')}\n${resourcesYaml('  ')}\n`;
}

test('Serverless Framework event snippets model as their trigger type', () => {
  assert.ok(serverlessEventSnippets.length >= 10);
  for (const s of serverlessEventSnippets) {
    const project = parseServerlessFramework('/p/serverless.yml', serverlessWith(expanded(s)));
    assert.deepEqual(project.findings.filter((f) => f.severity === 'error'), [], s.prefix);
    assert.deepEqual(project.functions[0].triggers.map((t) => t.type), [s.trigger], s.prefix);
  }
});

test('SAM event snippets model as their trigger type', () => {
  for (const s of samEventSnippets) {
    const project = parseCloudFormation('/p/template.yaml', samWith(expanded(s)));
    assert.deepEqual(project.findings.filter((f) => f.severity === 'error'), [], s.prefix);
    assert.deepEqual(project.functions[0].triggers.map((t) => t.type), [s.trigger], s.prefix);
  }
});

test('the same prefix means the same trigger in serverless.yml and in a SAM template', () => {
  for (const s of samEventSnippets) {
    const twin = serverlessEventSnippets.find((x) => x.prefix === s.prefix);
    if (twin) assert.equal(twin.trigger, s.trigger, s.prefix);
  }
});

test('function.json binding snippets model as their trigger type', () => {
  for (const s of azureBindingSnippets) {
    const fj = `{\n  "bindings": [\n${indent(expanded(s), '    ')}\n  ]\n}\n`;
    assert.doesNotThrow(() => JSON.parse(fj), s.prefix);
    const project = parseAzureFunctions({
      hostFile: '/app/host.json',
      hostText: '{ "version": "2.0" }',
      functionJsons: [{ file: '/app/Target/function.json', text: fj }],
      codeFiles: [],
    });
    assert.deepEqual(project.functions[0].triggers.map((t) => t.type), [s.trigger], s.prefix);
  }
});

test('snippet prefixes are sls-… and unique per context, with descriptions', () => {
  for (const list of [serverlessEventSnippets, samEventSnippets, azureBindingSnippets]) {
    const prefixes = list.map((s) => s.prefix);
    assert.equal(new Set(prefixes).size, prefixes.length);
    for (const s of list) {
      assert.match(s.prefix, /^sls-[a-z0-9-]+$/);
      assert.ok(s.description.length > 10);
    }
  }
});
