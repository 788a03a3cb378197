import { createLogsClient, describeAwsError, loadAwsConnection, regionInWords, resolveDeployedName } from '../aws/connection';
import type { FunctionApp } from '../azure/connection';
import { describeAzureError, findFunctionApp } from '../azure/connection';
import { tailAzure } from '../logs/azureTail';
import { resolveLogGroup } from '../logs/logGroups';
import type { LogEvent, TailStatus } from '../logs/logEvent';
import { LogGroupNotFoundError } from '../logs/logEvent';
import { parseSince } from '../logs/parseSince';
import { sdkLogsApi } from '../logs/sdkLogsApi';
import { tailLogs } from '../logs/tailLogs';
import type { ParsedArgs } from './args';
import { flagString, parseArgs, UsageError } from './args';
import { azureCliTarget } from './azureCli';
import type { CliIo } from './io';
import { exitCodes } from './io';
import { loadProjects } from './loadProjects';
import { pickFunction } from './pickFunction';

export const logsUsage =
  'logs NAME [--project PATH] [--follow] [--since 10m] [--filter PATTERN] [--json] [--profile P] [--region R] [--endpoint-url URL] [--subscription ID] [--app [RG/]NAME]   print or follow a function\'s logs (CloudWatch; Azure: log stream and Application Insights)';

/**
 * `logs`: the function's CloudWatch Logs since `--since` (default 10 minutes), in timestamp order;
 * with `--follow` it keeps streaming (Live Tail, else FilterLogEvents polling) until Ctrl+C.
 * Lines go to stdout, what the tail is doing goes to stderr.
 */
export async function logsCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { values: ['project', 'since', 'filter', 'profile', 'region', 'endpoint-url', 'subscription', 'app'], switches: ['follow', 'json'] });
  if (args.positionals.length !== 1) throw new UsageError(args.positionals.length ? 'give exactly one function NAME' : 'missing function NAME');
  const name = args.positionals[0];
  const follow = args.flags.follow === true;
  const json = args.flags.json === true;
  const sinceText = flagString(args, 'since');
  const since = sinceText !== undefined ? parseSince(sinceText, Date.now()) : undefined;
  if (sinceText !== undefined && since === undefined) throw new UsageError(`--since ${sinceText}: use a duration like 30s, 10m, 2h, 1d or an ISO date`);

  const project = flagString(args, 'project');
  const projects = await loadProjects(io, project ? [project] : [], { scanExports: false });
  const picked = pickFunction(projects, name, io.cwd);
  if (picked.project.kind === 'azure-functions') return azureLogs(args, io, picked.fn.name, { follow, json, since });
  if ((flagString(args, 'subscription') ?? flagString(args, 'app')) !== undefined) throw new UsageError(`${name} is an AWS Lambda function: --subscription and --app are Azure settings`);
  const conn = await loadAwsConnection({
    settings: { profile: flagString(args, 'profile'), region: flagString(args, 'region'), endpointUrl: flagString(args, 'endpoint-url') },
    project: picked.project,
    env: io.env,
    service: 'logs',
  });

  let logGroup: string;
  try {
    logGroup = await resolveLogGroup(picked.fn, picked.project, conn, resolveDeployedName);
  } catch (err) {
    io.stderr(`serverless-workbench logs: ${err instanceof Error ? err.message : String(err)}\n`);
    return exitCodes.findings;
  }

  const controller = new AbortController();
  const stopOnSignal = (): void => controller.abort();
  // `logs --follow | head`: a closed pipe ends the tail quietly instead of crashing with EPIPE.
  const onStdoutError = (err: NodeJS.ErrnoException): void => {
    if (err.code === 'EPIPE') controller.abort();
  };
  if (follow) {
    process.once('SIGINT', stopOnSignal);
    process.once('SIGTERM', stopOnSignal);
    process.stdout.on('error', onStdoutError);
  }
  io.signal?.addEventListener('abort', stopOnSignal, { once: true });
  const client = await createLogsClient(conn);
  try {
    const tail = tailLogs(sdkLogsApi(client), {
      targets: [{ logGroup, function: picked.fn.name }],
      follow,
      since,
      filterPattern: flagString(args, 'filter'),
      signal: controller.signal,
      onStatus: statusReporter(io, follow),
    });
    for await (const event of tail) io.stdout(json ? jsonLine(event) : textLine(event));
    return exitCodes.ok;
  } catch (err) {
    if (err instanceof LogGroupNotFoundError) {
      io.stderr(`serverless-workbench logs: log group ${err.logGroup} not found in ${regionInWords(conn)}; is ${name} deployed there?\n`);
      return exitCodes.findings;
    }
    io.stderr(`serverless-workbench logs: ${describeAwsError(err, `read the logs of ${name} (${logGroup})`, conn)}\n`);
    return exitCodes.usage;
  } finally {
    process.removeListener('SIGINT', stopOnSignal);
    process.removeListener('SIGTERM', stopOnSignal);
    process.stdout.removeListener('error', onStdoutError);
    client.destroy();
  }
}

/**
 * An Azure function's logs: Application Insights since `--since` (default 10 minutes); with `--follow` the app's
 * log stream too, until Ctrl+C. `--filter` keeps the lines that contain it (case-insensitive).
 */
async function azureLogs(args: ParsedArgs, io: CliIo, name: string, o: { follow: boolean; json: boolean; since?: number }): Promise<number> {
  if ((flagString(args, 'profile') ?? flagString(args, 'region')) !== undefined) throw new UsageError(`${name} is an Azure function: --profile and --region are AWS settings; give --subscription and --app`);
  const target = await azureCliTarget({ subscription: flagString(args, 'subscription'), app: flagString(args, 'app'), endpointUrl: flagString(args, 'endpoint-url') }, io.env, name);
  let app: FunctionApp;
  try {
    app = await findFunctionApp(target.clients, target.subscriptionId, target.functionApp);
  } catch (err) {
    io.stderr(`serverless-workbench logs: ${describeAzureError(err, `find the function app ${target.functionApp}`)}\n`);
    return exitCodes.usage;
  }
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  if (o.follow) {
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  }
  io.signal?.addEventListener('abort', stop, { once: true });
  const filter = flagString(args, 'filter')?.toLowerCase();
  try {
    const tail = tailAzure({
      app,
      functions: [name],
      credential: target.clients.credential,
      mode: 'auto',
      follow: o.follow,
      since: o.since,
      signal: controller.signal,
      ca: target.clients.tlsOptions?.ca,
      logsEndpoint: io.env.AZURE_LOGS_ENDPOINT,
      onStatus: statusReporter(io, o.follow),
      onNote: (note) => io.stderr(`${note}\n`),
    });
    for await (const event of tail) {
      if (filter && !event.message.toLowerCase().includes(filter)) continue;
      io.stdout(o.json ? jsonLine(event) : textLine(event));
    }
    return exitCodes.ok;
  } catch (err) {
    io.stderr(`serverless-workbench logs: ${describeAzureError(err, `read the logs of ${name} (${app.name})`)}\n`);
    return exitCodes.usage;
  } finally {
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
  }
}

/** One stderr line when the way of tailing changes; repeats of the same state are not printed. */
function statusReporter(io: CliIo, follow: boolean): (status: TailStatus) => void {
  let last = '';
  return (status) => {
    if (!follow && status.state !== 'reconnecting') return;
    let line: string | undefined;
    const groups = status.logGroups.join(', ');
    if (status.state === 'streaming' && status.mode === 'live-tail') line = `Live Tail on ${groups}${status.detail ? ` (${status.detail})` : ''}; Ctrl+C to stop`;
    else if (status.state === 'streaming' && status.mode === 'polling') line = `Polling ${groups}${status.detail ? `: ${status.detail}` : ''}; Ctrl+C to stop`;
    else if (status.state === 'streaming' && status.mode === 'log-stream') line = `Log stream of ${groups}; Ctrl+C to stop`;
    else if (status.state === 'streaming' && status.mode === 'app-insights') line = `Application Insights: ${status.detail ?? 'polling'}; Ctrl+C to stop`;
    else if (status.state === 'reconnecting') line = `${status.mode === 'live-tail' ? 'Live Tail' : status.mode === 'polling' ? 'Polling' : 'Reading'} ${groups}: ${status.detail ?? 'reconnecting'}`;
    if (line && line !== last) {
      last = line;
      io.stderr(`${line}\n`);
    }
  };
}

function textLine(e: LogEvent): string {
  return `${new Date(e.timestamp).toISOString()}  ${e.message}\n`;
}

/** The contract's `--json` line: `{"timestamp","message","logStream","function"}`. */
function jsonLine(e: LogEvent): string {
  return `${JSON.stringify({ timestamp: new Date(e.timestamp).toISOString(), message: e.message, logStream: e.logStream ?? null, function: e.function ?? null })}\n`;
}
