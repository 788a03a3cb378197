import assert from 'node:assert/strict';
import { test } from 'node:test';
import { azureExecutionCost, azureFunctionsPrices, azureRunCost } from '../../../src/cost/azurePrices';

function near(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) < 1e-12 * Math.max(1, Math.abs(expected)), `${what}: ${actual} != ${expected}`);
}

test('the Azure price table is dated and sourced', () => {
  assert.match(azureFunctionsPrices.date, /^\d{4}-\d{2}-\d{2}$/);
  assert.equal(azureFunctionsPrices.source, 'https://azure.microsoft.com/pricing/details/functions/');
});

test('Consumption: used memory rounded up to 128 MB, at least 100 ms; Flex: the instance memory', () => {
  // 160 MB used for 3 s → billed as 256 MB: 0.25 GB × 3 s = 0.75 GB-s.
  const c = azureExecutionCost('consumption', { durationMs: 3000, maxMemoryUsedMb: 160 });
  assert.deepEqual([c.billedMemoryMb, c.billedDurationMs], [256, 3000]);
  near(c.gbSeconds, 0.75, 'GB-s');
  near(c.totalUsd, 0.75 * 0.000016 + 0.2 / 1e6, 'total');
  const short = azureExecutionCost('consumption', { durationMs: 12.3, maxMemoryUsedMb: 40 });
  assert.deepEqual([short.billedMemoryMb, short.billedDurationMs], [128, 100]);
  const flex = azureExecutionCost('flex', { durationMs: 1500.2, maxMemoryUsedMb: 40 });
  assert.deepEqual([flex.billedMemoryMb, flex.billedDurationMs], [2048, 1501]);
  near(flex.totalUsd, 2 * 1.501 * 0.000026 + 0.4 / 1e6, 'flex total');
  near(flex.perMillionUsd, flex.totalUsd * 1e6, 'per million');
});

test('the cost line of a result names both plans and the dated source; a timed-out run has none', () => {
  const cost = azureRunCost({ target: 'local', cloud: 'azure', functionName: 'f', requestId: 'r', logs: '', durationMs: 12, maxMemoryUsedMb: 60, memorySizeMb: 1536 });
  assert.ok(cost);
  assert.equal(cost.estimate, true);
  assert.equal(cost.perInvocation, '$0.0000004');
  assert.equal(cost.basis, `Consumption · 128 MB · 100 ms billed; Flex Consumption (2048 MB instance): $0.00000102, $1.02 per 1M · East US prices of ${azureFunctionsPrices.date}`);
  assert.equal(azureRunCost({ target: 'local', functionName: 'f', requestId: 'r', logs: '', durationMs: 1000, error: { errorType: 'FunctionTimeoutException', errorMessage: 'x', trace: [] } }), undefined);
});
