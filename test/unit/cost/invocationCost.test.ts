import assert from 'node:assert/strict';
import { test } from 'node:test';
import { architectureOf, billedDuration, costSummary, estimateCost, formatUsd } from '../../../src/cost/invocationCost';
import { lambdaPriceTable, pricesFor } from '../../../src/cost/lambdaPrices';
import { runCostOf } from '../../../src/cost/runCost';

/** Money compared to 1e-15 USD: far below a billable amount, far above float noise. */
function near(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) < 1e-12 * Math.max(1, Math.abs(expected)), `${what}: ${actual} != ${expected}`);
}

test('the price table is dated, sourced, and has us-east-1 at the published figures', () => {
  assert.match(lambdaPriceTable.date, /^\d{4}-\d{2}-\d{2}$/);
  assert.equal(lambdaPriceTable.source, 'https://aws.amazon.com/lambda/pricing/');
  const p = pricesFor('us-east-1');
  assert.equal(p.perGbSecond.x86_64, 0.0000166667);
  assert.equal(p.perGbSecond.arm64, 0.0000133334);
  near(p.perRequest, 0.0000002, 'per request');
  assert.equal(p.pricedAs, 'us-east-1');
});

test('an unlisted region is priced as the fallback and says so', () => {
  const p = pricesFor('xx-nowhere-9');
  assert.equal(p.region, 'xx-nowhere-9');
  assert.equal(p.pricedAs, 'us-east-1');
  assert.equal(pricesFor(' EU-WEST-1 ').pricedAs, 'eu-west-1');
});

test('billed duration rounds up to the next millisecond, at least 1 ms', () => {
  assert.equal(billedDuration(0), 1);
  assert.equal(billedDuration(0.2), 1);
  assert.equal(billedDuration(1), 1);
  assert.equal(billedDuration(1.0001), 2);
  assert.equal(billedDuration(12.0000000001), 12);
  assert.equal(billedDuration(99.5), 100);
});

test('128 MB x86 for 100 ms in us-east-1 (hand computed)', () => {
  const c = estimateCost({ durationMs: 100, memoryMb: 128, architecture: 'x86_64', region: 'us-east-1' });
  // 0.125 GB × 0.1 s = 0.0125 GB-s; × 0.0000166667 = 0.000000208333750; + 0.0000002 per request.
  near(c.gbSeconds, 0.0125, 'GB-s');
  near(c.computeUsd, 0.00000020833375, 'compute');
  near(c.totalUsd, 0.00000040833375, 'total');
  // A million: 12,500 GB-s × 0.0000166667 = 0.20833375 + 0.20 requests.
  near(c.perMillionUsd, 0.40833375, 'per million');
  assert.equal(c.includesInit, false);
});

test('512 MB x86 for 1 s: the pricing page example rate (1.5M GB-s for 3M invocations)', () => {
  const c = estimateCost({ durationMs: 1000, memoryMb: 512, architecture: 'x86_64', region: 'us-east-1' });
  near(c.gbSeconds * 3_000_000, 1_500_000, 'GB-s for 3M');
  // 500,000 GB-s per million × 0.0000166667 = 8.33335; + 0.20.
  near(c.perMillionUsd, 8.53335, 'per million');
});

test('arm64 1024 MB for 12.0001 ms bills 13 ms at the Arm rate', () => {
  const c = estimateCost({ durationMs: 12.0001, memoryMb: 1024, architecture: 'arm64', region: 'eu-west-1' });
  assert.equal(c.billedDurationMs, 13);
  // 1 GB × 0.013 s × 0.0000133334 = 0.0000001733342.
  near(c.computeUsd, 0.0000001733342, 'compute');
  near(c.totalUsd, 0.0000003733342, 'total');
});

test('a cold start bills init + handler; per million uses the warm duration', () => {
  const c = estimateCost({ durationMs: 50.2, initDurationMs: 180.4, memoryMb: 256, architecture: 'x86_64', region: 'us-east-1' });
  assert.equal(c.billedDurationMs, 231);
  assert.equal(c.warmBilledDurationMs, 51);
  assert.equal(c.includesInit, true);
  // 0.25 GB × 0.231 s = 0.05775 GB-s × 0.0000166667 = 0.000000962501925.
  near(c.computeUsd, 0.000000962501925, 'compute');
  // Warm: 0.25 × 0.051 × 1e6 = 12,750 GB-s × 0.0000166667 = 0.212500425 + 0.2.
  near(c.perMillionUsd, 0.412500425, 'per million');
});

test('a billed duration reported by Lambda is used as is', () => {
  const c = estimateCost({ durationMs: 3.21, initDurationMs: 140.5, billedDurationMs: 144, memoryMb: 128, architecture: 'x86_64', region: 'us-east-1' });
  assert.equal(c.billedDurationMs, 144);
  assert.equal(c.warmBilledDurationMs, 4);
});

test('bad input is a clear error', () => {
  assert.throws(() => estimateCost({ durationMs: 10, memoryMb: 0, architecture: 'x86_64', region: 'us-east-1' }), /memory size must be a positive number/);
  assert.throws(() => estimateCost({ durationMs: Number.NaN, memoryMb: 128, architecture: 'x86_64', region: 'us-east-1' }), /duration must be/);
});

test('architecture from Serverless Framework and SAM values', () => {
  assert.equal(architectureOf('arm64'), 'arm64');
  assert.equal(architectureOf(['arm64']), 'arm64');
  assert.equal(architectureOf(['x86_64']), 'x86_64');
  assert.equal(architectureOf(undefined), 'x86_64');
  assert.equal(architectureOf({ unresolved: true, expr: '${param:arch}' }), 'x86_64');
});

test('dollars are shown with three significant digits when tiny', () => {
  assert.equal(formatUsd(0), '$0');
  assert.equal(formatUsd(2.2834), '$2.28');
  assert.equal(formatUsd(0.00000228), '$0.00000228');
  assert.equal(formatUsd(0.00000040833375), '$0.000000408');
  const c = estimateCost({ durationMs: 100, memoryMb: 128, architecture: 'x86_64', region: 'mars-1' });
  assert.equal(costSummary(c, true), '≈ $0.000000408 (x86_64, 128 MB, 100 ms billed, mars-1, priced as us-east-1) · $0.41 per 1M warm');
});

test('the cost line of a local cold run is an estimate including init; a remote run uses the REPORT billed duration', () => {
  const local = runCostOf(
    { target: 'local', functionName: 'f', requestId: 'r', logs: '', durationMs: 50.2, initDurationMs: 180.4, coldStart: true, billedDurationMs: 51, memorySizeMb: 256 },
    { architecture: 'x86_64', region: 'eu-west-1' },
  );
  // 0.25 GB × 0.231 s × 0.0000166667 + 0.0000002 = 0.000001162501925; a million warm: 0.412500425.
  assert.deepEqual(local, { perInvocation: '$0.00000116', perMillion: '$0.41', basis: 'x86_64 · 256 MB · 231 ms billed (incl. init) · eu-west-1 prices of 2026-11-29', estimate: true });
  const remote = runCostOf(
    { target: 'remote', functionName: 'f', requestId: 'r', logs: '', durationMs: 3.2, billedDurationMs: 4, memorySizeMb: 1024, coldStart: false },
    { architecture: 'arm64', region: 'us-east-1' },
  );
  // 1 GB × 0.004 s × 0.0000133334 = 0.0000000533336 + 0.0000002.
  assert.deepEqual(remote, { perInvocation: '$0.000000253', perMillion: '$0.25', basis: 'arm64 · 1024 MB · 4 ms billed · us-east-1 prices of 2026-11-29', estimate: false });
  assert.equal(runCostOf({ target: 'local', functionName: 'f', requestId: 'r', logs: '' }, { architecture: 'x86_64', region: 'us-east-1' }), undefined);
});
