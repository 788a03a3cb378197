/**
 * The worker side of the runtime wire (src/invoke/workerProtocol.ts), shared by the worker bootstraps (Lambda's
 * nodeBootstrap, Azure's azureBootstrap): JSON lines from the host on fd 3, to the host on fd 4, the process's
 * own stdout/stderr captured onto the same ordered channel, and errors in the shape results carry them.
 */
import { writeSync } from 'node:fs';
import { Socket } from 'node:net';
import type { LambdaError } from '../shared/invokeResult';
import type { HostToWorker, WorkerToHost } from './workerProtocol';

const OUT_FD = 4;

export function send(msg: WorkerToHost): void {
  writeSync(OUT_FD, `${JSON.stringify(msg)}\n`);
}

/** Raw writes to stdout/stderr stay raw, but travel the same ordered channel as the result. */
export function captureStdio(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.write = ((chunk: string | Uint8Array, encoding?: unknown, cb?: unknown): boolean => {
      send({ type: 'log', text: typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8') });
      const done = typeof encoding === 'function' ? encoding : cb;
      if (typeof done === 'function') process.nextTick(done as () => void);
      return true;
    }) as typeof stream.write;
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
 * Reads the host's messages and hands them to `handle` one after another (each waits for the previous one).
 * The process exits when the host closes the pipe.
 */
export function serveHost(handle: (msg: HostToWorker) => Promise<void>): void {
  // A socket, not fs.createReadStream: a blocking pipe read on the thread pool would keep process.exit() from exiting.
  const input = new Socket({ fd: 3, readable: true, writable: false });
  let queue = Promise.resolve();
  let pending = '';
  // JSON lines, split by hand: readline would be one more module to load on every cold start.
  input.setEncoding('utf8').on('data', (chunk: string) => {
    // Only the new chunk can hold the end of the current line (a 6 MB event arrives in many chunks).
    const from = pending.length;
    pending += chunk;
    for (let nl = pending.indexOf('\n', from); nl >= 0; nl = pending.indexOf('\n')) {
      const msg = JSON.parse(pending.slice(0, nl)) as HostToWorker;
      pending = pending.slice(nl + 1);
      queue = queue.then(() => handle(msg));
    }
  });
  input.on('close', () => process.exit(0));
}
