import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parameterOverrides, parseSamConfig, samEnvironment } from '../../../src/model/samConfig';
import { WorkspaceIndex } from '../../../src/model/workspace';
import type { FileSystem } from '../../../src/model/fileSystem';
import { nodeFileSystem } from '../../../src/node/nodeFileSystem';

const fixtures = join(__dirname, '..', '..', 'fixtures', 'samconfig');

async function model(folder: string, fs: FileSystem = nodeFileSystem()): Promise<{ index: WorkspaceIndex; project: ReturnType<WorkspaceIndex['projects']>[number] }> {
  const index = new WorkspaceIndex(fs, { env: {} });
  const [project] = await index.scan([join(fixtures, folder)]);
  assert.ok(project, `a project in ${folder}`);
  return { index, project };
}

test('samconfig.toml is read with the model: each environment, deploy parameters over global ones, parameter overrides', async () => {
  const { project } = await model('toml');
  assert.equal(project.kind, 'sam');
  assert.equal(project.samconfig?.file, join(fixtures, 'toml', 'samconfig.toml'));
  assert.deepEqual(samEnvironment(project), {
    stackName: 'reports',
    region: 'eu-west-1',
    profile: 'reports-dev',
    parameterOverrides: { Stage: 'dev', AlarmEmail: 'ops@example.com', Retries: '3' },
  });
  assert.deepEqual(samEnvironment(project, 'prod'), { stackName: 'reports-prod', region: 'us-east-1', profile: 'reports-prod', parameterOverrides: { Stage: 'prod', Retries: '5' } });
  assert.equal(samEnvironment(project, 'staging'), undefined);
  assert.deepEqual(project.findings, []);
});

test('samconfig.yaml when there is no samconfig.toml; CloudFormation ParameterKey/ParameterValue overrides', async () => {
  const { project } = await model('yaml');
  assert.equal(project.samconfig?.file, join(fixtures, 'yaml', 'samconfig.yaml'));
  assert.deepEqual(samEnvironment(project), { stackName: 'reports-yaml', region: 'ap-southeast-2', parameterOverrides: { Stage: 'test', Retries: '2' } });
});

test('a samconfig.toml that does not parse is one warning on that file, at its line; the template is still modelled', async () => {
  const { project } = await model('broken');
  assert.equal(project.samconfig, undefined);
  assert.equal(project.functions.length, 1);
  assert.equal(project.findings.length, 1);
  const [f] = project.findings;
  assert.deepEqual([f.file, f.rule, f.severity, f.range.start.line], [join(fixtures, 'broken', 'samconfig.toml'), 'samconfig-syntax', 'warning', 3]);
  assert.match(f.message, /^samconfig\.toml cannot be read \(.+\); its stack name, region and profile are not used until it parses\.$/);
});

test('a samconfig.yaml nested past 200 levels is one warning where the nesting passes them, read again without a crash', () => {
  // The yaml parser recurses once per level; a thousand levels exhausted its stack ("Maximum call stack size exceeded").
  const text = `version: 0.1\ndefault:\n  deploy:\n    parameters:\n      tags:\n        ${'- '.repeat(1000)}x\n`;
  for (let i = 0; i < 3; i++) {
    const { config, findings } = parseSamConfig('/p/samconfig.yaml', text);
    assert.equal(config, undefined);
    // The root mapping is level 0, the first `-` level 4: the first collection past 200 is the 198th `-`.
    assert.deepEqual(findings.map((f) => [f.rule, f.severity, f.range.start.line, f.range.start.character, f.message]), [
      ['samconfig-syntax', 'warning', 5, 8 + 2 * 197, 'samconfig.yaml cannot be read (it nests more than 200 levels deep); its stack name, region and profile are not used until it parses.'],
    ]);
  }
  // Brackets too, found by the scan of the text; 200 levels are read.
  assert.equal(parseSamConfig('/p/samconfig.yml', `default: ${'['.repeat(5000)}\n`).findings[0].range.start.character, 9 + 201);
  assert.deepEqual(parseSamConfig('/p/samconfig.yaml', `version: 0.1\nx: ${'['.repeat(199)}1${']'.repeat(199)}\n`).findings, []);
});

test('editing samconfig.toml (unsaved text included) re-models the project; deleting it drops the values', async () => {
  const dir = join(fixtures, 'toml');
  const file = join(dir, 'samconfig.toml');
  const real = nodeFileSystem();
  let deleted = false;
  const fs: FileSystem = { ...real, readFile: async (p) => (deleted && p === file ? undefined : real.readFile(p)) };
  const { index, project } = await model('toml', fs);
  assert.ok(project.files.includes(file));
  const changed = await index.update(file, readFileSync(file, 'utf8').replace('stack_name = "reports"', 'stack_name = "renamed"'));
  assert.equal(changed.length, 1);
  assert.equal(samEnvironment(changed[0])?.stackName, 'renamed');
  deleted = true;
  const again = await index.remove(file);
  assert.equal(again[0].samconfig, undefined);
});

test('parameter_overrides spellings', () => {
  assert.deepEqual(parameterOverrides('A=1 B="two words" C=\'x y\' D='), { A: '1', B: 'two words', C: 'x y', D: '' });
  assert.deepEqual(parameterOverrides('ParameterKey=A,ParameterValue=1 ParameterKey=B,ParameterValue="2 3"'), { A: '1', B: '2 3' });
  assert.deepEqual(parameterOverrides(['A=1', 'B=2']), { A: '1', B: '2' });
  assert.deepEqual(parameterOverrides(undefined), {});
  assert.deepEqual(parameterOverrides(42), {});
});
