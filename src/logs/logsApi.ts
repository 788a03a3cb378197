/**
 * The few CloudWatch Logs calls the tails need, as an interface: `sdkLogsApi` implements it with the
 * AWS SDK client; nothing in the tail logic depends on the SDK's types.
 */
export interface LogsApi {
  filterLogEvents(input: FilterInput, signal?: AbortSignal): Promise<FilterPage>;
  /** Starts a Live Tail session; the iterable ends when the session ends. */
  startLiveTail(input: LiveTailInput, signal?: AbortSignal): Promise<AsyncIterable<LiveTailFrame>>;
  /** The ARN of a log group (Live Tail wants ARNs), or undefined when it does not exist. */
  logGroupArn(name: string, signal?: AbortSignal): Promise<string | undefined>;
}

export interface FilterInput {
  logGroupName: string;
  startTime?: number;
  endTime?: number;
  filterPattern?: string;
  nextToken?: string;
  limit?: number;
}

export interface FilterPage {
  events: { eventId?: string; timestamp?: number; message?: string; logStreamName?: string; ingestionTime?: number }[];
  nextToken?: string;
}

export interface LiveTailInput {
  logGroupIdentifiers: string[];
  logEventFilterPattern?: string;
}

/** One message of the Live Tail event stream. */
export type LiveTailFrame =
  | { type: 'sessionStart'; sessionId?: string }
  | {
      type: 'sessionUpdate';
      /** The service left lines out because there were too many (more than 500 a second). */
      sampled?: boolean;
      results: { logGroupIdentifier?: string; logStreamName?: string; message?: string; timestamp?: number; ingestionTime?: number }[];
    }
  /** SessionTimeoutException: the session reached its time limit (a normal end; reconnect). */
  | { type: 'sessionTimeout'; message?: string }
  /** SessionStreamingException: the service broke the stream (reconnect after a pause). */
  | { type: 'streamingError'; message?: string };

/** How a failed call should be handled. */
export type ErrorKind =
  /** Live Tail cannot be used here: endpoint lacks it, access denied, session limit. Fall back to polling. */
  | 'unavailable'
  /** The log group does not exist. */
  | 'not-found'
  /** Worth retrying after a pause: throttling, 5xx, network errors, resets. */
  | 'transient'
  /** No credentials, or they expired: nothing works until the person signs in or picks another profile. */
  | 'credentials'
  /** Nothing a retry fixes: access denied, bad parameters. */
  | 'fatal'
  | 'aborted';

interface ErrorLike {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $fault?: 'client' | 'server';
}

/** Sorts an error from the SDK or the network into what the tail should do next. */
export function classifyError(err: unknown, call: 'liveTail' | 'filter' | 'describe'): ErrorKind {
  const e = (err ?? {}) as ErrorLike;
  const name = e.name ?? '';
  const code = e.code ?? '';
  const status = e.$metadata?.httpStatusCode;
  if (name === 'AbortError' || code === 'ABORT_ERR') return 'aborted';
  if (isCredentialsError(e)) return 'credentials';
  if (name === 'ResourceNotFoundException') return 'not-found';
  if (/Throttl|TooManyRequests|RequestLimitExceeded|ServiceUnavailable|InternalFailure|InternalServer/i.test(name)) return 'transient';
  if (call === 'liveTail') {
    if (/AccessDenied|LimitExceeded|UnknownOperation|UnrecognizedClient|InvalidAction|NotImplemented|UnsupportedOperation/i.test(name)) return 'unavailable';
    if (status === 404 || status === 405 || status === 501) return 'unavailable';
    // An HTTP/1.1-only endpoint answers an HTTP/2 client with a protocol error: it has no Live Tail.
    if (/ERR_HTTP2_(ERROR|SESSION_ERROR|STREAM_ERROR|PROTOCOL_ERROR)|ERR_HTTP2_INVALID/.test(code) || /Protocol error/i.test(e.message ?? '')) return 'unavailable';
  }
  if (/AccessDenied|UnrecognizedClient|InvalidSignature|InvalidParameter|ValidationException/i.test(name)) return 'fatal';
  if (status !== undefined && status >= 500) return 'transient';
  if (e.$fault === 'server') return 'transient';
  if (/ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH|ERR_STREAM_PREMATURE_CLOSE|ERR_HTTP2/.test(code + ' ' + name + ' ' + (e.message ?? ''))) return 'transient';
  if (/socket hang up|aborted|premature|terminated|TimeoutError/i.test((e.message ?? '') + name)) return 'transient';
  return 'fatal';
}

/**
 * The SDK found no credentials (no profile, no environment, no SSO session) or they expired: the error the
 * credential chain throws, or the service's answer to an expired token.
 */
export function isCredentialsError(err: unknown): boolean {
  const e = (err ?? {}) as ErrorLike;
  return (
    e.name === 'CredentialsProviderError' ||
    /^(ExpiredToken|ExpiredTokenException|TokenRefreshRequired|InvalidGrantException)$/.test(e.name ?? '') ||
    /Could not load credentials|Token is expired|SSO session .*(invalid|expired)/i.test(e.message ?? '')
  );
}

/** One line for a person, from an SDK or network error. */
export function errorLine(err: unknown): string {
  const e = (err ?? {}) as ErrorLike;
  const msg = (e.message ?? String(err)).split('\n')[0];
  const name = e.name && e.name !== 'Error' && !msg.startsWith(e.name) ? `${e.name}: ` : '';
  return `${name}${msg}`;
}
