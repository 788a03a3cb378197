import * as vscode from 'vscode';
import { statSync } from 'node:fs';
import { createServer } from 'node:net';
import { basename, delimiter, isAbsolute, join, relative } from 'node:path';
import { freePort } from '../debug/debugSetup';
import type { LineAttribution } from '../invoke/functionsHostProcess';
import { FunctionsHostProcess } from '../invoke/functionsHostProcess';
import { invokeThroughHost } from '../invoke/functionsHost';
import type { Project } from '../model/types';
import type { Services } from './services';
import type { TreeNode } from './functionsTree';
import type { Commands } from './commands';
import type { InvokeFeature } from './invokeView';

export const HOST_TASK_TYPE = 'serverless-func';
const DEFAULT_PORT = 7071;

interface HostTaskDefinition extends vscode.TaskDefinition {
  /** The app folder (with host.json), relative to the workspace folder. */
  app: string;
}

/** One-line reason when Core Tools is nowhere to be found, with the ways out. */
export const funcMissingMessage =
  'Azure Functions Core Tools (func) was not found: install Core Tools 4 (https://aka.ms/func-core-tools), point serverlessWorkbench.azure.funcPath at func, or set serverlessWorkbench.azure.hostUrl to a host you run yourself.';

/** `func` from the setting (machine-scoped: a workspace cannot choose a binary), else from PATH. */
export function findFunc(setting: string | undefined, env: Record<string, string | undefined> = process.env): string | undefined {
  const isFile = (p: string): boolean => {
    try {
      return statSync(p).isFile();
    } catch {
      return false;
    }
  };
  if (setting) return isAbsolute(setting) && isFile(setting) ? setting : undefined;
  const names = process.platform === 'win32' ? ['func.cmd', 'func.exe'] : ['func'];
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const n of names) if (isFile(join(dir, n))) return join(dir, n);
  }
  return undefined;
}

/**
 * Functions hosts (`func start`) this extension runs as VS Code tasks, one per app: the task's terminal shows the
 * host's output, the `$serverless-func` problem matcher knows when it serves (and reports build errors of C#
 * apps), and invocations from the Invoke view go through it with its log lines. The hosts live as long as their
 * tasks; stopping the task or the extension stops them.
 */
export class FunctionsHosts implements vscode.Disposable {
  private readonly hosts = new Map<string, FunctionsHostProcess>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<Project>();
  /** A host started, became ready or stopped. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly services: Services) {
    this.disposables.push(this.changed);
  }

  dispose(): void {
    for (const h of this.hosts.values()) h.stop();
    this.hosts.clear();
    for (const d of this.disposables) d.dispose();
  }

  /** The running (or starting) host of an app. */
  running(project: Project): FunctionsHostProcess | undefined {
    const h = this.hosts.get(project.file);
    return h && h.state !== 'stopped' ? h : undefined;
  }

  funcPath(): string | undefined {
    return findFunc(this.services.config.get('azureFuncPath'));
  }

  /** A host the person runs themselves (serverlessWorkbench.azure.hostUrl), used instead of starting one. */
  configuredHostUrl(): string | undefined {
    return this.services.config.get('azureHostUrl');
  }

  task(project: Project): vscode.Task {
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(project.file));
    const app = folder ? relative(folder.uri.fsPath, project.root) || '.' : project.root;
    const definition: HostTaskDefinition = { type: HOST_TASK_TYPE, app };
    return this.taskFor(definition, folder ?? vscode.TaskScope.Workspace, project);
  }

  private taskFor(definition: HostTaskDefinition, scope: vscode.WorkspaceFolder | vscode.TaskScope.Workspace, project: Project): vscode.Task {
    const task = new vscode.Task(definition, scope, `func start: ${basename(project.root)}`, 'Serverless', new vscode.CustomExecution(async () => this.pseudoterminal(project)), ['$serverless-func']);
    task.isBackground = true;
    task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, focus: false, panel: vscode.TaskPanelKind.Dedicated, clear: true };
    return task;
  }

  /** The Azure apps of the workspace as tasks (Run Task…, tasks.json). */
  provideTasks(): vscode.Task[] {
    return this.services.model.projects().filter((p) => p.kind === 'azure-functions').map((p) => this.task(p));
  }

  resolveTask(task: vscode.Task): vscode.Task | undefined {
    const def = task.definition as HostTaskDefinition;
    if (typeof def.app !== 'string') return undefined;
    const folder = typeof task.scope === 'object' ? (task.scope as vscode.WorkspaceFolder) : vscode.workspace.workspaceFolders?.[0];
    if (!folder) return undefined;
    const root = join(folder.uri.fsPath, def.app);
    const project = this.services.model.project(join(root, 'host.json'));
    return project ? this.taskFor(def, folder, project) : undefined;
  }

  /** Starts the app's host (as its task) unless it runs, and waits until it serves. */
  async ensure(project: Project, signal?: AbortSignal): Promise<FunctionsHostProcess> {
    const existing = this.running(project);
    if (existing) {
      await existing.ready();
      return existing;
    }
    if (!this.funcPath()) throw new Error(funcMissingMessage);
    await vscode.tasks.executeTask(this.task(project));
    const started = await waitForHost(() => this.running(project), signal);
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Starting the Functions host of ${basename(project.root)} (func start)…` }, () => started.ready());
    return started;
  }

  stop(project: Project): boolean {
    const h = this.running(project);
    if (!h) return false;
    h.stop();
    return true;
  }

  private async pseudoterminal(project: Project): Promise<vscode.Pseudoterminal> {
    const write = new vscode.EventEmitter<string>();
    const close = new vscode.EventEmitter<number>();
    const func = this.funcPath();
    // Core Tools' port when it is free (the URLs people know), else any free one.
    const port = (await portFree(DEFAULT_PORT)) ? DEFAULT_PORT : await freePort();
    let host: FunctionsHostProcess | undefined;
    return {
      onDidWrite: write.event,
      onDidClose: close.event,
      open: () => {
        if (!func) {
          write.fire(`${funcMissingMessage}\r\n`);
          close.fire(1);
          return;
        }
        const h = new FunctionsHostProcess({ func, cwd: project.root, port, env: process.env });
        host = h;
        this.hosts.get(project.file)?.stop();
        this.hosts.set(project.file, h);
        h.onDidWriteLine((line, attribution) => {
          write.fire(`${line}\r\n`);
          this.publish(project, line, attribution);
        });
        h.onState((state, detail) => {
          this.changed.fire(project);
          if (state !== 'stopped') return;
          if (detail) write.fire(`\r\n${detail}\r\n`);
          write.dispose();
          close.fire(detail ? 1 : 0);
          close.dispose();
        });
        write.fire(`> ${func} start --port ${port}  (in ${project.root})\r\n`);
        h.start();
        this.changed.fire(project);
      },
      close: () => host?.stop(),
    };
  }

  /** The host's lines in the Logs view: under the function whose invocation they belong to, else the app. */
  private publish(project: Project, line: string, attribution: LineAttribution): void {
    if (!line.trim()) return;
    const ref = project.functions.find((f) => f.name === attribution.functionName);
    this.services.localLogBus.publish({ timestamp: Date.now(), message: line, function: ref?.id ?? project.file, requestId: attribution.invocationId });
  }
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function waitForHost(get: () => FunctionsHostProcess | undefined, signal?: AbortSignal): Promise<FunctionsHostProcess> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const h = get();
    if (h) return h;
    if (signal?.aborted) throw new Error('cancelled');
    if (Date.now() > deadline) throw new Error('the Functions host task did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
}

function projectOfArg(services: Services, arg: unknown): Project | undefined {
  if (arg && typeof arg === 'object' && 'kind' in arg) {
    const node = arg as TreeNode;
    return node.project.kind === 'azure-functions' ? node.project : undefined;
  }
  if (typeof arg === 'string') return services.model.project(arg) ?? services.model.functionById(arg)?.project;
  return undefined;
}

async function pickApp(services: Services, placeHolder: string): Promise<Project | undefined> {
  await services.model.ready();
  const apps = services.model.projects().filter((p) => p.kind === 'azure-functions');
  if (apps.length <= 1) return apps[0];
  const picked = await vscode.window.showQuickPick(apps.map((p) => ({ label: basename(p.root), description: vscode.workspace.asRelativePath(p.file), project: p })), { placeHolder });
  return picked?.project;
}

/** What the Invoke view offers as its Functions host target for a function of this app. */
function hostTarget(hosts: FunctionsHosts, commands: Commands, project: Project): { label: string; unavailable?: string } {
  const url = hosts.configuredHostUrl();
  if (url) return { label: `Through ${url} (serverlessWorkbench.azure.hostUrl)` };
  const running = hosts.running(project);
  if (running) return { label: `Through func start at ${running.hostUrl} (${running.state})` };
  const refused = commands.featureUnavailable('functionsHost');
  if (refused) return { label: 'func start', unavailable: refused.message };
  if (!hosts.funcPath()) return { label: 'func start', unavailable: funcMissingMessage };
  return { label: `Starts func start for ${basename(project.root)} on the first run, as a task` };
}

/** Start/Stop Functions Host commands, the `serverless-func` task type, and the Invoke view's Functions host target. */
export function registerFunctionsHosts(context: vscode.ExtensionContext, services: Services, invoke: InvokeFeature): FunctionsHosts {
  const hosts = new FunctionsHosts(services);
  const { commands } = services;
  invoke.sessionExtras = {
    ...invoke.sessionExtras,
    hostTarget: (ref) => hostTarget(hosts, commands, ref.project),
    host: async (req) => {
      const configured = hosts.configuredHostUrl();
      const running = configured ? undefined : await hosts.ensure(req.project, req.signal);
      const result = await invokeThroughHost({ hostUrl: configured ?? running!.hostUrl, fn: req.fn, project: req.project, event: req.event, target: 'local', hostLog: running?.follower, signal: req.signal });
      if (result.logs) req.onLog?.(result.logs);
      return result;
    },
  };
  context.subscriptions.push(
    hosts,
    hosts.onDidChange(() => invoke.refreshAll()),
    services.config.onDidChange((e) => {
      if (e.affects('azure')) invoke.refreshAll();
    }),
    vscode.tasks.registerTaskProvider(HOST_TASK_TYPE, { provideTasks: () => hosts.provideTasks(), resolveTask: (t) => hosts.resolveTask(t) }),
    commands.register('startFunctionsHost', async (arg?: unknown) => {
      const project = projectOfArg(services, arg) ?? (await pickApp(services, 'Azure Functions app to start'));
      if (!project) return undefined;
      try {
        const h = await hosts.ensure(project);
        return h.hostUrl;
      } catch (err) {
        void vscode.window.showErrorMessage(`Functions host of ${basename(project.root)}: ${(err as Error).message}`);
        return undefined;
      }
    }),
    commands.register('stopFunctionsHost', async (arg?: unknown) => {
      const project = projectOfArg(services, arg) ?? (await pickApp(services, 'Azure Functions app to stop'));
      if (project && !hosts.stop(project)) void vscode.window.showInformationMessage(`No Functions host of ${basename(project.root)} is running.`);
    }),
  );
  return hosts;
}
