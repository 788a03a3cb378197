import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { loadAwsConnection } from '../aws/connection';
import { defaultEventKind, generateEvent } from '../events/catalogue';
import type { FunctionApp } from '../azure/connection';
import { describeAzureError, findFunctionApp } from '../azure/connection';
import { invokeThroughHost } from '../invoke/functionsHost';
import { remoteAzureInvoke } from '../invoke/remoteAzure';
import { remoteInvoke } from '../invoke/remoteInvoke';
import type { FunctionDef, Project } from '../model/types';
import { displayValue } from '../model/types';
import type { InvokeResult } from '../shared/invokeResult';
import { describeJsonError } from '../shared/jsonError';
import { withoutBom } from '../shared/text';
import { flagString, parseArgs, UsageError } from './args';
import { azureCliTarget } from './azureCli';
import { findFunction } from './findFunction';
import type { CliIo } from './io';
import { exitCodes } from './io';
import { cliRuntime, localCloudForCli } from './localCloudCli';
import { explicitInterpreters, invokeFlags, lastRun, rememberRun, runKey } from './earlyWorker';
import { userCacheDir } from '../node/nodeInterpreterHost';

export const invokeUsage =
  'invoke NAME [--project PATH] [--event FILE|-] [--remote] [--profile P] [--region R] [--endpoint-url URL] [--subscription ID] [--app [RG/]NAME] [--host-url URL] [--node PATH] [--python PATH] [--tenant-id ID] [--aws-services] [--json]   run a function';

/** The event to send: `--event FILE`, `--event -` (stdin), or a sample generated from the function's first trigger. */
async function readEvent(io: CliIo, eventArg: string | undefined, fn: FunctionDef, project: Project): Promise<unknown> {
  if (eventArg === undefined) {
    const trigger = fn.triggers[0];
    const kind = trigger ? defaultEventKind(trigger, project.kind === 'azure-functions') : undefined;
    return kind ? generateEvent(kind.id, { fn, project, trigger }) : {};
  }
  let text: string;
  if (eventArg === '-') {
    text = await io.readStdin();
  } else {
    try {
      text = readFileSync(resolve(io.cwd, eventArg), 'utf8');
    } catch {
      throw new UsageError(`cannot read event file ${eventArg}`);
    }
  }
  try {
    return JSON.parse(withoutBom(text)) as unknown;
  } catch (err) {
    throw new UsageError(`the event ${eventArg === '-' ? 'on stdin' : eventArg} is not valid JSON: ${describeJsonError(text, err)}`);
  }
}

/** `invoke NAME`: runs a function locally (default) or in AWS; result JSON on stdout, logs on stderr. */
export async function invokeCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, invokeFlags);
  const [name, extra] = args.positionals;
  if (!name) throw new UsageError('invoke needs a function NAME');
  if (extra) throw new UsageError(`unexpected argument "${extra}"`);
  const remote = args.flags.remote === true;
  const json = args.flags.json === true;
  for (const f of ['profile', 'endpoint-url', 'subscription', 'app'] as const) {
    if (!remote && flagString(args, f) !== undefined) throw new UsageError(`--${f} applies to --remote invocations only`);
  }
  const hostUrl = flagString(args, 'host-url');
  if (hostUrl !== undefined && remote) throw new UsageError('--host-url and --remote are two targets: choose one');
  if (hostUrl !== undefined && !/^https?:\/\/[^/\s]+/.test(hostUrl)) throw new UsageError(`--host-url ${hostUrl} is not an http(s) URL`);
  for (const f of ['node', 'python', 'tenant-id', 'aws-services'] as const) {
    if ((remote || hostUrl !== undefined) && args.flags[f] !== undefined) throw new UsageError(`--${f} applies to local invocations only`);
  }
  const explicit = explicitInterpreters({ node: flagString(args, 'node'), python: flagString(args, 'python') }, io.cwd);
  const cacheDir = io.cacheDir ?? userCacheDir(io.env);
  const key = runKey(io.cwd, name, flagString(args, 'project'));
  // Started before the model is read: the worker of the function's last run, which comes up meanwhile (the
  // binary's entry has started it already, before it loaded the CLI).
  const made = remote || hostUrl !== undefined ? undefined : cliRuntime(io, explicit, cacheDir);
  if (made && io.earlyWorker) {
    made.runtime.prespawn(io.earlyWorker.spec, io.earlyWorker);
  } else if (made && io.earlyWorker === undefined) {
    const guess = await lastRun(cacheDir, key, explicit);
    if (guess) made.runtime.prespawn(guess);
  }
  try {
    return await invokeWith(io, args, name, remote, hostUrl, json, made, cacheDir, key);
  } finally {
    made?.runtime.dispose();
  }
}

async function invokeWith(io: CliIo, args: ReturnType<typeof parseArgs>, name: string, remote: boolean, hostUrl: string | undefined, json: boolean, made: ReturnType<typeof cliRuntime> | undefined, cacheDir: string, runKey: string): Promise<number> {
  const { fn, project, projects } = await findFunction(io, name, flagString(args, 'project'), { scanExports: false });
  const azure = project.kind === 'azure-functions';
  if (remote && azure && (flagString(args, 'profile') ?? flagString(args, 'region')) !== undefined) throw new UsageError(`${name} is an Azure function: --profile and --region are AWS settings; give --subscription and --app`);
  if (remote && !azure && (flagString(args, 'subscription') ?? flagString(args, 'app')) !== undefined) throw new UsageError(`${name} is an AWS Lambda function: --subscription and --app are Azure settings`);
  if (hostUrl !== undefined && project.kind !== 'azure-functions') throw new UsageError(`${name} is an AWS Lambda function: --host-url sends Azure functions to a Functions host`);
  const event = await readEvent(io, flagString(args, 'event'), fn, project);

  let result: InvokeResult;
  if (hostUrl !== undefined) {
    const local = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:|\/|$)/i.test(hostUrl);
    result = await invokeThroughHost({ hostUrl, fn, project, event, target: local ? 'local' : 'remote' });
    // The admin endpoint queues a non-HTTP invocation: what it did is in the host's own log.
    if (!json && result.result === null && !result.error && fn.triggers[0]?.type !== 'http') io.stderr(`the host at ${hostUrl} accepted the invocation of ${name} (202); its output is in the host's log\n`);
  } else if (remote && azure) {
    const target = await azureCliTarget({ subscription: flagString(args, 'subscription'), app: flagString(args, 'app'), endpointUrl: flagString(args, 'endpoint-url') }, io.env, name);
    let app: FunctionApp;
    try {
      app = await findFunctionApp(target.clients, target.subscriptionId, target.functionApp);
    } catch (err) {
      throw new Error(describeAzureError(err, `find the function app ${target.functionApp}`));
    }
    result = await remoteAzureInvoke({ fn, project, event, app, clients: target.clients });
    if (!json && result.result === null && !result.error && fn.triggers[0]?.type !== 'http') io.stderr(`${app.name} accepted the invocation of ${name} (202); its output is in the app's logs (serverless-workbench logs ${name} --subscription … --app …)\n`);
  } else if (remote) {
    const conn = await loadAwsConnection({
      settings: { profile: flagString(args, 'profile'), region: flagString(args, 'region'), endpointUrl: flagString(args, 'endpoint-url') },
      project,
      env: io.env,
      service: 'lambda',
    });
    result = await remoteInvoke({ fn, project, conn, event });
    if (!json && result.logs) io.stderr(result.logs.endsWith('\n') ? result.logs : `${result.logs}\n`);
  } else {
    // Through the local cloud: a handler that invokes other functions of the workspace runs them locally too.
    const local = localCloudForCli(io, projects, flagString(args, 'region'), args.flags['aws-services'] === true, made);
    // A streamed response goes to stdout as it comes (the result then is that body, not JSON).
    const decoder = new StringDecoder('utf8');
    let streamedText = '';
    try {
      const target = local.cloud.topology().functions.find((f) => f.fn.id === fn.id) ?? { fn, project };
      const run = await local.cloud.invoke(target, event, {
        region: flagString(args, 'region'),
        tenantId: flagString(args, 'tenant-id'),
        onLog: json ? undefined : (t) => io.stderr(t),
        onChunk: json
          ? undefined
          : (data) => {
              const text = decoder.write(data);
              streamedText += text;
              io.stdout(text);
            },
        signal: io.signal,
      });
      result = run.result;
      const rest = await run.rest;
      if (!json) {
        for (const c of result.localCalls ?? []) io.stderr(`local ${c.service}: ${c.operation}${c.resource ? ` ${c.resource}` : ''}\n`);
        for (const inv of rest.invocations.slice(1)) {
          io.stderr(`→ ${inv.function} (${inv.trigger}${inv.attempt > 1 ? `, attempt ${inv.attempt}` : ''}) ${inv.error ? `error: ${inv.error.errorType}: ${inv.error.errorMessage}` : 'ok'}\n`);
        }
      }
    } finally {
      local.dispose();
    }
    if (result.interpreter) {
      const spec = { family: result.interpreter.family, executable: result.interpreter.path, memorySizeMb: result.memorySizeMb ?? 0 };
      // The entry started this very worker from the remembered entry: nothing new to remember.
      const early = io.earlyWorker?.spec;
      if (!early || early.family !== spec.family || early.executable !== spec.executable || early.memorySizeMb !== spec.memorySizeMb) await rememberRun(cacheDir, runKey, spec);
    }
    for (const key of result.unresolvedEnv ?? []) {
      io.stderr(`warning: ${key} is not set: its value ${displayValue(fn.environment[key]?.value) ?? ''} cannot be resolved locally; put ${key}=… in a .env file\n`);
    }
    for (const w of result.warnings ?? []) io.stderr(`warning: ${w}\n`);
    if (!json && result.stream && !result.error) {
      const rest = decoder.end();
      io.stdout(rest);
      if (!(streamedText + rest).endsWith('\n')) io.stdout('\n');
      return exitCodes.ok;
    }
  }

  if (json) {
    const out = {
      result: result.error ? null : (result.result ?? null),
      error: result.error ?? null,
      logs: result.logs,
      durationMs: result.durationMs ?? null,
      billedDurationMs: result.billedDurationMs ?? null,
      maxMemoryUsedMb: result.maxMemoryUsedMb ?? null,
      initDurationMs: result.initDurationMs ?? null,
      requestId: result.requestId,
      interpreter: result.interpreter ?? null,
      warnings: result.warnings ?? [],
      tenantId: result.tenantId ?? null,
      stream: result.stream ?? null,
      // Azure: output bindings besides the HTTP response and $return (an addition to the contract's keys).
      ...(result.outputs ? { outputs: result.outputs } : {}),
      // Local: the handler's AWS calls the local services answered (an addition to the contract's keys).
      ...(result.localCalls ? { localCalls: result.localCalls } : {}),
    };
    io.stdout(`${JSON.stringify(out, null, 2)}\n`);
  } else {
    io.stdout(`${JSON.stringify(result.error ?? result.result ?? null, null, 2)}\n`);
  }
  return result.error ? exitCodes.findings : exitCodes.ok;
}
