import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadServerlessFramework } from '../../src/model/serverlessFramework';
import type { FileSystem } from '../../src/model/fileSystem';
import type { SfResolverOptions } from '../../src/model/sfVariables';
import type { Project } from '../../src/model/types';
import { isUnresolved, toPlain } from '../../src/model/types';
import { WorkspaceIndex } from '../../src/model/workspace';
import { validateProject } from '../../src/validation/validate';
import { memoryFileSystem } from './helpers/memoryFileSystem';
import { at, platformFileSystem, platforms } from './helpers/platformFileSystem';

// Edge cases of issue 17, each a small config written for the purpose. Those in test/fixtures/sf-variables
// are also packaged by serverless@3 in bench/frameworkOracle.ts: the values expected here are what the
// framework deploys, or, where it stops with "Value not found", what the model shows instead of a guess.

const CONFIG = '/svc/serverless.yml';
const fixtures = join(__dirname, '..', 'fixtures', 'sf-variables');

/** A fixture service as in-memory files under /svc (so a test can add or remove one). */
function fixture(name: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out[`/svc/${relative(join(fixtures, name), p)}`] = readFileSync(p, 'utf8');
    }
  };
  walk(join(fixtures, name));
  return out;
}

async function load(files: Record<string, string>, options: SfResolverOptions = {}): Promise<{ project: Project; reads: string[] }> {
  const fs = memoryFileSystem(files);
  const reads: string[] = [];
  const tracing: FileSystem = { ...fs, readFile: async (p) => (reads.push(p), fs.readFile(p)) };
  const project = await loadServerlessFramework(CONFIG, files[CONFIG], tracing, { env: {}, ...options });
  return { project, reads };
}

const fn = (p: Project, name: string) => {
  const f = p.functions.find((x) => x.name === name);
  assert.ok(f, `function ${name} in ${p.functions.map((x) => x.name).join(', ')}`);
  return f;
};
const value = (l: { value: unknown } | undefined): unknown => (l === undefined ? undefined : toPlain(l.value as never));

test('functions: ${file(functions.yml)} lists the functions of the file, located in that file', async () => {
  const { project } = await load(fixture('functions-file'));
  assert.deepEqual(project.functions.map((f) => f.name), ['create', 'list']);
  const create = fn(project, 'create');
  assert.equal(create.file, '/svc/functions.yml');
  assert.equal(create.id, `${CONFIG}#create`);
  assert.equal(create.keyRange.start.line, 1);
  assert.equal(create.handler?.range.start.line, 2);
  assert.equal(create.triggers[0].type, 'http');
  assert.equal(create.triggers[0].range.start.line, 4);
  assert.equal(create.deployedName, 'shop-dev-create');
  // Provider settings still come from serverless.yml: their ranges say so.
  assert.equal(create.runtime?.value, 'nodejs20.x');
  assert.equal(create.runtime?.file, CONFIG);
  assert.equal(create.memorySize?.file, CONFIG);
  assert.equal(fn(project, 'list').timeout?.file, undefined, 'a setting of the function itself is in the function file');
  assert.deepEqual(project.files, ['/svc/functions.yml']);
});

test('functions as a list: - ${file(fns.yml)}, - ${file(x.yml):key} and inline maps, merged as the framework merges them', async () => {
  const { project } = await load(fixture('functions-list'));
  assert.deepEqual(project.functions.map((f) => [f.name, value(f.handler), f.file]), [
    ['users', 'users.v2', '/svc/fns/override.json'],
    ['orderCreate', 'orders.create', '/svc/fns/all.yml'],
    ['orderList', 'orders.list', '/svc/fns/all.yml'],
    ['inline', 'h.inline', CONFIG],
  ]);
  assert.equal(fn(project, 'orderList').keyRange.start.line, 3);
  assert.equal(fn(project, 'users').keyRange.start.line, 1, 'JSON files keep their ranges too');
});

test('a function defined by a variable (hello: ${file(hello.yml)}) is located in the file it comes from', async () => {
  const { project } = await load(fixture('function-from-file'));
  const hello = fn(project, 'hello');
  assert.equal(hello.file, '/svc/hello.yml');
  assert.equal(hello.keyRange.start.line, 0);
  assert.equal(hello.triggers[0].range.start.line, 2);
  const local = fn(project, 'local');
  assert.equal(local.file, CONFIG);
  assert.equal(local.keyRange.start.line, 6, 'same file: the key stays where it is written');
  assert.equal(local.handler?.range.start.line, 9);
});

test('a function list from a missing file is a warning on the variable; the project watches the path', async () => {
  const { project } = await load({ [CONFIG]: 'service: shop\nprovider:\n  name: aws\nfunctions: ${file(./functions.yml)}\n' });
  assert.deepEqual(project.functions, []);
  assert.deepEqual(
    project.findings.map((f) => [f.rule, f.severity, f.range.start.line]),
    [['functions-not-static', 'warning', 3]],
  );
  assert.match(project.findings[0].message, /missing file or key/);
  assert.deepEqual(project.files, ['/svc/functions.yml']);
  const js = await load({ [CONFIG]: 'service: shop\nprovider:\n  name: aws\nfunctions: ${file(./functions.js):all}\n', '/svc/functions.js': 'module.exports = {}' });
  assert.equal(js.project.findings[0].severity, 'info', 'code the framework would run is not read');
  assert.deepEqual(js.reads, []);
});

test('a stage read from an absent file is unknown: the deployed name shows the expression, never dev', async () => {
  const files = fixture('unknown-stage');
  const { project } = await load(files);
  assert.equal(project.stage, undefined);
  assert.equal(project.stageExpr, '${self:custom.secrets.NODE_ENV}');
  const hello = fn(project, 'hello');
  assert.equal(hello.deployedName, undefined);
  assert.equal(hello.deployedNameExpr, 'shop-${self:custom.secrets.NODE_ENV}-hello');
  assert.equal(hello.logGroup, undefined);
  assert.ok(isUnresolved(hello.environment.STAGE.value));
  assert.equal(fn(project, 'named').deployedNameExpr, 'shop-${self:custom.secrets.NODE_ENV}-named', 'what is known is filled in');
  assert.deepEqual(project.files, ['/svc/secrets.yml']);

  // When the file exists, it is read.
  const present = await load({ ...files, '/svc/secrets.yml': 'NODE_ENV: production\n' });
  assert.equal(present.project.stage, 'production');
  assert.equal(fn(present.project, 'hello').deployedName, 'shop-production-hello');
  assert.equal(fn(present.project, 'named').deployedName, 'shop-production-named');
  assert.equal(fn(present.project, 'hello').environment.STAGE.value, 'production');

  // `${opt:stage}` without a default is unknown too (the framework needs --stage); with --stage it is known.
  const opt = await load({ [CONFIG]: 'service: shop\nprovider:\n  name: aws\n  stage: ${opt:stage}\nfunctions:\n  f:\n    handler: h.f\n' });
  assert.equal(fn(opt.project, 'f').deployedNameExpr, 'shop-${opt:stage}-f');
  const withOption = await load({ [CONFIG]: 'service: shop\nprovider:\n  name: aws\n  stage: ${opt:stage}\nfunctions:\n  f:\n    handler: h.f\n' }, { options: { stage: 'qa' } });
  assert.equal(fn(withOption.project, 'f').deployedName, 'shop-qa-f');
});

test('${file(x.yml):key} and JSON files give handler, runtime, memory, timeout and names; paths may hold variables', async () => {
  const { project } = await load(fixture('file-values'));
  assert.equal(project.service, 'billing');
  const api = fn(project, 'api');
  assert.equal(api.runtime?.value, 'nodejs22.x');
  assert.equal(api.memorySize?.value, 2048);
  assert.equal(api.timeout?.value, 29);
  assert.equal(api.handler?.value, 'src/api.handler');
  assert.equal(api.handler?.range.start.line, 9, 'a value read from a file is located at its variable');
  assert.equal(api.deployedName, 'billing-live-api');
  assert.equal(fn(project, 'key').deployedName, 'billing-prod-key');
  assert.equal(fn(project, 'key').environment.PUBLIC_KEY.value, '-----BEGIN KEY-----\n');
  assert.equal(fn(project, 'key').environment.TEXT_WITH_KEY.value, 'none', 'a text file has no keys: the fallback applies');
  assert.deepEqual(project.files.sort(), ['/svc/config/base.json', '/svc/config/prod.yml', '/svc/public_key']);
});

test('values in an included file resolve in the config, and files may include files', async () => {
  const { project } = await load(fixture('nested-includes'));
  const f = fn(project, 'f');
  assert.equal(f.environment.TIER.value, 'gold');
  assert.equal(f.environment.SHARED.value, 'from-shared');
  assert.equal(f.environment.TIER.file, '/svc/env.yml', 'environment entries are located in the file that writes them');
  assert.equal(f.environment.TIER.range.start.line, 1);
  assert.deepEqual(f.triggers.map((t) => t.type), ['sqs', 'schedule']);
  // Triggers from another file are placed at the `events:` variable of the function's file.
  assert.equal(f.triggers[0].range.start.line, 2);
  assert.equal(f.triggers[0].config.arn.value, 'arn:aws:sqs:us-east-1:123456789012:jobs');
});

test('files that include each other, or a missing key, end without a hang or a guess', async () => {
  const { project } = await load({
    [CONFIG]: 'service: shop\nprovider:\n  name: aws\n  runtime: ${file(a.yml):runtime}\n  timeout: ${file(a.yml):nope, 12}\nfunctions:\n  f:\n    handler: h.f\n',
    '/svc/a.yml': 'runtime: ${file(b.yml):runtime}\n',
    '/svc/b.yml': 'runtime: ${file(a.yml):runtime}\n',
  });
  const f = fn(project, 'f');
  assert.ok(isUnresolved(f.runtime?.value));
  assert.equal(f.timeout?.value, 12);
});

test('${param:x}: the stage block, then default; unknown when the stage or a Dashboard could change it', async () => {
  const prod = fn((await load(fixture('params-prod'))).project, 'f');
  assert.deepEqual([prod.memorySize?.value, prod.timeout?.value, prod.deployedName], [3008, 15, 'shop-live-f']);
  const devFiles = fixture('params-dev');
  const dev = fn((await load(devFiles)).project, 'f');
  assert.deepEqual([dev.memorySize?.value, dev.timeout?.value, dev.deployedName], [256, 15, 'shop-test-f']);
  const withEnv = (text: string): string => `${text}    environment:\n      DOMAIN: \${param:domain, 'localhost'}\n      MISSING: \${param:nothing}\n`;
  const env = fn((await load({ [CONFIG]: withEnv(devFiles[CONFIG]) })).project, 'f').environment;
  assert.equal(env.DOMAIN.value, 'localhost');
  assert.ok(isUnresolved(env.MISSING.value));
  // Unknown stage: `memory` and `suffix` depend on which stage block applies; `timeout` is only in default.
  const unknown = fn((await load({ [CONFIG]: devFiles[CONFIG].replace('stage: dev', 'stage: ${ssm:/shop/stage}') })).project, 'f');
  assert.ok(isUnresolved(unknown.memorySize?.value));
  assert.equal(unknown.timeout?.value, 15);
  assert.equal(unknown.deployedNameExpr, 'shop-${param:suffix}-f');
  // With a Dashboard org and app, a Dashboard parameter of the stage may win over `default`.
  const dashboard = fn((await load({ [CONFIG]: `org: acme\napp: shop\n${devFiles[CONFIG]}` })).project, 'f');
  assert.ok(isUnresolved(dashboard.timeout?.value));
  const dashboardProd = fn((await load({ [CONFIG]: `org: acme\napp: shop\n${fixture('params-prod')[CONFIG]}` })).project, 'f');
  assert.equal(dashboardProd.memorySize?.value, 3008);
});

test('${aws:region} is the written region, else unknown; ${aws:accountId} is never guessed', async () => {
  const written = await load(fixture('region'));
  assert.equal(fn(written.project, 'f').deployedName, 'shop-eu-west-1-f');
  const account = await load({ [CONFIG]: `${fixture('region')[CONFIG]}    environment:\n      ACCOUNT: \${aws:accountId}\n      TABLE: arn:aws:dynamodb:\${aws:region}:\${aws:accountId}:table/t\n` });
  const env = fn(account.project, 'f').environment;
  assert.deepEqual(env.ACCOUNT.value, { unresolved: true, expr: '${aws:accountId}' });
  assert.ok(isUnresolved(env.TABLE.value));
  // The framework would deploy to us-east-1 here; the model does not assume where it is deployed.
  const unset = fixture('region-unset');
  const absent = fn((await load(unset)).project, 'f');
  assert.equal(absent.deployedName, undefined);
  assert.equal(absent.deployedNameExpr, 'shop-${aws:region}-f');
  const option = fn((await load(unset, { options: { region: 'ap-south-1' } })).project, 'f');
  assert.equal(option.deployedName, 'shop-ap-south-1-f');
});

test('nested and defaulted forms resolve in the framework order; a cloud source never falls through to its default', async () => {
  // The forms serverless@3 itself accepts (checked against it by the oracle bench): `null` falls through.
  const v3 = fn((await load(fixture('defaulted'))).project, 'f');
  assert.deepEqual([v3.memorySize?.value, v3.timeout?.value, v3.deployedName], [640, 20, 'shop-staging-custom']);
  // Variables nested in a source position (v1/v2 configs; serverless@3 stops on them with "Invalid variable source"), and every other source.
  const { project } = await load(
    {
      [CONFIG]: `service: shop
custom:
  defaultStage: staging
  empty:
  sizes:
    staging: 640
provider:
  name: aws
  stage: \${opt:stage, \${self:custom.stageFromFile, \${self:custom.defaultStage}}}
  memorySize: \${self:custom.sizes.\${sls:stage}}
  environment:
    LEGACY: \${opt:mode, self:custom.defaultStage}
    QUOTED: \${env:NOPE, "double, quoted"}
    EMPTY_FALLS_THROUGH: \${self:custom.empty, 'filled'}
    ENV_SET: \${env:SHOP_MODE, 'x'}
    SSM: \${ssm:/shop/key, 'default'}
    CF: \${cf:other.Output, 'default'}
    FLAG: \${strToBool(\${env:SHOP_FLAG})}
    INSTANCE: \${sls:instanceId}
    NUMBER: \${env:NOPE, 3}
functions:
  f:
    handler: h.f
`,
    },
    { env: { SHOP_MODE: 'live', SHOP_FLAG: 'true' } },
  );
  assert.equal(project.stage, 'staging');
  const f = fn(project, 'f');
  assert.equal(f.memorySize?.value, 640);
  assert.deepEqual(
    Object.fromEntries(Object.entries(f.environment).map(([k, l]) => [k, toPlain(l.value)])),
    {
      LEGACY: 'staging',
      QUOTED: 'double, quoted',
      EMPTY_FALLS_THROUGH: 'filled',
      ENV_SET: 'live',
      SSM: "${ssm:/shop/key, 'default'}",
      CF: "${cf:other.Output, 'default'}",
      FLAG: true,
      INSTANCE: '${sls:instanceId}',
      NUMBER: 3,
    },
  );
});

test('a container-image function has no runtime, even with a provider runtime', async () => {
  const { project } = await load(fixture('image-function'));
  assert.equal(fn(project, 'zipped').runtime?.value, 'nodejs20.x');
  const container = fn(project, 'container');
  assert.equal(container.runtime, undefined);
  assert.equal(container.handler, undefined);
  assert.equal(container.memorySize?.value, 2048);
  assert.match(container.handlerInfo.notLocal ?? '', /container image/);
});

test('a function from an included file: a provider runtime problem is reported in serverless.yml, the function problem in its file', async () => {
  const { project } = await load({
    [CONFIG]: 'service: shop\nprovider:\n  name: aws\n  runtime: nodejs8.10\nfunctions: ${file(fns.yml)}\n',
    '/svc/fns.yml': 'a:\n  handler: h.a\n  timeout: 5000\nb:\n  handler: h.b\n',
  });
  const findings = validateProject(project, { today: '2026-11-30' }).filter((f) => f.rule === 'runtime-deprecated' || f.rule === 'timeout-range');
  assert.deepEqual(findings.map((f) => [f.rule, f.file, f.range.start.line]).sort(), [
    ['runtime-deprecated', CONFIG, 3],
    ['timeout-range', '/svc/fns.yml', 2],
  ]);
});

test('resources from files wire triggers; a trigger wired in serverless.yml to a function from an included file is located there', async () => {
  const { project } = await load({
    [CONFIG]: `service: shop
provider:
  name: aws
  runtime: nodejs20.x
functions: \${file(fns.yml)}
resources:
  - \${file(queues.yml)}
  - Resources:
      Nightly:
        Type: AWS::Events::Rule
        Properties:
          ScheduleExpression: rate(1 days)
          Targets:
            - Arn: !GetAtt WorkerLambdaFunction.Arn
              Id: worker
`,
    '/svc/fns.yml': 'worker:\n  handler: h.worker\n',
    '/svc/queues.yml': 'Resources:\n  Jobs:\n    Type: AWS::SQS::Queue\n  JobsMapping:\n    Type: AWS::Lambda::EventSourceMapping\n    Properties:\n      EventSourceArn: !GetAtt Jobs.Arn\n      FunctionName: !Ref WorkerLambdaFunction\n',
  });
  const worker = fn(project, 'worker');
  assert.equal(worker.file, '/svc/fns.yml');
  assert.deepEqual(worker.triggers.map((t) => [t.type, t.wiring?.logicalId, t.file, t.range.start.line]), [
    ['sqs', 'JobsMapping', CONFIG, 6],
    ['schedule', 'Nightly', CONFIG, 8],
  ]);
  const schedule = validateProject(project, { today: '2026-11-30' }).find((f) => f.rule === 'schedule-expression');
  assert.equal(schedule?.file, CONFIG);
  assert.equal(schedule?.range.start.line, 11);
});

test('a state machine in serverless.yml that calls a function from an included file: the trigger is located in serverless.yml', async () => {
  const { project } = await load({
    [CONFIG]: `service: shop
provider:
  name: aws
  runtime: nodejs20.x
functions: \${file(fns.yml)}
stepFunctions:
  stateMachines:
    orders:
      definition:
        StartAt: Work
        States:
          Work:
            Type: Task
            Resource: !GetAtt worker.Arn
            End: true
`,
    '/svc/fns.yml': 'worker:\n  handler: h.worker\n',
  });
  const worker = fn(project, 'worker');
  assert.equal(worker.file, '/svc/fns.yml');
  assert.deepEqual(worker.triggers.map((t) => [t.type, t.file]), [['other', CONFIG]]);
  assert.ok(worker.triggers[0].range.start.line >= 6, 'at the state machine, in serverless.yml');
});

test('included files are found on every platform, with paths written with / or \\', async () => {
  for (const platform of platforms) {
    const files = {
      'svc/serverless.yml': 'service: shop\nprovider:\n  name: aws\n  memorySize: ${file(config\\sizes.yml):memory}\nfunctions: ${file(./fns/list.yml)}\n',
      'svc/fns/list.yml': 'worker:\n  handler: h.worker\n',
      'svc/config/sizes.yml': 'memory: 640\n',
    };
    const config = at(platform, 'svc/serverless.yml');
    const project = await loadServerlessFramework(config, files['svc/serverless.yml'], platformFileSystem(platform, files), { env: {} });
    const worker = fn(project, 'worker');
    assert.equal(worker.file, at(platform, 'svc/fns/list.yml'), platform.name);
    assert.equal(worker.memorySize?.value, 640, platform.name);
  }
});

test('the workspace re-models a project when a file it includes is edited, created or deleted', async () => {
  const files: Record<string, string> = {
    '/w/serverless.yml': 'service: shop\nprovider:\n  name: aws\nfunctions: ${file(functions.yml)}\n',
    '/w/functions.yml': 'a:\n  handler: h.a\n',
  };
  const index = new WorkspaceIndex(memoryFileSystem(files), { env: {} });
  await index.scan(['/w']);
  const names = () => index.project('/w/serverless.yml')?.functions.map((f) => f.name);
  assert.deepEqual(names(), ['a']);
  assert.deepEqual(index.projectsForFile('/w/functions.yml').map((p) => p.file), ['/w/serverless.yml']);
  const changed = await index.update('/w/functions.yml', 'a:\n  handler: h.a\nb:\n  handler: h.b\n');
  assert.deepEqual(changed.map((p) => p.file), ['/w/serverless.yml']);
  assert.deepEqual(names(), ['a', 'b'], 'unsaved text of the included file is used');
  delete files['/w/functions.yml'];
  await index.remove('/w/functions.yml');
  assert.deepEqual(names(), []);
  files['/w/functions.yml'] = 'c:\n  handler: h.c\n';
  await index.update('/w/functions.yml');
  assert.deepEqual(names(), ['c']);
});
