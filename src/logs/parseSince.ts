const units: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * `--since` values: a duration back from now (`30s`, `10m`, `2h`, `1d`, `1w`, combinations like `1h30m`)
 * or an ISO 8601 date/time. Returns the start time in ms since the epoch, or undefined when it cannot be read.
 */
export function parseSince(text: string, now: number): number | undefined {
  const trimmed = text.trim();
  if (/^(\d+[smhdw])+$/i.test(trimmed)) {
    let ms = 0;
    for (const m of trimmed.matchAll(/(\d+)([smhdw])/gi)) ms += Number(m[1]) * units[m[2].toLowerCase()];
    return now - ms;
  }
  if (/^\d{4}-\d{2}-\d{2}/.test(trimmed)) {
    const t = Date.parse(trimmed);
    return Number.isNaN(t) ? undefined : t;
  }
  return undefined;
}
