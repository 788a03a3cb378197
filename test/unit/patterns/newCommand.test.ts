// `serverless-workbench new` end to end, in-process, on temporary copies of fixture projects.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { patternIds } from '../../../src/patterns/types';
import { patterns } from '../../../src/patterns/catalog';
import { cli, copyFixture } from '../helpers/cliHarness';
import { buildRuntime } from '../helpers/runtimeHarness';

interface ListJson {
  projects: Array<{ file: string; kind: string; functions: Array<{ name: string; handlerFile: string | null; runtime: string | null; triggers: Array<{ type: string }> }> }>;
}

interface ValidateJson {
  findings: Array<{ rule: string; severity: string; file: string; line: number }>;
}

async function list(dir: string): Promise<ListJson> {
  const r = await cli(['list', '--json'], dir);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as ListJson;
}

/** Every file under a folder with its content, to prove a refusal wrote nothing. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

const pascal = (s: string): string => s.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());

/** Original lines of a config must all still be there, in order. */
function assertKept(before: string, after: string): void {
  const lines = after.split('\n');
  let k = 0;
  for (const line of before.split('\n')) {
    while (k < lines.length && lines[k] !== line) k++;
    assert.ok(k < lines.length, `line lost or moved: ${JSON.stringify(line)}`);
    k++;
  }
}

for (const [fixture, config, kind] of [
  ['patterns/sf-service', 'serverless.yml', 'serverless-framework'],
  ['patterns/sam-app', 'template.yaml', 'sam'],
] as const) {
  test(`new: every pattern × language in a ${kind} project; list shows each with its triggers; comments survive`, async () => {
    const { dir, dispose } = copyFixture(fixture);
    try {
      const before = readFileSync(join(dir, config), 'utf8');
      const expected = new Map<string, string[]>();
      for (const pattern of patternIds) {
        for (const language of ['ts', 'js', 'python'] as const) {
          const name = `${kind === 'sam' ? pascal(pattern) : pattern.replace(/-/g, '')}${pascal(language)}`;
          const r = await cli(['new', pattern, '--name', name, '--language', language], dir);
          assert.equal(r.code, 0, `${pattern} ${language}: ${r.stderr}`);
          assert.equal(r.stderr, '');
          assert.match(r.stdout, new RegExp(`created .*\\.${language === 'python' ? 'py' : language === 'ts' ? 'ts' : 'mjs'}\\n`));
          expected.set(name, patterns.find((p) => p.id === pattern)!.triggers.aws!);
        }
      }
      const hint = await cli(['new', 'event-sourcing', '--name', kind === 'sam' ? 'Hint' : 'hint', '--language', 'js'], dir);
      assert.match(hint.stdout, /\nnext: npm install @aws-sdk\/client-dynamodb @aws-sdk\/lib-dynamodb @aws-sdk\/util-dynamodb\n$/);
      expected.set(kind === 'sam' ? 'Hint' : 'hint', ['dynamodb', 'eventbridge']);
      const after = readFileSync(join(dir, config), 'utf8');
      assert.match(after, /KEEP-THIS-COMMENT/);
      assertKept(before, after);

      const project = (await list(dir)).projects.find((p) => p.file === config)!;
      assert.equal(project.kind, kind);
      for (const [name, triggers] of expected) {
        const fn = project.functions.find((f) => f.name === name);
        assert.ok(fn, `${name} not listed`);
        assert.deepEqual(fn.triggers.map((t) => t.type), triggers, name);
        assert.ok(fn.handlerFile && existsSync(join(dir, fn.handlerFile)), `${name}: handler file ${fn.handlerFile} not found by the model`);
        assert.match(fn.runtime ?? '', name.endsWith('Python') ? /^python3\./ : /^nodejs/, name);
      }
      assert.equal(project.functions.length, expected.size + 1);
    } finally {
      dispose();
    }
  });
}

test('new: Azure Node v4 app gets JS/TS registrations in src/functions that the model lists', async () => {
  const { dir, dispose } = copyFixture('workspace/azure-app');
  try {
    for (const [pattern, language, trigger] of [
      ['api', 'js', 'http'],
      ['scheduled', 'ts', 'schedule'],
      ['queue-worker', 'js', 'queue'],
    ] as const) {
      const name = `${pattern.replace(/-/g, '')}${language}`;
      const r = await cli(['new', pattern, '--name', name, '--language', language], dir);
      assert.equal(r.code, 0, r.stderr);
      const file = join(dir, 'src', 'functions', `${name}.${language}`);
      assert.match(readFileSync(file, 'utf8'), new RegExp(`app\\.\\w+\\('${name}'`));
      const fn = (await list(dir)).projects[0].functions.find((f) => f.name === name);
      assert.deepEqual(fn?.triggers.map((t) => t.type), [trigger]);
    }
  } finally {
    dispose();
  }
});

test('new: a function.json (v3) app gets v3 functions that run; a v4 function there is a change of model, said before it is written', async () => {
  const { dir, dispose } = copyFixture('patterns/azure-v3');
  try {
    for (const [pattern, trigger] of [
      ['api', 'http'],
      ['scheduled', 'schedule'],
      ['queue-worker', 'queue'],
    ] as const) {
      const name = `${pascal(pattern)}V3`;
      const r = await cli(['new', pattern, '--name', name], dir);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout.split('\n')[0], `created ${name}/function.json`);
      assert.equal(r.stderr, '');
      const fn = (await list(dir)).projects[0].functions.find((f) => f.name === name);
      assert.deepEqual(fn?.triggers.map((t) => t.type), [trigger]);
      assert.equal(fn?.handlerFile, `${name}/index.js`);
    }
    const v = await cli(['validate', '--format', 'json'], dir);
    assert.deepEqual((JSON.parse(v.stdout) as ValidateJson).findings, []);
    // They run in the local v3 runtime as written.
    const runtimeDir = buildRuntime();
    writeFileSync(join(dir, 'item.json'), JSON.stringify({ method: 'POST', url: '/api/ApiV3', headers: { 'content-type': 'application/json' }, body: { name: ' Ada ' } }));
    const created = await cli(['invoke', 'ApiV3', '--event', 'item.json'], dir, { runtimeDir });
    assert.equal(created.code, 0, created.stderr);
    const res = JSON.parse(created.stdout) as { status: number; body: { name: string; id: string } };
    assert.equal(res.status, 201);
    assert.equal(res.body.name, 'Ada');
    assert.match(created.stderr, /"message":"Item created"/);
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ method: 'POST', url: '/api/ApiV3', body: 'not json' }));
    const rejected = await cli(['invoke', 'ApiV3', '--event', 'bad.json'], dir, { runtimeDir });
    assert.equal((JSON.parse(rejected.stdout) as { status: number }).status, 400);
    writeFileSync(join(dir, 'job.json'), JSON.stringify({ orderId: 'o-7' }));
    const job = await cli(['invoke', 'QueueWorkerV3', '--event', 'job.json'], dir, { runtimeDir });
    assert.equal(job.code, 0, job.stderr);
    assert.match(job.stderr, /"message":"Job done".*"orderId":"o-7"/);
    writeFileSync(join(dir, 'nojob.json'), JSON.stringify({ nothing: true }));
    const failed = await cli(['invoke', 'QueueWorkerV3', '--event', 'nojob.json'], dir, { runtimeDir });
    assert.equal(failed.code, 1);
    assert.match(failed.stderr + failed.stdout, /Message must be JSON with a string "orderId"/);
    const timer = await cli(['invoke', 'ScheduledV3'], dir, { runtimeDir });
    assert.equal(timer.code, 0, timer.stderr);
    assert.match(timer.stderr, /"message":"Scheduled run finished"/);

    const ts = await cli(['new', 'api', '--name', 'Typed', '--language', 'ts'], dir);
    assert.equal(ts.code, 2);
    assert.match(ts.stderr, /uses function\.json \(the v3 model\): its new functions are JavaScript here; use --language js, or --model v4 to move the app to the v4 model/);
    const moved = await cli(['new', 'api', '--name', 'Modern', '--language', 'ts', '--model', 'v4'], dir);
    assert.equal(moved.code, 0, moved.stderr);
    assert.match(moved.stderr, /^warning: .* uses function\.json \(the v3 model\): once this v4 function registers, the Functions host ignores its 4 function\.json functions \(/);
    const after = await cli(['validate', '--format', 'json'], dir);
    const mixed = (JSON.parse(after.stdout) as ValidateJson).findings.filter((f) => f.rule === 'azure-mixed-models');
    assert.equal(mixed.length, 4, 'each function.json now warns that it will not run');
  } finally {
    dispose();
  }
});

test('new: C# functions follow the app\'s model (isolated [Function] vs in-process [FunctionName]) and namespace', async () => {
  for (const [fixture, attribute] of [
    ['patterns/azure-dotnet', '[Function("'],
    ['patterns/azure-inprocess', '[FunctionName("'],
  ] as const) {
    const { dir, dispose } = copyFixture(fixture);
    try {
      for (const [pattern, trigger] of [
        ['api', 'http'],
        ['scheduled', 'schedule'],
        ['queue-worker', 'queue'],
      ] as const) {
        const name = `${pascal(pattern)}Fn`;
        const r = await cli(['new', pattern, '--name', name], dir);
        assert.equal(r.code, 0, r.stderr);
        const text = readFileSync(join(dir, `${name}.cs`), 'utf8');
        assert.ok(text.includes(`${attribute}${name}")]`), text.slice(0, 400));
        if (fixture === 'patterns/azure-dotnet') assert.match(text, /namespace Contoso\.Orders;/);
        const fn = (await list(dir)).projects[0].functions.find((f) => f.name === name);
        assert.deepEqual(fn?.triggers.map((t) => t.type), [trigger]);
      }
    } finally {
      dispose();
    }
  }
});

test('new: without --language, the project decides (node runtime with .ts handlers → TypeScript; a new project → TypeScript)', async () => {
  const { dir, dispose } = copyFixture('workspace');
  try {
    const fresh = await cli(['new', 'api', '--name', 'first', '--project', 'azure-app/serverless.yml'], dir);
    assert.equal(fresh.code, 0, fresh.stderr);
    assert.ok(existsSync(join(dir, 'azure-app/src/handlers/first.ts')));
    let r = await cli(['new', 'api', '--name', 'quick', '--project', 'orders-service'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(join(dir, 'orders-service/src/handlers/quick.ts')));
    r = await cli(['new', 'api', '--name', 'Quick', '--project', 'sam-app/template.yaml'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(join(dir, 'sam-app/src/quick/app.ts')));
  } finally {
    dispose();
  }
});

test('new: creates serverless.yml / template.yaml when asked for a config that does not exist', async () => {
  for (const [config, name] of [
    ['serverless.yml', 'hello'],
    ['template.yaml', 'Hello'],
  ] as const) {
    const { dir, dispose } = copyFixture('patterns/azure-inprocess');
    try {
      const r = await cli(['new', 'queue-worker', '--name', name, '--project', config, '--language', 'python'], dir);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`created ${config.replace('.', '\\.')}`));
      const project = (await list(dir)).projects.find((p) => p.file === config)!;
      assert.deepEqual(project.functions.map((f) => [f.name, f.runtime, f.triggers.map((t) => t.type)]), [[name, 'python3.13', ['sqs']]]);
    } finally {
      dispose();
    }
  }
});

test('new refuses with exit 2, one line, and writes nothing', async () => {
  const { dir, dispose } = copyFixture('workspace');
  try {
    const cases: Array<[string[], RegExp]> = [
      [['new', 'api', '--name', 'createOrder', '--project', 'orders-service'], /a function named "createOrder" already exists in serverless\.yml \(line \d+\)/],
      [['new', 'api', '--name', 'x', '--project', 'orders-service', '--language', 'python'], /provider\.runtime is nodejs20\.x; a Python handler does not fit: use --language ts or js/],
      [['new', 'api', '--name', 'X', '--project', 'sam-app', '--language', 'python'], /Globals\.Function\.Runtime is nodejs20\.x; a Python handler does not fit/],
      [['new', 'api', '--name', 'x', '--project', 'orders-service', '--language', 'csharp'], /C# handlers are generated for Azure Functions only/],
      [['new', 'stream', '--name', 'x', '--project', 'azure-app'], /the stream pattern is for AWS Lambda; Azure Functions projects get: api, scheduled, queue-worker/],
      [['new', 'api', '--name', 'x', '--project', 'azure-app', '--language', 'python'], /FUNCTIONS_WORKER_RUNTIME is node; a Python function does not fit/],
      [['new', 'api', '--name', 'bad-name', '--project', 'sam-app'], /not a valid SAM logical id/],
      [['new', 'api', '--name', 'x'], /several projects found; pick one with --project: /],
      [['new', 'api', '--name', 'x', '--project', 'nowhere'], /no such file or folder/],
      [['new', 'nope', '--name', 'x'], /unknown pattern "nope"/],
      [['new', 'api'], /missing --name NAME/],
      [['new', 'api', '--name', 'x', '--language', 'go'], /unknown language "go"/],
    ];
    const before = snapshot(dir);
    for (const [argv, message] of cases) {
      const r = await cli(argv, dir);
      assert.equal(r.code, 2, argv.join(' '));
      assert.equal(r.stdout, '');
      assert.match(r.stderr.split('\n')[0], message, argv.join(' '));
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    }
    assert.deepEqual(snapshot(dir), before);
  } finally {
    dispose();
  }
});

test('new refuses an unreadable project (YAML errors) and an existing handler file', async () => {
  const { dir, dispose } = copyFixture('patterns/sf-service');
  try {
    const config = join(dir, 'serverless.yml');
    const good = readFileSync(config, 'utf8');
    writeFileSync(config, good.replace('functions:', 'functions: [\n'));
    let r = await cli(['new', 'api', '--name', 'x'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /serverless\.yml has YAML errors; fix them first \(line 10: This flow sequence `\[` is never closed/);
    writeFileSync(config, good);
    writeFileSync(join(dir, 'src/handlers/taken.ts'), '// mine\n');
    const before = snapshot(dir);
    r = await cli(['new', 'api', '--name', 'taken', '--language', 'ts'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /src\/handlers\/taken\.ts already exists; choose another name/);
    assert.deepEqual(snapshot(dir), before);
  } finally {
    dispose();
  }
});

test('new refuses a config the model cannot read (fuzz mutants binary 0x058f7740, alias-bomb 0x0c60e36c), with the model\'s reason', async () => {
  // It used to edit the file, find the edit unreadable, and answer "internal error".
  const { dir, dispose } = copyFixture('patterns/sf-service');
  try {
    const config = join(dir, 'serverless.yml');
    const good = readFileSync(config, 'utf8');
    for (const [text, reason] of [
      [good.replace('service:', 'servic\u0000e:'), /^serverless-workbench new: serverless\.yml cannot be edited: This file looks binary \(it contains NUL bytes\); it is not modelled\.\n$/],
      [good.replace('provider:', 'stages: &self [*self]\nprovider:'), /^serverless-workbench new: serverless\.yml cannot be edited: This file expands to more than 250000 nodes or 200 levels/],
    ] as const) {
      writeFileSync(config, text);
      const before = snapshot(dir);
      const r = await cli(['new', 'queue-worker', '--name', 'fuzzFn'], dir);
      assert.equal(r.code, 2);
      assert.match(r.stderr, reason);
      assert.deepEqual(snapshot(dir), before);
    }
  } finally {
    dispose();
  }
});

test('new: a default runtime from a variable or parameter does not block a language; the function names its own', async () => {
  for (const [config, text, name] of [
    ['serverless.yml', 'service: v\ncustom:\n  rt: python3.12\nprovider:\n  name: aws\n  runtime: ${self:custom.rt}\nfunctions:\n', 'worker'],
    ['template.yaml', "Transform: AWS::Serverless-2016-10-31\nParameters:\n  Rt: { Type: String, Default: python3.12 }\nGlobals:\n  Function:\n    Runtime: !Ref Rt\nResources:\n  Placeholder:\n    Type: AWS::SQS::Queue\n", 'Worker'],
  ] as const) {
    const { dir, dispose } = copyFixture('patterns/azure-inprocess');
    try {
      writeFileSync(join(dir, config), text);
      const r = await cli(['new', 'queue-worker', '--name', name, '--project', config, '--language', 'ts'], dir);
      assert.equal(r.code, 0, r.stderr);
      assert.match(readFileSync(join(dir, config), 'utf8'), config === 'serverless.yml' ? /\n {4}runtime: nodejs24\.x\n/ : /\n {6}Runtime: nodejs24\.x\n/);
    } finally {
      dispose();
    }
  }
});

test('a refusal quoting the config stays one line (fuzz mutant line-duplicate+token-inject 0x493511d1)', async () => {
  const { dir, dispose } = copyFixture('patterns/sf-service');
  try {
    const config = join(dir, 'serverless.yml');
    writeFileSync(config, readFileSync(config, 'utf8').replace('  name: aws\n', '  name: aws\n  runtime: "go\\nlang"\n'));
    const r = await cli(['new', 'api', '--name', 'fuzzFn'], dir);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'serverless-workbench new: provider.runtime is go\\nlang: patterns generate Node.js and Python handlers only\n');
  } finally {
    dispose();
  }
});
