import type { TokenCredential } from '@azure/core-auth';
import type { AwsConnection } from '../aws/connection';
import type { FunctionApp } from '../azure/connection';
import { tailAzure } from './azureTail';
import type { FunctionDef, Project } from '../model/types';
import type { LocalLogBus } from './localLogBus';
import type { DeployedNameResolver } from './logGroups';
import { resolveLogGroup } from './logGroups';
import type { LogEvent, TailStatus, TailTarget } from './logEvent';
import type { LogsApi } from './logsApi';
import { isCredentialsError } from './logsApi';
import { mergeTails } from './mergeTails';
import { tailLogs } from './tailLogs';

export interface TailedFunction {
  fn: FunctionDef;
  project: Project;
}

/** How the remote side is reached; the editor and tests pass their own. */
export interface RemoteAccess {
  connection: (project: Project) => Promise<{ conn: AwsConnection }>;
  api: (conn: AwsConnection) => Promise<LogsApi>;
  resolveDeployedName: DeployedNameResolver;
  /** One line for a failed AWS call. */
  describeError: (err: unknown, what: string, conn?: AwsConnection) => string;
}

/** How Azure functions' remote logs are reached (the function app of a project, and a credential). */
export interface AzureRemoteAccess {
  /** The app and credential for a project; undefined when none is chosen (say why through `onNote`). */
  target: (project: Project, onNote: (note: string) => void) => Promise<{ app: FunctionApp; credential: TokenCredential; ca?: string; logsEndpoint?: string } | undefined>;
}

export interface FunctionTailOptions {
  functions: TailedFunction[];
  bus: LocalLogBus;
  /** `local`: only local invocations; the others as in TailOptions.mode. */
  mode: 'auto' | 'live-tail' | 'polling' | 'local';
  /** History shown first (remote), ms since the epoch. */
  since?: number;
  remote?: RemoteAccess;
  /** Azure functions: the log stream and Application Insights of their function app. */
  azure?: AzureRemoteAccess;
  signal: AbortSignal;
  onStatus?: (status: TailStatus) => void;
  /** Something the person should know that does not stop the tail (a function not deployed). */
  onNote?: (note: string) => void;
  /**
   * A project's CloudWatch tail could not run or stopped (no credentials, unreachable endpoint); the local part
   * goes on. Without this handler the failure is a note.
   */
  onRemoteFailure?: (failure: RemoteTailError) => void;
}

/** Why a project's CloudWatch tail is not running: one line for a person, and whether credentials are the cause. */
export class RemoteTailError extends Error {
  constructor(
    message: string,
    readonly project: Project,
    /** No AWS credentials, or they expired: the person has to sign in or choose another profile. */
    readonly noCredentials: boolean,
  ) {
    super(message);
    this.name = 'RemoteTailError';
  }
}

function credentialsCause(err: unknown): boolean {
  return isCredentialsError(err) || (err instanceof Error && isCredentialsError(err.cause));
}

/**
 * The Logs view's stream: local invocations of the functions (LocalLogBus) merged with their
 * CloudWatch logs (one remote tail per project, since connections are per project). A remote
 * failure becomes a note and the local part goes on, so the view works with no AWS at all.
 */
export function tailFunctions(options: FunctionTailOptions): AsyncIterable<LogEvent> {
  const names = new Map<string, string>();
  for (const { fn } of options.functions) {
    names.set(fn.id, fn.name);
    names.set(fn.name, fn.name);
  }
  const sources: AsyncIterable<LogEvent>[] = [
    options.bus.tail({ functions: [...names.keys()], signal: options.signal, label: (published) => names.get(published) ?? published }),
  ];
  const remote = options.remote;
  if (remote && options.mode !== 'local') {
    const byProject = new Map<Project, TailedFunction[]>();
    // CloudWatch holds Lambda logs only; Azure functions are tailed below, through their function app.
    for (const f of options.functions) if (f.project.kind !== 'azure-functions') byProject.set(f.project, [...(byProject.get(f.project) ?? []), f]);
    for (const [project, fns] of byProject) sources.push(remoteTail(project, fns, remote, options));
  }
  const azure = options.azure;
  if (azure && options.mode !== 'local') {
    const byApp = new Map<Project, string[]>();
    for (const f of options.functions) if (f.project.kind === 'azure-functions') byApp.set(f.project, [...(byApp.get(f.project) ?? []), f.fn.name]);
    for (const [project, names] of byApp) sources.push(azureRemoteTail(project, names, azure, options));
  }
  return mergeTails(sources, options.signal, (err) => {
    if (err instanceof RemoteTailError && options.onRemoteFailure) options.onRemoteFailure(err);
    else options.onNote?.(err instanceof Error ? err.message : String(err));
  });
}

async function* azureRemoteTail(project: Project, names: string[], access: AzureRemoteAccess, options: FunctionTailOptions): AsyncIterable<LogEvent> {
  const note = (n: string): void => options.onNote?.(n);
  const target = await access.target(project, note);
  if (!target) return;
  // The CloudWatch modes map onto Azure's two sources: streaming (log stream) and polling (Application Insights).
  const mode = options.mode === 'live-tail' ? 'log-stream' : options.mode === 'polling' ? 'app-insights' : 'auto';
  yield* tailAzure({ app: target.app, functions: names, credential: target.credential, mode, follow: true, since: options.since, signal: options.signal, ca: target.ca, logsEndpoint: target.logsEndpoint, onStatus: options.onStatus, onNote: note });
}

async function* remoteTail(project: Project, fns: TailedFunction[], remote: RemoteAccess, options: FunctionTailOptions): AsyncIterable<LogEvent> {
  const { conn } = await remote.connection(project);
  const targets: TailTarget[] = [];
  for (const { fn } of fns) {
    try {
      targets.push({ logGroup: await resolveLogGroup(fn, project, conn, remote.resolveDeployedName), function: fn.name });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      // Every function of the project shares the connection: without credentials none can be tailed.
      if (credentialsCause(err)) throw new RemoteTailError(message, project, true);
      options.onNote?.(`${fn.name}: ${message}`);
    }
  }
  if (targets.length === 0) return;
  let api: LogsApi;
  try {
    api = await remote.api(conn);
  } catch (err) {
    throw new RemoteTailError(remote.describeError(err, 'connect to CloudWatch Logs', conn), project, credentialsCause(err));
  }
  try {
    yield* tailLogs(api, {
      targets,
      follow: true,
      since: options.since,
      mode: options.mode === 'local' ? 'auto' : options.mode,
      signal: options.signal,
      onStatus: options.onStatus,
      onMissingLogGroup: (group) => {
        const fn = targets.find((t) => t.logGroup === group)?.function ?? group;
        options.onNote?.(`${fn}: log group ${group} does not exist in ${conn.region} (not deployed?)`);
      },
    });
  } catch (err) {
    throw new RemoteTailError(remote.describeError(err, `tail ${targets.map((t) => t.logGroup).join(', ')}`, conn), project, credentialsCause(err));
  }
}
