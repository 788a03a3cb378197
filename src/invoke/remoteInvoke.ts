/**
 * Remote invoke through the Lambda API (`Invoke`, `LogType: Tail`): the result or the function error, the last
 * 4 KB of logs decoded, and the REPORT line parsed into metrics.
 */
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { AwsConnection } from '../aws/connection';
import { createLambdaClient, describeAwsError, resolveDeployedName } from '../aws/connection';
import type { FunctionDef, Project } from '../model/types';
import type { InvokeResult, LambdaError } from '../shared/invokeResult';
import { parseReportLine } from '../shared/invokeResult';

/** Synchronous invocations accept at most 6 MB of payload (the API answers 413 after uploading it all). */
export const MAX_SYNC_PAYLOAD_BYTES = 6 * 1024 * 1024;

export interface RemoteInvokeRequest {
  fn: FunctionDef;
  project: Project;
  conn: AwsConnection;
  event: unknown;
  signal?: AbortSignal;
  /** A client to reuse (the extension keeps one per connection); created from `conn` otherwise. */
  client?: LambdaClient;
}

/** Checks the payload size before anything is sent; throws a one-line message. */
export function encodePayload(event: unknown): Uint8Array {
  const bytes = new TextEncoder().encode(JSON.stringify(event ?? null));
  if (bytes.byteLength > MAX_SYNC_PAYLOAD_BYTES) {
    throw new Error(`the event is ${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB; Lambda accepts at most 6 MB for a synchronous invoke`);
  }
  return bytes;
}

function errorFromPayload(text: string, functionError: string): LambdaError {
  try {
    const p = JSON.parse(text) as { errorType?: string; errorMessage?: string; trace?: string[]; stackTrace?: string[] };
    if (p && typeof p === 'object') {
      return {
        errorType: p.errorType ?? functionError,
        errorMessage: p.errorMessage ?? text,
        trace: (p.trace ?? p.stackTrace ?? []).map(String),
      };
    }
  } catch {
    // Not JSON: the raw text is the message.
  }
  return { errorType: functionError, errorMessage: text, trace: [] };
}

export async function remoteInvoke(req: RemoteInvokeRequest): Promise<InvokeResult> {
  const payload = encodePayload(req.event);
  const functionName = await resolveDeployedName(req.fn, req.project, req.conn);
  const client = req.client ?? (await createLambdaClient(req.conn));
  try {
    const { InvokeCommand } = await import('@aws-sdk/client-lambda');
    const started = performance.now();
    let out;
    try {
      out = await client.send(new InvokeCommand({ FunctionName: functionName, Payload: payload, LogType: 'Tail', InvocationType: 'RequestResponse' }), { abortSignal: req.signal });
    } catch (err) {
      throw new Error(describeAwsError(err, `invoke ${functionName}`, req.conn));
    }
    const wallMs = performance.now() - started;
    const logs = out.LogResult ? Buffer.from(out.LogResult, 'base64').toString('utf8') : '';
    const text = out.Payload ? new TextDecoder().decode(out.Payload) : '';
    const metrics = parseReportLine(logs);
    const base: InvokeResult = {
      target: 'remote',
      functionName,
      requestId: out.$metadata.requestId ?? metrics.requestId ?? '',
      logs,
      durationMs: metrics.durationMs ?? wallMs,
      billedDurationMs: metrics.billedDurationMs,
      memorySizeMb: metrics.memorySizeMb,
      maxMemoryUsedMb: metrics.maxMemoryUsedMb,
      initDurationMs: metrics.initDurationMs,
      coldStart: metrics.durationMs !== undefined ? metrics.initDurationMs !== undefined : undefined,
    };
    if (out.FunctionError) return { ...base, error: errorFromPayload(text, out.FunctionError) };
    let result: unknown = text;
    try {
      result = text === '' ? null : (JSON.parse(text) as unknown);
    } catch {
      // A non-JSON payload is shown as text.
    }
    return { ...base, result };
  } finally {
    if (!req.client) client.destroy();
  }
}
