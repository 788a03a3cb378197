/**
 * The worker of a function's last local run, started by the CLI's entry before anything else is loaded: a process
 * start is most of a CLI invoke, so the worker comes up while the CLI loads its code and reads the model. The run
 * uses it only if the model still asks for the same interpreter and memory size (see LocalRuntime.prespawn).
 * This module stays light (Node built-ins and a few small modules): it runs before the CLI's bundle is loaded.
 */
import { promises as fsp, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { SpareSpec, WorkerCommand } from '../invoke/workerCommand';
import { spareCommand, spawnWorkerProcess } from '../invoke/workerCommand';
import type { StartedWorker } from '../invoke/localRuntime';
import type { FlagSpec } from './args';

/** `invoke`'s flags (the command and the entry parse them alike). */
export const invokeFlags: FlagSpec = {
  values: ['project', 'event', 'profile', 'region', 'endpoint-url', 'host-url', 'node', 'python', 'tenant-id', 'subscription', 'app'],
  switches: ['remote', 'json', 'aws-services'],
};

const LAST_RUNS = 'cli-last-runs.json';

/** The key a function's last run is remembered under: the folder, the name and `--project`. */
export function runKey(cwd: string, name: string, project: string | undefined): string {
  return `${cwd}\0${name}\0${project ?? ''}`;
}

/** `--node` / `--python`, resolved against the working folder. */
export function explicitInterpreters(flags: { node?: string; python?: string }, cwd: string): { node?: string; python?: string } {
  const { node, python } = flags;
  return { ...(node ? { node: resolve(cwd, node) } : {}), ...(python ? { python: resolve(cwd, python) } : {}) };
}

/**
 * The entry's quick reading of `invoke`'s arguments, made before anything else is loaded (util.parseArgs costs a
 * module load): the function's name and the flags that choose its worker. Anything unusual (a short or unknown
 * flag, a second name, a remote or host target) gives undefined: no early worker, and the command itself then
 * parses the arguments strictly and reports what is wrong. A value flag takes the next argument whatever it looks
 * like, as the command's parser does.
 */
export function quickInvokeArgs(argv: string[]): { name: string; project?: string; node?: string; python?: string } | undefined {
  const values = new Set(invokeFlags.values);
  const switches = new Set(invokeFlags.switches);
  const positionals: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const flag = eq < 0 ? a.slice(2) : a.slice(2, eq);
      if (values.has(flag)) {
        const value = eq < 0 ? argv[++i] : a.slice(eq + 1);
        if (value === undefined || flag === 'host-url') return undefined;
        flags[flag] = value;
      } else if (!switches.has(flag) || eq >= 0 || flag === 'remote') {
        return undefined;
      }
    } else if (a.startsWith('-') && a !== '-') {
      return undefined;
    } else {
      positionals.push(a);
    }
  }
  if (positionals.length !== 1) return undefined;
  return { name: positionals[0], project: flags.project, node: flags.node, python: flags.python };
}

function readRuns(text: string): Record<string, SpareSpec> {
  const runs = JSON.parse(text) as unknown;
  return runs && typeof runs === 'object' ? (runs as Record<string, SpareSpec>) : {};
}

/** The remembered worker worth starting: a well-formed entry, on an absolute interpreter path that `--node`/`--python` does not contradict. */
function worthStarting(spec: SpareSpec | undefined, explicit: { node?: string; python?: string }): SpareSpec | undefined {
  if (!spec || (spec.family !== 'node' && spec.family !== 'python') || typeof spec.executable !== 'string' || typeof spec.memorySizeMb !== 'number') return undefined;
  const flag = spec.family === 'node' ? explicit.node : explicit.python;
  return (!flag || flag === spec.executable) && isAbsolute(spec.executable) ? spec : undefined;
}

/** The last run's worker of this key, if it is worth starting (the in-process path: tests, embedding). */
export async function lastRun(cacheDir: string, key: string, explicit: { node?: string; python?: string }): Promise<SpareSpec | undefined> {
  try {
    return worthStarting(readRuns(await fsp.readFile(join(cacheDir, LAST_RUNS), 'utf8'))[key], explicit);
  } catch {
    return undefined;
  }
}

/** Remembers what a run of this key started; only the next run's head start is lost if this fails. */
export async function rememberRun(cacheDir: string, key: string, spec: SpareSpec): Promise<void> {
  try {
    let runs: Record<string, SpareSpec> = {};
    try {
      runs = readRuns(await fsp.readFile(join(cacheDir, LAST_RUNS), 'utf8'));
    } catch {
      // First run: nothing remembered yet.
    }
    const prior = runs[key];
    if (prior && JSON.stringify(prior) === JSON.stringify(spec)) return;
    delete runs[key];
    // The 50 most recent functions are enough to keep.
    const kept = Object.entries(runs).slice(-49);
    await fsp.mkdir(cacheDir, { recursive: true });
    const tmp = join(cacheDir, `${LAST_RUNS}.${process.pid}.tmp`);
    await fsp.writeFile(tmp, JSON.stringify(Object.fromEntries([...kept, [key, spec]])));
    await fsp.rename(tmp, join(cacheDir, LAST_RUNS));
  } catch {
    // Only the next run's head start is lost.
  }
}

/** A worker started by the entry, with the guess it was started for. */
export interface EarlyWorker extends StartedWorker {
  spec: SpareSpec;
}

/**
 * For `invoke NAME` run locally: starts the worker of the function's last run in this folder, at once. Anything
 * unexpected (bad arguments, no cache, a remote run) means no early worker; the command then reports or decides.
 */
export function startEarlyWorker(argv: string[], options: { cwd: string; env: Record<string, string | undefined>; cacheDir: string; runtimeDir: string }): EarlyWorker | undefined {
  if (argv[0] !== 'invoke') return undefined;
  const args = quickInvokeArgs(argv.slice(1));
  if (!args) return undefined;
  let spec: SpareSpec | undefined;
  try {
    spec = worthStarting(readRuns(readFileSync(join(options.cacheDir, LAST_RUNS), 'utf8'))[runKey(options.cwd, args.name, args.project)], explicitInterpreters(args, options.cwd));
  } catch {
    return undefined;
  }
  if (!spec) return undefined;
  const command: WorkerCommand = spareCommand(spec, { runtimeDir: options.runtimeDir, hostEnv: options.env, cwd: options.cwd });
  const child = spawnWorkerProcess(command);
  let ended = false;
  const end = (): void => {
    ended = true;
  };
  // Heard before the runtime adopts it (a missing interpreter fails asynchronously); the runtime then starts its own.
  child.once('error', end);
  child.once('exit', end);
  return { spec, command, child, ended: () => ended };
}
