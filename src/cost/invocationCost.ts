import type { Value } from '../model/types';
import { isUnresolved } from '../model/types';
import type { Architecture, RegionPrices } from './lambdaPrices';
import { pricesFor } from './lambdaPrices';

/** What one invocation used. */
export interface CostInput {
  /** Handler duration in milliseconds, as measured (fractional). */
  durationMs: number;
  /** Init (module load) duration of a cold start; undefined for a warm invocation. */
  initDurationMs?: number;
  /** The billed duration Lambda reported (REPORT line); computed from the durations when absent. */
  billedDurationMs?: number;
  memoryMb: number;
  architecture: Architecture;
  region: string;
}

/** The cost of one invocation and of a million like it, with the figures it was computed from. */
export interface CostEstimate {
  /** Billed duration of this invocation (init included on a cold start). */
  billedDurationMs: number;
  /** Billed duration of the same invocation on a warm environment: what most of a million invocations pay. */
  warmBilledDurationMs: number;
  memoryGb: number;
  /** Compute of this invocation in GB-seconds. */
  gbSeconds: number;
  computeUsd: number;
  requestUsd: number;
  /** This invocation: compute + request. */
  totalUsd: number;
  /** A million warm invocations like this one: compute at the warm billed duration + a million requests. */
  perMillionUsd: number;
  /** Whether `billedDurationMs` includes an init phase (cold start). */
  includesInit: boolean;
  architecture: Architecture;
  prices: RegionPrices;
}

/**
 * Lambda bills duration rounded up to the next millisecond, at least 1 ms. The value is first rounded to
 * the nanosecond so floating-point noise (12.0000000001) does not add a millisecond.
 */
export function billedDuration(ms: number): number {
  const ns = Math.round(Math.max(0, ms) * 1e6) / 1e6;
  return Math.max(1, Math.ceil(ns));
}

/** The cost arithmetic: GB-seconds = memory (MB / 1024) × billed seconds; plus the per-request price. */
export function estimateCost(input: CostInput): CostEstimate {
  if (!(input.memoryMb > 0)) throw new RangeError(`memory size must be a positive number of MB, got ${input.memoryMb}`);
  if (!(input.durationMs >= 0)) throw new RangeError(`duration must be a non-negative number of ms, got ${input.durationMs}`);
  const prices = pricesFor(input.region);
  const includesInit = input.initDurationMs !== undefined;
  const billedMs = input.billedDurationMs ?? billedDuration(input.durationMs + (input.initDurationMs ?? 0));
  const warmBilledMs = billedDuration(input.durationMs);
  const memoryGb = input.memoryMb / 1024;
  const rate = prices.perGbSecond[input.architecture];
  const gbSeconds = memoryGb * (billedMs / 1000);
  const computeUsd = gbSeconds * rate;
  const requestUsd = prices.perRequest;
  const perMillionUsd = 1_000_000 * (memoryGb * (warmBilledMs / 1000) * rate + prices.perRequest);
  return {
    billedDurationMs: billedMs,
    warmBilledDurationMs: warmBilledMs,
    memoryGb,
    gbSeconds,
    computeUsd,
    requestUsd,
    totalUsd: computeUsd + requestUsd,
    perMillionUsd,
    includesInit,
    architecture: input.architecture,
    prices,
  };
}

/**
 * The architecture of a function from its config value: Serverless Framework `architecture: arm64`, SAM/CFN
 * `Architectures: [arm64]`. Lambda's default, and the answer for anything unresolved, is x86_64.
 */
export function architectureOf(value: Value | undefined): Architecture {
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined || isUnresolved(first)) return 'x86_64';
  return typeof first === 'string' && first.trim().toLowerCase() === 'arm64' ? 'arm64' : 'x86_64';
}

/** Dollars with enough decimals to show three significant digits of a tiny amount: `$0.00000228`, `$2.28`. */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  if (Math.abs(usd) >= 0.01) return `$${usd.toFixed(2)}`;
  const decimals = Math.min(14, Math.ceil(-Math.log10(Math.abs(usd))) + 2);
  return `$${usd.toFixed(decimals).replace(/0+$/, '')}`;
}

/** One line for a result: `$0.0000021 (x86_64, 128 MB, 100 ms billed) · $2.28 per 1M`. */
export function costSummary(c: CostEstimate, estimate: boolean): string {
  const mb = Math.round(c.memoryGb * 1024);
  const region = c.prices.pricedAs === c.prices.region ? c.prices.region : `${c.prices.region}, priced as ${c.prices.pricedAs}`;
  return (
    `${estimate ? '≈ ' : ''}${formatUsd(c.totalUsd)} (${c.architecture}, ${mb} MB, ${c.billedDurationMs} ms billed${c.includesInit ? ' incl. init' : ''}, ${region})` +
    ` · ${formatUsd(c.perMillionUsd)} per 1M warm`
  );
}
