// Debug benchmark: time from "Debug" (the command, as the Invoke view's button calls it) to the debugger
// stopped on a breakpoint in a TypeScript handler, in a real VS Code (code-server + headless Chromium).
// It runs the integration suites with SWB_DEBUG_BENCH_RUNS, which makes the debug test repeat its
// debug → stop → continue cycle and write the times so far to SWB_DEBUG_BENCH_OUT. Each cycle is a cold
// start: esbuild build of the handler, a new Node process with the inspector, attach, source map, breakpoint.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { machine, median } from './_stats';

const runs = 5;
const dir = mkdtempSync(join(tmpdir(), 'swb-bench-debug-'));
const out = join(dir, 'timings.json');
try {
  const root = join(__dirname, '..');
  if (spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' }).status !== 0) throw new Error('npm run build failed');
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'run-integration.mjs')], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, SWB_SKIP_VSIX: '1', SWB_DEBUG_BENCH_RUNS: String(runs), SWB_DEBUG_BENCH_OUT: out },
  });
  const times = existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as { debugToBreakpointMs: number[] }).debugToBreakpointMs : [];
  if (times.length === 0) throw new Error(`the debug test wrote no timings:\n${(r.stdout ?? '').split('\n').slice(-20).join('\n')}`);
  console.log(`machine: ${machine()}`);
  console.log('| case | median | min | max | cycles |');
  console.log('|---|---|---|---|---|');
  console.log(`| Debug → stopped at a TypeScript breakpoint (cold start) | ${median(times).toFixed(0)} ms | ${Math.min(...times).toFixed(0)} ms | ${Math.max(...times).toFixed(0)} ms | ${times.length} of ${runs} |`);
  if (r.status !== 0) {
    console.log(`\nthe integration run failed (exit ${r.status}); its summary:\n${(r.stdout ?? '').split('\n').filter((l) => l.includes('✗') || /passed|Error/.test(l)).slice(0, 10).join('\n')}`);
    process.exitCode = 1;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
