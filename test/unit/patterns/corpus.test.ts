// The real-world corpus (test/corpus/serverless-examples, 190 serverless.yml): planning `new` on every project and computing
// completion contexts on every line never crash; edits that go through keep every original line and model.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { serverlessExamples } from '../helpers/corpus';
import { test } from 'node:test';
import { parseServerlessFramework } from '../../../src/model/serverlessFramework';
import { WorkspaceIndex } from '../../../src/model/workspace';
import { nodeFileSystem } from '../../../src/node/nodeFileSystem';
import { yamlKeyPath } from '../../../src/patterns/completionContext';
import { applyInserts } from '../../../src/patterns/configEdit';
import { PatternError, planNewFunction } from '../../../src/patterns/newFunction';

const corpus = serverlessExamples;

test('new on every corpus project: a plan that models, or a one-line refusal; never a crash', async () => {
  const fs = nodeFileSystem();
  const projects = (await new WorkspaceIndex(fs, { env: {} }).scan([corpus])).filter((p) => p.kind === 'serverless-framework');
  assert.ok(projects.length >= 190);
  let planned = 0;
  const refusals = new Map<string, number>();
  for (const project of projects) {
    try {
      const plan = await planNewFunction(fs, { pattern: 'queue-worker', name: 'swbAddedWorker', target: { project } });
      assert.ok(plan.configEdit, project.file);
      const after = applyInserts(plan.configEdit.before, plan.configEdit.inserts);
      const before = plan.configEdit.before.split('\n');
      const lines = after.split('\n');
      let k = 0;
      for (const line of before) {
        while (k < lines.length && lines[k] !== line) k++;
        assert.ok(k < lines.length, `${project.file}: lost ${JSON.stringify(line)}`);
        k++;
      }
      const fn = parseServerlessFramework(project.file, after).functions.find((f) => f.name === 'swbAddedWorker');
      assert.deepEqual(fn?.triggers.map((t) => t.type), ['sqs'], project.file);
      planned++;
    } catch (err) {
      if (!(err instanceof PatternError)) throw new Error(`${project.file}: ${String(err)}`);
      assert.doesNotMatch(err.message, /\n|internal error/, project.file);
      const kind = err.message.replace(/^.*?: /, '').split(';')[0].replace(/"[^"]*"|\S+\.(ya?ml|ts|js)|nodejs\S+|python\S+|java\S+|go\S*|dotnet\S*|provided\S*|ruby\S*/g, '…');
      refusals.set(kind, (refusals.get(kind) ?? 0) + 1);
    }
  }
  // Node/Python services get the function; the rest are refused for their runtime (Go, Java, .NET…) or
  // their provider (Azure, Google… serverless.yml files the model does not read).
  assert.ok(planned >= 90, `planned ${planned}; refusals: ${JSON.stringify([...refusals])}`);
  // …and serverless.ts/serverless.js services (code, not data) for their config.
  assert.deepEqual([...refusals.keys()].sort(), [
    'Provider … is not modelled',
    'patterns generate … and Python handlers only',
    '… is code, not data: it is not statically readable, so its functions are not listed. Use … to see them here.',
  ]);
});

test('the completion context is computed for every line of every corpus file without a crash', async () => {
  const projects = await new WorkspaceIndex(nodeFileSystem(), { env: {} }).scan([corpus]);
  let eventsLines = 0;
  for (const p of projects) {
    const text = readFileSync(p.file, 'utf8');
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const path = yamlKeyPath(text, i, lines[i].length);
      if (path.length === 3 && path[0] === 'functions' && path[2] === 'events') eventsLines++;
    }
  }
  assert.ok(eventsLines > 200, `${eventsLines} lines inside a function's events`);
});
