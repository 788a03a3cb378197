import type * as CloudWatchLogs from '@aws-sdk/client-cloudwatch-logs';
import type { CloudWatchLogsClient, StartLiveTailResponseStream } from '@aws-sdk/client-cloudwatch-logs';
import type { FilterInput, FilterPage, LiveTailFrame, LiveTailInput, LogsApi } from './logsApi';

/**
 * LogsApi over the AWS SDK v3 client. The SDK module is loaded on first use (it is an external of
 * the bundles and heavy), the client comes from the composition root (createLogsClient).
 */
export function sdkLogsApi(client: CloudWatchLogsClient): LogsApi {
  const sdk = (): Promise<typeof CloudWatchLogs> => import('@aws-sdk/client-cloudwatch-logs');
  return {
    async filterLogEvents(input: FilterInput, signal?: AbortSignal): Promise<FilterPage> {
      const { FilterLogEventsCommand } = await sdk();
      const out = await client.send(new FilterLogEventsCommand(input), { abortSignal: signal });
      return { events: out.events ?? [], nextToken: out.nextToken };
    },

    async startLiveTail(input: LiveTailInput, signal?: AbortSignal): Promise<AsyncIterable<LiveTailFrame>> {
      const { StartLiveTailCommand } = await sdk();
      const out = await client.send(new StartLiveTailCommand(input), { abortSignal: signal });
      const stream = out.responseStream;
      if (!stream) throw Object.assign(new Error('StartLiveTail returned no event stream'), { name: 'UnsupportedOperation' });
      return frames(stream);
    },

    async logGroupArn(name: string, signal?: AbortSignal): Promise<string | undefined> {
      const { DescribeLogGroupsCommand } = await sdk();
      let nextToken: string | undefined;
      // The prefix also matches longer names (`/aws/lambda/a` matches `/aws/lambda/ab`): look for the exact one.
      do {
        const out = await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name, nextToken }), { abortSignal: signal });
        const found = (out.logGroups ?? []).find((g) => g.logGroupName === name);
        if (found) return found.logGroupArn ?? found.arn?.replace(/:\*$/, '');
        nextToken = out.nextToken;
      } while (nextToken);
      return undefined;
    },
  };
}

/** The SDK's event stream as LiveTailFrames; the SDK throws modelled stream exceptions, they become frames. */
async function* frames(stream: AsyncIterable<StartLiveTailResponseStream>): AsyncIterable<LiveTailFrame> {
  try {
    for await (const item of stream) {
      if (item.sessionStart) yield { type: 'sessionStart', sessionId: item.sessionStart.sessionId };
      else if (item.sessionUpdate) {
        yield { type: 'sessionUpdate', sampled: item.sessionUpdate.sessionMetadata?.sampled, results: item.sessionUpdate.sessionResults ?? [] };
      } else if (item.SessionTimeoutException) yield { type: 'sessionTimeout', message: item.SessionTimeoutException.message };
      else if (item.SessionStreamingException) yield { type: 'streamingError', message: item.SessionStreamingException.message };
    }
  } catch (err) {
    const name = (err as { name?: string }).name;
    if (name === 'SessionTimeoutException') yield { type: 'sessionTimeout', message: (err as Error).message };
    else if (name === 'SessionStreamingException') yield { type: 'streamingError', message: (err as Error).message };
    else throw err;
  }
}
