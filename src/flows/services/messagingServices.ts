/**
 * The services that wire functions together, answered locally so a flow follows them: Lambda Invoke, SQS
 * SendMessage(Batch)/GetQueueUrl (JSON protocol), SNS Publish (query protocol), EventBridge PutEvents and Step
 * Functions StartExecution (recorded; state machines are not run locally). Wire formats as in each service's API
 * reference.
 */
import { createHash, randomUUID } from 'node:crypto';
import { header, jsonAnswer, jsonError, xmlEscape } from '../localEndpoint';
import type { RawRequest, RawResponse } from '../localEndpoint';
import { LOCAL_ACCOUNT } from '../records';
import { functionNameOf, parseArnOrName } from '../topology';
import type { ServiceContext } from './serviceContext';

const ASYNC_PAYLOAD_LIMIT = 1024 * 1024;
const SYNC_PAYLOAD_LIMIT = 6 * 1024 * 1024;
const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations\/?$/;
const INVOKE_ASYNC_PATH = /^\/2014-11-13\/functions\/([^/]+)\/invoke-async\/?$/;

/** Lambda Invoke (API_Invoke.html): RequestResponse runs now, Event is queued with async semantics, DryRun checks. */
export async function lambdaService(req: RawRequest, ctx: ServiceContext): Promise<RawResponse> {
  const invoke = INVOKE_PATH.exec(req.path);
  const legacy = INVOKE_ASYNC_PATH.exec(req.path);
  if (req.method !== 'POST' || (!invoke && !legacy)) {
    return jsonError(400, 'UnsupportedOperationException', `The local Lambda endpoint answers Invoke only (${req.method} ${req.path}). Other Lambda operations go to AWS: set serverlessWorkbench.local.awsServices to "aws" for them.`);
  }
  const name = decodeURIComponent((invoke ?? legacy)![1]);
  const type = legacy ? 'Event' : header(req.headers, 'x-amz-invocation-type') ?? 'RequestResponse';
  if (type !== 'RequestResponse' && type !== 'Event' && type !== 'DryRun') return jsonError(400, 'InvalidParameterValueException', `Unknown invocation type ${type}: use RequestResponse, Event or DryRun.`);
  const target = ctx.topology.functionByName(name);
  if (!target) {
    const names = ctx.topology.functions.map((f) => f.fn.deployedName ?? f.fn.name).slice(0, 8);
    return jsonError(
      404,
      'ResourceNotFoundException',
      `Function not found: arn:aws:lambda:${ctx.region}:${LOCAL_ACCOUNT}:function:${functionNameOf(name)}. Locally, a function of the workspace is invoked by its name, deployed name or ARN${names.length ? ` (${names.join(', ')})` : ''}.`,
    );
  }
  let event: unknown = {};
  if (req.body.length > 0) {
    try {
      event = JSON.parse(req.body.toString('utf8')) as unknown;
    } catch {
      return jsonError(400, 'InvalidRequestContentException', 'Could not parse request body into json: the payload must be JSON.');
    }
  }
  if (type === 'DryRun') return { status: 204 };
  const { run, invocationId } = ctx.caller;
  run.recordCall(invocationId, { service: 'Lambda', operation: type === 'Event' ? 'Invoke (Event)' : 'Invoke', resource: target.fn.name });
  if (type === 'Event') {
    if (req.body.length > ASYNC_PAYLOAD_LIMIT) return jsonError(413, 'RequestTooLargeException', `Request must be smaller than ${ASYNC_PAYLOAD_LIMIT} bytes for an asynchronous invocation.`);
    run.invokeAsync(target, event, invocationId);
    return { status: 202 };
  }
  if (req.body.length > SYNC_PAYLOAD_LIMIT) return jsonError(413, 'RequestTooLargeException', `Request must be smaller than ${SYNC_PAYLOAD_LIMIT} bytes for the InvokeFunction operation.`);
  // A call into a running function (itself included) runs in another environment, as on Lambda, up to the
  // local concurrency limit: a handler that invokes itself without end is throttled there instead of filling the
  // machine with processes.
  if (ctx.running(target.fn.id) >= ctx.concurrencyLimit) {
    return jsonError(
      429,
      'TooManyRequestsException',
      `Rate Exceeded. ${target.fn.name} already runs ${ctx.concurrencyLimit} invocations at once, the local concurrency limit.`,
    );
  }
  const inv = await run.invoke(target, event, { trigger: 'invoke', parentId: invocationId });
  const logs = run.results.get(inv.id)?.logs;
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-Amz-Executed-Version': '$LATEST' };
  if (header(req.headers, 'x-amz-log-type') === 'Tail' && logs !== undefined) headers['X-Amz-Log-Result'] = Buffer.from(lastBytes(logs, 4096)).toString('base64');
  if (inv.error) {
    headers['X-Amz-Function-Error'] = 'Unhandled';
    return { status: 200, headers, body: JSON.stringify({ errorType: inv.error.errorType, errorMessage: inv.error.errorMessage, trace: inv.error.trace }) };
  }
  return { status: 200, headers, body: inv.result === undefined ? 'null' : JSON.stringify(inv.result) };
}

/** SQS over its JSON protocol (`X-Amz-Target: AmazonSQS.<Operation>`). */
export async function sqsService(req: RawRequest, ctx: ServiceContext): Promise<RawResponse> {
  const op = String(header(req.headers, 'x-amz-target') ?? '').replace(/^AmazonSQS\./, '');
  const input = parseJson(req.body);
  if (input === undefined) return sqsError('InvalidParameterValue', 'The request body is not JSON.');
  const queueOf = (url: unknown): ReturnType<typeof ctx.topology.queueByName> => (typeof url === 'string' ? ctx.topology.queueByName(url) : undefined);
  const { run, invocationId } = ctx.caller;
  const toMessage = (e: Record<string, unknown>): { body: string; groupId?: string; deduplicationId?: string; delaySeconds?: number; attributes: Record<string, { dataType: string; stringValue?: string; binaryValue?: string }> } => ({
    body: String(e.MessageBody ?? ''),
    groupId: typeof e.MessageGroupId === 'string' ? e.MessageGroupId : undefined,
    deduplicationId: typeof e.MessageDeduplicationId === 'string' ? e.MessageDeduplicationId : undefined,
    delaySeconds: typeof e.DelaySeconds === 'number' ? e.DelaySeconds : undefined,
    attributes: Object.fromEntries(
      Object.entries((e.MessageAttributes as Record<string, Record<string, string>> | undefined) ?? {}).map(([k, a]) => [k, { dataType: a.DataType ?? 'String', stringValue: a.StringValue, binaryValue: a.BinaryValue }]),
    ),
  });
  switch (op) {
    case 'GetQueueUrl': {
      const q = queueOf(input.QueueName);
      if (!q) return sqsError('QueueDoesNotExist', `The specified queue ${String(input.QueueName)} does not exist locally: the workspace declares no such queue.`, 'AWS.SimpleQueueService.NonExistentQueue');
      return jsonAnswer({ QueueUrl: `https://sqs.${ctx.region}.amazonaws.com/${LOCAL_ACCOUNT}/${q.name}` });
    }
    case 'SendMessage': {
      const q = queueOf(input.QueueUrl);
      if (!q) return missingQueue(input.QueueUrl);
      const [m] = run.sendMessages(q.key, [toMessage(input)]);
      run.recordCall(invocationId, { service: 'SQS', operation: 'SendMessage', resource: q.name });
      return jsonAnswer({ MessageId: m?.messageId ?? randomUUID(), MD5OfMessageBody: md5(String(input.MessageBody ?? '')), ...(m?.sequenceNumber ? { SequenceNumber: m.sequenceNumber } : {}) });
    }
    case 'SendMessageBatch': {
      const q = queueOf(input.QueueUrl);
      if (!q) return missingQueue(input.QueueUrl);
      const entries = Array.isArray(input.Entries) ? (input.Entries as Array<Record<string, unknown>>) : [];
      if (entries.length === 0 || entries.length > 10) return sqsError(entries.length ? 'TooManyEntriesInBatchRequest' : 'EmptyBatchRequest', 'A batch holds 1 to 10 messages.');
      const sent = run.sendMessages(q.key, entries.map(toMessage));
      run.recordCall(invocationId, { service: 'SQS', operation: `SendMessageBatch (${entries.length})`, resource: q.name });
      return jsonAnswer({ Successful: entries.map((e, i) => ({ Id: e.Id, MessageId: sent[i]?.messageId ?? randomUUID(), MD5OfMessageBody: md5(String(e.MessageBody ?? '')) })), Failed: [] });
    }
    default:
      return sqsError('UnsupportedOperation', `The local SQS answers SendMessage, SendMessageBatch and GetQueueUrl; ${op || 'this call'} goes to AWS only when serverlessWorkbench.local.awsServices is "aws".`);
  }

  function missingQueue(url: unknown): RawResponse {
    return sqsError('QueueDoesNotExist', `The specified queue does not exist locally: ${String(url)} is not a queue of the workspace.`, 'AWS.SimpleQueueService.NonExistentQueue');
  }
}

function sqsError(code: string, message: string, queryCode = code): RawResponse {
  const r = jsonError(400, code, message, 'com.amazonaws.sqs');
  r.headers = { ...r.headers, 'Content-Type': 'application/x-amz-json-1.0', 'x-amzn-query-error': `${queryCode};Sender` };
  return r;
}

/** SNS Publish over the query protocol (form body, XML answer). */
export async function snsService(req: RawRequest, ctx: ServiceContext): Promise<RawResponse> {
  const form = new URLSearchParams(req.body.toString('utf8'));
  const action = form.get('Action');
  if (action !== 'Publish') return snsError(400, 'InvalidAction', `The local SNS answers Publish only (${action ?? 'no action'}).`);
  const topicArn = form.get('TopicArn') ?? form.get('TargetArn') ?? '';
  const name = parseArnOrName(topicArn, 'sns').name;
  if (!name) return snsError(400, 'InvalidParameter', 'Invalid parameter: TopicArn or TargetArn is required.');
  // A topic nobody of the workspace subscribes to takes the message and delivers it nowhere, as on AWS.
  const topic = ctx.topology.sns.find((s) => s.topic.name === name)?.topic ?? { kind: 'sns' as const, key: `sns:${name}`, name };
  const attributes: Record<string, { Type: string; Value: string }> = {};
  for (let i = 1; form.has(`MessageAttributes.entry.${i}.Name`); i++) {
    const n = form.get(`MessageAttributes.entry.${i}.Name`)!;
    attributes[n] = { Type: form.get(`MessageAttributes.entry.${i}.Value.DataType`) ?? 'String', Value: form.get(`MessageAttributes.entry.${i}.Value.StringValue`) ?? '' };
  }
  const { run, invocationId } = ctx.caller;
  run.publish(topic, form.get('Message') ?? '', form.get('Subject') ?? undefined, attributes, invocationId);
  run.recordCall(invocationId, { service: 'SNS', operation: 'Publish', resource: topic.name });
  const id = randomUUID();
  return {
    status: 200,
    headers: { 'Content-Type': 'text/xml' },
    body: `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${id}</MessageId></PublishResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`,
  };
}

function snsError(status: number, code: string, message: string): RawResponse {
  return {
    status,
    headers: { 'Content-Type': 'text/xml' },
    body: `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
  };
}

/** EventBridge PutEvents (JSON 1.1, `AWSEvents.PutEvents`): rules of the workspace whose pattern matches run. */
export async function eventsService(req: RawRequest, ctx: ServiceContext): Promise<RawResponse> {
  const op = String(header(req.headers, 'x-amz-target') ?? '').replace(/^AWSEvents\./, '');
  if (op !== 'PutEvents') return jsonError(400, 'UnsupportedOperation', `The local EventBridge answers PutEvents only (${op}).`);
  const input = parseJson(req.body);
  const entries = Array.isArray(input?.Entries) ? (input.Entries as Array<Record<string, unknown>>) : [];
  const { run, invocationId } = ctx.caller;
  const out: Array<Record<string, string>> = [];
  let failed = 0;
  for (const e of entries) {
    let detail: unknown = {};
    try {
      detail = typeof e.Detail === 'string' ? (JSON.parse(e.Detail) as unknown) : {};
    } catch {
      failed++;
      out.push({ ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' });
      continue;
    }
    if (typeof e.Source !== 'string' || typeof e.DetailType !== 'string') {
      failed++;
      out.push({ ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter(s) Source and DetailType must be specified.' });
      continue;
    }
    const bus = typeof e.EventBusName === 'string' ? e.EventBusName : undefined;
    run.putEvents([{ source: e.Source, detailType: e.DetailType, detail, busName: bus, resources: Array.isArray(e.Resources) ? (e.Resources as string[]) : [] }], invocationId);
    out.push({ EventId: randomUUID() });
  }
  run.recordCall(invocationId, { service: 'EventBridge', operation: `PutEvents (${entries.length})`, resource: String(entries[0]?.EventBusName ?? 'default') });
  return jsonAnswer({ FailedEntryCount: failed, Entries: out }, 'application/x-amz-json-1.1');
}

/** Step Functions StartExecution: recorded and answered; the state machine itself does not run locally. */
export async function statesService(req: RawRequest, ctx: ServiceContext): Promise<RawResponse> {
  const op = String(header(req.headers, 'x-amz-target') ?? '').replace(/^AWSStepFunctions\./, '');
  if (op !== 'StartExecution') return jsonError(400, 'UnsupportedOperation', `The local Step Functions answers StartExecution only (${op}).`, 'com.amazonaws.states');
  const input = parseJson(req.body) ?? {};
  const arn = String(input.stateMachineArn ?? '');
  const name = typeof input.name === 'string' ? input.name : randomUUID();
  const machine = parseArnOrName(arn, 'unknown').name.replace(/^stateMachine:/, '');
  if (ctx.state.executions.some((x) => x.stateMachineArn === arn && x.name === name)) {
    return jsonError(400, 'ExecutionAlreadyExists', `Execution Already Exists: 'arn:aws:states:${ctx.region}:${LOCAL_ACCOUNT}:execution:${machine}:${name}'`, 'com.amazonaws.states');
  }
  ctx.state.executions.push({ stateMachineArn: arn, name, input: String(input.input ?? '{}'), startDate: Date.now() });
  const { run, invocationId } = ctx.caller;
  run.recordCall(invocationId, { service: 'Step Functions', operation: 'StartExecution (recorded, not run locally)', resource: machine || arn });
  return jsonAnswer({ executionArn: `arn:aws:states:${ctx.region}:${LOCAL_ACCOUNT}:execution:${machine || 'state-machine'}:${name}`, startDate: Date.now() / 1000 });
}

function parseJson(body: Buffer): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(body.toString('utf8') || '{}') as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

/** The last `n` bytes of a text, not splitting a UTF-8 character. */
function lastBytes(text: string, n: number): string {
  const buf = Buffer.from(text, 'utf8');
  if (buf.length <= n) return text;
  let start = buf.length - n;
  while (start < buf.length && (buf[start] & 0xc0) === 0x80) start++;
  return buf.subarray(start).toString('utf8');
}
