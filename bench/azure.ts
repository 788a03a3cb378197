// Azure Functions local runs (issue 13): an HTTP function of each Node programming model through LocalRuntime,
// cold (a new worker: process start, programming model, module load) and warm (the same worker), plus the
// local run of the CLI as a whole process. Same targets as the Lambda runtime's view path (issue 5): warm
// overhead < 15 ms, cold < 150 ms excluding the function's own init; the init is reported as measured.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalRuntime } from '../src/invoke/localRuntime';
import type { FunctionDef, Project } from '../src/model/types';
import { WorkspaceIndex } from '../src/model/workspace';
import { nodeFileSystem } from '../src/node/nodeFileSystem';
import { machine, median } from './_stats';

const root = join(__dirname, '..');
const COLD_RUNS = 9;
const WARM_RUNS = 31;

function app(): string {
  const dir = mkdtempSync(join(tmpdir(), 'swb-bench-azure-'));
  writeFileSync(join(dir, 'host.json'), '{"version":"2.0"}\n');
  writeFileSync(join(dir, 'local.settings.json'), '{"Values":{"FUNCTIONS_WORKER_RUNTIME":"node"}}\n');
  mkdirSync(join(dir, 'V3Http'));
  writeFileSync(join(dir, 'V3Http', 'function.json'), JSON.stringify({ bindings: [{ type: 'httpTrigger', direction: 'in', name: 'req', methods: ['get'] }, { type: 'http', direction: 'out', name: 'res' }] }));
  writeFileSync(join(dir, 'V3Http', 'index.js'), 'module.exports = async function (context, req) { context.res = { body: { ok: true } }; };\n');
  mkdirSync(join(dir, 'src', 'functions'), { recursive: true });
  writeFileSync(join(dir, 'src', 'functions', 'v4.js'), "const { app } = require('@azure/functions');\napp.http('v4Http', { methods: ['GET'], handler: async () => ({ jsonBody: { ok: true } }) });\n");
  mkdirSync(join(dir, 'node_modules', '@azure'), { recursive: true });
  symlinkSync(join(root, 'node_modules', '@azure', 'functions'), join(dir, 'node_modules', '@azure', 'functions'), 'dir');
  return dir;
}

async function measure(runtime: LocalRuntime, project: Project, fn: FunctionDef): Promise<{ coldWall: number; coldInit: number; coldOverhead: number; warmWall: number; warmOverhead: number }> {
  const event = { method: 'GET', url: `/api/${fn.name}` };
  const cold = { wall: [] as number[], init: [] as number[], overhead: [] as number[] };
  for (let i = 0; i < COLD_RUNS; i++) {
    const t = performance.now();
    const r = await runtime.invoke({ fn, project, event, coldStart: true });
    if (r.error) throw new Error(`${fn.name}: ${r.error.errorMessage}`);
    cold.wall.push(performance.now() - t);
    cold.init.push(r.initDurationMs ?? 0);
    cold.overhead.push(r.overheadMs ?? 0);
  }
  const warm = { wall: [] as number[], overhead: [] as number[] };
  for (let i = 0; i < WARM_RUNS; i++) {
    const t = performance.now();
    const r = await runtime.invoke({ fn, project, event });
    if (r.error || r.coldStart) throw new Error(`${fn.name}: not a warm run`);
    warm.wall.push(performance.now() - t);
    warm.overhead.push(r.overheadMs ?? 0);
  }
  return { coldWall: median(cold.wall), coldInit: median(cold.init), coldOverhead: median(cold.overhead), warmWall: median(warm.wall), warmOverhead: median(warm.overhead) };
}

async function main(): Promise<void> {
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');
  const dir = app();
  const [project] = await new WorkspaceIndex(nodeFileSystem(), { env: {} }).scan([dir]);
  const runtime = new LocalRuntime({ runtimeDir: join(root, 'dist', 'runtime'), hostEnv: { PATH: process.env.PATH } });
  const rows: string[] = [];
  try {
    for (const name of ['V3Http', 'v4Http']) {
      const fn = project.functions.find((f) => f.name === name)!;
      const m = await measure(runtime, project, fn);
      rows.push(`| ${name === 'V3Http' ? 'v3 (function.json)' : 'v4 (app.http, the app\'s @azure/functions)'} | ${m.coldWall.toFixed(1)} | ${m.coldInit.toFixed(1)} | ${m.coldOverhead.toFixed(1)} | ${m.warmWall.toFixed(1)} | ${m.warmOverhead.toFixed(1)} |`);
    }
  } finally {
    runtime.dispose();
  }
  const cli = [] as number[];
  for (let i = 0; i < COLD_RUNS + 1; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), 'invoke', 'v4Http'], { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`cli failed: ${r.stderr}`);
    if (i > 0) cli.push(performance.now() - t);
  }
  console.log(`Machine: ${machine()}, load average ${loadavg()[0].toFixed(1)}`);
  console.log('| Model | Cold wall (ms) | of which init (ms) | cold overhead (ms) | Warm wall (ms) | warm overhead (ms) |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const r of rows) console.log(r);
  console.log(`\nCLI \`invoke v4Http\` as a whole process: median ${median(cli).toFixed(0)} ms over ${cli.length} runs`);
}

void main();
