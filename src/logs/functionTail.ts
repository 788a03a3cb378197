import type { AwsConnection } from '../aws/connection';
import type { FunctionDef, Project } from '../model/types';
import type { LocalLogBus } from './localLogBus';
import type { DeployedNameResolver } from './logGroups';
import { resolveLogGroup } from './logGroups';
import type { LogEvent, TailStatus, TailTarget } from './logEvent';
import type { LogsApi } from './logsApi';
import { mergeTails } from './mergeTails';
import { tailLogs } from './tailLogs';

export interface TailedFunction {
  fn: FunctionDef;
  project: Project;
}

/** How the remote side is reached; the editor and tests pass their own. */
export interface RemoteAccess {
  connection: (project: Project) => Promise<{ conn: AwsConnection; samconfigText?: string }>;
  api: (conn: AwsConnection) => Promise<LogsApi>;
  resolveDeployedName: DeployedNameResolver;
  /** One line for a failed AWS call. */
  describeError: (err: unknown, what: string, conn?: AwsConnection) => string;
}

export interface FunctionTailOptions {
  functions: TailedFunction[];
  bus: LocalLogBus;
  /** `local`: only local invocations; the others as in TailOptions.mode. */
  mode: 'auto' | 'live-tail' | 'polling' | 'local';
  /** History shown first (remote), ms since the epoch. */
  since?: number;
  remote?: RemoteAccess;
  signal: AbortSignal;
  onStatus?: (status: TailStatus) => void;
  /** Something the person should know that does not stop the tail (a function not deployed, no credentials). */
  onNote?: (note: string) => void;
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
    // CloudWatch holds Lambda logs only: Azure functions show their local invocations here.
    for (const f of options.functions) if (f.project.kind !== 'azure-functions') byProject.set(f.project, [...(byProject.get(f.project) ?? []), f]);
    for (const [project, fns] of byProject) sources.push(remoteTail(project, fns, remote, options));
  }
  return mergeTails(sources, options.signal, (err) => options.onNote?.(err instanceof Error ? err.message : String(err)));
}

async function* remoteTail(project: Project, fns: TailedFunction[], remote: RemoteAccess, options: FunctionTailOptions): AsyncIterable<LogEvent> {
  const { conn, samconfigText } = await remote.connection(project);
  const targets: TailTarget[] = [];
  for (const { fn } of fns) {
    try {
      targets.push({ logGroup: await resolveLogGroup(fn, project, conn, remote.resolveDeployedName, samconfigText), function: fn.name });
    } catch (err) {
      options.onNote?.(`${fn.name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (targets.length === 0) return;
  let api: LogsApi;
  try {
    api = await remote.api(conn);
  } catch (err) {
    throw new Error(remote.describeError(err, 'connect to CloudWatch Logs', conn));
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
    throw new Error(remote.describeError(err, `tail ${targets.map((t) => t.logGroup).join(', ')}`, conn));
  }
}
