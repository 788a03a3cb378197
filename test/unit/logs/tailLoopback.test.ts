// The tails against a loopback CloudWatch Logs that speaks the real protocols (JSON 1.1 and the
// StartLiveTail event stream), with the faults a long tail meets. Every test ends by checking that
// each line was shown exactly once, in the order it was written.
import { test, describe, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { LogGroupNotFoundError } from '../../../src/logs/logEvent';
import type { LogEvent, TailStatus } from '../../../src/logs/logEvent';
import type { LogsApi } from '../../../src/logs/logsApi';
import { tailLogs } from '../../../src/logs/tailLogs';
import type { TailOptions } from '../../../src/logs/tailLogs';
import { FakeCloudWatchLogs } from '../../support/cloudWatchLogsServer';
import { useTestCredentials } from '../helpers/loopback';
import { produce, reader, until, withApi } from './tailHelpers';
import type { Transport } from './tailHelpers';

const group = '/aws/lambda/orders-dev-create';
let server: FakeCloudWatchLogs | undefined;
let restoreCredentials: () => void;

before(() => {
  restoreCredentials = useTestCredentials();
});
after(async () => {
  await server?.stop();
  restoreCredentials();
});

async function freshServer(): Promise<FakeCloudWatchLogs> {
  await server?.stop();
  server = new FakeCloudWatchLogs({ pageSize: 7, heartbeatMs: 100 });
  await server.start();
  server.createGroup(group);
  return server;
}

interface Run {
  sent: string[];
  shown: LogEvent[];
  statuses: TailStatus[];
  error?: unknown;
}

/**
 * Starts a follow tail, waits until it streams, writes `count` lines (running `faults[i]` before
 * line i), waits until every line was shown, gives duplicates a moment to appear, and stops.
 */
async function followRun(s: FakeCloudWatchLogs, api: LogsApi, options: Partial<TailOptions>, count: number, faults: Record<number, () => void | Promise<void>> = {}, before?: () => void): Promise<Run> {
  const controller = new AbortController();
  const statuses: TailStatus[] = [];
  const tail = tailLogs(api, {
    targets: [{ logGroup: group, function: 'create' }],
    follow: true,
    pollIntervalMs: 50,
    reconnectBaseMs: 50,
    signal: controller.signal,
    onStatus: (st) => statuses.push(st),
    ...options,
  });
  const { events, done } = reader(tail);
  await until(() => statuses.some((st) => st.state === 'streaming') || events.length > 0, 'the tail to stream');
  before?.();
  const sent = await produce(s, group, count, 10, faults);
  let error: unknown;
  try {
    await until(() => sent.every((m) => events.some((e) => e.message === m)), 'every line to be shown');
    // Duplicates would come after the originals: give them time to show up before judging.
    await new Promise((r) => setTimeout(r, 400));
  } finally {
    controller.abort();
    error = await done;
  }
  return { sent, shown: events, statuses, error };
}

function assertEachOnceInOrder(shown: LogEvent[], expected: string[]): void {
  assert.deepEqual(
    shown.map((e) => e.message),
    expected,
  );
}

for (const transport of ['http1', 'http2'] as Transport[]) {
  describe(`Live Tail over ${transport}`, () => {
    beforeEach(freshServer);

    test('streams lines with their function and log stream', async () => {
      const s = server!;
      await withApi(s.endpoint, transport, async (api) => {
        const run = await followRun(s, api, {}, 20);
        assert.equal(run.error, undefined);
        assertEachOnceInOrder(run.shown, run.sent);
        assert.equal(run.shown[0].function, 'create');
        assert.equal(run.shown[0].logGroup, group);
        assert.equal(run.shown[0].source, 'live-tail');
        assert.ok(run.shown[0].logStream?.includes('[$LATEST]'));
        assert.ok(run.statuses.some((st) => st.mode === 'live-tail' && st.state === 'streaming'), 'reports Live Tail mode');
        assert.equal(s.liveTailStarts, 1);
      });
    });

    test('a session that times out is replaced, and lines written in between are backfilled once', async () => {
      const s = server!;
      await withApi(s.endpoint, transport, async (api) => {
        s.endNextSession('timeout', 12);
        const run = await followRun(s, api, {}, 40);
        assert.equal(run.error, undefined);
        assertEachOnceInOrder(run.shown, run.sent);
        assert.ok(s.liveTailStarts >= 2, 'a second session was started');
        assert.ok(s.requests.some((r) => r.op === 'FilterLogEvents'), 'the gap was backfilled');
      });
    });

    test('a connection reset mid-stream reconnects without loss or duplicates', async () => {
      const s = server!;
      await withApi(s.endpoint, transport, async (api) => {
        s.endNextSession('reset', 15);
        const run = await followRun(s, api, {}, 40);
        assert.equal(run.error, undefined);
        assertEachOnceInOrder(run.shown, run.sent);
        assert.ok(run.statuses.some((st) => st.state === 'reconnecting'), 'reported the reconnect');
      });
    });

    test('a session closed by the server, a stream error, and HTTP 500 / throttling on reconnect', async () => {
      const s = server!;
      await withApi(s.endpoint, transport, async (api) => {
        const run = await followRun(s, api, {}, 45, {
          5: () => {
            // Faults for the reconnect and its backfill, more than the SDK's own 3 attempts.
            s.inject({ op: 'StartLiveTail', kind: 'http500', times: 4 });
            s.inject({ op: 'FilterLogEvents', kind: 'throttle', times: 2 });
          },
          10: () => s.endSessions('close'),
          25: async () => {
            await until(() => s.sessions.size > 0, 'the second session');
            s.endSessions('streamingError');
          },
        });
        assert.equal(run.error, undefined);
        assertEachOnceInOrder(run.shown, run.sent);
        assert.ok(s.liveTailStarts >= 3, `sessions started: ${s.liveTailStarts}`);
        assert.ok(run.statuses.some((st) => st.detail?.includes('SessionStreamingException') || st.detail?.includes('stream error')), 'the stream error was reported');
      });
    });

    test('--since: history first, then live, no gap and no repeat at the seam', async () => {
      const s = server!;
      const now = Date.now();
      const old: string[] = [];
      for (let i = 0; i < 30; i++) {
        const m = `old ${String(i).padStart(4, '0')}`;
        s.put(group, m, { timestamp: now - 60_000 + i * 1000 });
        old.push(m);
      }
      s.put(group, 'too old', { timestamp: now - 3_600_000 });
      await withApi(s.endpoint, transport, async (api) => {
        // Lines keep coming while the history is read: the seam must neither drop nor repeat them.
        let writer: Promise<string[]> | undefined;
        const run = await followRun(s, api, { since: now - 120_000 }, 20, {}, () => {
          writer = produce(s, group, 10, 5, {}, 'seam ');
        });
        const seam = (await writer) ?? [];
        assert.equal(run.error, undefined);
        const messages = run.shown.map((e) => e.message);
        const expected = [...old, ...seam, ...run.sent];
        assert.deepEqual([...messages].sort(), [...expected].sort(), 'every line once, nothing else');
        assert.deepEqual(messages.slice(0, old.length), old, 'history comes first, in order');
        assert.deepEqual(messages.filter((m) => m.startsWith('seam ')), seam, 'lines written during the seam, in order');
        assert.deepEqual(messages.filter((m) => m.startsWith('line ')), run.sent, 'live lines in order');
        assert.ok(!messages.includes('too old'));
        assert.deepEqual(messages.slice(0, old.length), old, 'history comes first, in order');
      });
    });
  });
}

describe('Polling fallback', () => {
  beforeEach(freshServer);

  const cases: [string, 'accessDenied' | 'limitExceeded' | 'unknownOperation'][] = [
    ['AccessDenied on StartLiveTail', 'accessDenied'],
    ['the concurrent session limit', 'limitExceeded'],
    ['an endpoint without Live Tail', 'unknownOperation'],
  ];
  for (const [title, kind] of cases) {
    test(`${title} falls back to polling and says so`, async () => {
      const s = server!;
      await withApi(s.endpoint, 'http1', async (api) => {
        s.inject({ op: 'StartLiveTail', kind, times: 100 });
        const run = await followRun(s, api, {}, 25);
        assert.equal(run.error, undefined);
        assertEachOnceInOrder(run.shown, run.sent);
        const polling = run.statuses.find((st) => st.mode === 'polling');
        assert.ok(polling?.detail?.includes('Live Tail unavailable'), `status tells why: ${JSON.stringify(polling)}`);
        assert.equal(run.shown[0].source, 'polling');
      });
    });
  }

  test('pages are followed and overlapping windows show each event once, through HTTP 500, throttling and resets', async () => {
    const s = server!;
    await withApi(s.endpoint, 'http1', async (api) => {
      const run = await followRun(s, api, { mode: 'polling' }, 60, {
        10: () => s.inject({ op: 'FilterLogEvents', kind: 'http500', times: 4 }),
        25: () => s.inject({ op: 'FilterLogEvents', kind: 'throttle', times: 4 }),
        40: () => s.inject({ op: 'FilterLogEvents', kind: 'reset', times: 2 }),
      });
      assert.equal(run.error, undefined);
      assertEachOnceInOrder(run.shown, run.sent);
      assert.ok(run.statuses.some((st) => st.mode === 'polling' && st.state === 'reconnecting'), 'backoff was reported');
      assert.ok(s.requests.filter((r) => r.op === 'FilterLogEvents' && r.body.nextToken).length > 0, 'pages were followed');
    });
  });

  test('a Live Tail session limit hit on reconnect continues by polling from where the session stopped', async () => {
    const s = server!;
    await withApi(s.endpoint, 'http1', async (api) => {
      s.endNextSession('timeout', 10);
      const run = await followRun(s, api, {}, 30, { 5: () => s.inject({ op: 'StartLiveTail', kind: 'limitExceeded', times: 100 }) });
      assert.equal(run.error, undefined);
      assertEachOnceInOrder(run.shown, run.sent);
      assert.ok(run.statuses.some((st) => st.mode === 'polling'), 'switched to polling');
      assert.equal(run.shown[0].source, 'live-tail');
      assert.equal(run.shown.at(-1)?.source, 'polling');
    });
  });
});

describe('History and errors', () => {
  beforeEach(freshServer);

  test('without --follow: the window in timestamp order, every page, the filter applied', async () => {
    const s = server!;
    const now = Date.now();
    const other = '/aws/lambda/orders-dev-list';
    for (let i = 0; i < 50; i++) {
      s.put(group, `create ${i % 3 === 0 ? 'ERROR' : 'INFO'} ${String(i).padStart(3, '0')}`, { timestamp: now - 100_000 + i * 2000 });
      s.put(other, `list ERROR ${String(i).padStart(3, '0')}`, { timestamp: now - 99_000 + i * 2000 });
    }
    await withApi(s.endpoint, 'http1', async (api) => {
      const controller = new AbortController();
      const { events, done } = reader(
        tailLogs(api, {
          targets: [
            { logGroup: group, function: 'create' },
            { logGroup: other, function: 'list' },
          ],
          follow: false,
          since: now - 200_000,
          filterPattern: 'ERROR',
          signal: controller.signal,
        }),
      );
      assert.equal(await done, undefined);
      assert.equal(events.length, 17 + 50);
      const ts = events.map((e) => e.timestamp);
      assert.deepEqual(ts, [...ts].sort((a, b) => a - b));
      assert.ok(events.every((e) => e.message.includes('ERROR')));
      assert.equal(events.find((e) => e.message.startsWith('list'))?.function, 'list');
    });
  });

  test('a missing log group is an error naming it, in history and follow mode', async () => {
    const s = server!;
    await withApi(s.endpoint, 'http1', async (api) => {
      for (const followMode of [false, true]) {
        const { done } = reader(tailLogs(api, { targets: [{ logGroup: '/aws/lambda/nope', function: 'nope' }], follow: followMode, signal: new AbortController().signal }));
        const err = await done;
        assert.ok(err instanceof LogGroupNotFoundError, String(err));
        assert.match((err as Error).message, /\/aws\/lambda\/nope/);
      }
    });
  });

  test('a reader that stops early (break) ends the Live Tail session', async () => {
    const s = server!;
    await withApi(s.endpoint, 'http1', async (api) => {
      const statuses: TailStatus[] = [];
      const tail = tailLogs(api, { targets: [{ logGroup: group, function: 'create' }], follow: true, signal: new AbortController().signal, onStatus: (st) => statuses.push(st) });
      const writer = (async () => {
        await until(() => statuses.some((st) => st.state === 'streaming'), 'streaming');
        s.put(group, 'one');
      })();
      for await (const e of tail) {
        assert.equal(e.message, 'one');
        break;
      }
      await writer;
      await until(() => s.sessions.size === 0, 'the session to close');
    });
  });

  test('twelve log groups: two Live Tail sessions (10 per session), merged', async () => {
    const s = server!;
    const groups = Array.from({ length: 12 }, (_, i) => `/aws/lambda/fn-${i}`);
    for (const g of groups) s.createGroup(g);
    await withApi(s.endpoint, 'http2', async (api) => {
      const controller = new AbortController();
      const statuses: TailStatus[] = [];
      const { events, done } = reader(
        tailLogs(api, { targets: groups.map((g, i) => ({ logGroup: g, function: `fn${i}` })), follow: true, signal: controller.signal, onStatus: (st) => statuses.push(st) }),
      );
      await until(() => statuses.filter((st) => st.state === 'streaming').length >= 2, 'two sessions');
      groups.forEach((g, i) => s.put(g, `hello from ${i}`));
      await until(() => events.length >= 12, 'a line from each group');
      controller.abort();
      assert.equal(await done, undefined);
      assert.equal(s.liveTailStarts, 2);
      assert.deepEqual(events.map((e) => e.function).sort(), groups.map((_, i) => `fn${i}`).sort());
    });
  });
});
