/**
 * What debugging a function locally needs besides the runtime: a free inspector port, the interpreter options
 * that open it, the attach configuration for VS Code's debuggers, the event to run with, and whether Python's
 * debugpy is installed. No `vscode` here; the adapter in src/vscode/debugFunction.ts starts the sessions.
 */
import { spawn } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { isAbsolute, join } from 'node:path';
import { eventChoices, generateEvent } from '../events/catalogue';
import { SavedEventStore } from '../invoke/savedEvents';
import type { FunctionDef, Project } from '../model/types';
import { describeJsonError } from '../shared/jsonError';
import { withoutBom } from '../shared/text';

export const DEBUG_HOST = '127.0.0.1';

/** A port nobody listens on right now (the OS picks it), on loopback only. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, DEBUG_HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/**
 * Interpreter options that open a debugger port. Node: `--inspect` on a port the OS picks (the worker reports it,
 * see `RuntimeWorker.inspector()`); the worker idles until the host sends `init`, which it does once the debugger
 * is attached, so breakpoints in module scope (init) bind without `--inspect-brk`. `--inspect-brk` would stop
 * Node inside its own bootstrap, where the JavaScript debugger's first evaluations (it asks for `process.pid`
 * until `process` exists) crash V8 now and then: "Check failed: … function_->context() != *context_" in
 * `ScopeIterator::VisitLocalScope`, the worker killed by SIGTRAP (bench/debugAttach.ts reproduces it).
 * Python: debugpy on the given port, holding the bootstrap until the debugger attaches.
 */
export function debugExecArgv(family: 'node' | 'python', port?: number): string[] {
  if (family === 'node') return [`--inspect=${DEBUG_HOST}:0`];
  if (port === undefined) throw new Error('debugpy needs a port');
  return ['-m', 'debugpy', '--listen', `${DEBUG_HOST}:${port}`, '--wait-for-client'];
}

/** Resolves once something accepts connections on the port; rejects on timeout or abort. */
export async function waitForPort(port: number, options: { timeoutMs: number; signal?: AbortSignal }): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (options.signal?.aborted) throw new Error('cancelled');
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: DEBUG_HOST, port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`the debugger port ${port} did not open within ${Math.round(options.timeoutMs / 1000)} s`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Marks the sessions this extension starts, so it can find them again (VS Code keeps unknown attributes). */
export const RUN_ID_ATTRIBUTE = '__serverlessWorkbenchRun';

/** A plain debug configuration (the adapter turns it into `vscode.DebugConfiguration`). */
export type AttachConfiguration = Record<string, unknown> & { type: string; request: 'attach'; name: string };

/**
 * VS Code's built-in JavaScript debugger, attached to the worker before it loads the handler. The debugger is
 * told where the built files are (`outFiles`: the TypeScript build folder, outside the workspace, and the
 * workspace's own JavaScript) so it can place TypeScript breakpoints before the module loads; source maps are
 * read wherever they are (the default allows the workspace only). The runtime's own bootstrap is skipped so
 * stepping out of the handler does not land in it. No child-process auto-attach: handlers rarely spawn Node
 * children, and it makes the debugger evaluate code in processes that are still starting.
 */
export function nodeAttachConfiguration(name: string, port: number, runId: string, paths: { runtimeDir: string; buildRoot: string; workspaceRoot?: string }): AttachConfiguration {
  const slash = (p: string): string => p.split('\\').join('/');
  return {
    type: 'pwa-node',
    request: 'attach',
    name,
    address: DEBUG_HOST,
    port,
    autoAttachChildProcesses: false,
    sourceMaps: true,
    outFiles: [`${slash(paths.buildRoot)}/**/*.(m|c)js`, ...(paths.workspaceRoot ? [`${slash(paths.workspaceRoot)}/**/*.(m|c|)js`] : []), '!**/node_modules/**'],
    resolveSourceMapLocations: null,
    skipFiles: ['<node_internals>/**', `${slash(paths.runtimeDir)}/**`],
    timeout: 20_000,
    [RUN_ID_ATTRIBUTE]: runId,
  };
}

/** The Python Debugger extension (ms-python.debugpy), attached to debugpy in the worker. */
export function pythonAttachConfiguration(name: string, port: number, runId: string): AttachConfiguration {
  return { type: 'debugpy', request: 'attach', name, connect: { host: DEBUG_HOST, port }, justMyCode: true, [RUN_ID_ATTRIBUTE]: runId };
}

/** One line telling how to install debugpy for the interpreter the function runs with. */
export function debugpyMissingMessage(python: string): string {
  return `Debugging Python functions needs debugpy, which ${python} does not have: install it with "${python} -m pip install debugpy", then debug again.`;
}

/** Whether `python -c "import debugpy"` succeeds. */
export function hasDebugpy(python: string): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(python, ['-c', 'import debugpy'], { stdio: 'ignore' });
    child.on('error', () => resolve(false));
    child.on('exit', (code) => resolve(code === 0));
  });
}

/** Where the event of a debug run comes from (a launch configuration or the Invoke view). */
export interface DebugEventSource {
  /** The event itself. */
  payload?: unknown;
  /** A saved event of the function (`.serverless-workbench/events/…`). */
  savedEvent?: string;
  /** A JSON file, absolute or relative to the workspace folder. */
  eventFile?: string;
}

/**
 * The event for a debug run: the payload, a saved event, a file, or else the sample event generated from the
 * function's first trigger (an empty object when it has none). Errors are one line.
 */
export async function resolveDebugEvent(src: DebugEventSource, fn: FunctionDef, project: Project, workspaceRoot: string): Promise<unknown> {
  if (src.payload !== undefined) return src.payload;
  if (src.savedEvent) {
    const text = await new SavedEventStore(workspaceRoot).read(project, fn, src.savedEvent);
    return parseEvent(text, `saved event "${src.savedEvent}"`);
  }
  if (src.eventFile) {
    const file = isAbsolute(src.eventFile) ? src.eventFile : join(workspaceRoot, src.eventFile);
    let text: string;
    try {
      text = await fsp.readFile(file, 'utf8');
    } catch {
      throw new Error(`event file ${src.eventFile} cannot be read`);
    }
    return parseEvent(text, `event file ${src.eventFile}`);
  }
  const choice = eventChoices(fn, { fn, project })[0];
  if (!choice) return {};
  return generateEvent(choice.kind.id, { fn, project, trigger: choice.triggerIndex !== undefined ? fn.triggers[choice.triggerIndex] : undefined });
}

function parseEvent(text: string, what: string): unknown {
  try {
    return JSON.parse(withoutBom(text)) as unknown;
  } catch (err) {
    throw new Error(`${what} is not valid JSON: ${describeJsonError(text, err)}`);
  }
}
