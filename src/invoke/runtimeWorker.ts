/**
 * One runtime worker process: an execution environment. Spawned with what the interpreter needs at start (the
 * interpreter, Lambda's heap flags for the memory size), initialised once with the function (the cold start),
 * then invoked again and again while warm. Timeouts, crashes and memory over-use are turned into Lambda errors.
 */
import type { ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import type { LambdaError } from '../shared/invokeResult';
import type { CgroupParent, MemoryEnforcement, MemoryGuard } from './memoryLimit';
import { guardMemory } from './memoryLimit';
import type { WorkerCommand } from './workerCommand';
import { spawnWorkerProcess } from './workerCommand';
import { LineBuffer } from './workerChannel';
import type { WorkerInit, WorkerInvoke, WorkerToHost } from './workerProtocol';

/** A worker's start (see WorkerCommand) and what the host enforces on it. */
export interface WorkerSpawn extends WorkerCommand {
  memorySizeMb: number;
  /** Where kernel-enforced memory limits can be set up; undefined: the sampler. */
  cgroup?: CgroupParent;
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

export type InitOutcome = { ok: true; initDurationMs: number; streaming: boolean } | { ok: false; initDurationMs: number; error: LambdaError };

export interface InvocationOutcome {
  payload?: string;
  error?: LambdaError;
  durationMs: number;
  maxRssKb?: number;
  /** The worker cannot be reused (crashed, timed out, exited, went over its memory). */
  dead: boolean;
  timedOut?: boolean;
  outOfMemory?: boolean;
}

export interface InvocationSinks {
  onLog: (text: string) => void;
  /** Response streaming: the content type, before the first chunk. */
  onStreamStart?: (contentType: string) => void;
  onChunk?: (data: Buffer) => void;
}

type Pending =
  | { kind: 'init'; started: number; resolve: (o: InitOutcome) => void }
  | { kind: 'invoke'; started: number; requestId: string; resolve: (o: InvocationOutcome) => void };

export { lambdaNodeFlags, nodeMemoryFlags } from './workerCommand';

function lambdaTimeout(requestId: string, seconds: number): { log: string; error: LambdaError } {
  const s = seconds.toFixed(2);
  return {
    log: `${new Date().toISOString()} ${requestId} Task timed out after ${s} seconds\n`,
    error: { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${requestId} Error: Task timed out after ${s} seconds`, trace: [] },
  };
}

/** How Lambda (a Go program) names the signal that ended a runtime: `signal: killed`. */
function signalText(signal: NodeJS.Signals): string {
  const names: Partial<Record<NodeJS.Signals, string>> = {
    SIGKILL: 'killed',
    SIGABRT: 'aborted (core dumped)',
    SIGSEGV: 'segmentation fault',
    SIGBUS: 'bus error',
    SIGILL: 'illegal instruction',
    SIGFPE: 'floating point exception',
    SIGTRAP: 'trace/breakpoint trap',
    SIGTERM: 'terminated',
  };
  return names[signal] ?? signal;
}

/** How long an exit waits for the rest of the worker's stderr when something else still holds the pipe. */
const STDERR_DRAIN_LIMIT_MS = 250;

export class RuntimeWorker {
  private pending: Pending | undefined;
  private exited = false;
  private stderrTail = '';
  private stderrClosed = false;
  private onStderrClosed: (() => void) | undefined;
  private inspectorAddress: InspectorAddress | undefined;
  private readonly inspectorWaiters: Array<{ resolve: (a: InspectorAddress) => void; reject: (e: Error) => void }> = [];
  private sinks: InvocationSinks | undefined;
  /** Output written before the first init or invocation took it (Node's "Debugger listening on …" line can come first). */
  private earlyOutput = '';
  private readonly input: Writable;
  private readonly memory: MemoryGuard;

  private constructor(
    private readonly child: ChildProcess,
    readonly spec: WorkerSpawn,
  ) {
    const stdio = child.stdio as unknown as [null, Readable, Readable, Writable, Readable];
    this.input = stdio[3];
    this.input.on('error', () => undefined);
    // The worker's messages: one JSON line each (a small splitter: node:readline is a module load for the CLI).
    const lines = new LineBuffer();
    stdio[4].on('data', (chunk: Buffer) => {
      for (const line of lines.push(chunk)) this.onMessage(line);
    });
    // Output that bypasses the bootstrap (native code, child processes, V8 fatal errors) is still the function's.
    stdio[1].setEncoding('utf8').on('data', (t: string) => this.log(t));
    stdio[2].setEncoding('utf8').on('data', (t: string) => {
      this.stderrTail = (this.stderrTail + t).slice(-4000);
      if (!this.inspectorAddress) this.findInspector();
      const own = withoutInspectorNotices(t);
      if (own) this.log(own);
    });
    stdio[2].on('close', () => {
      this.stderrClosed = true;
      this.onStderrClosed?.();
    });
    child.on('exit', (code, signal) => this.afterStderr(() => this.onExit(code, signal)));
    child.on('error', (err) => {
      this.stderrTail += `\n${err.message}`;
      this.onExit(null, null, err);
    });
    // No pid: the spawn failed (the 'error' event follows); only the reported peak could be checked.
    this.memory = guardMemory({ pid: child.pid ?? -1, limitMb: spec.memorySizeMb, kill: () => this.kill(), cgroup: child.pid !== undefined ? spec.cgroup : undefined });
  }

  static spawn(spec: WorkerSpawn): RuntimeWorker {
    return new RuntimeWorker(spawnWorkerProcess(spec), spec);
  }

  /** A worker whose process was started elsewhere with `spawnWorkerProcess(spec)` (the CLI's entry). */
  static adopt(child: ChildProcess, spec: WorkerSpawn): RuntimeWorker {
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

  /** How the memory size is enforced on this worker. */
  get memoryEnforcement(): MemoryEnforcement {
    return this.memory.mode;
  }

  /** Milliseconds the host spent sampling this worker's memory. */
  get memorySamplingMs(): number {
    return this.memory.costMs;
  }

  /** Loads the handler (the cold start). The process may have been spawned long before. */
  init(msg: WorkerInit, onLog: (text: string) => void, initTimeoutMs?: number): Promise<InitOutcome> {
    this.setSinks({ onLog });
    return new Promise<InitOutcome>((resolve) => {
      const started = performance.now();
      let timer: NodeJS.Timeout | undefined;
      const done = (o: InitOutcome): void => {
        if (timer) clearTimeout(timer);
        this.memory.watch(false);
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
      this.memory.watch(true);
      this.write(msg);
    });
  }

  /** Runs one invocation; `timeoutMs` undefined suspends the timeout (debugging). */
  invoke(msg: WorkerInvoke, timeoutMs: number | undefined, sinks: InvocationSinks, signal?: AbortSignal): Promise<InvocationOutcome> {
    this.setSinks(sinks);
    return new Promise<InvocationOutcome>((resolve) => {
      const started = performance.now();
      let timer: NodeJS.Timeout | undefined;
      const onAbort = (): void => {
        finish({ error: { errorType: 'Cancelled', errorMessage: 'The invocation was cancelled', trace: [] }, durationMs: performance.now() - started, dead: true });
        this.kill();
      };
      const finish = (o: InvocationOutcome): void => {
        if (timer) clearTimeout(timer);
        this.memory.watch(false);
        signal?.removeEventListener('abort', onAbort);
        this.pending = undefined;
        resolve(this.checkPeak(o, msg.requestId));
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
      this.memory.watch(true);
      this.write(msg);
    });
  }

  /**
   * The worker's own high-water mark (`ru_maxrss`) over the limit means it went over between two samples: on
   * Lambda the kernel would have ended it there, so the invocation ends the same way.
   */
  private checkPeak(o: InvocationOutcome, requestId: string): InvocationOutcome {
    if (o.outOfMemory) return o;
    const peak = Math.max(o.maxRssKb ?? 0, this.memory.peakKb);
    if (o.dead || peak <= this.spec.memorySizeMb * 1024) return { ...o, maxRssKb: peak || undefined };
    this.kill();
    // Lambda's REPORT shows an environment ended for memory at its limit.
    return { error: this.outOfMemory(requestId), durationMs: o.durationMs, maxRssKb: this.spec.memorySizeMb * 1024, dead: true, outOfMemory: true };
  }

  private outOfMemory(requestId: string | undefined): LambdaError {
    this.log(`${requestId ? `RequestId: ${requestId} ` : ''}Error: Runtime exited with error: signal: killed\nRuntime.OutOfMemory\n`);
    return { errorType: 'Runtime.OutOfMemory', errorMessage: `${requestId ? `RequestId: ${requestId} ` : ''}Error: Runtime exited with error: signal: killed`, trace: [] };
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
    if (this.sinks) this.sinks.onLog(text);
    // The process starts while the handler is prepared: what it writes meanwhile belongs to the init that follows.
    else this.earlyOutput = (this.earlyOutput + text).slice(-64_000);
  }

  private setSinks(sinks: InvocationSinks): void {
    this.sinks = sinks;
    const early = this.earlyOutput;
    this.earlyOutput = '';
    if (early) sinks.onLog(early);
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
      case 'streamStart':
        if (p?.kind === 'invoke' && p.requestId === msg.requestId) this.sinks?.onStreamStart?.(msg.contentType);
        return;
      case 'chunk':
        if (p?.kind === 'invoke' && p.requestId === msg.requestId) this.sinks?.onChunk?.(Buffer.from(msg.data, 'base64'));
        return;
      case 'ready':
        if (p?.kind === 'init') {
          this.pending = undefined;
          p.resolve({ ok: true, initDurationMs: msg.initDurationMs, streaming: msg.streaming === true });
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

  /**
   * Node can deliver a process's last stderr (a "bad option" line, a V8 fatal error) after its 'exit' event; the
   * message built from the exit waits for the pipe to close. Bounded: a process the function started may still
   * hold the pipe open after the worker itself is gone.
   */
  private afterStderr(then: () => void): void {
    if (this.stderrClosed) return then();
    let done = false;
    const go = (): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      this.onStderrClosed = undefined;
      then();
    };
    const timer = setTimeout(go, STDERR_DRAIN_LIMIT_MS);
    this.onStderrClosed = go;
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null, spawnError?: Error): void {
    if (this.exited) return;
    this.exited = true;
    for (const w of this.inspectorWaiters.splice(0)) w.reject(new Error(spawnError ? `could not start the runtime: ${spawnError.message}` : this.exitSummary()));
    const p = this.pending;
    this.pending = undefined;
    const forMemory = this.memory.killedForMemory();
    this.memory.dispose();
    if (!p) return;
    const elapsed = performance.now() - p.started;
    let error: LambdaError;
    if (spawnError) {
      error = { errorType: 'Runtime.StartError', errorMessage: `could not start ${this.spec.executable}: ${spawnError.message}`, trace: [] };
    } else if (forMemory) {
      error = this.outOfMemory(p.kind === 'invoke' ? p.requestId : undefined);
      if (p.kind === 'invoke') return p.resolve({ error, durationMs: elapsed, dead: true, outOfMemory: true, maxRssKb: this.spec.memorySizeMb * 1024 });
    } else {
      const reason = signal ? `signal: ${signalText(signal)}` : code === 0 ? undefined : `exit status ${code}`;
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

/** Node's inspector writes its own notices to stderr; they are the debugger's, not the function's output. */
function withoutInspectorNotices(text: string): string {
  return text
    .split(/(?<=\n)/)
    .filter((l) => !/^(Debugger (listening on|attached\.|ending on)|For help, see: https:\/\/nodejs\.org\/en\/docs\/inspector|Waiting for the debugger to disconnect)/.test(l))
    .join('');
}
