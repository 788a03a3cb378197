/**
 * How a runtime worker process is started: interpreter, options, start-up environment, pipes. Kept apart from the
 * worker itself (and free of the model) so that the CLI's entry can start the worker of a function's last run at
 * its very first line, before it loads anything else, exactly as the local runtime would start it.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pythonBootstrap } from './pythonBootstrap';

/** What a worker process is started with (RuntimeWorker's spawn spec without the host-side parts). */
export interface WorkerCommand {
  family: 'node' | 'python';
  /** The interpreter: a Node.js or Python executable. */
  executable: string;
  /** Working directory until init moves the worker to the function's task root. */
  cwd: string;
  /** The start-up environment: what the interpreter reads at start (the function's comes with init). */
  env: Record<string, string>;
  /** dist/runtime/nodeBootstrap.js */
  nodeBootstrap: string;
  /** Node options the platform starts its workers with (Lambda: its heap sizes from the memory size). */
  nodeFlags?: string[];
  /**
   * Extra interpreter options for a debugger (timeouts are then suspended by the caller): Node options such as
   * `--inspect=127.0.0.1:0`, or Python options placed before the bootstrap (`-m debugpy --listen … --wait-for-client`).
   */
  execArgv?: string[];
}

/** What to start a worker with before the model is read (the CLI): a guess that is used only if it matches. */
export interface SpareSpec {
  family: 'node' | 'python';
  executable: string;
  memorySizeMb: number;
}

/** The V8 flags the Lambda Node.js bootstrap derives from the memory size (a tenth for the young generation). */
export function nodeMemoryFlags(memorySizeMb: number): string[] {
  const newSpace = Math.floor(memorySizeMb / 10);
  return [`--max-semi-space-size=${Math.floor(newSpace / 2)}`, `--max-old-space-size=${memorySizeMb - newSpace}`];
}

/** The options the Lambda Node.js bootstrap starts node with. */
export function lambdaNodeFlags(memorySizeMb: number): string[] {
  return ['--expose-gc', '--max-http-header-size=81920', ...nodeMemoryFlags(memorySizeMb)];
}

/** Host variables a handler may need to reach AWS or find tools; everything else of the host stays out. */
export const PASS_THROUGH = [
  'PATH', 'HOME', 'USERPROFILE', 'SystemRoot', 'TMPDIR', 'TEMP', 'TMP',
  'AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE', 'AWS_ENDPOINT_URL', 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED',
];

/** Variables an interpreter reads when it starts (so they must be set at spawn, not at init). */
const STARTUP = /^(NODE_OPTIONS|NODE_EXTRA_CA_CERTS|UV_THREADPOOL_SIZE|PYTHON[A-Z0-9_]*|LD_[A-Z_]+|MALLOC_[A-Z_]+)$/;

/** The environment a worker starts with: the host's pass-through variables and the function's start-up ones. */
export function startupEnvironment(hostEnv: Record<string, string | undefined>, fnEnv: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const k of PASS_THROUGH) {
    const v = hostEnv[k];
    if (v !== undefined) env[k] = v;
  }
  for (const [k, v] of Object.entries(fnEnv)) if (STARTUP.test(k)) env[k] = v;
  return env;
}

/** The command of a spare Lambda worker (no function known yet): the host's start-up environment, Lambda's flags. */
export function spareCommand(spec: SpareSpec, options: { runtimeDir: string; hostEnv: Record<string, string | undefined>; cwd: string }): WorkerCommand {
  return {
    family: spec.family,
    executable: spec.executable,
    cwd: options.cwd,
    env: startupEnvironment(options.hostEnv),
    nodeBootstrap: join(options.runtimeDir, 'nodeBootstrap.js'),
    nodeFlags: lambdaNodeFlags(spec.memorySizeMb),
  };
}

/** The worker process: stdin closed, stdout/stderr the function's output, fd 3 the host's input, fd 4 its replies. */
export function spawnWorkerProcess(cmd: WorkerCommand): ChildProcess {
  const stdio: Array<'ignore' | 'pipe'> = ['ignore', 'pipe', 'pipe', 'pipe', 'pipe'];
  const env = { ...cmd.env, ELECTRON_RUN_AS_NODE: '1' };
  return cmd.family === 'node'
    ? spawn(cmd.executable, ['--enable-source-maps', ...(cmd.nodeFlags ?? []), ...(cmd.execArgv ?? []), cmd.nodeBootstrap], { cwd: cmd.cwd, env, stdio })
    : spawn(cmd.executable, ['-u', ...(cmd.execArgv ?? []), '-c', pythonBootstrap], { cwd: cmd.cwd, env: { ...env, PYTHONDONTWRITEBYTECODE: '1' }, stdio });
}
