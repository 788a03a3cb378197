import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/io';
import { eventKinds } from '../../../src/events/catalogue';
import { buildRuntime } from '../helpers/runtimeHarness';
import { startLoopback, useTestCredentials } from '../helpers/loopback';
import { startFakeHost, stopFakeHost } from '../helpers/fakeHost';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const workspace = join(__dirname, '..', '..', 'fixtures', 'workspace');
let runtimeDir: string;
let cacheDir: string;
before(() => {
  runtimeDir = buildRuntime();
  cacheDir = mkdtempSync(join(tmpdir(), 'swb-cli-cache-'));
});

async function cli(argv: string[], opts: { stdin?: string; cwd?: string; env?: Record<string, string> } = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = {
    cwd: opts.cwd ?? workspace,
    env: { PATH: process.env.PATH, ...opts.env },
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    readStdin: async () => opts.stdin ?? '',
    isTty: false,
    runtimeDir,
    cacheDir,
  };
  const code = await runCli(argv, io);
  return { code, out, err };
}

describe('CLI: events', () => {
  test('events list: table and JSON', async () => {
    const t = await cli(['events', 'list']);
    assert.equal(t.code, 0);
    assert.match(t.out, /^TYPE\s+TRIGGER\s+PLATFORM\s+DESCRIPTION/);
    assert.match(t.out, /\ns3-put\s+s3\s+aws\s+S3 object created\n/);
    const j = await cli(['events', 'list', '--json']);
    const parsed = JSON.parse(j.out) as Json;
    assert.equal(parsed.events.length, eventKinds.length);
    assert.deepEqual(parsed.events.find((e: Json) => e.id === 'firehose'), { id: 'firehose', triggerType: null, platform: 'aws', title: 'Data Firehose transformation' });
  });
  test('events generate: by id, by trigger type, filled from a function', async () => {
    const g = await cli(['events', 'generate', 'sqs']);
    assert.equal(g.code, 0);
    assert.equal((JSON.parse(g.out) as Json).Records[0].eventSource, 'aws:sqs');
    const f = await cli(['events', 'generate', 'http', '--function', 'createOrder', '--project', 'orders-service']);
    const e = JSON.parse(f.out) as Json;
    assert.deepEqual([e.httpMethod, e.path, e.requestContext.stage], ['POST', '/orders', 'dev']);
    // The body the handler's Order type describes (create.ts parses it as Partial<Order>).
    assert.deepEqual(JSON.parse(e.body as string), { id: '123', total: 1 });
    const s3 = JSON.parse((await cli(['events', 'generate', 's3', '--function', 'ThumbnailFunction'])).out) as Json;
    assert.equal(s3.Records[0].s3.bucket.name, 'upload-bucket');
    const az = JSON.parse((await cli(['events', 'generate', 'http', '--function', 'HttpHello'])).out) as Json;
    assert.ok(az.url.startsWith('http://localhost:7071/api/'));
  });
  test('events: usage errors exit 2 with one line', async () => {
    for (const argv of [['events'], ['events', 'generate'], ['events', 'generate', 'nope'], ['events', 'frob'], ['events', 'generate', 'sqs', '--function', 'nobody']]) {
      const r = await cli(argv);
      assert.equal(r.code, 2, argv.join(' '));
      assert.equal(r.out, '');
      assert.match(r.err, /^serverless-workbench events: .+\n  usage: /);
    }
  });
});

describe('CLI: invoke (local)', () => {
  test('result on stdout, logs on stderr; TypeScript handler with the generated event', async () => {
    const r = await cli(['invoke', 'createOrder']);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(JSON.parse(r.out), { statusCode: 400, body: '{"message":"total must be a number"}' });
    assert.match(r.err, /^INIT_START Runtime Version: nodejs\d+\.x\tInterpreter: Node\.js [\d.]+ \([^)]+\)\nSTART RequestId: \S+ Version: \$LATEST\n/);
    assert.match(r.err, /\nREPORT RequestId: \S+\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 512 MB\tMax Memory Used: \d+ MB\tInit Duration: [\d.]+ ms\tInterpreter: Node\.js [\d.]+\n/);
    assert.match(r.err, /warning: API_KEY is not set: its value \$\{ssm:\/orders\/api-key\} cannot be resolved locally/);
  });
  test('--event FILE, --event - and --json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'swb-cli-'));
    writeFileSync(join(dir, 'ev.json'), JSON.stringify({ body: JSON.stringify({ total: 5 }) }));
    const file = await cli(['invoke', 'createOrder', '--event', join(dir, 'ev.json'), '--json']);
    assert.equal(file.code, 0, file.err);
    const j = JSON.parse(file.out) as Json;
    // The documented keys first, then the ones local runs added (interpreter, warnings, tenant, stream).
    assert.deepEqual(Object.keys(j), ['result', 'error', 'logs', 'durationMs', 'billedDurationMs', 'maxMemoryUsedMb', 'initDurationMs', 'requestId', 'interpreter', 'warnings', 'tenantId', 'stream']);
    assert.equal(j.interpreter.family, 'node');
    assert.deepEqual([j.tenantId, j.stream], [null, null]);
    assert.equal(j.result.statusCode, 201);
    assert.equal(j.error, null);
    assert.match(j.logs, /"message":"order created"/);
    assert.equal(typeof j.durationMs, 'number');
    assert.doesNotMatch(file.err, /START RequestId/, 'with --json the logs are in the object only');
    const stdin = await cli(['invoke', 'createOrder', '--event', '-'], { stdin: '{"body":"{\\"total\\":1}"}' });
    assert.equal(JSON.parse(stdin.out).statusCode, 201);
  });
  test('a function error prints the error object and exits 1; Python handlers run too', async () => {
    const r = await cli(['invoke', 'legacy']);
    assert.equal(r.code, 1);
    assert.equal(JSON.parse(r.out).errorType, 'Runtime.HandlerNotFound');
    const py = await cli(['invoke', 'ReportFunction']);
    assert.ok(py.code === 0 || py.code === 1, py.err);
    assert.match(py.err, /REPORT RequestId/);
  });
  test('usage and input errors exit 2 with one line', async () => {
    const cases: Array<[string[], RegExp, string?]> = [
      [['invoke'], /invoke needs a function NAME/],
      [['invoke', 'nobody'], /no function named nobody; functions: /],
      [['invoke', 'createOrder', '--event', 'missing.json'], /cannot read event file missing\.json/],
      [['invoke', 'createOrder', '--event', '-'], /the event on stdin is not valid JSON: .* at line 1, column 7/, '{"a": }'],
      [['invoke', 'createOrder', '--profile', 'x'], /--profile applies to --remote invocations only/],
      [['invoke', 'createOrder', '--bogus'], /unknown option --bogus/],
      [['invoke', 'HttpHello', '--remote'], /HttpHello is an Azure function: give its subscription with --subscription ID/],
      [['invoke', 'nightlyReport', '--remote', '--node', '/usr/bin/node'], /--node applies to local invocations only/],
      [['invoke', 'createOrder', '--node', 'no/such/node'], /--node is .*no[\\/]such[\\/]node, which does not run as Node\.js/],
    ];
    for (const [argv, re, stdin] of cases) {
      const r = await cli(argv, { stdin });
      assert.equal(r.code, 2, `${argv.join(' ')}: ${r.err}`);
      assert.match(r.err, re);
      assert.equal(r.err.trim().split('\n').filter((l) => !l.startsWith('  usage:')).length, 1, r.err);
    }
  });
});

describe('CLI: Azure functions run locally like Lambda handlers', () => {
  test('invoke a v3 HTTP function: the HTTP response on stdout, the host\'s lines on stderr; --json adds nothing but outputs and the local runtime keys', async () => {
    const r = await cli(['invoke', 'HttpHello', '--event', '-'], { stdin: JSON.stringify({ method: 'GET', url: '/api/HttpHello?name=Ada' }) });
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(JSON.parse(r.out), { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, cookies: [], body: 'Hello, Ada' });
    assert.match(r.err, /\[Information\] Executing 'Functions.HttpHello' \(Reason='This function was programmatically called via the host APIs.', Id=[0-9a-f-]{36}\)\n.*\[Information\] Executed 'Functions.HttpHello' \(Succeeded, /s);
    const j = await cli(['invoke', 'NightlyTimer', '--json']);
    assert.equal(j.code, 0, j.err);
    const out = JSON.parse(j.out) as Json;
    assert.deepEqual(Object.keys(out), ['result', 'error', 'logs', 'durationMs', 'billedDurationMs', 'maxMemoryUsedMb', 'initDurationMs', 'requestId', 'interpreter', 'warnings', 'tenantId', 'stream']);
    assert.equal(out.interpreter.family, 'node');
    assert.equal(out.error, null);
    assert.match(out.logs, /\[Information\] nightly run false\n/);
    assert.ok(out.billedDurationMs >= 100 && out.initDurationMs > 0);
  });
});

describe('CLI: the seed row "Azure Functions C# HTTP trigger", end to end as far as this machine allows', () => {
  test('created from the pattern, validated, listed, invoked through a Functions host at --host-url', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'swb-csharp-'));
    writeFileSync(join(dir, 'host.json'), '{\n  "version": "2.0"\n}\n');
    writeFileSync(join(dir, 'local.settings.json'), JSON.stringify({ IsEncrypted: false, Values: { FUNCTIONS_WORKER_RUNTIME: 'dotnet-isolated', AzureWebJobsStorage: 'UseDevelopmentStorage=true' } }));
    writeFileSync(join(dir, 'Orders.csproj'), '<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFramework>net8.0</TargetFramework><AzureFunctionsVersion>v4</AzureFunctionsVersion><OutputType>Exe</OutputType></PropertyGroup></Project>\n');
    const created = await cli(['new', 'api', '--name', 'CreateOrder', '--language', 'csharp'], { cwd: dir });
    assert.equal(created.code, 0, created.err);
    assert.match(readFileSync(join(dir, 'CreateOrder.cs'), 'utf8'), /\[Function\("CreateOrder"\)\][\s\S]*\[HttpTrigger\(AuthorizationLevel\.Function, "post"\)\]/);
    assert.equal((await cli(['new', 'scheduled', '--name', 'Nightly', '--language', 'csharp'], { cwd: dir })).code, 0);

    const validated = await cli(['validate', '--format', 'json'], { cwd: dir });
    assert.equal(validated.code, 0, validated.out);
    assert.deepEqual(JSON.parse(validated.out), { findings: [] });
    const listed = JSON.parse((await cli(['list', '--json'], { cwd: dir })).out) as Json;
    const fns = listed.projects[0].functions as Json[];
    assert.deepEqual(fns.map((f) => [f.name, f.runtime, f.handlerFile, f.triggers.map((t: Json) => t.type)]), [
      ['CreateOrder', 'dotnet-isolated', 'CreateOrder.cs', ['http']],
      ['Nightly', 'dotnet-isolated', 'Nightly.cs', ['schedule']],
    ]);

    // Compiled functions do not run in the embedded runtime: the message says how to run them.
    const local = await cli(['invoke', 'CreateOrder'], { cwd: dir });
    assert.equal(local.code, 2);
    assert.match(local.err, /CreateOrder is a dotnet-isolated function: it runs in a Functions host \(Core Tools' func start\): invoke it through the host \(the Functions host target, or --host-url in the CLI\)/);

    // Core Tools cannot be installed here: the stand-in host serves the app's functions the way func start does.
    const host = await startFakeHost(dir, { FAKE_FUNC_RESPONSES: JSON.stringify({ CreateOrder: { status: 201, body: { id: 'o-1', name: 'Ada' } } }) });
    try {
      assert.deepEqual(host.functions.map((f) => [f.name, f.methods ?? f.trigger]), [['CreateOrder', ['POST']], ['Nightly', 'timerTrigger']]);
      const http = await cli(['invoke', 'CreateOrder', '--host-url', host.hostUrl, '--event', '-'], { cwd: dir, stdin: JSON.stringify({ body: { name: 'Ada' } }) });
      assert.equal(http.code, 0, http.err);
      assert.deepEqual(JSON.parse(http.out), { status: 201, headers: JSON.parse(http.out).headers, cookies: [], body: { id: 'o-1', name: 'Ada' } });
      assert.match(JSON.parse(http.out).headers['content-type'], /application\/json/);
      const timer = await cli(['invoke', 'Nightly', '--host-url', host.hostUrl, '--json'], { cwd: dir });
      assert.equal(timer.code, 0, timer.err);
      assert.equal((JSON.parse(timer.out) as Json).result, null);
      const note = await cli(['invoke', 'Nightly', '--host-url', host.hostUrl], { cwd: dir });
      assert.match(note.err, new RegExp(`the host at ${host.hostUrl} accepted the invocation of Nightly \\(202\\); its output is in the host's log`));
    } finally {
      await stopFakeHost(host);
    }
    const gone = await cli(['invoke', 'CreateOrder', '--host-url', host.hostUrl], { cwd: dir });
    assert.equal(gone.code, 2);
    assert.equal(gone.err, `serverless-workbench invoke: no Functions host answers at ${host.hostUrl} (start it with "func start", or check the URL)\n`);
  });

  test('--host-url: usage errors', async () => {
    for (const [argv, re] of [
      [['invoke', 'HttpHello', '--host-url', 'localhost:7071'], /--host-url localhost:7071 is not an http\(s\) URL/],
      [['invoke', 'HttpHello', '--host-url', 'http://localhost:7071', '--remote'], /--host-url and --remote are two targets: choose one/],
      [['invoke', 'createOrder', '--host-url', 'http://localhost:7071'], /createOrder is an AWS Lambda function: --host-url sends Azure functions to a Functions host/],
      [['invoke', 'HttpHello', '--host-url', 'http://localhost:7071', '--node', process.execPath], /--node applies to local invocations only/],
    ] as Array<[string[], RegExp]>) {
      const r = await cli(argv);
      assert.equal(r.code, 2, r.err);
      assert.match(r.err, re);
    }
  });
});

describe('CLI: interpreters, streaming, tenants', () => {
  test('--node and --python choose the interpreter; the result names it and warns about another version', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'swb-cli-int-'));
    writeFileSync(join(dir, 'serverless.yml'), 'service: int\nprovider:\n  name: aws\nfunctions:\n  js:\n    handler: h.main\n    runtime: nodejs18.x\n  py:\n    handler: p.main\n    runtime: python3.9\n');
    writeFileSync(join(dir, 'h.js'), 'exports.main = async () => process.version;\n');
    writeFileSync(join(dir, 'p.py'), 'import sys\ndef main(event, context):\n    return sys.executable\n');
    const js = await cli(['invoke', 'js', '--node', process.execPath, '--json'], { cwd: dir });
    assert.equal(js.code, 0, js.err);
    const j = JSON.parse(js.out) as Json;
    assert.equal(j.result, process.version);
    assert.deepEqual([j.interpreter.path, j.interpreter.source], [process.execPath, 'option']);
    assert.match(j.warnings[0], new RegExp(`^--node is Node\\.js ${process.versions.node.replace(/\./g, '\\.')}, but the function's runtime is Node\\.js 18$`));
    const python = (process.env.PATH ?? '').split(':').map((d) => join(d, 'python3')).find((p) => existsSync(p))!;
    const py = await cli(['invoke', 'py', '--python', python], { cwd: dir });
    assert.equal(py.code, 0, py.err);
    assert.match(py.err, /warning: --python is Python 3\.\d+\.\d+, but the function's runtime is Python 3\.9\n/);
    const pyJson = JSON.parse((await cli(['invoke', 'py', '--python', python, '--json'], { cwd: dir })).out) as Json;
    assert.deepEqual([pyJson.interpreter.path, pyJson.interpreter.source, pyJson.interpreter.family], [python, 'option', 'python']);
  });

  test('a streamed response goes to stdout as it comes; --tenant-id reaches the context', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'swb-cli-stream-'));
    writeFileSync(
      join(dir, 'template.yaml'),
      "Transform: AWS::Serverless-2016-10-31\nResources:\n  Streamer:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: nodejs20.x\n      Handler: s.handler\n      TenancyConfig:\n        TenantIsolationMode: PER_TENANT\n",
    );
    writeFileSync(join(dir, 's.js'), 'exports.handler = awslambda.streamifyResponse(async (event, stream, context) => { stream.write("tenant "); stream.write(context.tenantId); stream.end(); });\n');
    const r = await cli(['invoke', 'Streamer', '--tenant-id', 'acme'], { cwd: dir });
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, 'tenant acme\n', 'the body itself, not JSON');
    assert.match(r.err, /START RequestId: \S+ Version: \$LATEST Tenant: acme/);
    const j = JSON.parse((await cli(['invoke', 'Streamer', '--tenant-id', 'acme', '--json'], { cwd: dir })).out) as Json;
    assert.deepEqual([j.result, j.tenantId, j.stream], ['tenant acme', 'acme', { contentType: 'application/octet-stream', chunks: 2, bytes: 11 }]);
  });
});

describe('CLI: a name defined in several projects', () => {
  test('is a usage error listing the candidates; --project picks one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'swb-cli-dup-'));
    for (const svc of ['a', 'b']) {
      mkdirSync(join(dir, svc));
      writeFileSync(join(dir, svc, 'serverless.yml'), `service: ${svc}\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  same:\n    handler: h.main\n`);
      writeFileSync(join(dir, svc, 'h.js'), `exports.main = async () => ({ from: '${svc}' });\n`);
    }
    const both = await cli(['invoke', 'same'], { cwd: dir });
    assert.equal(both.code, 2);
    assert.match(both.err, /same is defined in several projects \(a[\\/]serverless\.yml, b[\\/]serverless\.yml\); choose one with --project/);
    const one = await cli(['invoke', 'same', '--project', 'b'], { cwd: dir });
    assert.equal(one.code, 0, one.err);
    assert.deepEqual(JSON.parse(one.out), { from: 'b' });
  });
});

describe('CLI: invoke --remote against a loopback Lambda', () => {
  let restore: () => void;
  before(() => {
    restore = useTestCredentials();
  });
  after(() => restore());
  test('endpoint, region and profile flags reach the SDK; log tail on stderr', async () => {
    const lambda = await startLoopback((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-amzn-requestid': 'req-9', 'x-amz-log-result': Buffer.from('START RequestId: req-9\nhello from aws\nREPORT RequestId: req-9\tDuration: 5.00 ms\tBilled Duration: 5 ms\tMemory Size: 512 MB\tMax Memory Used: 60 MB\t\n').toString('base64') });
      res.end(JSON.stringify({ path: req.url, ok: true }));
    });
    try {
      const r = await cli(['invoke', 'nightlyReport', '--remote', '--endpoint-url', lambda.url, '--region', 'ap-south-1', '--json']);
      assert.equal(r.code, 0, r.err);
      const j = JSON.parse(r.out) as Json;
      assert.deepEqual(j.result, { path: '/2015-03-31/functions/orders-nightly-report/invocations', ok: true });
      assert.equal(j.requestId, 'req-9');
      assert.equal(j.maxMemoryUsedMb, 60);
      assert.match(String(lambda.requests[0].headers.authorization), /ap-south-1\/lambda/);
      const plain = await cli(['invoke', 'nightlyReport', '--remote'], { env: { AWS_ENDPOINT_URL_LAMBDA: lambda.url } });
      assert.equal(plain.code, 0, plain.err);
      assert.match(plain.err, /hello from aws/);
      // The project's provider region (eu-west-1) is used when no flag says otherwise.
      assert.match(String(lambda.requests[1].headers.authorization), /eu-west-1\/lambda/);
    } finally {
      await lambda.close();
    }
  });
  test("with no region given, a SAM function is invoked in the profile's region from the shared config file", async () => {
    const lambda = await startLoopback((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-amzn-requestid': 'req-10' });
      res.end('{}');
    });
    const dir = mkdtempSync(join(tmpdir(), 'swb-cli-aws-'));
    writeFileSync(join(dir, 'config'), '[default]\nregion = eu-north-1\n\n[profile dev]\nregion = ap-south-1\n');
    const env = { AWS_ENDPOINT_URL_LAMBDA: lambda.url, AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') };
    try {
      const r = await cli(['invoke', 'ThumbnailFunction', '--project', 'sam-app', '--remote', '--json'], { env });
      assert.equal(r.code, 0, r.err);
      assert.match(String(lambda.requests[0].headers.authorization), /\/eu-north-1\/lambda\//);
      assert.match(lambda.requests[0].url ?? '', /\/functions\/thumbnail-test\/invocations/);
      // Explicit sources still win over the profile: the flag, then AWS_REGION.
      assert.equal((await cli(['invoke', 'ThumbnailFunction', '--project', 'sam-app', '--remote', '--region', 'sa-east-1', '--json'], { env })).code, 0);
      assert.match(String(lambda.requests[1].headers.authorization), /\/sa-east-1\/lambda\//);
      assert.equal((await cli(['invoke', 'ThumbnailFunction', '--project', 'sam-app', '--remote', '--json'], { env: { ...env, AWS_REGION: 'us-west-2' } })).code, 0);
      assert.match(String(lambda.requests[2].headers.authorization), /\/us-west-2\/lambda\//);
    } finally {
      await lambda.close();
    }
  });
  test('an unreachable endpoint is a one-line error, exit 2', async () => {
    const dead = await startLoopback(() => undefined);
    await dead.close();
    const r = await cli(['invoke', 'nightlyReport', '--remote', '--endpoint-url', dead.url]);
    assert.equal(r.code, 2);
    assert.match(r.err, /^serverless-workbench invoke: invoke orders-nightly-report: cannot reach http:\/\/127\.0\.0\.1:\d+ \(connection refused\); is the endpoint running\?\n$/);
  });
});
