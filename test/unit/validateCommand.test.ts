import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/io';

const repo = join(__dirname, '..', '..');

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { cwd: repo, env: {}, stdout: (t) => (out += t), stderr: (t) => (err += t), readStdin: async () => '', isTty: false };
  const code = await runCli(argv, io);
  return { code, out, err };
}

const broken = 'test/fixtures/validation/schedule-expression/fail/serverless.yml';
const clean = 'test/fixtures/validation/schedule-expression/pass/serverless.yml';

test('validate --format json follows the contract; exit 1 on errors', async () => {
  const { code, out, err } = await run(['validate', broken, '--format', 'json']);
  assert.equal(code, 1, err);
  const json = JSON.parse(out) as { findings: Array<Record<string, unknown>> };
  assert.deepEqual(json.findings[0], {
    file: broken,
    line: 9,
    column: 19,
    endLine: 9,
    endColumn: 32,
    severity: 'error',
    rule: 'schedule-expression',
    message: 'rate(1 …) takes the singular unit: write "hour".',
  });
  assert.equal(json.findings.length, 3);
});

test('validate exits 0 without errors and prints a summary line in text', async () => {
  const r = await run(['validate', clean]);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, 'No problems found.\n');
  const text = await run(['validate', broken]);
  assert.equal(text.code, 1);
  assert.match(text.out, /^test\/fixtures\/validation\/schedule-expression\/fail\/serverless\.yml:9:19 {2}error {4}rate\(1 …\) takes the singular unit: write "hour"\. {2}\[schedule-expression\]$/m);
  assert.match(text.out, /\n3 error\(s\), 0 warning\(s\), 0 info\.\n$/);
});

test('validate --format github prints workflow annotations', async () => {
  const { out } = await run(['validate', broken, '--format', 'github']);
  const lines = out.trim().split('\n');
  assert.equal(lines.length, 3);
  assert.equal(lines[0], `::error file=${broken},line=9,col=19,endLine=9,endColumn=32,title=schedule-expression::rate(1 …) takes the singular unit: write "hour".`);
});

test('validate --format sarif is a SARIF 2.1.0 log', async () => {
  const { out, code } = await run(['validate', broken, '--format', 'sarif']);
  assert.equal(code, 1);
  const log = JSON.parse(out) as { version: string; runs: Array<{ tool: { driver: { name: string; rules: Array<{ id: string }> } }; results: Array<Record<string, unknown>> }> };
  assert.equal(log.version, '2.1.0');
  const run0 = log.runs[0];
  assert.equal(run0.tool.driver.name, 'serverless-workbench');
  assert.ok(run0.tool.driver.rules.some((r) => r.id === 'schedule-expression'));
  assert.equal(run0.results.length, 3);
  const r0 = run0.results[0] as { ruleId: string; ruleIndex: number; level: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> } }> };
  assert.equal(r0.ruleId, 'schedule-expression');
  assert.equal(run0.tool.driver.rules[r0.ruleIndex].id, 'schedule-expression');
  assert.equal(r0.level, 'error');
  assert.equal(r0.locations[0].physicalLocation.artifactLocation.uri, broken);
  assert.deepEqual(r0.locations[0].physicalLocation.region, { startLine: 9, startColumn: 19, endLine: 9, endColumn: 32 });
});

test('validate: usage and I/O problems exit 2 with one line', async () => {
  const bad = await run(['validate', '--format', 'xml']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /^serverless-workbench validate: --format must be one of text, json, sarif, github\n/);
  const missing = await run(['validate', 'no/such/dir']);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /no such file or folder/);
});

test('validate a folder: Serverless Framework, SAM and Azure projects together, paths relative to the cwd', async () => {
  const { code, out } = await run(['validate', 'test/fixtures/validation/schedule-expression/fail', '--format', 'json']);
  assert.equal(code, 1);
  const files = (JSON.parse(out) as { findings: Array<{ file: string }> }).findings.map((f) => f.file);
  assert.deepEqual([...new Set(files)], [
    'test/fixtures/validation/schedule-expression/fail/azure/Nightly/function.json',
    'test/fixtures/validation/schedule-expression/fail/rule-at/serverless.yml',
    'test/fixtures/validation/schedule-expression/fail/sam/template.yaml',
    'test/fixtures/validation/schedule-expression/fail/serverless.yml',
  ]);
});

test('validate on a folder without projects says so', async () => {
  const r = await run(['validate', 'docs']);
  assert.equal(r.code, 0);
  assert.match(r.out, /^No serverless projects found/);
  const json = await run(['validate', 'docs', '--format', 'json']);
  assert.deepEqual(JSON.parse(json.out), { findings: [] });
});

test('the examples (what `npm start` opens) validate without a single finding: newest runtimes, nothing deprecated', async () => {
  const r = await run(['validate', 'examples', '--format', 'json']);
  assert.equal(r.code, 0, r.err);
  assert.deepEqual((JSON.parse(r.out) as { findings: unknown[] }).findings, []);
});
