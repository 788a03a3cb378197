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
  /** Local only: the interpreter that ran the function. */
  interpreter?: { family: 'node' | 'python'; version: string; path: string; source: string };
  /** Local only: how the memory size was enforced (`cgroup`: the kernel; `sampler`: the host watching; `peak`: checked after each invocation). */
  memoryEnforcement?: 'cgroup' | 'sampler' | 'peak';
  /** Local only: what differs from Lambda for this run (another interpreter version, a layer known only by ARN, …). */
  warnings?: string[];
  /** Response streaming: how the body came; `result` is then the body as text. */
  stream?: StreamedResponse;
  /** Functions with tenant isolation: the tenant the invocation ran for. */
  tenantId?: string;
  /** The function logs in Lambda's JSON format (`LoggingConfig.LogFormat: JSON`). */
  logFormat?: 'JSON';
}

/** A response streamed by an `awslambda.streamifyResponse` handler. */
export interface StreamedResponse {
  contentType: string;
  /** Writes received and body bytes (without a Function URL prelude). */
  chunks: number;
  bytes: number;
  /** `awslambda.HttpResponseStream.from(stream, { statusCode, headers, cookies })`. */
  prelude?: { statusCode?: number; headers?: Record<string, string>; cookies?: string[] };
}

const REPORT_FIELDS: Array<[RegExp, keyof InvokeResult]> = [
  [/RequestId: \S+\s+Duration: ([\d.]+) ms/, 'durationMs'],
  [/Billed Duration: ([\d.]+) ms/, 'billedDurationMs'],
  [/Memory Size: (\d+) MB/, 'memorySizeMb'],
  [/Max Memory Used: (\d+) MB/, 'maxMemoryUsedMb'],
  [/Init Duration: ([\d.]+) ms/, 'initDurationMs'],
];

/** Metrics of a `platform.report` record: what Lambda writes instead of REPORT with JSON logging. */
function parseReportRecord(line: string): Partial<InvokeResult> & { requestId?: string } {
  try {
    const r = (JSON.parse(line) as { record?: { requestId?: unknown; metrics?: Record<string, unknown> } }).record;
    const m = r?.metrics ?? {};
    const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
    const out: Partial<InvokeResult> & { requestId?: string } = {};
    if (typeof r?.requestId === 'string') out.requestId = r.requestId;
    for (const [key, field] of [['durationMs', 'durationMs'], ['billedDurationMs', 'billedDurationMs'], ['memorySizeMB', 'memorySizeMb'], ['maxMemoryUsedMB', 'maxMemoryUsedMb'], ['initDurationMs', 'initDurationMs']] as const) {
      const v = num(m[key]);
      if (v !== undefined) out[field] = v;
    }
    return out;
  } catch {
    return {};
  }
}

/** Metrics from a Lambda `REPORT RequestId: …` log line, or from a JSON `platform.report` record. */
export function parseReportLine(logs: string): Partial<InvokeResult> & { requestId?: string } {
  const lines = logs.split('\n');
  const line = lines.find((l) => l.startsWith('REPORT RequestId:'));
  if (!line) {
    const record = lines.find((l) => l.startsWith('{') && l.includes('"platform.report"'));
    return record ? parseReportRecord(record) : {};
  }
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
export function formatReportLine(r: { requestId: string; durationMs: number; billedDurationMs: number; memorySizeMb: number; maxMemoryUsedMb: number; initDurationMs?: number; interpreter?: string }): string {
  return (
    `REPORT RequestId: ${r.requestId}\tDuration: ${r.durationMs.toFixed(2)} ms\tBilled Duration: ${r.billedDurationMs} ms\t` +
    `Memory Size: ${r.memorySizeMb} MB\tMax Memory Used: ${r.maxMemoryUsedMb} MB` +
    (r.initDurationMs !== undefined ? `\tInit Duration: ${r.initDurationMs.toFixed(2)} ms` : '') +
    // Local runs name the interpreter that ran the function (Lambda's REPORT has no such field).
    (r.interpreter ? `\tInterpreter: ${r.interpreter}` : '')
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
