/**
 * One runtime worker process: spawned with the Lambda environment, initialised once (the cold start), then
 * invoked again and again while warm. Timeouts, crashes and out-of-memory kills are turned into Lambda errors.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { LambdaError } from '../shared/invokeResult';
import type { PreparedHandler } from './handlerBuild';
import { pythonBootstrap } from './pythonBootstrap';
import type { WorkerInvoke, WorkerToHost } from './workerProtocol';

export interface WorkerSpawn {
  family: 'node' | 'python';
  /** The task root: the worker's working directory. */
  cwd: string;
  env: Record<string, string>;
  /** dist/runtime/nodeBootstrap.js */
  nodeBootstrap: string;
  nodeExecutable: string;
  python: string;
  memorySizeMb: number;
  /**
   * Extra interpreter options for a debugger (timeouts are then suspended by the caller): Node options such as
   * `--inspect=127.0.0.1:0` (see `inspector()`), or Python options placed before the bootstrap (`-m debugpy --listen … --wait-for-client`).
   */
  execArgv?: string[];
  /** The platform's log line and error for an invocation that outlived its timeout (default: Lambda's). */
  describeTimeout?: (requestId: string, seconds: number) => { log: string; error: LambdaError };
}

/** Where a worker started with `--inspect` listens for a debugger. */
export interface InspectorAddress {
  host: string;
  port: number;
  /** The WebSocket URL Node prints (`ws://127.0.0.1:PORT/<uuid>`). */
  url: string;
}

export type InitOutcome = { ok: true; initDurationMs: number } | { ok: false; initDurationMs: number; error: LambdaError };

export interface InvocationOutcome {
  payload?: string;
  error?: LambdaError;
  durationMs: number;
  maxRssKb?: number;
  /** The worker cannot be reused (crashed, timed out, exited). */
  dead: boolean;
  timedOut?: boolean;
}

type Pending =
  | { kind: 'init'; started: number; resolve: (o: InitOutcome) => void }
  | { kind: 'invoke'; started: number; requestId: string; resolve: (o: InvocationOutcome) => void };

function lambdaTimeout(requestId: string, seconds: number): { log: string; error: LambdaError } {
  const s = seconds.toFixed(2);
  return {
    log: `${new Date().toISOString()} ${requestId} Task timed out after ${s} seconds\n`,
    error: { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${requestId} Error: Task timed out after ${s} seconds`, trace: [] },
  };
}

export class RuntimeWorker {
  private pending: Pending | undefined;
  private exited = false;
  private stderrTail = '';
  private inspectorAddress: InspectorAddress | undefined;
  private readonly inspectorWaiters: Array<{ resolve: (a: InspectorAddress) => void; reject: (e: Error) => void }> = [];
  private logSink: ((text: string) => void) | undefined;
  private readonly input: Writable;

  private constructor(
    private readonly child: ChildProcess,
    private readonly spec: WorkerSpawn,
  ) {
    const stdio = child.stdio as unknown as [null, Readable, Readable, Writable, Readable];
    this.input = stdio[3];
    this.input.on('error', () => undefined);
    createInterface({ input: stdio[4] }).on('line', (line) => this.onMessage(line));
    // Output that bypasses the bootstrap (native code, child processes, V8 fatal errors) is still the function's.
    stdio[1].setEncoding('utf8').on('data', (t: string) => this.log(t));
    stdio[2].setEncoding('utf8').on('data', (t: string) => {
      this.stderrTail = (this.stderrTail + t).slice(-4000);
      if (!this.inspectorAddress) this.findInspector();
      this.log(t);
    });
    child.on('exit', (code, signal) => this.onExit(code, signal));
    child.on('error', (err) => {
      this.stderrTail += `\n${err.message}`;
      this.onExit(null, null, err);
    });
  }

  static spawn(spec: WorkerSpawn): RuntimeWorker {
    const stdio: Array<'ignore' | 'pipe'> = ['ignore', 'pipe', 'pipe', 'pipe', 'pipe'];
    const env = { ...spec.env, ELECTRON_RUN_AS_NODE: '1' };
    const child =
      spec.family === 'node'
        ? spawn(spec.nodeExecutable, ['--enable-source-maps', `--max-old-space-size=${spec.memorySizeMb}`, ...(spec.execArgv ?? []), spec.nodeBootstrap], { cwd: spec.cwd, env, stdio })
        : spawn(spec.python, ['-u', ...(spec.execArgv ?? []), '-c', pythonBootstrap], { cwd: spec.cwd, env: { ...env, PYTHONDONTWRITEBYTECODE: '1' }, stdio });
    return new RuntimeWorker(child, spec);
  }

  get alive(): boolean {
    return !this.exited;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /**
   * A Node worker started with `--inspect=HOST:0`: the address its inspector listens on, from the line Node
   * writes to stderr once it listens ("Debugger listening on ws://127.0.0.1:PORT/…"). The OS picks the port, so
   * nothing races for it and nobody probes it. Rejects when the worker exits first.
   */
  inspector(): Promise<InspectorAddress> {
    if (this.inspectorAddress) return Promise.resolve(this.inspectorAddress);
    if (this.exited) return Promise.reject(new Error(this.exitSummary()));
    return new Promise((resolve, reject) => this.inspectorWaiters.push({ resolve, reject }));
  }

  private findInspector(): void {
    const m = /Debugger listening on (ws:\/\/(\[[^\]]+\]|[^:/\s]+):(\d+)\/\S+)/.exec(this.stderrTail);
    if (!m) return;
    this.inspectorAddress = { url: m[1], host: m[2], port: Number(m[3]) };
    for (const w of this.inspectorWaiters.splice(0)) w.resolve(this.inspectorAddress);
  }

  /** What the worker's end looked like, for a caller that waited for something it never said. */
  private exitSummary(): string {
    const last = this.stderrTail.trim().split('\n').at(-1);
    return `the runtime process ended before its debugger listened${last ? ` (${last})` : ''}`;
  }

  /** Loads the handler (the cold start). The process may have been spawned before the handler was built. */
  init(p: PreparedHandler, onLog: (text: string) => void, initTimeoutMs?: number): Promise<InitOutcome> {
    this.logSink = onLog;
    return new Promise<InitOutcome>((resolve) => {
      const started = performance.now();
      let timer: NodeJS.Timeout | undefined;
      const done = (o: InitOutcome): void => {
        if (timer) clearTimeout(timer);
        resolve(o);
      };
      this.pending = { kind: 'init', started, resolve: done };
      if (initTimeoutMs) {
        // Lambda gives the init phase 10 seconds.
        timer = setTimeout(() => {
          this.pending = undefined;
          this.kill();
          done({ ok: false, initDurationMs: performance.now() - started, error: { errorType: 'Runtime.InitTimeout', errorMessage: `Init did not finish within ${(initTimeoutMs / 1000).toFixed(2)} seconds`, trace: [] } });
        }, initTimeoutMs);
      }
      this.write({ type: 'init', modulePath: p.modulePath, exportName: p.exportName, handlerName: p.handlerName, moduleKind: p.moduleKind === 'esm' ? 'esm' : 'cjs', ...(p.azure ? { azure: p.azure } : {}) });
    });
  }

  /** Runs one invocation; `timeoutMs` undefined suspends the timeout (debugging). */
  invoke(msg: WorkerInvoke, timeoutMs: number | undefined, onLog: (text: string) => void, signal?: AbortSignal): Promise<InvocationOutcome> {
    this.logSink = onLog;
    return new Promise<InvocationOutcome>((resolve) => {
      const started = performance.now();
      let timer: NodeJS.Timeout | undefined;
      const onAbort = (): void => {
        finish({ error: { errorType: 'Cancelled', errorMessage: 'The invocation was cancelled', trace: [] }, durationMs: performance.now() - started, dead: true });
        this.kill();
      };
      const finish = (o: InvocationOutcome): void => {
        if (timer) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.pending = undefined;
        resolve(o);
      };
      this.pending = { kind: 'invoke', started, requestId: msg.requestId, resolve: finish };
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => {
          const { log, error } = (this.spec.describeTimeout ?? lambdaTimeout)(msg.requestId, timeoutMs / 1000);
          this.log(log);
          finish({ error, durationMs: timeoutMs, dead: true, timedOut: true });
          this.kill();
        }, timeoutMs);
      }
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.write(msg);
    });
  }

  kill(): void {
    if (this.exited) return;
    this.child.kill('SIGKILL');
    // Nothing more is wanted from a killed worker: its process and pipes must not keep the host (a CLI run) alive.
    this.child.unref();
    for (const s of this.child.stdio) (s as { destroy?: () => void } | null)?.destroy?.();
  }

  private write(msg: object): void {
    if (this.exited) return;
    this.input.write(`${JSON.stringify(msg)}\n`);
  }

  private log(text: string): void {
    this.logSink?.(text);
  }

  private onMessage(line: string): void {
    let msg: WorkerToHost;
    try {
      msg = JSON.parse(line) as WorkerToHost;
    } catch {
      return;
    }
    const p = this.pending;
    switch (msg.type) {
      case 'log':
        this.log(msg.text);
        return;
      case 'ready':
        if (p?.kind === 'init') {
          this.pending = undefined;
          p.resolve({ ok: true, initDurationMs: msg.initDurationMs });
        }
        return;
      case 'initError':
        if (p?.kind === 'init') {
          this.pending = undefined;
          p.resolve({ ok: false, initDurationMs: msg.initDurationMs, error: msg.error });
        }
        return;
      case 'result':
        if (p?.kind === 'invoke' && p.requestId === msg.requestId) p.resolve({ payload: msg.payload, durationMs: msg.durationMs, maxRssKb: msg.maxRssKb, dead: false });
        return;
      case 'error':
        if (p?.kind === 'invoke' && p.requestId === msg.requestId) p.resolve({ error: msg.error, durationMs: msg.durationMs, maxRssKb: msg.maxRssKb, dead: msg.fatal });
        return;
    }
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null, spawnError?: Error): void {
    if (this.exited) return;
    this.exited = true;
    for (const w of this.inspectorWaiters.splice(0)) w.reject(new Error(spawnError ? `could not start the runtime: ${spawnError.message}` : this.exitSummary()));
    const p = this.pending;
    this.pending = undefined;
    if (!p) return;
    const elapsed = performance.now() - p.started;
    let error: LambdaError;
    if (spawnError) {
      const what = this.spec.family === 'python' ? this.spec.python : this.spec.nodeExecutable;
      error = { errorType: 'Runtime.StartError', errorMessage: `could not start ${what}: ${spawnError.message}`, trace: [] };
    } else if (/heap out of memory|MemoryError/i.test(this.stderrTail) || (signal === 'SIGKILL' && this.spec.family === 'python')) {
      error = { errorType: 'Runtime.OutOfMemory', errorMessage: `RequestId: ${p.kind === 'invoke' ? p.requestId : ''} Error: Runtime exited with error: signal: killed (memory limit ${this.spec.memorySizeMb} MB)`, trace: [] };
    } else {
      const reason = signal ? `signal: ${signal === 'SIGKILL' ? 'killed' : signal}` : code === 0 ? undefined : `exit status ${code}`;
      const id = p.kind === 'invoke' ? `RequestId: ${p.requestId} ` : '';
      // What the interpreter itself wrote before dying (a V8 fatal error, a native crash) is the only clue the
      // user gets; the inspector's own notices are not.
      const trace = this.stderrTail
        .split('\n')
        .map((l) => l.trimEnd())
        .filter((l) => l && !/^(Debugger (listening|attached)|For help, see|Waiting for the debugger)/.test(l))
        .slice(-12);
      error = { errorType: 'Runtime.ExitError', errorMessage: reason ? `${id}Error: Runtime exited with error: ${reason}` : `${id}Error: Runtime exited without providing a reason`, trace };
    }
    if (p.kind === 'init') p.resolve({ ok: false, initDurationMs: elapsed, error });
    else p.resolve({ error, durationMs: elapsed, dead: true });
  }
}
