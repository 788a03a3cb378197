import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LocalRuntime } from '../../../src/invoke/localRuntime';
import { unresolvableSdkImports } from '../../../src/invoke/providedSdk';
import { buildRuntimeWithSdk, projectWith } from '../helpers/runtimeHarness';

// Lambda's Node.js runtimes include the AWS SDK for JavaScript v3 ("Building Lambda functions with Node.js",
// lambda-nodejs.html): handlers import it without packaging it. The projects below have no node_modules.
let runtime: LocalRuntime;
before(async () => {
  runtime = new LocalRuntime({ runtimeDir: await buildRuntimeWithSdk(), hostEnv: { PATH: process.env.PATH, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
});
after(() => runtime.dispose());

const sam = (handler: string): string => `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: ${handler}
`;

describe('the AWS SDK v3 the Node.js runtime provides (lambda-nodejs.html)', () => {
  test('an ES module handler imports SDK clients and lib-dynamodb without packaging them', async () => {
    const { project } = await projectWith({
      'template.yaml': sam('app.handler'),
      'app.mjs': `import { LambdaClient, InvokeCommand } from '@aws-sdk/client-lambda';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { helper } from './lib/helper.mjs';
export const handler = async () => ({ lambda: typeof LambdaClient, invoke: typeof InvokeCommand, doc: typeof DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' })).send, put: typeof PutCommand, helper: await helper() });
`,
      'lib/helper.mjs': `export async function helper() { const { SQSClient } = await import('@aws-sdk/client-sqs'); return typeof SQSClient; }
`,
    });
    const r = await runtime.invoke({ fn: project.functions[0], project, event: {} });
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    assert.deepEqual(r.result, { lambda: 'function', invoke: 'function', doc: 'function', put: 'function', helper: 'function' });
  });

  test('a CommonJS handler requires SDK clients without packaging them', async () => {
    const { project } = await projectWith({
      'template.yaml': sam('app.handler'),
      'app.js': `const { SNSClient } = require('@aws-sdk/client-sns');
const { EventBridgeClient } = require('@aws-sdk/client-eventbridge');
exports.handler = async () => [typeof SNSClient, typeof EventBridgeClient];
`,
    });
    const r = await runtime.invoke({ fn: project.functions[0], project, event: {} });
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    assert.deepEqual(r.result, ['function', 'function']);
  });

  test('a package the runtime does not provide is a Runtime.ImportModuleError, as on Lambda', async () => {
    const { project } = await projectWith({ 'template.yaml': sam('app.handler'), 'app.mjs': `import { X } from '@aws-sdk/client-not-provided';\nexport const handler = async () => X;\n` });
    const r = await runtime.invoke({ fn: project.functions[0], project, event: {} });
    assert.equal(r.error?.errorType, 'Runtime.ImportModuleError');
    assert.match(r.error?.errorMessage ?? '', /@aws-sdk\/client-not-provided/);
  });

  test('the static check finds SDK imports the project cannot resolve, through local imports', async () => {
    const { dir } = await projectWith({ 'template.yaml': sam('a.handler'), 'a.mjs': `import './b.mjs';\nimport x from "@aws-sdk/client-s3";`, 'b.mjs': `const m = await import('@aws-sdk/client-sfn');` });
    assert.deepEqual(unresolvableSdkImports(`${dir}/a.mjs`).sort(), ['@aws-sdk/client-s3', '@aws-sdk/client-sfn']);
  });
});
