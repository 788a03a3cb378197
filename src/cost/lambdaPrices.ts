/**
 * The AWS Lambda on-demand price table: the one place prices live. Update the date and the figures together.
 *
 * Source: https://aws.amazon.com/lambda/pricing/ (AWS Lambda Pricing, "Lambda on-demand pricing" tables,
 * first duration tier: the first 6 billion GB-seconds a month on x86, 7.5 billion on Arm). Read 2026-11-29.
 * The first tier is what almost every account pays; tiered discounts above it are not modelled.
 *
 * INIT billing: since 2025-08-01 the INIT phase of on-demand ZIP functions on managed runtimes is billed like
 * the handler ("AWS Lambda standardizes billing for INIT Phase", AWS Compute Blog, 2025-04-29), so a cold
 * invocation's billed duration includes its init duration.
 */
export const lambdaPriceTable = {
  source: 'https://aws.amazon.com/lambda/pricing/',
  /** The day the figures below were checked against the source. */
  date: '2026-11-29',
  currency: 'USD',
  /** Regions whose price is not listed here are priced with this region's figures, and the result says so. */
  fallbackRegion: 'us-east-1',
  /**
   * Price groups. The commercial regions listed share the US East (N. Virginia) figures on the pricing page:
   * $0.0000166667 per GB-second on x86_64, $0.0000133334 on arm64, $0.20 per million requests.
   */
  groups: [
    {
      regions: [
        'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
        'ca-central-1', 'sa-east-1',
        'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-north-1',
        'ap-south-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1', 'ap-southeast-2',
      ],
      perGbSecond: { x86_64: 0.0000166667, arm64: 0.0000133334 },
      perMillionRequests: 0.2,
    },
  ],
} as const;

export type Architecture = 'x86_64' | 'arm64';

/** The prices that apply to one region. */
export interface RegionPrices {
  /** The region that was asked for. */
  region: string;
  /** The region whose listed figures were used (differs from `region` when it is not in the table). */
  pricedAs: string;
  perGbSecond: Record<Architecture, number>;
  perRequest: number;
  source: string;
  date: string;
}

/** The prices for a region; an unlisted region gets the fallback region's figures, marked in `pricedAs`. */
export function pricesFor(region: string): RegionPrices {
  const wanted = region.trim().toLowerCase();
  const listed = lambdaPriceTable.groups.find((g) => (g.regions as readonly string[]).includes(wanted));
  const group = listed ?? lambdaPriceTable.groups.find((g) => (g.regions as readonly string[]).includes(lambdaPriceTable.fallbackRegion));
  if (!group) throw new Error('price table has no entry for its fallback region');
  return {
    region: wanted,
    pricedAs: listed ? wanted : lambdaPriceTable.fallbackRegion,
    perGbSecond: { ...group.perGbSecond },
    perRequest: group.perMillionRequests / 1_000_000,
    source: lambdaPriceTable.source,
    date: lambdaPriceTable.date,
  };
}
