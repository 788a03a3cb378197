import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { nextFirings, ScheduleError } from '../../../src/flows/scheduleFirings';

const from = new Date('2026-11-30T17:23:45Z');
const iso = (ds: Date[]): string[] => ds.map((d) => d.toISOString().replace('.000Z', 'Z'));

// Amazon EventBridge User Guide, "Schedule expressions for rules" (eb-scheduled-rule-pattern.html), and
// EventBridge Scheduler User Guide, "Schedule types on EventBridge Scheduler" (schedule-types.html).
describe('schedule firings (eb-scheduled-rule-pattern.html, schedule-types.html)', () => {
  test('rate(): every period from now, to the minute', () => {
    assert.deepEqual(iso(nextFirings('rate(5 minutes)', from, 3)), ['2026-11-30T17:28:00Z', '2026-11-30T17:33:00Z', '2026-11-30T17:38:00Z']);
    assert.deepEqual(iso(nextFirings('rate(1 day)', from, 1)), ['2026-12-01T17:23:00Z']);
  });
  test('cron(0 10 * * ? *): 10:00 UTC every day', () => {
    assert.deepEqual(iso(nextFirings('cron(0 10 * * ? *)', from, 2)), ['2026-12-01T10:00:00Z', '2026-12-02T10:00:00Z']);
  });
  test('cron(15 12 * * ? *) and cron(0/15 * * * ? *)', () => {
    assert.deepEqual(iso(nextFirings('cron(15 12 * * ? *)', from, 1)), ['2026-12-01T12:15:00Z']);
    assert.deepEqual(iso(nextFirings('cron(0/15 * * * ? *)', from, 3)), ['2026-11-30T17:30:00Z', '2026-11-30T17:45:00Z', '2026-11-30T18:00:00Z']);
  });
  test('cron(0 18 ? * MON-FRI *): weekdays only', () => {
    // 2026-11-30 is a Monday; 18:00 is still ahead; then Tuesday to Friday, then next Monday.
    assert.deepEqual(iso(nextFirings('cron(0 18 ? * MON-FRI *)', from, 6)), [
      '2026-11-30T18:00:00Z', '2026-12-01T18:00:00Z', '2026-12-02T18:00:00Z', '2026-12-03T18:00:00Z', '2026-12-04T18:00:00Z', '2026-12-07T18:00:00Z',
    ]);
  });
  test('cron(0 8 1 * ? *): the first of every month', () => {
    assert.deepEqual(iso(nextFirings('cron(0 8 1 * ? *)', from, 2)), ['2026-12-01T08:00:00Z', '2027-01-01T08:00:00Z']);
  });
  test('L, W and # in the day fields', () => {
    assert.deepEqual(iso(nextFirings('cron(0 0 L * ? *)', from, 2)), ['2026-12-31T00:00:00Z', '2027-01-31T00:00:00Z']);
    // The weekday nearest to Sunday 1 August 2027 is Monday the 2nd.
    assert.deepEqual(iso(nextFirings('cron(0 9 1W 8 ? 2027)', new Date('2026-12-01T00:00:00Z'), 1)), ['2027-08-02T09:00:00Z']);
    // The third Friday of the month.
    assert.deepEqual(iso(nextFirings('cron(0 12 ? * 6#3 *)', from, 2)), ['2026-12-18T12:00:00Z', '2027-01-15T12:00:00Z']);
  });
  test('Scheduler at() and time zones', () => {
    assert.deepEqual(iso(nextFirings('at(2026-12-24T18:00:00)', from, 5)), ['2026-12-24T18:00:00Z']);
    assert.deepEqual(nextFirings('at(2020-01-01T00:00:00)', from, 5), []);
    assert.deepEqual(iso(nextFirings('cron(0 9 * * ? *)', from, 1, 'Europe/Berlin')), ['2026-12-01T08:00:00Z']);
    assert.deepEqual(iso(nextFirings('at(2026-12-24T18:00:00)', from, 1, 'America/New_York')), ['2026-12-24T23:00:00Z']);
  });
  test('unreadable expressions are a ScheduleError', () => {
    assert.throws(() => nextFirings('every 5 minutes', from, 1), ScheduleError);
    assert.throws(() => nextFirings('cron(0 10 * * ?)', from, 1), /6 fields/);
    assert.throws(() => nextFirings('cron(0 9 * * ? *)', from, 1, 'Mars/Olympus'), /time zone/);
  });
});
