/**
 * Lambda's log line formats: the text format (`<time>\t<request id>\t<LEVEL>\t<message>`) and the JSON format
 * of advanced logging controls (`LoggingConfig.LogFormat: JSON`), with its level filter. Shared by the Node
 * worker (application lines) and the host (the platform's START/REPORT lines).
 */
import { format } from 'node:util';

export const logLevels = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;
export type LogLevel = (typeof logLevels)[number];

export interface LogConfig {
  format: 'Text' | 'JSON';
  /** Lines of the function below this level are dropped (JSON format only, as on Lambda). */
  applicationLogLevel: LogLevel;
  /** START/REPORT lines below this level are dropped (JSON format only); they are INFO. */
  systemLogLevel: LogLevel;
}

export const textLogConfig: LogConfig = { format: 'Text', applicationLogLevel: 'INFO', systemLogLevel: 'INFO' };

export function parseLogLevel(v: unknown): LogLevel | undefined {
  const s = typeof v === 'string' ? v.toUpperCase() : '';
  return (logLevels as readonly string[]).includes(s) ? (s as LogLevel) : undefined;
}

/** Whether a line of `level` is written when the configured minimum is `min`. */
export function levelEnabled(level: LogLevel, min: LogLevel): boolean {
  return logLevels.indexOf(level) >= logLevels.indexOf(min);
}

/** The environment Lambda gives a function with JSON logging: the runtime reads its format and level from it. */
export function logEnvironment(c: LogConfig): Record<string, string> {
  return c.format === 'JSON' ? { AWS_LAMBDA_LOG_FORMAT: 'JSON', AWS_LAMBDA_LOG_LEVEL: c.applicationLogLevel } : {};
}

/** The log configuration a worker finds in its environment (what the Lambda runtime client does). */
export function logConfigFromEnv(env: Record<string, string | undefined>): LogConfig {
  if (env.AWS_LAMBDA_LOG_FORMAT !== 'JSON') return textLogConfig;
  return { format: 'JSON', applicationLogLevel: parseLogLevel(env.AWS_LAMBDA_LOG_LEVEL) ?? 'INFO', systemLogLevel: 'INFO' };
}

/** An Error as Lambda's JSON logs show it. */
function errorFields(e: Error): { errorType: string; errorMessage: string; stackTrace: string[] } {
  return { errorType: e.constructor?.name ?? 'UnknownError', errorMessage: e.message, stackTrace: typeof e.stack === 'string' ? e.stack.split('\n') : [] };
}

function replacer(_key: string, value: unknown): unknown {
  return value instanceof Error ? errorFields(value) : value;
}

/**
 * One application log line. Text: `console.log` arguments formatted like `util.format`. JSON: a single argument
 * is kept as a JSON value (objects stay objects), several are formatted into one message, and an Error among
 * them adds `errorType`, `errorMessage` and `stackTrace`, as the Node.js runtime does.
 */
export function formatLogLine(c: LogConfig, level: LogLevel, requestId: string | undefined, args: unknown[], tenantId?: string): string {
  const timestamp = new Date().toISOString();
  if (c.format === 'Text') return `${timestamp}\t${requestId ?? 'undefined'}\t${level}\t${format(...args)}\n`;
  const record: Record<string, unknown> = { timestamp, level, requestId: requestId ?? 'undefined', ...(tenantId ? { tenantId } : {}) };
  if (args.length <= 1) {
    record.message = args[0];
    try {
      return `${JSON.stringify(record, replacer)}\n`;
    } catch {
      record.message = format(args[0]);
      return `${JSON.stringify(record)}\n`;
    }
  }
  record.message = format(...args);
  const err = args.find((a) => a instanceof Error) as Error | undefined;
  if (err) Object.assign(record, errorFields(err));
  return `${JSON.stringify(record)}\n`;
}

/** A failure the runtime logs itself (`Invoke Error`, `Uncaught Exception`) with the error's fields. */
export function formatErrorLine(c: LogConfig, requestId: string | undefined, title: string, e: { errorType: string; errorMessage: string; trace: string[] }): string {
  const timestamp = new Date().toISOString();
  const fields = { errorType: e.errorType, errorMessage: e.errorMessage, stackTrace: e.trace };
  if (c.format === 'JSON') return `${JSON.stringify({ timestamp, level: 'ERROR', requestId: requestId ?? 'undefined', message: title, ...fields })}\n`;
  return `${timestamp}\t${requestId ?? 'undefined'}\tERROR\t${title} \t${JSON.stringify({ errorType: e.errorType, errorMessage: e.errorMessage, stack: e.trace })}\n`;
}

/** A platform record in the JSON format (`platform.initStart`, `platform.start`, `platform.report`). */
export function platformRecord(type: string, record: Record<string, unknown>): string {
  return `${JSON.stringify({ time: new Date().toISOString(), type, record })}\n`;
}
