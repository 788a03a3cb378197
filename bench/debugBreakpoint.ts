// Debug benchmark and soak: time from "Debug" (the command, as the Invoke view's button calls it) to the debugger
// stopped on breakpoints in a TypeScript handler (one in module scope, run at init, one in the handler), in a
// real VS Code (code-server + headless Chromium). It runs the debug integration suite with SWB_DEBUG_BENCH_RUNS,
// which makes its test repeat the whole cycle (debug → stop at init → continue → stop in the handler → continue
// → result → session ended) and write the times so far to SWB_DEBUG_BENCH_OUT. Every cycle is a cold start:
// esbuild build of the handler, a new Node process with the inspector, attach, source map, breakpoints.
//
//   node --import tsx bench/debugBreakpoint.ts                    5 cycles
//   node --import tsx bench/debugBreakpoint.ts --cycles 50 --load  50 in a row with both cores kept busy by
//                                                                  another process (issue 12's soak)
// A cycle that fails (a worker crash, a breakpoint that does not bind, a session left running) ends the run
// and is printed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startCpuLoad } from './_cpuLoad';
import { machine, median } from './_stats';

const { values } = parseArgs({ options: { cycles: { type: 'string', default: '5' }, load: { type: 'boolean', default: false } } });
const cycles = Number(values.cycles);
const dir = mkdtempSync(join(tmpdir(), 'swb-bench-debug-'));
const out = join(dir, 'timings.json');
let stopLoad: (() => void) | undefined;
try {
  const root = join(__dirname, '..');
  if (spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' }).status !== 0) throw new Error('npm run build failed');
  if (values.load) stopLoad = startCpuLoad();
  const started = Date.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'run-integration.mjs')], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, SWB_SKIP_VSIX: '1', SWB_TEST_SUITES: 'debug', SWB_DEBUG_BENCH_RUNS: String(cycles), SWB_DEBUG_BENCH_OUT: out },
  });
  const load = loadavg()[0];
  stopLoad?.();
  const timings = existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as { debugToInitBreakpointMs: number[]; debugToBreakpointMs: number[] }) : undefined;
  const toInit = timings?.debugToInitBreakpointMs ?? [];
  const toHandler = timings?.debugToBreakpointMs ?? [];
  const ok = r.status === 0;
  // The breakpoint test passed whole, or the last timed cycle may have stopped at both breakpoints and still
  // failed later (result, session end).
  const loopPassed = /✓ Debug a function locally breakpoints/.test(r.stdout ?? '');
  const passed = loopPassed ? cycles : Math.max(0, toHandler.length - 1);
  console.log(`machine: ${machine()}; ${values.load ? 'CPU burner on every core, ' : ''}load average (1 min) at the end ${load.toFixed(1)}; ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log('| case | median | min | max | cycles |');
  console.log('|---|---|---|---|---|');
  const row = (name: string, t: number[]): void => {
    if (t.length) console.log(`| ${name} | ${median(t).toFixed(0)} ms | ${Math.min(...t).toFixed(0)} ms | ${Math.max(...t).toFixed(0)} ms | ${passed} of ${cycles} in a row |`);
  };
  row('Debug → stopped at the init breakpoint (module scope, cold start)', toInit);
  row('Debug → stopped at the handler breakpoint', toHandler);
  if (!ok) {
    const failures = `${r.stdout ?? ''}\n${r.stderr ?? ''}`.split('\n').filter((l) => /✗|Error|signal|failed|SIG|ms /.test(l)).slice(0, 90);
    console.log(`\nthe run failed (exit ${r.status ?? r.signal}); ${passed} good breakpoint cycles in a row:\n${failures.join('\n')}`);
    process.exitCode = 1;
  } else {
    console.log(`\n${cycles} cycles in a row: every one stopped at both breakpoints and ended its session; then ${Math.ceil(cycles / 5)} launches (F5) of the same function; no worker crashed.`);
  }
} finally {
  stopLoad?.();
  rmSync(dir, { recursive: true, force: true });
}
