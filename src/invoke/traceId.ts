import { randomBytes } from 'node:crypto';

/** An X-Ray trace header as Lambda puts it in `_X_AMZN_TRACE_ID` for each invocation. */
export function newTraceId(nowMs: number): string {
  const epoch = Math.floor(nowMs / 1000).toString(16).padStart(8, '0');
  return `Root=1-${epoch}-${randomBytes(12).toString('hex')};Parent=${randomBytes(8).toString('hex')};Sampled=0;Lineage=local`;
}

/** The `Root=` part of a trace header, the key that identifies one invocation's calls. */
export function traceRoot(header: string | undefined): string | undefined {
  return header ? /Root=([^;]+)/.exec(header)?.[1] : undefined;
}
