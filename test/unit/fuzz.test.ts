// The fuzz suite's short budget (the long one is bench/fuzz.ts): seeded mutants of the vendored corpora and the
// repository's Azure apps through the model, every rule, events, completion context, `new` planning and the CLI.
// A failure prints the spec and the command that reproduces it.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { buildMutant, checkMutant, describeFailure, formatSpec, parseSpec, planMutant, runFuzz } from '../fuzz/harness';
import { mutators } from '../fuzz/mutators';
import { regressions } from '../fuzz/regressions';
import { Rng } from '../fuzz/rng';
import { allSeeds, seedById } from '../fuzz/seeds';

/** The master seed of the short budget: fixed, so `npm test` runs the same mutants every time (in the time it has). */
const MASTER = 0x5eed7e57;

function report(failures: Parameters<typeof describeFailure>[0][]): string {
  return failures.slice(0, 10).map(describeFailure).join('\n\n');
}

test('seeds: every config of the vendored corpora, its JSON twin, and the Azure apps', () => {
  const seeds = allSeeds();
  const count = (format: string): number => seeds.filter((s) => s.format === format).length;
  assert.ok(count('serverless-yaml') >= 190, `${count('serverless-yaml')} serverless.yml`);
  assert.ok(count('template-yaml') >= 200, `${count('template-yaml')} templates`);
  assert.equal(count('serverless-json'), count('serverless-yaml'));
  assert.equal(count('template-json'), count('template-yaml'));
  assert.ok(count('azure') >= 10, `${count('azure')} Azure apps`);
  const app = seedById('examples/functions-app/host.json');
  assert.deepEqual(app?.targets, ['CleanupTimer/function.json', 'HttpGreeting/function.json', 'QueueProcessor/function.json', 'host.json', 'local.settings.json']);
  // A twin is CloudFormation JSON: intrinsics in their long form.
  const twin = seeds.find((s) => s.format === 'template-json' && s.files()[s.targets[0]].includes('"Fn::GetAtt": ['));
  assert.ok(twin, 'a template twin with Fn::GetAtt in its array form');
  assert.doesNotThrow(() => JSON.parse(twin.files()[twin.targets[0]]));
});

test('a mutant is its spec: the same spec builds the same text, and specs print and parse back', () => {
  for (let i = 0; i < 30; i++) {
    const spec = planMutant(MASTER, i);
    assert.deepEqual(parseSpec(formatSpec(spec)), spec);
    assert.equal(buildMutant(spec).text, buildMutant(parseSpec(formatSpec(spec))).text, formatSpec(spec));
  }
  assert.notDeepEqual(planMutant(MASTER, 0), planMutant(MASTER + 1, 0), 'another master seed, other mutants');
});

test('every mutator changes the files it is given', () => {
  const seeds = allSeeds();
  const samples = [seeds.find((s) => s.format === 'serverless-yaml'), seeds.find((s) => s.format === 'template-json'), seedById('examples/functions-app/host.json')];
  for (const m of mutators) {
    for (const seed of samples) {
      assert.ok(seed);
      let changed = 0;
      for (let r = 1; r <= 12; r++) {
        const target = seed.targets[r % seed.targets.length];
        const before = seed.files()[target];
        const rng = new Rng(r * 7919);
        if (m.apply(before, rng, { file: basename(target), donor: () => 'donor: line\n' }) !== before) changed++;
      }
      assert.ok(changed >= 6, `${m.name} changed ${seed.id} in ${changed} of 12 tries`);
    }
  }
});

test('the harness reports a crash, a slow stage and an unhandled rejection, with the spec that reproduces it', async () => {
  const spec = planMutant(MASTER, 3);
  const scratch = mkdtempSync(join(tmpdir(), 'swb-fuzz-test-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));
  const slow = await checkMutant(spec, { scratch, stageLimitMs: -1 });
  assert.ok(slow.failures.some((f) => f.stage === 'model' && /took \d+ ms of CPU/.test(f.message)), report(slow.failures));
  const broken = await checkMutant({ ...spec, mutators: ['no-such-mutator'] }, { scratch });
  assert.equal(broken.failures.length, 1);
  assert.equal(broken.failures[0].stage, 'mutate');
  assert.match(broken.failures[0].message, /no mutator no-such-mutator/);
  // node:test fails a test on an unhandled rejection itself: its listeners step aside while the harness's catch it.
  const theirs = process.listeners('unhandledRejection');
  process.removeAllListeners('unhandledRejection');
  let stray: Awaited<ReturnType<typeof runFuzz>>;
  try {
    stray = await runFuzz({
      master: MASTER,
      count: 1,
      onStart: () => {
        void Promise.reject(new Error('nobody awaited this'));
      },
    });
  } finally {
    for (const l of theirs) process.on('unhandledRejection', l);
  }
  const rejection = stray.failures.find((f) => f.stage === 'unhandled rejection');
  assert.ok(rejection, report(stray.failures));
  assert.deepEqual(rejection.spec, planMutant(MASTER, 0));
  assert.match(describeFailure(rejection), /reproduce: node --import tsx bench\/fuzz\.ts --replay '.+\|.+\|.+\|0x[0-9a-f]{8}'/);
});

test('a short budget of mutants: no crash, no unhandled rejection, no stage over 1 s, no broken finding', async () => {
  const result = await runFuzz({ master: MASTER, count: 400, budgetMs: 3000 });
  assert.ok(result.mutants >= 10, `only ${result.mutants} mutants ran`);
  assert.equal(result.failures.length, 0, `${result.failures.length} failure(s) in ${result.mutants} mutants:\n${report(result.failures)}`);
});

test('mutants through the real CLI process (dist/cli.js): list and validate answer, exit 0 or 1, no stack trace', async () => {
  const specs = [0, 1, 2].map((i) => planMutant(MASTER ^ 0xc11, i));
  const result = await runFuzz({ master: 0, specs, processEvery: 1 });
  assert.equal(result.processRuns, 3);
  assert.equal(result.failures.length, 0, report(result.failures));
});

test('the fixed-seed regression list replays clean', async () => {
  const specs = regressions.map((r) => parseSpec(r.spec));
  for (const spec of specs) assert.ok(seedById(spec.seed), `${spec.seed} is still a seed`);
  const result = await runFuzz({ master: 0, specs });
  assert.equal(result.mutants, specs.length);
  assert.equal(result.failures.length, 0, report(result.failures));
});
