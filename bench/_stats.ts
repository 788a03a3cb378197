import * as os from 'node:os';

/** Timing helpers shared by the bench scripts: medians of repeated runs, on a warm process. */
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

export async function timeRuns(runs: number, fn: () => unknown | Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await fn();
    out.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return out;
}

export function machine(): string {
  return `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`;
}

/** Prints the machine and a Markdown table of medians against their targets (ms). */
export function printTargetTable(rows: ReadonlyArray<readonly [string, number, number]>): void {
  console.log(`Machine: ${machine()}`);
  console.log('| Benchmark | Median (ms) | Target (ms) |');
  console.log('|---|---:|---:|');
  for (const [name, ms, target] of rows) console.log(`| ${name} | ${ms.toFixed(2)} | < ${target} ${ms < target ? '✓' : '✗'} |`);
}
