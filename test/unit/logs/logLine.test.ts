import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { LineBatcher } from '../../../src/logs/lineBatcher';
import type { LogLine } from '../../../src/shared/logsProtocol';
import { isLogsViewMessage } from '../../../src/shared/logsProtocol';
import { analyzeLine, RequestTracker } from '../../../src/shared/logLine';

const rid = '8f5c2c4e-1b2a-4c3d-9e8f-0123456789ab';

describe('analyzeLine', () => {
  test('Lambda platform lines carry the request id', () => {
    assert.deepEqual(analyzeLine(`START RequestId: ${rid} Version: $LATEST`), { json: false, level: 'platform', requestId: rid });
    assert.deepEqual(analyzeLine(`REPORT RequestId: ${rid}\tDuration: 12.3 ms\tBilled Duration: 13 ms`), { json: false, level: 'platform', requestId: rid });
  });
  test('Node and Python runtime formats', () => {
    assert.deepEqual(analyzeLine(`2026-11-29T12:00:00.000Z\t${rid}\tERROR\tInvoke Error {"errorType":"TypeError"}`), { json: false, level: 'error', requestId: rid });
    assert.deepEqual(analyzeLine(`2026-11-29T12:00:00.000Z\t${rid}\tWARN\tslow`), { json: false, level: 'warn', requestId: rid });
    assert.deepEqual(analyzeLine(`[INFO]\t2026-11-29T12:00:00.000Z\t${rid}\tstarted`), { json: false, level: 'info', requestId: rid });
  });
  test('a JSON object logged in the Node or Python text format is found after its prefix', () => {
    const prefix = `2026-11-29T12:00:00.000Z\t${rid}\tINFO\t`;
    const object = JSON.stringify({ message: 'todo created', id: 'a1', nested: { n: 1 } });
    assert.deepEqual(analyzeLine(`${prefix}${object}`), { json: true, jsonAt: prefix.length, level: 'info', requestId: rid, jsonMessage: 'todo created' });
    const python = `[WARNING]\t2026-11-29T12:00:00.000Z\t${rid}\t`;
    assert.deepEqual(analyzeLine(`${python}  [1, 2]`), { json: true, jsonAt: python.length + 2, level: 'warn', requestId: rid });
    // Text, or an object that does not parse, after the prefix: plain text.
    assert.equal(analyzeLine(`${prefix}{"open": `).json, false);
    assert.equal(analyzeLine(`${prefix}{not json}`).json, false);
  });
  test('Powertools and Lambda JSON log format', () => {
    const powertools = JSON.stringify({ level: 'ERROR', message: 'payment failed', service: 'orders', function_request_id: rid, cold_start: true });
    assert.deepEqual(analyzeLine(powertools), { json: true, level: 'error', requestId: rid, jsonMessage: 'payment failed' });
    const lambdaJson = JSON.stringify({ timestamp: '2026-11-29T12:00:00Z', level: 'WARN', requestId: rid, message: 'retrying' });
    assert.equal(analyzeLine(lambdaJson).level, 'warn');
    assert.equal(analyzeLine(JSON.stringify({ time: 'x', type: 'platform.start', record: { requestId: rid } })).requestId, rid);
    assert.equal(analyzeLine(JSON.stringify({ level: 50, msg: 'pino error' })).level, 'error');
  });
  test('plain lines, timeouts, things that only look like JSON', () => {
    assert.deepEqual(analyzeLine('just text'), { json: false });
    assert.equal(analyzeLine('ERROR: disk full').level, 'error');
    assert.equal(analyzeLine(`2026-11-29T12:00:00.000Z ${rid} Task timed out after 3.00 seconds`).level, undefined);
    assert.equal(analyzeLine('Task timed out after 3.00 seconds').level, 'error');
    assert.deepEqual(analyzeLine('{not json}'), { json: false });
    assert.equal(analyzeLine('<img src=x onerror=alert(1)>').json, false);
  });
});

describe('analyzeLine: Azure Functions', () => {
  test('log stream lines carry their level; the host\'s Executing/Executed lines the invocation id', () => {
    assert.deepEqual(analyzeLine(`2026-11-30T10:00:00.123 [Information] Executing 'Functions.Greet' (Reason='This function was programmatically called via the host APIs.', Id=${rid})`), { json: false, level: 'platform', requestId: rid });
    assert.deepEqual(analyzeLine(`2026-11-30T10:00:00.456Z [Information] Executed 'Functions.Greet' (Succeeded, Id=${rid}, Duration=12ms)`), { json: false, level: 'platform', requestId: rid });
    assert.deepEqual(analyzeLine(`2026-11-30T10:00:00.456Z [Error] Executed 'Functions.Greet' (Failed, Id=${rid}, Duration=12ms)`), { json: false, level: 'error', requestId: rid });
    assert.deepEqual(analyzeLine('2026-11-30T10:00:00.200Z [Warning] running late'), { json: false, level: 'warn', requestId: undefined });
    assert.deepEqual(analyzeLine('2026-11-30T10:00:00.200 [Critical] disk full'), { json: false, level: 'error', requestId: undefined });
    assert.deepEqual(analyzeLine('2026-11-30T10:00:00.200Z [Information] hello'), { json: false, level: 'info', requestId: undefined });
  });
  test('Core Tools console lines', () => {
    assert.deepEqual(analyzeLine(`[2026-11-30T10:00:00.123Z] Executing 'Functions.Greet' (Reason='New queue message detected on 'jobs'.', Id=${rid})`), { json: false, level: 'platform', requestId: rid });
    assert.deepEqual(analyzeLine('[2026-11-30T10:00:00.123Z] ERROR: boom'), { json: false, level: 'error', requestId: undefined });
  });
  test('the tracker gives the lines between Executing and Executed their invocation id', () => {
    const t = new RequestTracker();
    const lines = [`2026-11-30T10:00:00.1Z [Information] Executing 'Functions.A' (Reason='x', Id=${rid})`, '2026-11-30T10:00:00.2Z [Information] user line', `2026-11-30T10:00:00.3Z [Information] Executed 'Functions.A' (Succeeded, Id=${rid}, Duration=1ms)`, '2026-11-30T10:00:00.4Z [Information] after'];
    assert.deepEqual(lines.map((l) => t.track('s', l, analyzeLine(l))), [rid, rid, rid, undefined]);
  });
});

describe('RequestTracker', () => {
  test('lines between START and REPORT of a stream get its request id; streams are separate', () => {
    const t = new RequestTracker();
    const track = (stream: string, line: string): string | undefined => t.track(stream, line, analyzeLine(line));
    assert.equal(track('a', `START RequestId: ${rid} Version: $LATEST`), rid);
    assert.equal(track('a', 'print from python'), rid);
    assert.equal(track('b', 'other instance'), undefined);
    assert.equal(track('a', `REPORT RequestId: ${rid}\tDuration: 1 ms`), rid);
    assert.equal(track('a', 'after the invocation'), undefined);
  });
});

describe('LineBatcher', () => {
  test('batches lines, numbers them, fills level and request id', async () => {
    const batches: LogLine[][] = [];
    const b = new LineBatcher((lines) => batches.push(lines), 20);
    b.push({ timestamp: 1, message: `START RequestId: ${rid} Version: $LATEST`, logStream: 's', logGroup: 'g', source: 'live-tail' });
    b.push({ timestamp: 2, message: '{"level":"DEBUG","message":"x"}', logStream: 's', logGroup: 'g', source: 'live-tail' });
    b.push({ timestamp: 3, message: 'local line', function: 'f', requestId: 'local-1', source: 'local' });
    assert.equal(batches.length, 0, 'lines of the same tick go together');
    await new Promise((r) => setTimeout(r, 5));
    assert.equal(batches.length, 1, 'after a quiet moment, on the next tick');
    b.push({ timestamp: 4, message: 'soon after', source: 'local' });
    await new Promise((r) => setTimeout(r, 5));
    assert.equal(batches.length, 1, 'within the interval: waits');
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(batches.length, 2);
    assert.equal(batches[1][0].message, 'soon after');
    assert.deepEqual(
      batches[0].map((l) => [l.seq, l.level, l.requestId, l.json]),
      [
        [1, 'platform', rid, false],
        [2, 'debug', rid, true],
        [3, undefined, 'local-1', false],
      ],
    );
    b.dispose();
  });
  test('a full batch goes at once', () => {
    const batches: LogLine[][] = [];
    const b = new LineBatcher((lines) => batches.push(lines), 1000, 3);
    for (let i = 0; i < 7; i++) b.push({ timestamp: i, message: String(i), source: 'local' });
    assert.deepEqual(batches.map((x) => x.length), [3, 3]);
    b.flush();
    assert.deepEqual(batches.map((x) => x.length), [3, 3, 1]);
  });
});

describe('logs webview protocol', () => {
  test('only well-formed messages from the view are accepted', () => {
    assert.equal(isLogsViewMessage({ type: 'logs/ready' }), true);
    assert.equal(isLogsViewMessage({ type: 'logs/stop' }), true);
    assert.equal(isLogsViewMessage({ type: 'logs/probeResult', id: 1, visibleText: ['a'], total: 1, received: 1, foreignElements: 0, paused: false }), true);
    assert.equal(isLogsViewMessage({ type: 'logs/probeResult', id: 1, visibleText: [1], total: 1, received: 1, foreignElements: 0, paused: false }), false);
    assert.equal(isLogsViewMessage({ type: 'logs/run', command: 'rm -rf' }), false);
    assert.equal(isLogsViewMessage(null), false);
    assert.equal(isLogsViewMessage('logs/ready'), false);
  });
});
