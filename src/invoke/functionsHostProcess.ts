/**
 * A Functions host this extension runs: Azure Functions Core Tools' `func start` in an app's folder. It runs
 * every language the host runs (C# isolated and in-process, Python, Java, PowerShell, Node). Its output is read
 * line by line: shown to the person (the VS Code task's terminal), followed for the invocations' lines
 * (HostLogFollower), and read for readiness and the function list Core Tools prints
 * (`HttpExample: [GET,POST] http://localhost:7071/api/HttpExample`).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { HostLogFollower } from './functionsHost';

/** The invocation a host line belongs to, when the follower can tell. */
export interface LineAttribution {
  functionName?: string;
  invocationId?: string;
}

export interface HostFunction {
  name: string;
  /** The function's URL (HTTP triggers), as the host printed it. */
  url?: string;
  methods?: string[];
  /** The trigger as Core Tools names it for non-HTTP functions (`timerTrigger`, `queueTrigger`, …). */
  trigger?: string;
}

export interface FunctionsHostOptions {
  /** The `func` executable: a path, or `func` to find it on PATH. */
  func: string;
  /** The app's folder (where host.json is). */
  cwd: string;
  port: number;
  env: Record<string, string | undefined>;
}

export type HostState = 'starting' | 'running' | 'stopped';

/**
 * Lines that say the host serves, with its function list printed: Core Tools ends the list with "For detailed
 * output, run func with --verbose flag."; "Host started" / "Job host started" / "Host lock lease acquired"
 * come with or after it depending on the version.
 */
const readyLine = /\b(Host started|Job host started|Host lock lease acquired)\b|For detailed output, run func with --verbose flag/;
const httpFunctionLine = /^\s*([\w.-]+): \[([A-Z,]+)\] (https?:\/\/\S+)\s*$/;
const otherFunctionLine = /^\s*([\w.-]+): (\w+Trigger)\s*$/;
// Core Tools colours its output.
const ansi = /\u001b\[[0-9;?]*[A-Za-z]/g;

export class FunctionsHostProcess {
  readonly follower = new HostLogFollower();
  readonly functions: HostFunction[] = [];
  readonly hostUrl: string;
  private child: ChildProcess | undefined;
  private stateNow: HostState = 'starting';
  private readonly lineListeners = new Set<(line: string, attribution: LineAttribution) => void>();
  private readonly stateListeners = new Set<(state: HostState, detail?: string) => void>();
  private readonly readyPromise: Promise<void>;
  private settleReady: { resolve: () => void; reject: (err: Error) => void } | undefined;
  private lastLines: string[] = [];

  constructor(private readonly options: FunctionsHostOptions) {
    this.hostUrl = `http://localhost:${options.port}`;
    this.readyPromise = new Promise<void>((resolve, reject) => {
      this.settleReady = { resolve, reject };
    });
    // Nobody may be waiting for readiness (a host started from the task list): a failed start is not unhandled.
    this.readyPromise.catch(() => undefined);
  }

  get state(): HostState {
    return this.stateNow;
  }

  /** Starts `func start --port N`; `ready()` tells when it serves. */
  start(): void {
    if (this.child) return;
    const env = Object.fromEntries(Object.entries(this.options.env).filter((e): e is [string, string] => e[1] !== undefined));
    // func is a .cmd on Windows: it runs through the shell there, with arguments this code chose.
    const child = spawn(this.options.func, ['start', '--port', String(this.options.port)], { cwd: this.options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' });
    this.child = child;
    let partial = '';
    const onData = (chunk: Buffer): void => {
      const parts = (partial + chunk.toString('utf8')).split(/\r?\n/);
      partial = parts.pop() ?? '';
      for (const p of parts) this.handleLine(p.replace(ansi, ''));
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('error', (err) => this.onExit(`could not start ${this.options.func}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : err.message}`));
    // 'close', not 'exit': the output's last lines (why func stopped) are read by then.
    child.on('close', (code, signal) => {
      if (partial) this.handleLine(partial.replace(ansi, ''));
      this.onExit(this.stateNow === 'running' ? undefined : `func exited (${signal ?? `code ${code}`}) before the host started${this.lastLines.length ? `: ${this.lastLines.at(-1)}` : ''}`);
    });
  }

  /** Resolves once the host serves; rejects with a one-line reason when it exits first or takes too long. */
  ready(timeoutMs = 120_000): Promise<void> {
    if (this.stateNow === 'running') return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the Functions host did not start within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
      this.readyPromise.then(
        () => {
          clearTimeout(timer);
          resolve();
        },
        (err: unknown) => {
          clearTimeout(timer);
          reject(err as Error);
        },
      );
    });
  }

  /** Every line the host writes, as it writes it, with the invocation it belongs to. */
  onDidWriteLine(listener: (line: string, attribution: LineAttribution) => void): () => void {
    this.lineListeners.add(listener);
    return () => this.lineListeners.delete(listener);
  }

  private handleLine(line: string): void {
    this.lastLines = [...this.lastLines.slice(-20), line].filter((l) => l.trim());
    const http = httpFunctionLine.exec(line);
    const other = http ? undefined : otherFunctionLine.exec(line);
    if (http) this.functions.push({ name: http[1], methods: http[2].split(','), url: http[3] });
    else if (other) this.functions.push({ name: other[1], trigger: other[2] });
    const attribution = this.follower.push(line);
    for (const l of this.lineListeners) l(line, attribution);
    if (this.stateNow === 'starting' && readyLine.test(line)) {
      this.stateNow = 'running';
      this.settleReady?.resolve();
      for (const l of this.stateListeners) l('running');
    }
  }

  onState(listener: (state: HostState, detail?: string) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Stops the host: SIGTERM (it shuts down cleanly), SIGKILL if it is still there after 5 s. */
  stop(): void {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    timer.unref();
    child.once('exit', () => clearTimeout(timer));
  }

  private onExit(reason: string | undefined): void {
    if (this.stateNow === 'stopped') return;
    const wasStarting = this.stateNow === 'starting';
    this.stateNow = 'stopped';
    if (wasStarting) this.settleReady?.reject(new Error(reason ?? 'func exited before the host started'));
    for (const l of this.stateListeners) l('stopped', reason);
  }
}
