import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { AwsConnection } from '../../../src/aws/connection';
import { encodePayload, remoteInvoke } from '../../../src/invoke/remoteInvoke';
import { parseServerlessFramework } from '../../../src/model/serverlessFramework';
import { parseCloudFormation } from '../../../src/model/cloudFormation';
import { parseSamConfig } from '../../../src/model/samConfig';
import { startLoopback, useTestCredentials } from '../helpers/loopback';
import type { Loopback } from '../helpers/loopback';

const project = parseServerlessFramework('/ws/serverless.yml', 'service: shop\nprovider:\n  name: aws\n  stage: dev\nfunctions:\n  hello:\n    handler: h.main\n  missing:\n    handler: h.main\n  denied:\n    handler: h.main\n  busy:\n    handler: h.main\n  expired:\n    handler: h.main\n  crash:\n    handler: h.main\n  text:\n    handler: h.main\n');
const fn = (name: string): (typeof project.functions)[number] => project.functions.find((f) => f.name === name)!;
const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

describe('remote invoke through the SDK against a loopback Lambda', () => {
  let restore: () => void;
  let lambda: Loopback;
  let conn: AwsConnection;
  before(async () => {
    restore = useTestCredentials();
    // The Lambda Invoke REST protocol: POST /2015-03-31/functions/{name}/invocations.
    lambda = await startLoopback((req, res) => {
      const m = /^\/2015-03-31\/functions\/([^/]+)\/invocations/.exec(req.url);
      const name = m ? decodeURIComponent(m[1]) : '';
      const error = (status: number, type: string, message: string): void => {
        res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type, 'x-amzn-requestid': 'err-req' });
        res.end(JSON.stringify({ Type: 'User', message }));
      };
      if (name === 'shop-dev-missing') return error(404, 'ResourceNotFoundException', `Function not found: arn:aws:lambda:eu-west-1:123456789012:function:${name}`);
      if (name === 'shop-dev-denied') return error(403, 'AccessDeniedException', 'User: arn:aws:iam::1:user/x is not authorized to perform: lambda:InvokeFunction');
      if (name === 'shop-dev-busy') return error(429, 'TooManyRequestsException', 'Rate Exceeded.');
      if (name === 'shop-dev-expired') return error(403, 'ExpiredTokenException', 'The security token included in the request is expired');
      const tail = b64(`START RequestId: r-1 Version: $LATEST\n2026-01-15T12:00:00.000Z\tr-1\tINFO\tgot ${req.body}\nEND RequestId: r-1\nREPORT RequestId: r-1\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 512 MB\tMax Memory Used: 77 MB\tInit Duration: 150.50 ms\t\n`);
      const headers: Record<string, string> = { 'content-type': 'application/json', 'x-amzn-requestid': 'r-1', 'x-amz-executed-version': '$LATEST' };
      if (req.headers['x-amz-log-type'] === 'Tail') headers['x-amz-log-result'] = tail;
      if (name === 'shop-dev-crash') {
        headers['x-amz-function-error'] = 'Unhandled';
        res.writeHead(200, headers);
        res.end(JSON.stringify({ errorType: 'TypeError', errorMessage: 'x is undefined', trace: ['TypeError: x is undefined', '    at handler (/var/task/h.js:3:5)'] }));
        return;
      }
      res.writeHead(200, headers);
      res.end(name === 'shop-dev-text' ? 'not json' : JSON.stringify({ statusCode: 200, got: JSON.parse(req.body), invocationType: req.headers['x-amz-invocation-type'] }));
    });
    conn = { region: 'eu-west-1', endpointUrl: lambda.url, origin: { profile: 'default', region: 'setting' } };
  });
  after(async () => {
    await lambda.close();
    restore();
  });

  test('result, decoded log tail and REPORT metrics', async () => {
    const r = await remoteInvoke({ fn: fn('hello'), project, conn, event: { id: 7 } });
    assert.equal(r.error, undefined);
    assert.deepEqual(r.result, { statusCode: 200, got: { id: 7 }, invocationType: 'RequestResponse' });
    assert.equal(r.functionName, 'shop-dev-hello');
    assert.equal(r.requestId, 'r-1');
    assert.match(r.logs, /INFO\tgot \{"id":7\}/);
    assert.deepEqual([r.durationMs, r.billedDurationMs, r.memorySizeMb, r.maxMemoryUsedMb, r.initDurationMs, r.coldStart], [12.34, 13, 512, 77, 150.5, true]);
    const seen = lambda.requests.at(-1)!;
    assert.equal(seen.method, 'POST');
    assert.equal(seen.url, '/2015-03-31/functions/shop-dev-hello/invocations');
    assert.equal(seen.headers['x-amz-log-type'], 'Tail');
    assert.match(String(seen.headers.authorization), /eu-west-1\/lambda\/aws4_request/);
  });
  test('a function error comes back as errorType/errorMessage/trace', async () => {
    const r = await remoteInvoke({ fn: fn('crash'), project, conn, event: {} });
    assert.deepEqual(r.error, { errorType: 'TypeError', errorMessage: 'x is undefined', trace: ['TypeError: x is undefined', '    at handler (/var/task/h.js:3:5)'] });
    assert.match(r.logs, /REPORT RequestId: r-1/);
  });
  test('a non-JSON payload is shown as text', async () => {
    assert.equal((await remoteInvoke({ fn: fn('text'), project, conn, event: {} })).result, 'not json');
  });
  test('API errors are one clear line', async () => {
    const cases: Array<[string, RegExp]> = [
      ['missing', /^invoke shop-dev-missing: not found in eu-west-1 .*is it deployed to this stage/],
      ['denied', /^invoke shop-dev-denied: access denied/],
      ['busy', /^invoke shop-dev-busy: AWS is throttling requests/],
      ['expired', /^invoke shop-dev-expired: the AWS credentials have expired; run aws sso login/],
    ];
    for (const [name, re] of cases) {
      await assert.rejects(remoteInvoke({ fn: fn(name), project, conn, event: {} }), (err: Error) => re.test(err.message) && !err.message.includes('\n'), name);
    }
  });
  test('payloads over 6 MB are refused before anything is sent', async () => {
    const before = lambda.requests.length;
    await assert.rejects(remoteInvoke({ fn: fn('hello'), project, conn, event: { big: 'x'.repeat(6 * 1024 * 1024) } }), /the event is 6\.0 MB; Lambda accepts at most 6 MB/);
    assert.equal(lambda.requests.length, before);
    assert.equal(encodePayload({ a: 1 }).byteLength, 7);
  });
  test('network failure names the endpoint', async () => {
    const dead = await startLoopback(() => undefined);
    await dead.close();
    await assert.rejects(remoteInvoke({ fn: fn('hello'), project, conn: { ...conn, endpointUrl: dead.url }, event: {} }), new RegExp(`cannot reach ${dead.url.replace(/[.:/]/g, '\\$&')} \\(connection refused\\)`));
  });
  test('SAM functions without FunctionName are looked up in the stack first', async () => {
    const sam = parseCloudFormation('/ws/template.yaml', 'Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: a.handler\n      Runtime: nodejs20.x\n');
    const cfn = await startLoopback((_req, res) => {
      res.setHeader('content-type', 'text/xml');
      res.end(`<DescribeStackResourceResponse><DescribeStackResourceResult><StackResourceDetail><StackName>app</StackName><LogicalResourceId>Fn</LogicalResourceId><PhysicalResourceId>shop-dev-hello</PhysicalResourceId><ResourceType>AWS::Lambda::Function</ResourceType><LastUpdatedTimestamp>2026-01-01T00:00:00Z</LastUpdatedTimestamp><ResourceStatus>CREATE_COMPLETE</ResourceStatus></StackResourceDetail></DescribeStackResourceResult></DescribeStackResourceResponse>`);
    });
    try {
      // The stack lookup goes to `cfn` (the connection's endpoint); the invoke uses a client built for the Lambda loopback.
      const { createLambdaClient } = await import('../../../src/aws/connection');
      const client = await createLambdaClient(conn);
      sam.samconfig = parseSamConfig('/ws/samconfig.toml', '[default.deploy.parameters]\nstack_name = "app"\n').config;
      const r = await remoteInvoke({ fn: sam.functions[0], project: sam, conn: { ...conn, endpointUrl: cfn.url }, event: { a: 1 }, client });
      client.destroy();
      assert.equal(r.functionName, 'shop-dev-hello');
      assert.deepEqual((r.result as { got: unknown }).got, { a: 1 });
      assert.equal(new URLSearchParams(cfn.requests[0].body).get('LogicalResourceId'), 'Fn');
    } finally {
      await cfn.close();
    }
  });
});
