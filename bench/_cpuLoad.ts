// "Both cores busy with another job": a separate Node process with one busy thread per core, for benches that
// must hold under load. Ended by its process id.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';

/** Starts the load; the returned function ends it. */
export function startCpuLoad(threads = availableParallelism()): () => void {
  const loop = 'let x = 1; for (;;) x = (x * 1103515245 + 12345) % 2147483648;';
  const source = `const { Worker } = require('node:worker_threads');\nfor (let i = 1; i < ${threads}; i++) new Worker(${JSON.stringify(loop)}, { eval: true });\n${loop}\n`;
  const child = spawn(process.execPath, ['-e', source], { stdio: 'ignore' });
  return () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  };
}
