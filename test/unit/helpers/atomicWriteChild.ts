// A process for the kill -9 tests of atomic writes (test/unit/node/atomicFile.test.ts). Modes:
//   stall FILE SIZE    writes SIZE bytes of N to FILE atomically, but stops for good right before the rename (after the temporary
//                      file is written and flushed), printing `temp <path>`: the test kills it there.
//   loop FILE SIZE     rewrites FILE atomically again and again, SIZE bytes of A, then of B, …, printing `ready`
//                      after the first write: the test kills it at random moments.
//   new DIR ARGS…      runs the CLI (`serverless-workbench ARGS…` in DIR), stopping for good before the rename of
//                      the config, printing `temp <path>`.
import { runCli } from '../../../src/cli/main';
import { nodeAtomicFs, writeFileAtomic } from '../../../src/node/atomicFile';

const [mode, target, ...rest] = process.argv.slice(2);

function stallBeforeRename(): void {
  nodeAtomicFs.rename = async (from) => {
    process.stdout.write(`temp ${from}\n`);
    await new Promise(() => undefined);
  };
}

async function main(): Promise<void> {
  if (mode === 'stall') {
    stallBeforeRename();
    await writeFileAtomic(target, 'N'.repeat(Number(rest[0])));
  } else if (mode === 'loop') {
    const size = Number(rest[0]);
    for (let i = 0; ; i++) {
      await writeFileAtomic(target, (i % 2 ? 'B' : 'A').repeat(size));
      if (i === 0) process.stdout.write('ready\n');
    }
  } else if (mode === 'new') {
    stallBeforeRename();
    await runCli(rest, { cwd: target, env: {}, stdout: () => undefined, stderr: (t) => process.stderr.write(t), readStdin: async () => '', isTty: false });
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
}

void main();
