import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { EventIdWindow, SeamDeduper } from '../../../src/logs/dedupe';
import { LocalLogBus } from '../../../src/logs/localLogBus';
import type { LogEvent } from '../../../src/logs/logEvent';
import { classifyError } from '../../../src/logs/logsApi';
import type { LogsApi } from '../../../src/logs/logsApi';
import { mergeTails } from '../../../src/logs/mergeTails';
import { parseSince } from '../../../src/logs/parseSince';

const ev = (timestamp: number, message: string): LogEvent => ({ timestamp, message, logGroup: 'g', logStream: 's', source: 'live-tail' });

describe('SeamDeduper', () => {
  test('an event seen by two fetches shows once', () => {
    const d = new SeamDeduper();
    const live = d.generation();
    const backfill = d.generation();
    assert.equal(d.accept(ev(1, 'a'), live), true);
    assert.equal(d.accept(ev(1, 'a'), backfill), false);
    assert.equal(d.accept(ev(2, 'b'), backfill), true);
    assert.equal(d.accept(ev(2, 'b'), live), false);
  });

  test('identical lines in the same millisecond are two events, and each shows once', () => {
    const d = new SeamDeduper();
    const live = d.generation();
    const backfill = d.generation();
    const later = d.generation();
    assert.equal(d.accept(ev(5, 'tick'), live), true);
    assert.equal(d.accept(ev(5, 'tick'), live), true);
    // The backfill saw both too: nothing new.
    assert.equal(d.accept(ev(5, 'tick'), backfill), false);
    assert.equal(d.accept(ev(5, 'tick'), backfill), false);
    // A third fetch that saw three: one more happened.
    assert.equal(d.accept(ev(5, 'tick'), later), false);
    assert.equal(d.accept(ev(5, 'tick'), later), false);
    assert.equal(d.accept(ev(5, 'tick'), later), true);
  });

  test('prune forgets events older than the horizon', () => {
    const d = new SeamDeduper();
    const g = d.generation();
    d.accept(ev(1, 'old'), g);
    d.accept(ev(10, 'new'), g);
    d.prune(5);
    assert.equal(d.size, 1);
  });
});

describe('EventIdWindow', () => {
  test('drops repeated ids and forgets ids before the horizon', () => {
    const w = new EventIdWindow();
    assert.equal(w.accept('1', 100), true);
    assert.equal(w.accept('1', 100), false);
    assert.equal(w.accept('2', 200), true);
    w.prune(150);
    assert.equal(w.size, 1);
  });
});

describe('parseSince', () => {
  const now = Date.UTC(2026, 10, 29, 12, 0, 0);
  test('durations back from now', () => {
    assert.equal(parseSince('10m', now), now - 600_000);
    assert.equal(parseSince('1h30m', now), now - 5_400_000);
    assert.equal(parseSince('45s', now), now - 45_000);
    assert.equal(parseSince('2d', now), now - 172_800_000);
  });
  test('ISO dates', () => {
    assert.equal(parseSince('2026-11-29T11:00:00Z', now), Date.UTC(2026, 10, 29, 11));
  });
  test('anything else is undefined', () => {
    assert.equal(parseSince('ten minutes', now), undefined);
    assert.equal(parseSince('10', now), undefined);
    assert.equal(parseSince('', now), undefined);
  });
});

describe('classifyError', () => {
  const err = (name: string, status?: number, code?: string): unknown => Object.assign(new Error(name), { name, code, $metadata: { httpStatusCode: status } });
  test('Live Tail unavailable: access denied, session limit, unknown operation', () => {
    assert.equal(classifyError(err('AccessDeniedException', 400), 'liveTail'), 'unavailable');
    assert.equal(classifyError(err('LimitExceededException', 400), 'liveTail'), 'unavailable');
    assert.equal(classifyError(err('UnknownOperationException', 400), 'liveTail'), 'unavailable');
    assert.equal(classifyError(err('Error', 404), 'liveTail'), 'unavailable');
  });
  test('transient: throttling, 5xx, resets', () => {
    assert.equal(classifyError(err('ThrottlingException', 400), 'filter'), 'transient');
    assert.equal(classifyError(err('InternalFailure', 500), 'filter'), 'transient');
    assert.equal(classifyError(err('Error', undefined, 'ECONNRESET'), 'liveTail'), 'transient');
  });
  test('fatal and not found', () => {
    assert.equal(classifyError(err('AccessDeniedException', 400), 'filter'), 'fatal');
    assert.equal(classifyError(err('CredentialsProviderError'), 'filter'), 'credentials');
    assert.equal(classifyError(err('ExpiredTokenException', 400), 'liveTail'), 'credentials');
    assert.equal(classifyError(err('ResourceNotFoundException', 400), 'filter'), 'not-found');
  });
});

describe('LocalLogBus', () => {
  test('a tail gets the lines of its functions, replays recent ones, and ends on abort', async () => {
    const bus = new LocalLogBus(10);
    bus.publish({ timestamp: 1, message: 'before', function: 'f' });
    const ac = new AbortController();
    const got: LogEvent[] = [];
    const done = (async () => {
      for await (const e of bus.tail({ functions: ['f'], since: 0, signal: ac.signal })) {
        got.push(e);
        if (got.length === 3) ac.abort();
      }
    })();
    bus.publish({ timestamp: 2, message: 'other function', function: 'g' });
    bus.publish({ timestamp: 3, message: 'START', function: 'f', requestId: 'r1' });
    bus.publish({ timestamp: 4, message: '<img src=x onerror=alert(1)>', function: 'f', requestId: 'r1' });
    await done;
    assert.deepEqual(
      got.map((e) => [e.message, e.requestId, e.source]),
      [
        ['before', undefined, 'local'],
        ['START', 'r1', 'local'],
        ['<img src=x onerror=alert(1)>', 'r1', 'local'],
      ],
    );
    // The subscription is gone after the abort.
    bus.publish({ timestamp: 5, message: 'late', function: 'f' });
    assert.equal(got.length, 3);
  });

  test('lineWriter turns chunks into lines, the last partial one on end', () => {
    const bus = new LocalLogBus();
    const got: string[] = [];
    bus.subscribe((r) => got.push(`${r.function}/${r.requestId}: ${r.message}`));
    const w = bus.lineWriter('fn', 'r9');
    w.write('first li');
    w.write('ne\r\nsecond\nthi');
    w.end();
    assert.deepEqual(got, ['fn/r9: first line', 'fn/r9: second', 'fn/r9: thi']);
  });

  test('invocationWriter tags every line of an invocation with the request id of its START line', () => {
    const bus = new LocalLogBus();
    const got: string[] = [];
    bus.subscribe((r) => got.push(`${r.requestId ?? '-'}: ${r.message}`));
    const w = bus.invocationWriter('fn');
    w.write('START RequestId: 1f2e Version: $LATEST\nhello\n');
    w.write('END RequestId: 1f2e\nREPORT RequestId: 1f2e\tDuration: 1 ms');
    w.end();
    assert.deepEqual(got, ['1f2e: START RequestId: 1f2e Version: $LATEST', '1f2e: hello', '1f2e: END RequestId: 1f2e', '1f2e: REPORT RequestId: 1f2e\tDuration: 1 ms']);
  });

  test('keeps only the last `keep` lines', async () => {
    const bus = new LocalLogBus(2);
    for (let i = 0; i < 5; i++) bus.publish({ timestamp: i, message: String(i), function: 'f' });
    const ac = new AbortController();
    const got: string[] = [];
    const tail = bus.tail({ since: 0, signal: ac.signal });
    setImmediate(() => ac.abort());
    for await (const e of tail) got.push(e.message);
    assert.deepEqual(got, ['3', '4']);
  });
});

describe('mergeTails', () => {
  async function* items(prefix: string, n: number): AsyncIterable<string> {
    for (let i = 0; i < n; i++) {
      await new Promise((r) => setImmediate(r));
      yield `${prefix}${i}`;
    }
  }
  async function* failing(): AsyncIterable<string> {
    yield 'x0';
    throw new Error('broken source');
  }

  test('yields everything of every source', async () => {
    const out: string[] = [];
    for await (const s of mergeTails([items('a', 3), items('b', 2)], new AbortController().signal)) out.push(s);
    assert.deepEqual(out.sort(), ['a0', 'a1', 'a2', 'b0', 'b1']);
  });

  test('an error ends the merge unless onError takes it', async () => {
    await assert.rejects(async () => {
      for await (const _ of mergeTails([failing(), items('a', 50)], new AbortController().signal)) void _;
    }, /broken source/);
    const errors: string[] = [];
    const out: string[] = [];
    for await (const s of mergeTails([failing(), items('a', 2)], new AbortController().signal, (e) => errors.push((e as Error).message))) out.push(s);
    assert.deepEqual(out.sort(), ['a0', 'a1', 'x0']);
    assert.deepEqual(errors, ['broken source']);
  });
});

describe('liveTailGroups memory', () => {
  test('a long session forgets lines no backfill can return again', async () => {
    const { liveTailGroups } = await import('../../../src/logs/liveTail');
    let clock = 1_000_000;
    const updates = 400;
    // An in-memory LogsApi: one session with a line every simulated second.
    const api: LogsApi = {
      filterLogEvents: async () => ({ events: [] }),
      logGroupArn: async () => 'arn:g',
      startLiveTail: async () =>
        (async function* () {
          yield { type: 'sessionStart' as const };
          for (let i = 0; i < updates; i++) {
            clock += 1000;
            yield { type: 'sessionUpdate' as const, results: [{ logGroupIdentifier: 'arn:g', logStreamName: 's', message: `line ${i}`, timestamp: clock }] };
          }
          yield { type: 'sessionTimeout' as const };
        })(),
    };
    const dedupe = new SeamDeduper();
    const controller = new AbortController();
    let shown = 0;
    await liveTailGroups(api, [{ logGroup: 'g', function: 'f', arn: 'arn:g' }], {
      signal: controller.signal,
      dedupe,
      now: () => clock,
      emit: () => {
        if (++shown === updates) controller.abort();
      },
    });
    assert.equal(shown, updates);
    // 400 simulated seconds of lines; only about the last 95 s (overlap + margin + prune period) are kept.
    assert.ok(dedupe.size < 100, `kept ${dedupe.size}`);
  });
});
