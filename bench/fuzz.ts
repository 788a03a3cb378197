// Fuzz bench: 10,000 mutants of the vendored corpora (and the repository's Azure apps) through the model, every
// rule, the events, the completion context, `new` planning and the CLI's `list`/`validate` (every 500th through
// the real CLI process too). Prints mutants/s per run and their median, the slowest file, and every failure
// with the command that reproduces it; exits 1 on a failure.
//
//   node --import tsx bench/fuzz.ts [--count 10000] [--runs 3] [--seed 0x5eed0001] [--process-every 500]
//   node --import tsx bench/fuzz.ts --replay 'SEED|TARGET|MUTATORS|RNG' [...]     one mutant, with its failures
//   node --import tsx bench/fuzz.ts --regressions                                   the fixed-seed list
//
// Each run is a child process watched from here: a mutant that hangs (no progress for --hang-seconds) is killed,
// reported with its spec, and the run goes on from the next mutant.
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import * as os from 'node:os';
import { parseArgs } from 'node:util';
import type { Failure, MutantSpec } from '../test/fuzz/harness';
import { describeFailure, formatSpec, parseSpec, runFuzz } from '../test/fuzz/harness';
import { regressions } from '../test/fuzz/regressions';
import { formatSeed, parseSeed } from '../test/fuzz/rng';
import { machine, median, percentile } from './_stats';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    count: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '3' },
    seed: { type: 'string', default: '0x5eed0001' },
    'process-every': { type: 'string', default: '500' },
    'hang-seconds': { type: 'string', default: '60' },
    replay: { type: 'string', multiple: true },
    regressions: { type: 'boolean', default: false },
    child: { type: 'boolean', default: false },
    from: { type: 'string', default: '0' },
  },
});

/** What a child reports to the parent over IPC. */
type ChildMessage =
  | { t: 'start'; i: number; spec: MutantSpec }
  | { t: 'stage'; i: number; stage: string }
  | { t: 'result'; i: number; cpuMs: number; wallMs: number; bytes: number; stage: string; stageCpuMs: number; stageWallMs: number; kind: string; failures: Failure[]; process: boolean };

async function child(): Promise<void> {
  const send = (m: ChildMessage): void => {
    process.send?.(m);
  };
  const from = Number(values.from);
  const processEvery = Number(values['process-every']);
  await runFuzz({
    master: parseSeed(values.seed),
    first: from,
    count: Number(values.count) - from,
    processEvery,
    onStart: (i, spec) => send({ t: 'start', i, spec }),
    onStage: (i, stage) => send({ t: 'stage', i, stage }),
    onResult: (i, r) =>
      send({
        t: 'result',
        i,
        cpuMs: r.cpuMs,
        wallMs: r.wallMs,
        bytes: r.bytes,
        stage: r.slowestStage.stage,
        stageCpuMs: r.slowestStage.cpuMs,
        stageWallMs: r.slowestStage.wallMs,
        kind: r.kind,
        failures: r.failures,
        process: processEvery > 0 && i % processEvery === 0,
      }),
  });
}

interface RunSummary {
  seed: number;
  mutants: number;
  seconds: number;
  rate: number;
  failures: Failure[];
  slowest?: { spec: MutantSpec; cpuMs: number; wallMs: number; stage: string; stageCpuMs: number; stageWallMs: number; bytes: number };
  /** The mutants with the slowest single stage (what the 1 s limit is on), slowest first. */
  slowestStages: Array<{ spec: MutantSpec; stage: string; cpuMs: number; wallMs: number; bytes: number }>;
  cpu: number[];
  processRuns: number;
  kinds: Record<string, number>;
  load: [number, number];
}

/** How many of the slowest stages each run lists. */
const TOP_STAGES = 10;

/** One run of `count` mutants in child processes; a hung mutant is killed and the run resumes after it. */
async function run(seed: number, count: number): Promise<RunSummary> {
  const summary: RunSummary = { seed, mutants: 0, seconds: 0, rate: 0, failures: [], slowestStages: [], cpu: [], processRuns: 0, kinds: {}, load: [os.loadavg()[0], 0] };
  const started = performance.now();
  let next = 0;
  while (next < count) {
    const from = next;
    next = await new Promise<number>((resolve) => {
      const args = ['--child', '--seed', formatSeed(seed), '--count', String(count), '--from', String(from), '--process-every', values['process-every'] ?? '500'];
      const proc: ChildProcess = fork(__filename, args, { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      let current: { i: number; spec: MutantSpec; stage?: string } | undefined;
      let lastDone = from - 1;
      let timer: NodeJS.Timeout | undefined;
      const arm = (): void => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          if (current) {
            summary.failures.push({ spec: current.spec, stage: 'hang', message: `no progress for ${values['hang-seconds']} s in stage ${current.stage ?? '?'}: killed` });
            summary.mutants++;
          }
          proc.kill('SIGKILL');
        }, Number(values['hang-seconds']) * 1000);
      };
      arm();
      proc.on('message', (m: ChildMessage) => {
        arm();
        if (m.t === 'start') {
          current = { i: m.i, spec: m.spec };
          return;
        }
        if (m.t === 'stage') {
          if (current) current.stage = m.stage;
          return;
        }
        lastDone = m.i;
        summary.mutants++;
        summary.cpu.push(m.cpuMs);
        summary.failures.push(...m.failures);
        // As they come, so a long run can be read (and its failures replayed) before it ends.
        for (const f of m.failures) console.error(describeFailure(f));
        summary.kinds[m.kind] = (summary.kinds[m.kind] ?? 0) + 1;
        if (m.process) summary.processRuns++;
        if (!summary.slowest || m.cpuMs > summary.slowest.cpuMs) {
          summary.slowest = { spec: current?.spec ?? m.failures[0]?.spec, cpuMs: m.cpuMs, wallMs: m.wallMs, stage: m.stage, stageCpuMs: m.stageCpuMs, stageWallMs: m.stageWallMs, bytes: m.bytes };
        }
        const top = summary.slowestStages;
        if (current && (top.length < TOP_STAGES || m.stageCpuMs > top[top.length - 1].cpuMs)) {
          top.push({ spec: current.spec, stage: m.stage, cpuMs: m.stageCpuMs, wallMs: m.stageWallMs, bytes: m.bytes });
          top.sort((a, b) => b.cpuMs - a.cpuMs);
          top.length = Math.min(top.length, TOP_STAGES);
        }
        if (summary.mutants % 1000 === 0) console.error(`  ${summary.mutants} mutants, ${summary.failures.length} failures, ${(summary.mutants / ((performance.now() - started) / 1000)).toFixed(1)}/s`);
        current = undefined;
      });
      proc.on('exit', (code, signal) => {
        clearTimeout(timer);
        if (code !== 0 && signal !== 'SIGKILL') {
          // The process died under a mutant (out of memory, a native crash): that mutant failed.
          summary.failures.push({ spec: current?.spec ?? { seed: '?', target: '?', mutators: [], rng: 0 }, stage: 'process exit', message: `the fuzz process exited (${signal ?? `code ${code}`})` });
          if (current) summary.mutants++;
        }
        // Resume after the mutant that was running when the process ended (or after the last one done).
        resolve(Math.max(lastDone + 1, (current?.i ?? lastDone) + 1));
      });
    });
  }
  summary.seconds = (performance.now() - started) / 1000;
  summary.rate = summary.mutants / summary.seconds;
  summary.load[1] = os.loadavg()[0];
  return summary;
}

async function replay(specs: MutantSpec[]): Promise<number> {
  const report = await runFuzz({ master: 0, specs, processEvery: 1, onStage: (i, stage) => console.error(`  ${formatSpec(specs[i])}: ${stage}`) });
  for (const spec of specs) {
    const own = report.failures.filter((f) => f.spec === spec);
    console.log(`${formatSpec(spec)}: ${own.length ? `${own.length} failure(s)` : 'ok'}`);
  }
  for (const f of report.failures) console.log(describeFailure(f));
  return report.failures.length ? 1 : 0;
}

async function main(): Promise<void> {
  if (values.child) return child();
  // `--replay A B C` and `--replay A --replay B` both replay every spec given.
  const specs = [...(values.replay ?? []), ...(values.replay?.length ? positionals : [])];
  if (specs.length) {
    process.exitCode = await replay(specs.map(parseSpec));
    return;
  }
  if (values.regressions) {
    process.exitCode = await replay(regressions.map((r) => parseSpec(r.spec)));
    return;
  }
  const count = Number(values.count);
  const runs = Number(values.runs);
  const first = parseSeed(values.seed ?? '0');
  console.log(`Machine: ${machine()}, load average at start ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const summaries: RunSummary[] = [];
  for (let r = 0; r < runs; r++) {
    const seed = (first + r) >>> 0;
    console.error(`run ${r + 1}/${runs}: ${count} mutants, master seed ${formatSeed(seed)}`);
    summaries.push(await run(seed, count));
  }
  console.log('| Run (master seed) | Mutants | Seconds | Mutants/s | CPU per mutant p50 / p99 (ms) | Slowest file (CPU ms, wall ms, stage) | Failures | Load 1 min (start → end) |');
  console.log('|---|---:|---:|---:|---:|---|---:|---|');
  for (const s of summaries) {
    const slow = s.slowest ? `${s.slowest.cpuMs.toFixed(0)}, ${s.slowest.wallMs.toFixed(0)}, ${s.slowest.stage} ${s.slowest.stageCpuMs.toFixed(0)} (${(s.slowest.bytes / 1024).toFixed(0)} KB)` : '-';
    console.log(
      `| ${formatSeed(s.seed)} | ${s.mutants} | ${s.seconds.toFixed(1)} | ${s.rate.toFixed(1)} | ${percentile(s.cpu, 50).toFixed(1)} / ${percentile(s.cpu, 99).toFixed(0)} | ${slow} | ${s.failures.length} | ${s.load[0].toFixed(1)} → ${s.load[1].toFixed(1)} |`,
    );
  }
  const total = summaries.reduce((n, s) => n + s.mutants, 0);
  console.log(`\nMedian rate: ${median(summaries.map((s) => s.rate)).toFixed(1)} mutants/s over ${runs} run(s); ${total} mutants, ${summaries.reduce((n, s) => n + s.processRuns, 0)} through the real CLI process.`);
  const kinds: Record<string, number> = {};
  for (const s of summaries) for (const [k, v] of Object.entries(s.kinds)) kinds[k] = (kinds[k] ?? 0) + v;
  console.log(`Modelled as: ${Object.entries(kinds).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  for (const s of summaries) if (s.slowest) console.log(`Slowest of ${formatSeed(s.seed)}: ${formatSpec(s.slowest.spec)}`);
  console.log(`\nThe ${TOP_STAGES} slowest stages of each run (CPU ms, wall ms, stage, size, spec):`);
  for (const s of summaries) {
    for (const t of s.slowestStages) console.log(`  ${formatSeed(s.seed)}  ${t.cpuMs.toFixed(0).padStart(5)} ${t.wallMs.toFixed(0).padStart(5)}  ${t.stage} (${(t.bytes / 1024).toFixed(0)} KB)  ${formatSpec(t.spec)}`);
  }
  const failures = summaries.flatMap((s) => s.failures);
  for (const f of failures) console.log(describeFailure(f));
  process.exitCode = failures.length ? 1 : 0;
}

void main();
