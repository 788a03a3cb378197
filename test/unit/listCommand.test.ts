import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/io';

const repo = join(__dirname, '..', '..');

async function run(argv: string[], cwd = repo): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { cwd, env: {}, stdout: (t) => (out += t), stderr: (t) => (err += t), readStdin: async () => '', isTty: false };
  const code = await runCli(argv, io);
  return { code, out, err };
}

test('list --json follows the CLI contract on the fixture workspace', async () => {
  const { code, out, err } = await run(['list', 'test/fixtures/workspace', '--json']);
  assert.equal(code, 0, err);
  const json = JSON.parse(out) as { projects: Array<Record<string, unknown> & { functions: Array<Record<string, unknown>> }> };
  const sls = json.projects.find((p) => p.kind === 'serverless-framework')!;
  assert.equal(sls.file, 'test/fixtures/workspace/orders-service/serverless.yml');
  assert.equal(sls.service, 'orders');
  const create = sls.functions[0];
  assert.deepEqual(
    { ...create },
    {
      name: 'createOrder',
      file: 'test/fixtures/workspace/orders-service/serverless.yml',
      deployedName: 'orders-dev-createOrder',
      runtime: 'nodejs20.x',
      handler: 'src/handlers/create.handler',
      handlerFile: 'test/fixtures/workspace/orders-service/src/handlers/create.ts',
      memorySize: 512,
      timeout: 10,
      defaults: [],
      line: 22,
      triggers: [
        { type: 'http', line: 25 },
        { type: 'httpApi', line: 28 },
      ],
    },
  );
  const sam = json.projects.find((p) => p.kind === 'sam')!;
  const report = sam.functions.find((f) => f.name === 'ReportFunction')!;
  assert.equal(report.deployedName, null, 'unknown values are null');
  assert.equal(report.memorySize, 256);
  // Unset settings print the platform default, still a number, and say so.
  const inline = sam.functions.find((f) => f.name === 'InlineFunction')!;
  assert.deepEqual([inline.memorySize, inline.timeout, inline.defaults], [128, 3, ['memorySize', 'timeout']]);
  const queue = sls.functions.find((f) => f.name === 'processQueue')!;
  assert.deepEqual(queue.triggers, [
    { type: 'sqs', line: 35 },
    { type: 'dynamodb', line: 38 },
  ]);
});

test('list prints unresolved variables as their expression', async () => {
  const { out } = await run(['list', 'test/corpus/serverless-examples/aws-dotnet-rest-api-with-dynamodb', '--json']);
  const json = JSON.parse(out) as { projects: Array<{ service: string; functions: Array<{ deployedName: unknown }> }> };
  assert.equal(json.projects[0].service, '${file(env.configs.yml):feature}');
  assert.equal(json.projects[0].functions[0].deployedName, '${file(env.configs.yml):feature}-dev-create', 'a name that depends on an unknown value is its expression');
});

test('list text output is a readable table per project', async () => {
  const { code, out } = await run(['list', 'test/fixtures/workspace/orders-service']);
  assert.equal(code, 0);
  const lines = out.split('\n');
  assert.match(lines[0], /^test\/fixtures\/workspace\/orders-service\/serverless\.yml +\(serverless-framework, service orders, stage dev\)$/);
  assert.match(lines[1], /^ {2}FUNCTION +DEPLOYED NAME +RUNTIME +HANDLER +TRIGGERS$/);
  assert.match(lines[2], /^ {2}createOrder +orders-dev-createOrder +nodejs20\.x +src\/handlers\/create\.handler +http, httpApi$/);
});

test('usage and I/O errors exit 2 with one line, no stack trace', async () => {
  const missing = await run(['list', 'does/not/exist']);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /no such file or folder/);
  assert.doesNotMatch(missing.err, /\n\s+at /);
  const flag = await run(['list', '--bogus']);
  assert.equal(flag.code, 2);
  assert.match(flag.err, /unknown option --bogus/);
  const cmd = await run(['frobnicate']);
  assert.equal(cmd.code, 2);
  const help = await run(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.out, /serverless-workbench list/);
});

test('every subcommand answers --help (and -h) with its usage on stdout, exit 0; after -- it is a path', async () => {
  for (const name of ['list', 'new', 'validate', 'logs', 'events', 'invoke', 'flow']) {
    for (const flag of ['--help', '-h']) {
      const r = await run([name, flag]);
      assert.equal(r.code, 0, `${name} ${flag}: ${r.err}`);
      assert.equal(r.err, '');
      assert.match(r.out, new RegExp(`^Usage: serverless-workbench ${name} `), `${name} ${flag}`);
    }
  }
  const asPath = await run(['list', '--', '--help']);
  assert.equal(asPath.code, 2);
  assert.match(asPath.err, /no such file or folder/);
});

test('an empty folder lists nothing', async () => {
  const { code, out } = await run(['list', 'test/fixtures/workspace/azure-app/HttpHello']);
  assert.equal(code, 0);
  assert.match(out, /No serverless projects found/);
});
