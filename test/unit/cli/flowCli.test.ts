import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/io';
import { copyFixture } from '../helpers/cliHarness';
import { buildRuntimeWithSdk } from '../helpers/runtimeHarness';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let runtimeDir: string;
let app: { dir: string; dispose: () => void };
before(async () => {
  runtimeDir = await buildRuntimeWithSdk();
  // A copy outside the repository: the handlers' AWS SDK imports resolve to the runtime's own SDK, as on Lambda.
  app = copyFixture('flows/flows-app');
  writeFileSync(join(app.dir, 'messages.json'), JSON.stringify(['{"job":1}', 'not json', '{"job":2}']));
  writeFileSync(join(app.dir, 'event.json'), JSON.stringify({ id: 'evt-9', source: 'app.orders', 'detail-type': 'OrderPlaced', detail: { orderId: 'o-9' } }));
});
after(() => app.dispose());

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { cwd: app.dir, env: { PATH: process.env.PATH, HOME: app.dir }, stdout: (t) => (out += t), stderr: (t) => (err += t), readStdin: async () => '', isTty: false, runtimeDir };
  const code = await runCli(argv, io);
  return { code, out, err };
}

describe('CLI: flow (architecture.md contract)', () => {
  test('--messages to a queue trigger, --json: the invocations with their retries and the dead letter; exit 1', async () => {
    const r = await cli(['flow', 'Worker', '--messages', 'messages.json', '--json']);
    assert.equal(r.code, 1, r.err);
    const out = JSON.parse(r.out) as Json;
    assert.deepEqual(Object.keys(out), ['invocations', 'deadLetters']);
    assert.deepEqual(
      out.invocations.map((i: Json) => [i.id, i.parentId, i.function, i.trigger, i.attempt, i.event.Records.length, i.error]),
      [
        ['i1', null, 'Worker', 'sqs:Jobs', 1, 3, null],
        ['i2', null, 'Worker', 'sqs:Jobs', 2, 1, null],
      ],
    );
    for (const key of ['id', 'parentId', 'function', 'trigger', 'attempt', 'event', 'result', 'error', 'durationMs']) assert.ok(key in out.invocations[0], key);
    assert.equal(out.invocations[0].result.batchItemFailures.length, 1);
    assert.deepEqual(out.deadLetters.map((d: Json) => [d.queue, d.body, d.receiveCount, typeof d.messageId]), [['JobsDeadLetters', 'not json', 2, 'string']]);
  });

  test('--event: the chained invoke is a child in the tree; exit 0', async () => {
    const r = await cli(['flow', 'PlaceOrder', '--event', 'event.json']);
    assert.equal(r.code, 0, r.err);
    const lines = r.out.trimEnd().split('\n');
    assert.match(lines[0], /^flow PlaceOrder: 2 invocations, 0 with an error, 0 dead letters/);
    assert.match(lines[1], /^ {2}i1 {3}PlaceOrder {2}run /);
    assert.match(lines[2], /answered locally: Lambda Invoke \(Event\) NextStep, Step Functions StartExecution \(recorded, not run locally\) workflow/);
    assert.match(lines[3], /^ {2}i2 {5}NextStep {2}event /);
    assert.match(r.err, /Next step done.*o-9/);
  });

  test('a plain invoke runs what the handler invokes too, and says so on stderr', async () => {
    const r = await cli(['invoke', 'PlaceOrder', '--event', 'event.json']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /^local Lambda: Invoke \(Event\) NextStep$/m);
    assert.match(r.err, /^→ NextStep \(event\) ok$/m);
    const json = await cli(['invoke', 'PlaceOrder', '--event', 'event.json', '--json']);
    assert.deepEqual((JSON.parse(json.out) as Json).localCalls.map((c: Json) => c.service), ['Lambda', 'Step Functions']);
  });

  test('usage errors exit 2 with one line', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['flow'], /flow needs a function NAME/],
      [['flow', 'Worker', '--event', 'event.json', '--messages', 'messages.json'], /--event and --messages cannot be used together/],
      [['flow', 'Worker', '--messages', 'event.json'], /--messages takes a JSON array/],
      [['flow', 'NextStep', '--messages', 'messages.json'], /NextStep has no queue, stream, bus, bucket, topic or schedule trigger/],
      [['flow', 'Worker', '--messages', 'missing.json'], /cannot read messages file missing\.json/],
    ];
    for (const [argv, re] of cases) {
      const r = await cli(argv);
      assert.equal(r.code, 2, `${argv.join(' ')}: ${r.err}`);
      assert.match(r.err, re);
      assert.equal(r.err.trim().split('\n').filter((l) => !l.startsWith('  usage:')).length, 1, r.err);
    }
  });
});
