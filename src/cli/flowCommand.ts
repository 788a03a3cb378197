import { promises as fsp } from 'node:fs';
import { resolve } from 'node:path';
import { defaultEventKind, generateEvent } from '../events/catalogue';
import type { FlowSource } from '../flows/flowInputs';
import { deliver, flowSources, FlowInputError } from '../flows/flowInputs';
import type { FlowInvocation, FlowResult } from '../flows/flowRun';
import { formatFlow } from '../flows/flowText';
import type { FunctionDef, Project } from '../model/types';
import { describeJsonError } from '../shared/jsonError';
import { flagString, parseArgs, UsageError } from './args';
import { findFunction } from './findFunction';
import type { CliIo } from './io';
import { exitCodes } from './io';
import { localCloudForCli } from './localCloudCli';

export const flowUsage =
  'flow NAME [--project PATH] [--event FILE|-] [--messages FILE|-] [--aws-services] [--json]   run a function locally and follow what it invokes or triggers';

async function readJson(io: CliIo, arg: string, what: string): Promise<unknown> {
  let text: string;
  if (arg === '-') text = await io.readStdin();
  else {
    try {
      text = await fsp.readFile(resolve(io.cwd, arg), 'utf8');
    } catch {
      throw new UsageError(`cannot read ${what} file ${arg}`);
    }
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new UsageError(`the ${what} ${arg === '-' ? 'on stdin' : arg} is not valid JSON: ${describeJsonError(text, err)}`);
  }
}

function sampleEvent(fn: FunctionDef, project: Project): unknown {
  const trigger = fn.triggers[0];
  const kind = trigger ? defaultEventKind(trigger, project.kind === 'azure-functions') : undefined;
  return kind ? generateEvent(kind.id, { fn, project, trigger }) : {};
}

/**
 * `flow NAME`: runs NAME locally (with `--event` or a sample event), or sends `--messages` to its queue or stream
 * trigger, and follows everything that happens next with Lambda's semantics; prints the flow as a tree, or
 * `{"invocations": […], "deadLetters": […]}` with `--json`. Exit 1 when an invocation failed or a message
 * ended in a dead-letter queue.
 */
export async function flowCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { values: ['project', 'event', 'messages', 'region'], switches: ['json', 'aws-services'] });
  const [name, extra] = args.positionals;
  if (!name) throw new UsageError('flow needs a function NAME');
  if (extra) throw new UsageError(`unexpected argument "${extra}"`);
  const eventArg = flagString(args, 'event');
  const messagesArg = flagString(args, 'messages');
  if (eventArg !== undefined && messagesArg !== undefined) throw new UsageError('--event and --messages cannot be used together: a flow starts with one or the other');
  if (eventArg === '-' && messagesArg === '-') throw new UsageError('only one input can come from stdin');
  const json = args.flags.json === true;
  const { fn, project, projects } = await findFunction(io, name, flagString(args, 'project'), { scanExports: false });
  if (project.kind === 'azure-functions') throw new UsageError(`${name} is an Azure function: flows follow AWS Lambda semantics (queues, streams, destinations); use invoke`);

  let messages: unknown[] | undefined;
  if (messagesArg !== undefined) {
    const parsed = await readJson(io, messagesArg, 'messages');
    if (!Array.isArray(parsed)) throw new UsageError('--messages takes a JSON array of message bodies');
    messages = parsed;
  }
  const event = messages ? undefined : eventArg !== undefined ? await readJson(io, eventArg, 'event') : sampleEvent(fn, project);

  const local = localCloudForCli(io, projects, flagString(args, 'region'), args.flags['aws-services'] === true);
  try {
    const onInvocation = json ? undefined : (inv: FlowInvocation): void => io.stderr(`${inv.function} (${inv.trigger}${inv.attempt > 1 ? `, attempt ${inv.attempt}` : ''}) ${inv.error ? `error: ${inv.error.errorType}` : 'ok'}\n`);
    const flow = local.cloud.startFlow(`flow ${name}`, { signal: io.signal, onInvocation, onLog: json ? undefined : (_inv, text) => io.stderr(text) });
    const target = flow.run.topology.functions.find((f) => f.fn.id === fn.id);
    if (!target) throw new UsageError(`${name} cannot run locally here`);
    if (messages) {
      const sources = flowSources(flow.run.topology, target);
      const source: FlowSource | undefined = sources.find((s) => s.kind === 'sqs' || s.kind === 'kinesis' || s.kind === 'dynamodb') ?? sources[0];
      if (!source) throw new UsageError(`${name} has no queue, stream, bus, bucket, topic or schedule trigger to send messages to; use --event`);
      try {
        const what = deliver(flow.run, source, messages, { putObject: (b, k, body) => local.cloud.putObject(b, k, body) });
        if (!json) io.stderr(`${what}\n`);
      } catch (err) {
        if (err instanceof FlowInputError) throw new UsageError(err.message);
        throw err;
      }
    } else {
      await flow.run.invoke(target, event, { trigger: 'run' });
    }
    const result = await local.cloud.finish(flow);
    if (json) io.stdout(`${JSON.stringify(flowJson(result), null, 2)}\n`);
    else io.stdout(formatFlow(`flow ${name}`, result));
    const failed = result.invocations.some((i) => i.error) || result.deadLetters.length > 0 || result.stopped !== undefined;
    return failed ? exitCodes.findings : exitCodes.ok;
  } finally {
    local.dispose();
  }
}

/** The `--json` shape of the CLI contract, plus compatible extras (`notes`, `at`, `stopped`). */
export function flowJson(result: FlowResult): object {
  return {
    invocations: result.invocations.map((i) => ({
      id: i.id,
      parentId: i.parentId ?? null,
      function: i.function,
      trigger: i.trigger,
      attempt: i.attempt,
      event: i.event,
      result: i.error ? null : (i.result ?? null),
      error: i.error ?? null,
      durationMs: i.durationMs,
      at: i.at,
      notes: i.notes,
      localCalls: i.calls,
    })),
    deadLetters: result.deadLetters,
    ...(result.stopped ? { stopped: result.stopped } : {}),
  };
}
