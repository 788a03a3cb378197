/**
 * Azure Functions prices for the two plans billed per execution, and what one invocation costs on each: the one
 * place these figures live. Update the date and the figures together.
 *
 * Source: https://azure.microsoft.com/pricing/details/functions/ (pay-as-you-go list prices, East US), and
 * "Estimating consumption-based costs" (learn.microsoft.com/azure/azure-functions/functions-consumption-costs).
 * Read 2026-11-30. Monthly free grants (Consumption: 400,000 GB-s and 1 million executions; Flex Consumption
 * on demand: 100,000 GB-s and 250,000 executions) are not subtracted: the figures are what an execution costs
 * once the grant is used.
 *
 * - Consumption: the memory the execution used, rounded up to the next 128 MB, times its duration, at least
 *   100 ms and 128 MB per execution; $0.000016 per GB-s and $0.20 per million executions.
 * - Flex Consumption, on demand: the memory provisioned for the instance (its instance memory size, 2048 MB
 *   unless set to 512 or 4096) while it executes; $0.000026 per GB-s and $0.40 per million executions.
 */
import type { InvokeResult } from '../shared/invokeResult';
import type { RunCost } from '../shared/invokeProtocol';
import { formatUsd } from './invocationCost';

export const azureFunctionsPrices = {
  source: 'https://azure.microsoft.com/pricing/details/functions/',
  date: '2026-11-30',
  currency: 'USD',
  region: 'East US',
  consumption: { perGbSecond: 0.000016, perMillionExecutions: 0.2, minDurationMs: 100, memoryStepMb: 128 },
  flexConsumption: { perGbSecond: 0.000026, perMillionExecutions: 0.4, defaultInstanceMemoryMb: 2048 },
} as const;

export type AzurePlan = 'consumption' | 'flex';

export interface AzureCost {
  plan: AzurePlan;
  /** The memory the execution is billed for, in MB. */
  billedMemoryMb: number;
  billedDurationMs: number;
  gbSeconds: number;
  totalUsd: number;
  perMillionUsd: number;
}

/** What one execution costs on a plan, from its duration and the memory it used (Consumption) or the instance size (Flex). */
export function azureExecutionCost(plan: AzurePlan, input: { durationMs: number; maxMemoryUsedMb: number; instanceMemoryMb?: number }): AzureCost {
  const p = azureFunctionsPrices;
  let billedMemoryMb: number;
  let billedDurationMs: number;
  let perGbSecond: number;
  let perExecution: number;
  if (plan === 'consumption') {
    billedMemoryMb = Math.max(p.consumption.memoryStepMb, Math.ceil(Math.max(0, input.maxMemoryUsedMb) / p.consumption.memoryStepMb) * p.consumption.memoryStepMb);
    billedDurationMs = Math.max(p.consumption.minDurationMs, Math.ceil(Math.round(input.durationMs * 1e6) / 1e6));
    perGbSecond = p.consumption.perGbSecond;
    perExecution = p.consumption.perMillionExecutions / 1e6;
  } else {
    billedMemoryMb = input.instanceMemoryMb ?? p.flexConsumption.defaultInstanceMemoryMb;
    billedDurationMs = Math.max(1, Math.ceil(Math.round(input.durationMs * 1e6) / 1e6));
    perGbSecond = p.flexConsumption.perGbSecond;
    perExecution = p.flexConsumption.perMillionExecutions / 1e6;
  }
  const gbSeconds = (billedMemoryMb / 1024) * (billedDurationMs / 1000);
  const totalUsd = gbSeconds * perGbSecond + perExecution;
  return { plan, billedMemoryMb, billedDurationMs, gbSeconds, totalUsd, perMillionUsd: totalUsd * 1e6 };
}

/**
 * The cost line of an Azure result: Consumption first (the plan the memory figures come from), Flex Consumption
 * beside it. Local runs are estimates from the measured duration and memory.
 */
export function azureRunCost(result: InvokeResult): RunCost | undefined {
  if (result.durationMs === undefined || result.error?.errorType === 'FunctionTimeoutException') return undefined;
  // Through a host (local or in Azure) the memory an execution used is not reported: the plan's minimum is shown.
  const known = result.maxMemoryUsedMb !== undefined && result.maxMemoryUsedMb > 0;
  const used = known ? (result.maxMemoryUsedMb as number) : 0;
  const consumption = azureExecutionCost('consumption', { durationMs: result.durationMs, maxMemoryUsedMb: used });
  const flex = azureExecutionCost('flex', { durationMs: result.durationMs, maxMemoryUsedMb: used });
  const p = azureFunctionsPrices;
  return {
    perInvocation: formatUsd(consumption.totalUsd),
    perMillion: formatUsd(consumption.perMillionUsd),
    basis:
      `Consumption · ${consumption.billedMemoryMb} MB${known ? '' : ' (the minimum: memory not reported)'} · ${consumption.billedDurationMs} ms billed; ` +
      `Flex Consumption (${flex.billedMemoryMb} MB instance): ${formatUsd(flex.totalUsd)}, ${formatUsd(flex.perMillionUsd)} per 1M · ` +
      `${p.region} prices of ${p.date}`,
    estimate: result.target === 'local',
  };
}
