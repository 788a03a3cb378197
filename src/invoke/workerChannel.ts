/**
 * The worker side of the runtime wire (src/invoke/workerProtocol.ts), shared by the worker bootstraps (Lambda's
 * nodeBootstrap, Azure's azureBootstrap): JSON lines from the host on fd 3, to the host on fd 4, the process's
 * own stdout/stderr captured onto the same ordered channel, and errors in the shape results carry them.
 */
import { readSync, writeSync } from 'node:fs';
import type * as netModule from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import type { LambdaError } from '../shared/invokeResult';
import type { HostToWorker, WorkerToHost } from './workerProtocol';

const IN_FD = 3;
const OUT_FD = 4;

export function send(msg: WorkerToHost): void {
  writeSync(OUT_FD, `${JSON.stringify(msg)}\n`);
}

/** Raw writes to stdout/stderr stay raw, but travel the same ordered channel as the result. */
export function captureStdio(): void {
  const capture = (stream: NodeJS.WriteStream): NodeJS.WriteStream => {
    stream.write = ((chunk: string | Uint8Array, encoding?: unknown, cb?: unknown): boolean => {
      send({ type: 'log', text: typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8') });
      const done = typeof encoding === 'function' ? encoding : cb;
      if (typeof done === 'function') process.nextTick(done as () => void);
      return true;
    }) as typeof stream.write;
    return stream;
  };
  for (const name of ['stdout', 'stderr'] as const) {
    // Node makes process.stdout/stderr on first use (a pipe's stream loads node:net, ~6 ms of a worker's start):
    // they are captured when first used, so a function that never touches them does not pay for them.
    const own = Object.getOwnPropertyDescriptor(process, name);
    const make = own?.get;
    if (!make || !own.configurable) {
      capture(process[name]);
      continue;
    }
    let stream: NodeJS.WriteStream | undefined;
    Object.defineProperty(process, name, {
      configurable: true,
      enumerable: own.enumerable,
      get: () => (stream ??= capture(make.call(process) as NodeJS.WriteStream)),
    });
  }
}

export function toLambdaError(err: unknown, fallbackType = 'Error'): LambdaError {
  if (err instanceof Error) {
    const stack = (err.stack ?? '').split('\n');
    return {
      errorType: err.name && err.name !== 'Error' ? err.name : (err.constructor?.name ?? fallbackType),
      errorMessage: err.message,
      trace: stack.length ? stack : [`${err.name}: ${err.message}`],
    };
  }
  // Lambda stringifies thrown non-errors: `throw "x"` → errorType "string".
  return { errorType: typeof err, errorMessage: typeof err === 'string' ? err : (JSON.stringify(err) ?? String(err)), trace: [] };
}

/**
 * Milliseconds on a monotonic clock, for a worker's init and invocation durations. process.hrtime rather than
 * `performance`: the global's first use loads perf_hooks, which cost ~2 ms of every cold start (under Lambda's V8
 * flags Node cannot use its own code cache for it) before the handler had even been loaded.
 */
export function clockMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/**
 * Splits a byte or text stream into lines (without their `\n`); a partial last line waits for its end. Only the
 * newest chunk can hold the end of the current line, so an event of megabytes is not scanned again per chunk.
 */
export class LineBuffer {
  private pending = '';
  private readonly decoder = new StringDecoder('utf8');

  push(chunk: Buffer | string): string[] {
    const from = this.pending.length;
    this.pending += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    const lines: string[] = [];
    let start = 0;
    for (let nl = this.pending.indexOf('\n', from); nl >= 0; nl = this.pending.indexOf('\n', start)) {
      lines.push(this.pending.slice(start, nl));
      start = nl + 1;
    }
    if (start) this.pending = this.pending.slice(start);
    return lines;
  }
}

/** The host's messages, one at a time; undefined once the host closed the pipe. */
export interface HostInput {
  next(): Promise<HostToWorker | undefined>;
  /** During an invocation the input must not keep the event loop alive (or `beforeExit` never comes). */
  invocation(running: boolean): void;
}

/**
 * Blocking reads: the worker is frozen while it waits for the host, like a Lambda environment between
 * invocations (nothing runs: no timers, no callbacks). A host that goes away ends the read with end-of-file.
 */
function blockingInput(): HostInput {
  const lines: string[] = [];
  const buffer = new LineBuffer();
  const chunk = Buffer.allocUnsafe(1 << 20);
  const pause = new Int32Array(new SharedArrayBuffer(4));
  return {
    next: () => {
      while (lines.length === 0) {
        let n: number;
        try {
          n = readSync(IN_FD, chunk, 0, chunk.length, null);
        } catch (err) {
          // A non-blocking pipe (not what Node gives a child, but possible): wait a moment, still frozen.
          if ((err as NodeJS.ErrnoException).code === 'EAGAIN') {
            Atomics.wait(pause, 0, 0, 5);
            continue;
          }
          throw err;
        }
        if (n === 0) return Promise.resolve(undefined);
        lines.push(...buffer.push(chunk.subarray(0, n)));
      }
      return Promise.resolve(JSON.parse(lines.shift()!) as HostToWorker);
    },
    invocation: () => undefined,
  };
}

/**
 * Event-driven reads, for workers that must stay responsive between messages (under a debugger, on Windows,
 * Azure's). A socket, not fs.createReadStream: a blocking pipe read on the thread pool would keep
 * process.exit() from exiting.
 */
function socketInput(): HostInput {
  // Loaded here: a frozen worker (blockingInput) does not need node:net.
  const { Socket } = require('node:net') as typeof netModule; // eslint-disable-line @typescript-eslint/no-require-imports
  const socket = new Socket({ fd: IN_FD, readable: true, writable: false });
  const buffer = new LineBuffer();
  const queue: Array<HostToWorker | undefined> = [];
  let waiter: ((m: HostToWorker | undefined) => void) | undefined;
  const deliver = (m: HostToWorker | undefined): void => {
    if (waiter) {
      const w = waiter;
      waiter = undefined;
      w(m);
    } else {
      queue.push(m);
    }
  };
  socket.setEncoding('utf8').on('data', (text: string) => {
    for (const line of buffer.push(text)) deliver(JSON.parse(line) as HostToWorker);
  });
  socket.on('close', () => deliver(undefined));
  return {
    next: () => (queue.length ? Promise.resolve(queue.shift()) : new Promise((r) => (waiter = r))),
    invocation: (running) => (running ? socket.unref() : socket.ref()),
  };
}

/** The host's messages: frozen between them (blocking reads) or event-driven. */
export function hostInput(frozen: boolean): HostInput {
  return frozen && process.platform !== 'win32' ? blockingInput() : socketInput();
}

/**
 * Reads the host's messages and hands them to `handle` one after another (each waits for the previous one).
 * The process exits when the host closes the pipe.
 */
export function serveHost(handle: (msg: HostToWorker) => Promise<void>): void {
  const input = socketInput();
  void (async (): Promise<void> => {
    for (;;) {
      const msg = await input.next();
      if (!msg) process.exit(0);
      await handle(msg);
    }
  })();
}
