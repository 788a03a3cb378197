import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverlessExamples } from './helpers/corpus';
import { WorkspaceIndex } from '../../src/model/workspace';
import { nodeFileSystem } from '../../src/node/nodeFileSystem';

/** The 190 real serverless.yml files of the public serverless/examples repository (test/corpus). */
const corpus = serverlessExamples;

test('the real-world corpus models without a crash, a hang or a false parse error', async () => {
  const index = new WorkspaceIndex(nodeFileSystem(), { env: {} });
  const projects = await index.scan([corpus]);
  assert.ok(projects.length >= 190, `found ${projects.length} configs`);
  const errors = projects.flatMap((p) => p.findings.filter((f) => f.severity === 'error'));
  assert.deepEqual(errors, [], 'the model reports no parse errors on valid real-world files');
  const aws = projects.filter((p) => !p.note);
  assert.ok(aws.length >= 130);
  const functions = aws.flatMap((p) => p.functions);
  assert.ok(functions.length >= 220, `${functions.length} functions`);
  for (const fn of functions) {
    assert.ok(fn.keyRange.start.line > 0, `${fn.id} has a line`);
    for (const t of fn.triggers) {
      // A function's own events follow its key; an authorizer's trigger sits at the event that names it, a
      // wired trigger at its resource: anywhere in the file.
      const own = !t.wiring && t.sourceType !== 'authorizer';
      assert.ok(own ? t.range.start.line > fn.keyRange.start.line : t.range.start.line > 0, `${fn.id} trigger at ${t.range.start.line}`);
    }
  }
  const triggerTypes = new Set(functions.flatMap((f) => f.triggers.map((t) => t.type)));
  for (const t of ['http', 'httpApi', 's3', 'schedule', 'sqs', 'sns', 'kinesis', 'dynamodb', 'websocket', 'iot', 'alexa']) assert.ok(triggerTypes.has(t as never), t);
  // A state machine that calls a function is an `other` trigger; every event the config writes is a known type.
  const inline = functions.flatMap((f) => f.triggers.filter((t) => !t.wiring));
  assert.deepEqual(inline.filter((t) => t.type === 'other').map((t) => t.sourceType), [], 'every event of the corpus maps to a known trigger type');
});
