// Shared by the loopback tail tests and the benchmark: a real SDK client against FakeCloudWatchLogs,
// a collector that reads a tail until it has what it expects, and a steady producer of lines.
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { createLogsClient, resolveAwsConnection } from '../../../src/aws/connection';
import type { LogEvent } from '../../../src/logs/logEvent';
import type { LogsApi } from '../../../src/logs/logsApi';
import { sdkLogsApi } from '../../../src/logs/sdkLogsApi';
import type { FakeCloudWatchLogs } from '../../support/cloudWatchLogsServer';

export type Transport = 'http1' | 'http2';

/** The SDK client as the extension builds it (HTTP/1.1), or the same over cleartext HTTP/2. */
export async function loopbackClient(endpoint: string, transport: Transport): Promise<CloudWatchLogsClient> {
  const conn = resolveAwsConnection({ settings: { endpointUrl: endpoint, region: 'us-east-1' }, env: {}, service: 'logs' });
  if (transport === 'http1') return createLogsClient(conn);
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const { CloudWatchLogsClient } = await import('@aws-sdk/client-cloudwatch-logs');
  const { NodeHttp2Handler } = await import('@smithy/node-http-handler');
  return new CloudWatchLogsClient({
    region: conn.region,
    endpoint,
    disableHostPrefix: true,
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
    requestHandler: new NodeHttp2Handler({ disableConcurrentStreams: false }),
  });
}

/** Reads a tail into `events` in the background; `done` settles when it ends (with its error, if any). */
export function reader(tail: AsyncIterable<LogEvent>): { events: LogEvent[]; done: Promise<unknown> } {
  const events: LogEvent[] = [];
  const done = (async (): Promise<unknown> => {
    try {
      for await (const e of tail) events.push(e);
      return undefined;
    } catch (error) {
      return error ?? new Error('tail failed');
    }
  })();
  return { events, done };
}

/** Polls `fn` until it holds; rejects with `what` after `timeoutMs`. */
export async function until(fn: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!fn()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Puts `count` lines `prefix0000…` into `group`, one every `everyMs`; `at[i]` runs before line i. */
export async function produce(server: FakeCloudWatchLogs, group: string, count: number, everyMs: number, at: Record<number, () => void | Promise<void>> = {}, prefix = 'line '): Promise<string[]> {
  const sent: string[] = [];
  for (let i = 0; i < count; i++) {
    await at[i]?.();
    const message = `${prefix}${String(i).padStart(4, '0')}`;
    server.put(group, message);
    sent.push(message);
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return sent;
}

export async function withApi<T>(endpoint: string, transport: Transport, fn: (api: LogsApi) => Promise<T>): Promise<T> {
  const client = await loopbackClient(endpoint, transport);
  try {
    return await fn(sdkLogsApi(client));
  } finally {
    client.destroy();
  }
}
