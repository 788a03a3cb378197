/** What one invocation produced, local or remote: shown by the Invoke view and printed by the CLI. */

/** A Lambda-style error: the payload of a failed invocation (`errorType`, `errorMessage`, `trace`). */
export interface LambdaError {
  errorType: string;
  errorMessage: string;
  trace: string[];
}

export interface InvokeResult {
  target: 'local' | 'remote';
  /** Set for Azure Functions (absent: AWS Lambda). */
  cloud?: 'azure';
  /** The function's deployed (or local) name. */
  functionName: string;
  requestId: string;
  /**
   * The returned value (parsed JSON payload) when the invocation succeeded. Azure HTTP-triggered functions: the
   * HTTP response `{ status, headers, cookies, body }`.
   */
  result?: unknown;
  /** Azure: output bindings other than the HTTP response and `$return`, by binding name. */
  outputs?: Record<string, unknown>;
  error?: LambdaError;
  /** Everything the function logged, START/END/REPORT lines (Azure: Executing/Executed) included. */
  logs: string;
  /** Handler time (excludes init). */
  durationMs?: number;
  billedDurationMs?: number;
  memorySizeMb?: number;
  maxMemoryUsedMb?: number;
  /** Module load time on a cold start; undefined when the invocation reused a warm runtime. */
  initDurationMs?: number;
  coldStart?: boolean;
  /** Local only: wall time spent outside init and the handler (process start, build, messaging). */
  overheadMs?: number;
  /** Local only: environment variables whose values could not be resolved and were not in a .env file. */
  unresolvedEnv?: string[];
  /** Local only: the handler's AWS calls that the local services answered (Lambda, SQS, DynamoDB, …). */
  localCalls?: Array<{ service: string; operation: string; resource?: string }>;
}

const REPORT_FIELDS: Array<[RegExp, keyof InvokeResult]> = [
  [/RequestId: \S+\s+Duration: ([\d.]+) ms/, 'durationMs'],
  [/Billed Duration: ([\d.]+) ms/, 'billedDurationMs'],
  [/Memory Size: (\d+) MB/, 'memorySizeMb'],
  [/Max Memory Used: (\d+) MB/, 'maxMemoryUsedMb'],
  [/Init Duration: ([\d.]+) ms/, 'initDurationMs'],
];

/** Metrics from a Lambda `REPORT RequestId: …` log line. */
export function parseReportLine(logs: string): Partial<InvokeResult> & { requestId?: string } {
  const line = logs.split('\n').find((l) => l.startsWith('REPORT RequestId:'));
  if (!line) return {};
  const out: Partial<InvokeResult> & { requestId?: string } = {};
  const id = /^REPORT RequestId: (\S+)/.exec(line);
  if (id) out.requestId = id[1];
  for (const [re, key] of REPORT_FIELDS) {
    const m = re.exec(line);
    if (m) (out as Record<string, unknown>)[key] = Number(m[1]);
  }
  return out;
}

/** The REPORT line Lambda writes at the end of every invocation. */
export function formatReportLine(r: { requestId: string; durationMs: number; billedDurationMs: number; memorySizeMb: number; maxMemoryUsedMb: number; initDurationMs?: number }): string {
  return (
    `REPORT RequestId: ${r.requestId}\tDuration: ${r.durationMs.toFixed(2)} ms\tBilled Duration: ${r.billedDurationMs} ms\t` +
    `Memory Size: ${r.memorySizeMb} MB\tMax Memory Used: ${r.maxMemoryUsedMb} MB` +
    (r.initDurationMs !== undefined ? `\tInit Duration: ${r.initDurationMs.toFixed(2)} ms` : '')
  );
}

/** `DynamoDB PutItem orders ×2, SQS SendMessage Jobs`: the AWS calls the local services answered, counted. */
export function summarizeCalls(calls: ReadonlyArray<{ service: string; operation: string; resource?: string }>): string {
  const counts = new Map<string, number>();
  for (const c of calls) {
    const k = `${c.service} ${c.operation}${c.resource ? ` ${c.resource}` : ''}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => (n > 1 ? `${k} ×${n}` : k)).join(', ');
}
