import type { RunCost } from '../shared/invokeProtocol';
import type { InvokeResult } from '../shared/invokeResult';
import type { Architecture } from './lambdaPrices';
import { estimateCost, formatUsd } from './invocationCost';

/**
 * The cost line of an invocation result. Remote runs use Lambda's own billed duration (REPORT); local runs are
 * an estimate from the measured handler and init durations and the function's memory size. Undefined when the
 * result carries no duration or memory size (an invocation that never ran).
 */
export function runCostOf(result: InvokeResult, where: { architecture: Architecture; region: string }): RunCost | undefined {
  if (result.durationMs === undefined || !result.memorySizeMb) return undefined;
  const estimate = result.target === 'local';
  const c = estimateCost({
    durationMs: result.durationMs,
    initDurationMs: result.initDurationMs,
    // Lambda's billed duration includes init since 2025-08-01 (the local runtime's REPORT line does the same).
    billedDurationMs: estimate ? undefined : result.billedDurationMs,
    memoryMb: result.memorySizeMb,
    architecture: where.architecture,
    region: where.region,
  });
  const region = c.prices.pricedAs === c.prices.region ? c.prices.region : `${c.prices.region} (priced as ${c.prices.pricedAs})`;
  return {
    perInvocation: formatUsd(c.totalUsd),
    perMillion: formatUsd(c.perMillionUsd),
    basis: `${c.architecture} · ${result.memorySizeMb} MB · ${c.billedDurationMs} ms billed${c.includesInit ? ' (incl. init)' : ''} · ${region} prices of ${c.prices.date}`,
    estimate,
  };
}
