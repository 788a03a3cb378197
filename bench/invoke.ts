// Invoke benchmark (issues 5 and 11). Whole process, a trivial Node handler, side by side:
//   our CLI (`serverless-workbench invoke`) vs lambda-local vs `serverless invoke local` (Serverless Framework v3),
// plus the Invoke view's path (InvokeSession → LocalRuntime → worker → result message) warm and cold, and what
// the memory sampler costs.
// Targets: CLI ≤ 0.8 × lambda-local (median of the per-round ratios); warm overhead from the panel path < 15 ms;
// cold < 150 ms; sampler < 2 % of a warm invoke.
// lambda-local and serverless@3 are installed on first run into .cache/bench-tools (not devDependencies:
// serverless@3 is ~250 MB). Measures the shipped build: it runs `scripts/build.mjs --production` first and
// rebuilds the development bundle at the end, as `npm run test:integration` does around packaging.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvokeSession, RunHistory } from '../src/invoke/invokeSession';
import { InterpreterResolver } from '../src/invoke/interpreters';
import { LocalRuntime } from '../src/invoke/localRuntime';
import { nodeInterpreterHost } from '../src/node/nodeInterpreterHost';
import { WorkspaceIndex } from '../src/model/workspace';
import { nodeFileSystem } from '../src/node/nodeFileSystem';
import type { HostToWebview } from '../src/shared/invokeProtocol';
import { machine, median } from './_stats';
import { benchTool, ensureBenchTools } from './_tools';

const root = join(__dirname, '..');
const LAMBDA_LOCAL = 'lambda-local@2.2.0';
const SERVERLESS = 'serverless@3.40.0';
const RUNS = 15;

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'swb-bench-invoke-'));
  writeFileSync(join(dir, 'serverless.yml'), 'service: bench\nframeworkVersion: "3"\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  hello:\n    handler: handler.hello\n  busy:\n    handler: handler.busy\n');
  writeFileSync(join(dir, 'handler.js'), 'exports.hello = async (event) => ({ ok: true, event });\nexports.busy = async (event) => { const end = Date.now() + 100; while (Date.now() < end); return { ok: true, event }; };\n');
  writeFileSync(join(dir, 'event.json'), '{"a":1}\n');
  return dir;
}

interface Tool {
  label: string;
  cmd: string;
  args: string[];
  /** Variables for each run (a function: a fresh value per run). */
  env?: Record<string, string> | (() => Record<string, string>);
  /** Variables of this process the run does not get. */
  unset?: string[];
}

/**
 * Wall times of each tool as a whole process. Runs are interleaved (A B C, A B C, …) so that load from
 * elsewhere on the machine hits every tool alike; one warm-up round first, for the file cache.
 */
function processSamples(tools: Tool[], cwd: string): number[][] {
  const run = (t: Tool): number => {
    const env = typeof t.env === 'function' ? t.env() : t.env;
    const start = process.hrtime.bigint();
    const runEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
    for (const k of t.unset ?? []) delete runEnv[k];
    const r = spawnSync(t.cmd, t.args, { cwd, env: runEnv, encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0 || !/"ok":\s*true/.test(r.stdout)) throw new Error(`${t.label} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
    return ms;
  };
  for (const t of tools) run(t);
  const samples = tools.map(() => [] as number[]);
  for (let i = 0; i < RUNS; i++) tools.forEach((t, k) => samples[k].push(run(t)));
  return samples;
}

async function panelPath(dir: string): Promise<{ warm: number[]; cold: number[]; coldWall: number[]; sampler: { trivial: number; busy: number } }> {
  const index = new WorkspaceIndex(nodeFileSystem(), { env: {} });
  const [proj] = await index.scan([dir]);
  const refs = proj.functions.map((fn) => ({ project: proj, fn }));
  const runtime = new LocalRuntime({ runtimeDir: join(root, 'dist', 'runtime'), hostEnv: { PATH: process.env.PATH }, interpreters: new InterpreterResolver(nodeInterpreterHost({ env: process.env })) });
  let resolveFinished: (m: Extract<HostToWebview, { type: 'invoke/finished' }>) => void = () => undefined;
  const session = new InvokeSession({
    functions: () => refs,
    functionById: (id) => refs.find((r) => r.fn.id === id),
    summary: (r) => ({ id: r.fn.id, name: r.fn.name, project: 'bench', description: '' }),
    local: (req) => runtime.invoke(req),
    remote: () => Promise.reject(new Error('not in this bench')),
    savedEvents: () => undefined,
    drafts: { get: () => undefined, set: () => undefined },
    history: new RunHistory(),
    aws: () => ({ profile: 'default', region: 'us-east-1' }),
    localDisabledReason: () => undefined,
    prompt: { name: async () => undefined, confirm: async () => false },
    openSource: () => undefined,
    chooseAws: () => undefined,
    openPanel: () => undefined,
    post: (m) => {
      if (m.type === 'invoke/finished') resolveFinished(m);
    },
    inSidebar: false,
  });
  // The view says it is ready before the session posts it anything (results included).
  await session.handle({ type: 'ready' });
  const fnId = refs[0].fn.id;
  const once = async (coldStart: boolean, i: number, id = fnId): Promise<{ wall: number; overhead: number }> => {
    const done = new Promise<Extract<HostToWebview, { type: 'invoke/finished' }>>((r) => (resolveFinished = r));
    const t = process.hrtime.bigint();
    await session.handle({ type: 'invoke', runId: `b${i}`, fnId: id, eventText: '{"a":1}', eventLabel: 'bench', target: 'local', coldStart });
    // handle() returns once the run has ended: a result not posted by then never will be.
    const m = await Promise.race([done, Promise.resolve(undefined)]);
    if (!m) throw new Error(`run b${i} ended without an invoke/finished message`);
    const wall = Number(process.hrtime.bigint() - t) / 1e6;
    // Overhead: everything but the handler itself (and, cold, but the module load Lambda reports as init).
    return { wall, overhead: wall - (m.run.result.durationMs ?? 0) - (m.run.result.initDurationMs ?? 0) };
  };
  await once(true, 0);
  const warm: number[] = [];
  // The sampler's share of warm invocations: host time spent reading /proc over their wall time.
  let sampledBefore = runtime.samplingMs;
  let wallSum = 0;
  for (let i = 1; i <= 31; i++) {
    const r = await once(false, i);
    warm.push(r.overhead);
    wallSum += r.wall;
  }
  const trivial = (runtime.samplingMs - sampledBefore) / wallSum;
  const busyId = refs[1].fn.id;
  await once(true, 50, busyId);
  sampledBefore = runtime.samplingMs;
  wallSum = 0;
  for (let i = 51; i < 51 + RUNS; i++) wallSum += (await once(false, i, busyId)).wall;
  const busy = (runtime.samplingMs - sampledBefore) / wallSum;
  const cold: number[] = [];
  const coldWall: number[] = [];
  for (let i = 100; i < 100 + RUNS; i++) {
    const r = await once(true, i);
    cold.push(r.overhead);
    coldWall.push(r.wall);
  }
  runtime.dispose();
  return { warm, cold, coldWall, sampler: { trivial, busy } };
}

function build(production: boolean): void {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), ...(production ? ['--production'] : [])], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`build${production ? ' --production' : ''} failed`);
}

async function main(): Promise<void> {
  ensureBenchTools([LAMBDA_LOCAL, SERVERLESS]);
  build(true);
  try {
    await measure();
  } finally {
    build(false);
  }
}

async function measure(): Promise<void> {
  const dir = project();
  const cli = [join(root, 'dist', 'cli.js'), 'invoke', 'hello', '--event', 'event.json'];
  const cacheHome = mkdtempSync(join(tmpdir(), 'swb-bench-cache-'));
  const [oursSamples, lambdaLocalSamples, slsSamples, firstSamples] = processSamples(
    [
      // The CLI as it runs again and again in a project: it remembers the last run's worker (interpreter,
      // memory size) in its cache folder and starts it while it reads the model.
      { label: 'serverless-workbench invoke', cmd: process.execPath, args: cli, env: { XDG_CACHE_HOME: cacheHome } },
      { label: 'lambda-local', cmd: process.execPath, args: [benchTool('lambda-local', 'build', 'cli.js'), '-l', 'handler.js', '-h', 'hello', '-e', 'event.json', '-t', '3'] },
      {
        label: 'serverless invoke local',
        cmd: process.execPath,
        args: [benchTool('serverless', 'bin', 'serverless.js'), 'invoke', 'local', '-f', 'hello', '-p', 'event.json'],
        env: { SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off', SLS_DEPRECATION_DISABLE: '*' },
      },
      // A first run in a folder: nothing remembered, the worker starts once the model is read.
      { label: 'serverless-workbench invoke (first run)', cmd: process.execPath, args: cli, env: () => ({ XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'swb-bench-cache-')) }) },
    ],
    dir,
  );
  const [ours, lambdaLocal, sls, first] = [oursSamples, lambdaLocalSamples, slsSamples, firstSamples].map(median);
  const ratio = median(oursSamples.map((o, i) => o / lambdaLocalSamples[i]));
  const firstRatio = median(firstSamples.map((o, i) => o / lambdaLocalSamples[i]));
  // NODE_EXTRA_CA_CERTS makes every Node start parse the whole CA store (~25 ms here, before any JavaScript runs):
  // where it is set, the pair is measured again without it, as on a machine that does not set it.
  const withoutCa = process.env.NODE_EXTRA_CA_CERTS
    ? processSamples(
        [
          { label: 'serverless-workbench invoke', cmd: process.execPath, args: cli, env: { XDG_CACHE_HOME: cacheHome }, unset: ['NODE_EXTRA_CA_CERTS'] },
          { label: 'lambda-local', cmd: process.execPath, args: [benchTool('lambda-local', 'build', 'cli.js'), '-l', 'handler.js', '-h', 'hello', '-e', 'event.json', '-t', '3'], unset: ['NODE_EXTRA_CA_CERTS'] },
        ],
        dir,
      )
    : undefined;
  const panel = await panelPath(dir);

  console.log(`Machine: ${machine()}`);
  console.log(`Whole process, trivial Node handler, median of ${RUNS} interleaved runs (load average ${loadavg()[0].toFixed(1)}):`);
  console.log('| Tool | Median (ms) | Median ratio to lambda-local | Target |');
  console.log('|---|---:|---:|---|');
  console.log(`| serverless-workbench invoke (CLI) | ${ours.toFixed(0)} | ${ratio.toFixed(2)} | ≤ 0.8 ${ratio <= 0.8 ? '✓' : '✗'} |`);
  console.log(`| serverless-workbench invoke, first run in a folder | ${first.toFixed(0)} | ${firstRatio.toFixed(2)} | |`);
  console.log(`| lambda-local 2.2.0 | ${lambdaLocal.toFixed(0)} | 1.00 | |`);
  console.log(`| serverless invoke local (3.40.0) | ${sls.toFixed(0)} | ${median(slsSamples.map((o, i) => o / lambdaLocalSamples[i])).toFixed(2)} | |`);
  if (withoutCa) {
    const [o, l] = withoutCa;
    const r = median(o.map((v, i) => v / l[i]));
    console.log(`| serverless-workbench invoke (CLI), without NODE_EXTRA_CA_CERTS | ${median(o).toFixed(0)} | ${r.toFixed(2)} (lambda-local ${median(l).toFixed(0)} ms) | ≤ 0.8 ${r <= 0.8 ? '✓' : '✗'} |`);
  }
  console.log('');
  console.log('Invoke view path (InvokeSession → LocalRuntime → worker → result message):');
  console.log('| Measure | Median (ms) | p90 (ms) | Target |');
  console.log('|---|---:|---:|---|');
  const p90 = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length * 0.9)];
  console.log(`| Warm invoke overhead (wall − handler duration), 31 runs | ${median(panel.warm).toFixed(2)} | ${p90(panel.warm).toFixed(2)} | < 15 ${median(panel.warm) < 15 ? '✓' : '✗'} |`);
  console.log(`| Cold invoke overhead (wall − init − handler), ${RUNS} runs | ${median(panel.cold).toFixed(1)} | ${p90(panel.cold).toFixed(1)} | < 150 ${median(panel.cold) < 150 ? '✓' : '✗'} |`);
  console.log(`| Cold invoke wall time, ${RUNS} runs | ${median(panel.coldWall).toFixed(1)} | ${p90(panel.coldWall).toFixed(1)} | |`);
  console.log('');
  console.log('Memory sampler (host time reading /proc ÷ wall time of the warm invocations):');
  console.log(`| Trivial handler, 31 warm runs | ${(panel.sampler.trivial * 100).toFixed(3)} % | < 2 % ${panel.sampler.trivial < 0.02 ? '✓' : '✗'} |`);
  console.log(`| 100 ms busy handler, ${RUNS} warm runs | ${(panel.sampler.busy * 100).toFixed(3)} % | < 2 % ${panel.sampler.busy < 0.02 ? '✓' : '✗'} |`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
