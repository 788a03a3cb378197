import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, sep } from 'node:path';
import { modelFindingIds } from '../../src/model/findingIds';
import { WorkspaceIndex } from '../../src/model/workspace';
import { nodeFileSystem } from '../../src/node/nodeFileSystem';
import { allRules, validateProject } from '../../src/validation/validate';
import type { Finding } from '../../src/shared/finding';
import { memoryFileSystem } from './helpers/memoryFileSystem';
import { ignoringCase } from './helpers/platformFileSystem';

const fixtures = join(__dirname, '..', 'fixtures', 'validation');
const today = '2026-11-29';

/** Rules that only speak on a file system that ignores case (Windows, macOS): their fixtures are read as one. */
const caseInsensitiveFixtures = new Set(['handler-case-mismatch']);

async function findingsOf(dir: string): Promise<Finding[]> {
  const fs = [...caseInsensitiveFixtures].some((id) => dir.includes(`${sep}${id}${sep}`)) ? ignoringCase(nodeFileSystem()) : nodeFileSystem();
  const projects = await new WorkspaceIndex(fs, { env: {} }).scan([dir]);
  assert.ok(projects.length > 0, `${dir} holds a project`);
  return projects.flatMap((p) => validateProject(p, { today }));
}

test('every rule has a failing and a passing fixture', () => {
  const dirs = readdirSync(fixtures).sort();
  assert.deepEqual(dirs, allRules.map((r) => r.id).sort());
});

for (const rule of allRules) {
  test(`${rule.id}: the failing fixture is reported, the passing one is not`, async () => {
    const fail = (await findingsOf(join(fixtures, rule.id, 'fail'))).filter((f) => f.rule === rule.id);
    assert.ok(fail.length > 0, `${rule.id} reports its failing fixture`);
    for (const f of fail) {
      assert.ok(f.message.length > 10 && !f.message.includes('\n'), 'one-line message');
      assert.match(f.message, /[.?)]$/, 'a message ends as a sentence');
    }
    const pass = await findingsOf(join(fixtures, rule.id, 'pass'));
    assert.deepEqual(pass.filter((f) => f.rule === rule.id), [], `${rule.id} is quiet on its passing fixture`);
    // Passing fixtures are clean of errors altogether (warnings such as deprecation may remain).
    assert.deepEqual(pass.filter((f) => f.severity === 'error').map((f) => `${f.rule}: ${f.message}`), []);
  });
}

test('severities and counts of the failing fixtures', async () => {
  const summary = async (id: string): Promise<string[]> =>
    (await findingsOf(join(fixtures, id, 'fail'))).filter((f) => f.rule === id).map((f) => `${f.severity}@${f.range.start.line + 1}`);
  // Azure function.json, SAM template, then serverless.yml (findings are sorted by file).
  assert.deepEqual(await summary('schedule-expression'), ['error@7', 'error@10', 'error@13', 'error@17', 'error@9', 'error@10', 'error@11']);
  assert.deepEqual(await summary('batch-size'), ['error@15', 'error@11', 'error@14', 'error@18']);
  assert.deepEqual(await summary('runtime-deprecated'), ['error@4', 'warning@8']);
  assert.deepEqual(await summary('http-path'), ['error@10', 'error@13']);
  assert.deepEqual(await summary('http-duplicate-route'), ['error@13']);
  assert.deepEqual(await summary('handler-not-found'), ['error@7']);
  assert.deepEqual(await summary('handler-export-not-found'), ['warning@7']);
  assert.deepEqual(await summary('handler-case-mismatch'), ['warning@7', 'warning@9']);
  assert.deepEqual(await summary('sqs-visibility-timeout'), ['error@10']);
  assert.deepEqual(await summary('reference-missing'), ['error@13', 'error@17']);
  assert.deepEqual(await summary('azure-trigger-count'), ['error@10']);
  assert.deepEqual(await summary('config-key-unknown'), ['warning@4', 'warning@5', 'warning@9', 'warning@10']);
  assert.deepEqual(await summary('sam-transform-missing'), ['error@3']);
  assert.deepEqual(await summary('lambda-setting-value'), ['error@9', 'error@11', 'error@12', 'error@15']);
  assert.deepEqual(await summary('getatt-attribute-unknown'), ['error@14', 'error@16']);
  assert.deepEqual(await summary('azure-mixed-models'), ['warning@1']);
});

test('a missing handler is reported even when the project folder holds no other source file', async () => {
  // A config whose only handler file is missing is the plainest case of the defect, not a config-only checkout.
  const files: Record<string, string> = { '/svc/serverless.yml': 'service: s\nprovider:\n  name: aws\n  runtime: nodejs22.x\nfunctions:\n  a:\n    handler: src/a.main\n' };
  const projects = await new WorkspaceIndex(memoryFileSystem(files), { env: {} }).scan(['/svc']);
  assert.deepEqual(validateProject(projects[0], { today }).filter((f) => f.rule === 'handler-not-found').map((f) => f.range.start.line + 1), [7]);
});

test('variables and intrinsic functions are skipped, never guessed at', async () => {
  const text = [
    'service: s',
    'provider:',
    '  name: aws',
    '  runtime: ${opt:runtime}',
    '  timeout: ${self:custom.timeout}',
    'functions:',
    '  a:',
    '    handler: ${self:custom.handler}',
    '    memorySize: !Ref Memory',
    '    events:',
    '      - schedule: ${self:custom.schedule}',
    '      - http:',
    '          method: ${self:custom.method}',
    '          path: ${self:custom.path}',
    '      - s3:',
    '          bucket: b',
    '          event: ${self:custom.s3event}',
    'resources:',
    '  Parameters:',
    '    Memory:',
    '      Type: Number',
    '',
  ].join('\n');
  const fs = memoryFileSystem({ '/svc/serverless.yml': text, '/svc/x.js': '' });
  const [project] = await new WorkspaceIndex(fs, { env: {} }).scan(['/svc']);
  const findings = validateProject(project, { today }).filter((f) => f.severity !== 'info');
  assert.deepEqual(findings.map((f) => f.rule), []);
});

test('every id a finding can carry has a doc page docs/rules/<id>.md, and every page an id', () => {
  const pages = readdirSync(join(__dirname, '..', '..', 'docs', 'rules')).filter((f) => f.endsWith('.md')).map((f) => f.slice(0, -3)).sort();
  const ids = [...allRules.map((r) => r.id), ...modelFindingIds];
  assert.deepEqual(pages, [...new Set(ids)].sort());
  for (const id of ids) assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
  for (const id of pages) assert.match(readFileSync(join(__dirname, '..', '..', 'docs', 'rules', `${id}.md`), 'utf8'), new RegExp(`^# \`${id}\`\n\nSeverity: `), id);
});

test('the ids the sources emit as literals are all known ids (a scan of src/)', () => {
  // Belt and braces for the typed `finding()` and `this.id`: an id written as a literal where a finding is made.
  const known = new Set<string>([...allRules.map((r) => r.id), ...modelFindingIds]);
  const src = join(__dirname, '..', '..', 'src');
  const files = (readdirSync(src, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts'));
  const emitted = new Set<string>();
  for (const f of files) {
    const text = readFileSync(join(src, f), 'utf8');
    for (const m of text.matchAll(/\b(?:finding|makeFinding)\([^;]*?,\s*'([a-z0-9]+(?:-[a-z0-9]+)+)'/g)) emitted.add(m[1]);
    for (const m of text.matchAll(/\brule: '([a-z0-9]+(?:-[a-z0-9]+)+)'/g)) emitted.add(m[1]);
  }
  assert.ok(emitted.has('yaml-syntax') && emitted.has('internal-error') && emitted.has('config-key-unknown'), [...emitted].join(' '));
  assert.deepEqual([...emitted].filter((id) => !known.has(id)), []);
});

test('a setting that is no number: a warning in Serverless Framework (it deploys its default), an error in SAM', async () => {
  const files = {
    '/a/serverless.yml': 'service: s\nprovider:\n  name: aws\n  runtime: nodejs22.x\nfunctions:\n  f:\n    handler: h.main\n    memorySize: 1536MB\n',
    '/a/h.js': 'exports.main = async () => 1;\n',
    '/b/template.yaml': 'Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: nodejs22.x\n      Handler: h.main\n      InlineCode: x\n      Timeout: 30s\n',
  };
  const projects = await new WorkspaceIndex(memoryFileSystem(files), { env: {} }).scan(['/a', '/b']);
  const found = projects.flatMap((p) => validateProject(p, { today })).filter((f) => f.rule.endsWith('-range'));
  assert.deepEqual(
    found.map((f) => [f.rule, f.severity, f.message]),
    [
      ['memory-size-range', 'warning', 'Memory size "1536MB" is not a number; the Serverless Framework ignores it and deploys 1024 MB: write a whole number of MB.'],
      ['timeout-range', 'error', 'Timeout "30s" is not a number: write a whole number of seconds.'],
    ],
  );
});

test('a handler in a build output folder that is not built yet is a warning, not an error', async () => {
  const files = {
    '/a/serverless.yml': 'service: s\nprovider:\n  name: aws\n  runtime: nodejs22.x\nfunctions:\n  f:\n    handler: dist/handler.main\n  g:\n    handler: src/missing.main\n',
    '/a/src/handler.ts': 'export const main = async () => 1;\n',
  };
  const fs = memoryFileSystem(files);
  const projects = await new WorkspaceIndex(fs, { env: {} }).scan(['/a']);
  const found = projects.flatMap((p) => validateProject(p, { today })).filter((f) => f.rule === 'handler-not-found');
  assert.deepEqual(found.map((f) => [f.severity, f.range.start.line + 1]), [['warning', 7], ['error', 9]]);
  assert.match(found[0].message, /build output/);
});

test('the runtime doc page lists the same dated table as the code', async () => {
  const { runtimeTable } = await import('../../src/validation/runtimeTable');
  const page = readFileSync(join(__dirname, '..', '..', 'docs', 'rules', 'runtime-deprecated.md'), 'utf8');
  for (const r of runtimeTable) {
    const row = page.split('\n').find((l) => l.startsWith(`| \`${r.id}\` |`));
    assert.ok(row, `${r.id} is in the page`);
    assert.ok(row.includes(r.deprecated ?? '—') && (!r.updateBlocked || row.includes(r.updateBlocked)) && (!r.createBlocked || row.includes(r.createBlocked)), `${r.id} dates match`);
  }
});

test('runtime placeholders a build script fills in are warnings; real typos stay errors', async () => {
  const template = (runtime: string): Record<string, string> => ({
    '/p/template.yaml': `Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n      Runtime: ${runtime}\n      InlineCode: x\n`,
  });
  const run = async (runtime: string): Promise<string[]> => {
    const projects = await new WorkspaceIndex(memoryFileSystem(template(runtime)), { env: {} }).scan(['/p']);
    return validateProject(projects[0], { today }).filter((f) => f.rule === 'runtime-unknown').map((f) => `${f.severity}: ${f.message}`);
  };
  assert.deepEqual(await run('PYTHON3_VERSION'), ['warning: "PYTHON3_VERSION" is not a Lambda runtime; if it is a placeholder your build replaces, deploy the filled-in copy.']);
  assert.deepEqual(await run('nodejs25.x'), ['error: "nodejs25.x" is not a Lambda runtime; did you mean "nodejs24.x"?']);
  assert.deepEqual(await run('nodejs99.x'), ['error: "nodejs99.x" is not a Lambda runtime; did you mean "nodejs24.x"?']);
  assert.deepEqual(await run('nodejs26.x'), []);
});

test('schedule expressions of rules and schedules that start something else than a function are checked too, once each', async () => {
  const template = `Transform: AWS::Serverless-2016-10-31
Resources:
  Export:
    Type: AWS::Events::Rule
    Properties:
      ScheduleExpression: "cron(5, 0, 1, *, ?, *)"
      Targets:
        - Arn: !Ref Machine
          Id: machine
  Machine:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionUri: machine.asl.json
      Events:
        Hourly:
          Type: Schedule
          Properties:
            Schedule: rate(2 hour)
        Later:
          Type: ScheduleV2
          Properties:
            ScheduleExpression: rate(5 minute)
  Queue:
    Type: AWS::Scheduler::Schedule
    Properties:
      ScheduleExpression: rate(1 minutes)
      FlexibleTimeWindow: { Mode: "OFF" }
      Target: { Arn: arn:aws:sqs:us-east-1:123456789012:q, RoleArn: arn:aws:iam::123456789012:role/r }
  Nightly:
    Type: AWS::Events::Rule
    Properties:
      ScheduleExpression: rate(1 days)
      Targets:
        - Arn: !GetAtt Job.Arn
          Id: job
  Job:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.14
      Handler: app.main
      InlineCode: "def main(e, c): pass"
`;
  const projects = await new WorkspaceIndex(memoryFileSystem({ '/p/template.yaml': template }), { env: {} }).scan(['/p']);
  const found = validateProject(projects[0], { today }).filter((f) => f.rule === 'schedule-expression');
  assert.equal(found[0].fixes?.[0].edits[0].newText, 'cron(5 0 1 * ? *)');
  // The rule of a state machine, a SAM state machine's Schedule event, and a function's rule reported once; the
  // Scheduler schedules (any unit number) are fine.
  assert.deepEqual(found.map((f) => `${f.range.start.line + 1} ${f.message}`), [
    '6 cron() fields are separated by spaces, not commas: cron(5 0 1 * ? *).',
    '18 rate(2 …) takes the plural unit: write "hours".',
    '32 rate(1 …) takes the singular unit: write "day".',
  ]);
});

test('messages stay one readable line whatever the file names (fuzz mutants splice 0x08e529cf, huge-scalar 0xc0844ab6)', async () => {
  // A name with a line break split the message (and `validate`'s one-line-per-finding output); a 1 MB (here 300 KB)
  // name was quoted back whole, after "did you mean" had compared it with every resource.
  const long = 'é'.repeat(300_000);
  const template = JSON.stringify({
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: {
      Fn: { Type: 'AWS::Lambda::Function', Properties: { Handler: 'index.handler', Runtime: 'nodejs22.x', Role: { Ref: 'PeerID\n"aws.inspector2"' }, Code: { ZipFile: 'x' } } },
      Other: { Type: 'AWS::SQS::Queue', Properties: { QueueName: { Ref: long } } },
    },
  });
  const fs = memoryFileSystem({ '/t/template.json': template });
  const project = await new WorkspaceIndex(fs, { env: {} }).modelConfig('/t/template.json');
  assert.ok(project);
  const refs = validateProject(project, { today }).filter((f) => f.rule === 'reference-missing');
  assert.equal(refs.length, 2);
  assert.equal(refs[0].message, '"PeerID\\n"aws.inspector2"" is not a parameter or resource of this template; declare it or fix the name.');
  assert.ok(refs[1].message.length < 300, `${refs[1].message.length} characters`);
  assert.match(refs[1].message, /^"é{98}…é{98}" is not a parameter or resource of this template/);
});
