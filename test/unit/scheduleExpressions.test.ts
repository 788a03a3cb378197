import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAwsSchedule, checkAzureSchedule } from '../../src/validation/scheduleExpressions';

test('AWS rate() on an EventBridge rule: positive whole value, singular unit for 1, plural otherwise', () => {
  for (const ok of ['rate(1 Minute)', 'rate(1 minute)', 'rate(5 minutes)', 'rate(1 hour)', 'rate(12 hours)', 'rate(1 day)', 'rate(7 days)']) assert.equal(checkAwsSchedule(ok, false), undefined, ok);
  assert.equal(checkAwsSchedule('rate(1 minutes)', false)?.fix?.text, 'rate(1 minute)');
  assert.equal(checkAwsSchedule('rate(2 hour)', false)?.fix?.text, 'rate(2 hours)');
  assert.match(checkAwsSchedule('rate(0 minutes)', false)!.message, /positive whole number/);
  assert.match(checkAwsSchedule('rate(1.5 hours)', false)!.message, /positive whole number/);
  assert.match(checkAwsSchedule('rate(1 week)', false)!.message, /minute\(s\), hour\(s\) or day\(s\)/);
  assert.match(checkAwsSchedule('every 5 minutes', false)!.message, /not a schedule expression/);
});

test('AWS rate() on EventBridge Scheduler: any of minute(s)/hour(s)/day(s) with any value, the rest as for rules', () => {
  // serverless-patterns' eventbridge-schedule-to-lambda-sam-go deploys ScheduleV2 with rate(5 minute).
  for (const ok of ['rate(5 minute)', 'rate(1 minutes)', 'rate(2 hour)', 'rate(1 days)', 'rate(5 minutes)']) assert.equal(checkAwsSchedule(ok, true), undefined, ok);
  assert.match(checkAwsSchedule('rate(0 minutes)', true)!.message, /positive whole number/);
  assert.match(checkAwsSchedule('rate(1 week)', true)!.message, /minute\(s\), hour\(s\) or day\(s\)/);
  assert.match(checkAwsSchedule('rate(5)', true)!.message, /needs a value and a unit/);
});

test('AWS cron(): 6 fields, ranges per field, exactly one "?", L/W/# forms', () => {
  for (const ok of [
    'cron(0 12 * * ? *)', 'cron(15 10 ? * 6L 2026-2030)', 'cron(0 18 ? * MON-FRI *)', 'cron(0 8 1 * ? *)', 'cron(0/15 * * * ? *)',
    'cron(0 9 ? * 2#1 *)', 'cron(0 0 L * ? *)', 'cron(0 0 15W * ? *)', 'cron(0 0 LW * ? *)', 'cron(5,35 14 * * ? *)', 'cron(0 10 ? JAN-MAR SUN *)',
  ]) assert.equal(checkAwsSchedule(ok), undefined, ok);
  assert.match(checkAwsSchedule('cron(0 12 * * * * *)')!.message, /6 fields/);
  assert.match(checkAwsSchedule('cron(60 12 * * ? *)')!.message, /"60" is not a valid minutes value/);
  assert.match(checkAwsSchedule('cron(0 24 * * ? *)')!.message, /hours/);
  assert.match(checkAwsSchedule('cron(0 12 32 * ? *)')!.message, /day-of-month/);
  assert.match(checkAwsSchedule('cron(0 12 ? 13 MON *)')!.message, /month/);
  assert.match(checkAwsSchedule('cron(0 12 ? * 8 *)')!.message, /day-of-week/);
  assert.match(checkAwsSchedule('cron(0 12 ? * MON 1960)')!.message, /year/);
  assert.match(checkAwsSchedule('cron(0 12 ? * ? *)')!.message, /Only one/);
  assert.equal(checkAwsSchedule('cron(0 12 * * MON *)')?.fix?.text, 'cron(0 12 ? * MON *)');
  assert.equal(checkAwsSchedule('cron(0 12 1 * MON *)')?.fix?.text, 'cron(0 12 1 * ? *)');
  assert.equal(checkAwsSchedule('cron(5, 0, 1, *, ?, *)')?.fix?.text, 'cron(5 0 1 * ? *)');
});

test('a 5-field Unix cron becomes AWS 6-field with "?" and Sunday=1', () => {
  assert.equal(checkAwsSchedule('cron(0 2 * * *)')?.fix?.text, 'cron(0 2 * * ? *)');
  assert.equal(checkAwsSchedule('cron(30 9 * * 1-5)')?.fix?.text, 'cron(30 9 ? * 2-6 *)');
  assert.equal(checkAwsSchedule('cron(0 0 * * 0)')?.fix?.text, 'cron(0 0 ? * 1 *)');
  assert.equal(checkAwsSchedule('cron(0 0 1 * *)')?.fix?.text, 'cron(0 0 1 * ? *)');
  assert.equal(checkAwsSchedule('cron(0 0 1 * 1)')?.fix, undefined, 'both days set: no guess');
});

test('Azure NCRONTAB (6 fields with seconds) and TimeSpan', () => {
  for (const ok of ['0 */5 * * * *', '0 0 2 * * *', '0 30 9 * * 1-5', '0 0 0 1 Jan *', '00:05:00', '24:00:00', '1.00:00:00', '%TimerSchedule%']) {
    assert.equal(checkAzureSchedule(ok), undefined, ok);
  }
  const five = checkAzureSchedule('*/5 * * * *')!;
  assert.match(five.message, /6 fields/);
  assert.equal(five.fix?.text, '0 */5 * * * *');
  assert.match(checkAzureSchedule('0 61 * * * *')!.message, /minute/);
  assert.match(checkAzureSchedule('0 0 0 * * 8')!.message, /day-of-week/);
  assert.match(checkAzureSchedule('00:75:00')!.message, /00-59/);
  assert.match(checkAzureSchedule('00:00:00')!.message, /zero/);
});

test('at() is a one-time EventBridge Scheduler schedule; EventBridge rules do not take it', () => {
  assert.equal(checkAwsSchedule('at(2026-12-24T18:00:00)'), undefined);
  assert.match(checkAwsSchedule('at(2026-12-24T18:00:00)', false)!.message, /need EventBridge Scheduler \(SAM ScheduleV2/);
  assert.doesNotMatch(checkAwsSchedule('whenever', false)!.message, /at\(/);
});
