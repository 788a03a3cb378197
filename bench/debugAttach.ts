// Why the debug worker used to die with SIGTRAP, measured: a debug worker started the way the local runtime
// starts it, attached by a client that sends what VS Code's JavaScript debugger (js-debug 1.100) sends when it
// attaches to Node (taken from its CDP trace: Runtime/Debugger enable, the instrumentation breakpoint for
// source maps, a breakpoint, and `process.pid` asked for until `process` exists, also while Node starts).
//
//   --inspect-brk  Node waits inside its own bootstrap; the debugger evaluates there and V8 dies now and then
//                  with "Check failed: … function_->context() != *context_" (ScopeIterator::VisitLocalScope):
//                  SIGTRAP. This is how the runtime started debug workers before.
//   --inspect      Node starts fully and idles until the host sends `init`, which it does once the debugger
//                  is attached (how the runtime starts them now).
//
//   node --import tsx bench/debugAttach.ts [--cycles 100] [--load]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { buildSync } from 'esbuild';
import { startCpuLoad } from './_cpuLoad';
import { machine } from './_stats';

// Node 20 has a WebSocket client only behind a flag: run again with it.
if (typeof (globalThis as { WebSocket?: unknown }).WebSocket === 'undefined') {
  const r = spawnSync(process.execPath, ['--experimental-websocket', '--no-warnings', ...process.execArgv, __filename, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

interface Socket {
  onopen: () => void;
  onmessage: (m: { data: string }) => void;
  onerror: () => void;
  send(data: string): void;
  close(): void;
}
const WebSocketClass = (globalThis as unknown as { WebSocket: new (url: string) => Socket }).WebSocket;

const { values } = parseArgs({ options: { cycles: { type: 'string', default: '100' }, load: { type: 'boolean', default: false } } });
const cycles = Number(values.cycles);
const root = join(__dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'swb-bench-attach-'));
const PROCESS_PROBE = "typeof process === 'undefined' || process.pid === undefined ? 'process not defined' : ({ processId: process.pid, nodeVersion: process.version, architecture: process.arch })";
const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

type Outcome = 'ok' | 'crash' | 'hang' | 'other';

function cycle(mode: 'inspect-brk' | 'inspect', bootstrap: string, handler: string): Promise<{ outcome: Outcome; detail?: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--enable-source-maps', '--max-old-space-size=512', `--${mode}=127.0.0.1:0`, bootstrap], {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH },
    });
    const [, , stderr, input, output] = child.stdio as unknown as [null, null, NodeJS.ReadableStream, NodeJS.WritableStream, NodeJS.ReadableStream];
    for (const s of [stderr, input, output]) (s as unknown as { on(e: string, f: () => void): void }).on('error', () => undefined);
    let err = '';
    let fromWorker = '';
    let attached = false;
    let settled = false;
    const finish = (outcome: Outcome, detail?: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      resolve({ outcome, detail });
    };
    const timer = setTimeout(() => finish('hang'), 30_000);
    const write = (msg: object): void => void input.write(`${JSON.stringify(msg)}\n`);
    const init = (): void => write({ type: 'init', modulePath: handler, exportName: 'handler', handlerName: 'create.handler', moduleKind: 'cjs' });
    child.on('exit', (code, signal) => finish(signal ? 'crash' : 'other', signal ? `${signal}: ${/Check failed:[^\n]*/.exec(err)?.[0] ?? err.trim().split('\n').at(-1)}` : `exit ${code}`));
    output.setEncoding('utf8');
    output.on('data', (t: string) => {
      fromWorker += t;
      if (fromWorker.includes('"type":"ready"') && !fromWorker.includes('"type":"invoke-sent"')) {
        fromWorker += '"type":"invoke-sent"';
        write({ type: 'invoke', requestId: 'r1', event: { body: '{"total":1}' }, deadlineMs: 0, context: { functionName: 'f', functionVersion: '$LATEST', invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:f', memoryLimitInMB: '512', logGroupName: '/aws/lambda/f', logStreamName: 's' } });
      }
      if (fromWorker.includes('"type":"result"')) finish('ok');
      else if (fromWorker.includes('"type":"error"') || fromWorker.includes('"type":"initError"')) finish('other', fromWorker.slice(-300));
    });
    // --inspect-brk: the host used to queue init at once; the worker read it when the debugger let Node run.
    if (mode === 'inspect-brk') init();
    stderr.setEncoding('utf8');
    stderr.on('data', (t: string) => {
      err += t;
      const m = /Debugger listening on (ws:\/\/\S+)/.exec(err);
      if (m && !attached) {
        attached = true;
        void attach(m[1]).then(() => {
          if (mode === 'inspect') init();
        });
      }
    });
  });

  async function attach(url: string): Promise<void> {
    const bootstrapUrl = pathToFileURL(bootstrap).href;
    const ws = new WebSocketClass(url);
    let id = 0;
    const waiting = new Map<number, () => void>();
    const send = (method: string, params: Record<string, unknown> = {}): Promise<void> =>
      new Promise((res) => {
        const n = ++id;
        waiting.set(n, res);
        try {
          ws.send(JSON.stringify({ id: n, method, params }));
        } catch {
          res();
        }
      });
    ws.onerror = () => undefined;
    ws.onmessage = (m) => {
      const msg = JSON.parse(m.data) as { id?: number; method?: string };
      if (msg.id !== undefined) waiting.get(msg.id)?.();
      // Break on start, the source-map instrumentation pause, the breakpoint: all continued, as js-debug does.
      if (msg.method === 'Debugger.paused') void send('Debugger.resume');
    };
    await new Promise<void>((r) => (ws.onopen = r));
    void send('NodeWorker.enable', { waitForDebuggerOnStart: true });
    await send('Runtime.enable');
    void send('Debugger.enable');
    await delay(Math.random() * 30);
    // The runtime's own files first; Node's internals are added later (js-debug does it in two steps too).
    void send('Debugger.setBlackboxPatterns', { patterns: [`^${bootstrapUrl.replace(/[/.]/g, '\\$&')}`] });
    void send('Debugger.setAsyncCallStackDepth', { maxDepth: 32 });
    void send('Debugger.setInstrumentationBreakpoint', { instrumentation: 'beforeScriptWithSourceMapExecution' });
    void send('Debugger.setBreakpointByUrl', { lineNumber: 12, urlRegex: 'handler\\.cjs', columnNumber: 0 });
    void send('Debugger.setBlackboxPatterns', { patterns: [`^${bootstrapUrl.replace(/[/.]/g, '\\$&')}`, '^(node:)?internal\\/'] });
    await delay(Math.random() * 30);
    void send('Runtime.evaluate', { contextId: 1, returnByValue: true, expression: PROCESS_PROBE });
    void send('Debugger.setPauseOnExceptions', { state: 'none' });
    void send('Runtime.evaluate', { contextId: 1, returnByValue: true, expression: PROCESS_PROBE });
    await send('Runtime.runIfWaitingForDebugger');
    // js-debug keeps asking until it gets the process id.
    for (let k = 0; k < 3; k++) {
      await delay(Math.random() * 20);
      void send('Runtime.evaluate', { contextId: 1, returnByValue: true, expression: PROCESS_PROBE });
    }
  }
}

async function main(): Promise<void> {
  // With its source map, as `npm run build` makes it: the debugger then also pauses on the bootstrap's first load.
  buildSync({ entryPoints: { nodeBootstrap: join(root, 'src/invoke/runtime/nodeBootstrap.ts') }, outdir: dir, bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: true, logLevel: 'silent' });
  buildSync({ entryPoints: { handler: join(root, 'test/fixtures/workspace/orders-service/src/handlers/create.ts') }, outdir: dir, outExtension: { '.js': '.cjs' }, bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: true, logLevel: 'silent' });
  const stopLoad = values.load ? startCpuLoad() : undefined;
  try {
    console.log(`machine: ${machine()}; ${values.load ? 'CPU burner on every core; ' : ''}load average (1 min) at the start ${loadavg()[0].toFixed(1)}`);
    console.log('| debug worker started with | cycles | handler ran | killed by a signal | hung | other |');
    console.log('|---|---:|---:|---:|---:|---:|');
    const rows: string[] = [];
    const notes: string[] = [];
    for (const mode of ['inspect-brk', 'inspect'] as const) {
      const counts: Record<Outcome, number> = { ok: 0, crash: 0, hang: 0, other: 0 };
      const details = new Set<string>();
      for (let i = 0; i < cycles; i++) {
        const r = await cycle(mode, join(dir, 'nodeBootstrap.js'), join(dir, 'handler.cjs'));
        counts[r.outcome]++;
        if (r.detail) details.add(r.detail);
      }
      rows.push(`| \`--${mode}\` | ${cycles} | ${counts.ok} | ${counts.crash} | ${counts.hang} | ${counts.other} |`);
      for (const d of details) notes.push(`--${mode}: ${d}`);
    }
    console.log(rows.join('\n'));
    if (notes.length) console.log(`\n${notes.join('\n')}`);
  } finally {
    stopLoad?.();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
