import { helpRequested, UsageError } from './args';
import type { CliIo } from './io';
import { exitCodes } from './io';
import type { EarlyWorker } from './earlyWorker';
import { endStarted } from '../invoke/localRuntime';
import { eventsCommand, eventsUsage } from './eventsCommand';
import { flowCommand, flowUsage } from './flowCommand';
import { invokeCommand, invokeUsage } from './invokeCommand';
import { listCommand, listUsage } from './listCommand';
import { newCommand, newUsage } from './newCommand';
import { validateCommand, validateUsage } from './validateCommand';
import { logsCommand, logsUsage } from './logsCommand';

type Command = (argv: string[], io: CliIo) => Promise<number>;

/** Subcommands; each feature adds its own with a one-line usage. */
const commands: Record<string, { run: Command; usage: string }> = {
  list: { run: listCommand, usage: listUsage },
  new: { run: newCommand, usage: newUsage },
  validate: { run: validateCommand, usage: validateUsage },
  logs: { run: logsCommand, usage: logsUsage },
  events: { run: eventsCommand, usage: eventsUsage },
  invoke: { run: invokeCommand, usage: invokeUsage },
  flow: { run: flowCommand, usage: flowUsage },
};

function usage(): string {
  const lines = Object.values(commands).map((c) => `  serverless-workbench ${c.usage}`);
  return ['Usage:', ...lines, '', 'Exit codes: 0 ok, 1 findings or function error, 2 usage or I/O error.'].join('\n') + '\n';
}

/** Runs the CLI; returns the exit code. Errors are one line on stderr, never a stack trace. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return name ? exitCodes.ok : exitCodes.usage;
  }
  if (name === '--version') {
    io.stdout(`${version()}\n`);
    return exitCodes.ok;
  }
  const command = commands[name];
  if (!command) {
    io.stderr(`serverless-workbench: unknown command "${name}"\n${usage()}`);
    return exitCodes.usage;
  }
  // `serverless-workbench list --help`: the command's usage on stdout, exit 0 (before `--`, everything after it is
  // positional).
  if (helpRequested(rest)) {
    io.stdout(`Usage: serverless-workbench ${command.usage}\n\nExit codes: 0 ok, 1 findings or function error, 2 usage or I/O error.\n`);
    return exitCodes.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`serverless-workbench ${name}: ${err.message}\n  usage: serverless-workbench ${command.usage}\n`);
      return exitCodes.usage;
    }
    io.stderr(`serverless-workbench ${name}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}\n`);
    return exitCodes.usage;
  }
}

function version(): string {
  return typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0';
}

declare const __VERSION__: string | undefined;

/**
 * The binary: process I/O, the exit code. `earlyWorker`: what the entry (src/cli/bin.ts) started before it loaded
 * this bundle; a worker nobody adopted ends with the run.
 */
export async function runBinary(earlyWorker?: EarlyWorker | null): Promise<void> {
  const io: CliIo = {
    cwd: process.cwd(),
    env: process.env,
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    isTty: Boolean(process.stdout.isTTY),
    earlyWorker,
  };
  try {
    process.exitCode = await runCli(process.argv.slice(2), io);
  } finally {
    if (earlyWorker) endStarted(earlyWorker);
  }
}


if (require.main === module) void runBinary();
