// A loopback CloudWatch Logs endpoint that speaks the real wire protocols, so the AWS SDK runs for
// real in tests and benchmarks: JSON 1.1 (`X-Amz-Target: Logs_20140328.<Operation>`) for
// FilterLogEvents (with paging) and DescribeLogGroups, and the StartLiveTail event stream
// (application/vnd.amazon.eventstream, encoded with @smithy/eventstream-codec). It answers HTTP/1.1
// and cleartext HTTP/2 on the same port (the SDK's handler decides which it speaks), and injects
// faults on request: HTTP 500, throttling, access denied, session limit, connection resets, sessions
// that end.
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo, Server as NetServer, Socket } from 'node:net';
import { createServer as createH1Server } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createH2Server } from 'node:http2';
import type { Http2ServerRequest, Http2ServerResponse, ServerHttp2Session } from 'node:http2';
import { Duplex } from 'node:stream';
import { EventStreamCodec } from '@smithy/eventstream-codec';

export interface StoredEvent {
  eventId: string;
  timestamp: number;
  message: string;
  logStreamName: string;
  ingestionTime: number;
}

export type FaultKind =
  /** HTTP 500 with an InternalFailure body. */
  | 'http500'
  /** HTTP 400 ThrottlingException. */
  | 'throttle'
  | 'accessDenied'
  /** HTTP 400 LimitExceededException (the concurrent Live Tail session limit). */
  | 'limitExceeded'
  /** HTTP 400 UnknownOperationException: an endpoint without this operation. */
  | 'unknownOperation'
  /** The connection is destroyed before any answer. */
  | 'reset';

export interface Fault {
  op: 'FilterLogEvents' | 'StartLiveTail' | 'DescribeLogGroups';
  kind: FaultKind;
  /** How many requests in a row get this fault (default 1). */
  times?: number;
}

/** How a running Live Tail session is ended by the server. */
export type SessionEnd = 'timeout' | 'close' | 'reset' | 'streamingError';

interface LiveSession {
  groups: Set<string>;
  send: (frame: Uint8Array) => void;
  end: (how: SessionEnd) => void;
  filter?: string;
  /** End the session after sending this many more events. */
  endAfter?: { events: number; how: SessionEnd };
}

type Req = IncomingMessage | Http2ServerRequest;
type Res = ServerResponse | Http2ServerResponse;

const codec = new EventStreamCodec(
  (bytes) => Buffer.from(bytes).toString('utf8'),
  (text) => new Uint8Array(Buffer.from(text, 'utf8')),
);

export interface ServerOptions {
  /** Events per FilterLogEvents page (the service's own default is up to 10,000 / 1 MB). */
  pageSize?: number;
  /** Empty sessionUpdate heartbeats, like the service (default 1000 ms; 0 = none). */
  heartbeatMs?: number;
  /** Collect live results for this long before sending one sessionUpdate (default 0 = next tick). */
  liveBatchMs?: number;
  account?: string;
  region?: string;
}

export class FakeCloudWatchLogs {
  readonly groups = new Map<string, StoredEvent[]>();
  readonly requests: { op: string; body: Record<string, unknown> }[] = [];
  readonly sessions = new Set<LiveSession>();
  private readonly faults: Fault[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly sessionEnds: { how: SessionEnd; afterEvents: number }[] = [];
  private nextId = 1;
  private net?: NetServer;
  private readonly h1 = createH1Server((req, res) => this.handle(req, res));
  private readonly h2 = createH2Server((req, res) => this.handle(req, res));
  private readonly h2Sessions = new Set<ServerHttp2Session>();
  endpoint = '';
  liveTailStarts = 0;

  constructor(private readonly options: ServerOptions = {}) {
    this.h2.on('session', (s) => {
      this.h2Sessions.add(s);
      s.on('close', () => this.h2Sessions.delete(s));
    });
  }

  async start(): Promise<string> {
    this.net = createNetServer((socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      // HTTP/2 with prior knowledge starts with "PRI * HTTP/2.0"; everything else is HTTP/1.1. The
      // http2 server reads a net.Socket's native handle directly (bytes already read would be lost),
      // so it gets a plain Duplex over the socket instead.
      socket.once('data', (first) => {
        socket.pause();
        if (first.subarray(0, 3).toString('latin1') !== 'PRI') {
          socket.unshift(first);
          this.h1.emit('connection', socket);
          socket.resume();
          return;
        }
        const wrapped = new Duplex({
          read: () => socket.resume(),
          write: (chunk: Buffer, _enc, cb) => socket.write(chunk, cb),
          final: (cb) => socket.end(cb),
          destroy: (err, cb) => {
            socket.destroy();
            cb(err);
          },
        });
        wrapped.push(first);
        socket.on('data', (chunk) => {
          if (!wrapped.push(chunk)) socket.pause();
        });
        socket.on('end', () => wrapped.push(null));
        socket.on('close', () => wrapped.destroy());
        socket.on('error', () => wrapped.destroy());
        this.h2.emit('connection', wrapped);
      });
    });
    await new Promise<void>((resolve) => this.net!.listen(0, '127.0.0.1', resolve));
    this.endpoint = `http://127.0.0.1:${(this.net.address() as AddressInfo).port}`;
    return this.endpoint;
  }

  async stop(): Promise<void> {
    for (const s of [...this.sessions]) s.end('close');
    for (const s of this.h2Sessions) s.destroy();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.net ? this.net.close(() => resolve()) : resolve()));
  }

  arn(group: string): string {
    return `arn:aws:logs:${this.options.region ?? 'us-east-1'}:${this.options.account ?? '123456789012'}:log-group:${group}`;
  }

  createGroup(name: string): void {
    if (!this.groups.has(name)) this.groups.set(name, []);
  }

  /** Ingests one line now; open Live Tail sessions on its group get it. */
  put(group: string, message: string, options: { timestamp?: number; logStream?: string } = {}): StoredEvent {
    this.createGroup(group);
    const now = Date.now();
    const event: StoredEvent = {
      eventId: String(this.nextId++).padStart(20, '0'),
      timestamp: options.timestamp ?? now,
      message,
      logStreamName: options.logStream ?? '2026/11/29/[$LATEST]0123456789abcdef',
      ingestionTime: now,
    };
    this.groups.get(group)!.push(event);
    for (const s of this.sessions) if (s.groups.has(group)) this.queueLive(s, group, event);
    return event;
  }

  /** The next `times` requests of `op` fail with `kind`. */
  inject(fault: Fault): void {
    this.faults.push(fault);
  }

  /** The next Live Tail session to start ends after it has sent `afterEvents` events. */
  endNextSession(how: SessionEnd, afterEvents: number): void {
    this.sessionEnds.push({ how, afterEvents });
  }

  /** Ends every running Live Tail session. */
  endSessions(how: SessionEnd): void {
    for (const s of [...this.sessions]) s.end(how);
  }

  private takeFault(op: string): FaultKind | undefined {
    const i = this.faults.findIndex((f) => f.op === op);
    if (i < 0) return undefined;
    const f = this.faults[i];
    f.times = (f.times ?? 1) - 1;
    if (f.times <= 0) this.faults.splice(i, 1);
    return f.kind;
  }

  private handle(req: Req, res: Res): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const op = target.startsWith('Logs_20140328.') ? target.slice('Logs_20140328.'.length) : '';
      if (String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
        return this.cloudFormation(new URLSearchParams(Buffer.concat(chunks).toString('utf8')), res);
      }
      let body: Record<string, unknown> = {};
      try {
        body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
      } catch {
        return this.error(res, 400, 'SerializationException', 'body is not JSON');
      }
      this.requests.push({ op, body });
      const fault = this.takeFault(op);
      if (fault === 'reset') {
        dropConnection(req);
        return;
      }
      if (fault === 'http500') return this.error(res, 500, 'InternalFailure', 'injected server error');
      if (fault === 'throttle') return this.error(res, 400, 'ThrottlingException', 'Rate exceeded');
      if (fault === 'accessDenied') return this.error(res, 400, 'AccessDeniedException', `User is not authorized to perform: logs:${op}`);
      if (fault === 'limitExceeded') return this.error(res, 400, 'LimitExceededException', 'Too many concurrent Live Tail sessions');
      if (fault === 'unknownOperation') return this.error(res, 400, 'UnknownOperationException', `Unknown operation ${op}`);
      switch (op) {
        case 'FilterLogEvents':
          return this.filterLogEvents(body, res);
        case 'DescribeLogGroups':
          return this.describeLogGroups(body, res);
        case 'StartLiveTail':
          return this.startLiveTail(body, res);
        default:
          return this.error(res, 400, 'UnknownOperationException', `Unknown operation ${op}`);
      }
    });
  }

  private error(res: Res, status: number, type: string, message: string): void {
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'req-fake' });
    res.end(JSON.stringify({ __type: type, message }));
  }

  private json(res: Res, value: unknown): void {
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'req-fake' });
    res.end(JSON.stringify(value));
  }

  private groupName(identifier: string): string {
    const i = identifier.indexOf(':log-group:');
    return i >= 0 ? identifier.slice(i + ':log-group:'.length).replace(/:\*$/, '') : identifier;
  }

  /**
   * The one CloudFormation call the tails make (awsQuery): DescribeStackResource, to find the deployed
   * name of a SAM/CloudFormation function without FunctionName. A custom endpoint serves every service.
   */
  private cloudFormation(form: URLSearchParams, res: Res): void {
    const stack = form.get('StackName') ?? '';
    const logical = form.get('LogicalResourceId') ?? '';
    const physical = this.stackResources.get(`${stack}/${logical}`);
    res.writeHead(physical ? 200 : 400, { 'content-type': 'text/xml' });
    if (!physical) {
      res.end(`<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack '${stack}' does not exist</Message></Error><RequestId>r1</RequestId></ErrorResponse>`);
      return;
    }
    res.end(
      `<DescribeStackResourceResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><DescribeStackResourceResult><StackResourceDetail>` +
        `<StackName>${stack}</StackName><LogicalResourceId>${logical}</LogicalResourceId><PhysicalResourceId>${physical}</PhysicalResourceId>` +
        `<ResourceType>AWS::Lambda::Function</ResourceType><LastUpdatedTimestamp>2026-01-01T00:00:00Z</LastUpdatedTimestamp><ResourceStatus>CREATE_COMPLETE</ResourceStatus>` +
        `</StackResourceDetail></DescribeStackResourceResult><ResponseMetadata><RequestId>r2</RequestId></ResponseMetadata></DescribeStackResourceResponse>`,
    );
  }

  /** `stack/LogicalId` → physical id, for DescribeStackResource. */
  readonly stackResources = new Map<string, string>();

  private filterLogEvents(body: Record<string, unknown>, res: Res): void {
    const name = this.groupName(String(body.logGroupName ?? body.logGroupIdentifier ?? ''));
    const events = this.groups.get(name);
    if (!events) return this.error(res, 400, 'ResourceNotFoundException', 'The specified log group does not exist.');
    const start = typeof body.startTime === 'number' ? body.startTime : -Infinity;
    const end = typeof body.endTime === 'number' ? body.endTime : Infinity;
    const pattern = typeof body.filterPattern === 'string' ? body.filterPattern : '';
    const limit = Math.min(typeof body.limit === 'number' ? body.limit : Infinity, this.options.pageSize ?? 100);
    // The token is a position in the append-only store: pages stay consistent while lines arrive.
    let pos = typeof body.nextToken === 'string' ? Number(Buffer.from(body.nextToken, 'base64').toString('utf8')) : 0;
    const page: StoredEvent[] = [];
    for (; pos < events.length && page.length < limit; pos++) {
      const e = events[pos];
      if (e.timestamp >= start && e.timestamp <= end && matches(pattern, e.message)) page.push(e);
    }
    const nextToken = pos < events.length ? Buffer.from(String(pos)).toString('base64') : undefined;
    this.json(res, { events: page, searchedLogStreams: [], ...(nextToken ? { nextToken } : {}) });
  }

  private describeLogGroups(body: Record<string, unknown>, res: Res): void {
    const prefix = String(body.logGroupNamePrefix ?? '');
    const logGroups = [...this.groups.keys()]
      .filter((g) => g.startsWith(prefix))
      .sort()
      .map((g) => ({ logGroupName: g, arn: `${this.arn(g)}:*`, logGroupArn: this.arn(g), creationTime: 0, storedBytes: 0 }));
    this.json(res, { logGroups });
  }

  private startLiveTail(body: Record<string, unknown>, res: Res): void {
    const ids = Array.isArray(body.logGroupIdentifiers) ? body.logGroupIdentifiers.map(String) : [];
    if (ids.length === 0 || ids.length > 10) return this.error(res, 400, 'InvalidParameterException', 'logGroupIdentifiers must name 1 to 10 log groups');
    if (ids.some((id) => !id.startsWith('arn:'))) return this.error(res, 400, 'InvalidParameterException', 'log groups must be given by ARN');
    const names = ids.map((id) => this.groupName(id));
    const missing = names.find((n) => !this.groups.has(n));
    if (missing) return this.error(res, 400, 'ResourceNotFoundException', `The specified log group does not exist: ${missing}`);
    this.liveTailStarts++;
    res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-requestid': 'req-fake' });
    let closed = false;
    const session: LiveSession = {
      groups: new Set(names),
      filter: typeof body.logEventFilterPattern === 'string' ? body.logEventFilterPattern : undefined,
      send: (frame) => {
        if (!closed) (res as ServerResponse).write(Buffer.from(frame));
      },
      end: (how) => {
        if (closed) return;
        if (how === 'reset') {
          closed = true;
          this.sessions.delete(session);
          clearInterval(heartbeat);
          dropConnection(res);
          return;
        }
        if (how === 'timeout') session.send(exceptionFrame('SessionTimeoutException', 'Session timed out'));
        if (how === 'streamingError') session.send(exceptionFrame('SessionStreamingException', 'Internal streaming error'));
        closed = true;
        this.sessions.delete(session);
        clearInterval(heartbeat);
        res.end();
      },
    };
    const scheduled = this.sessionEnds.shift();
    if (scheduled) session.endAfter = { events: scheduled.afterEvents, how: scheduled.how };
    this.sessions.add(session);
    res.on('close', () => {
      closed = true;
      this.sessions.delete(session);
      clearInterval(heartbeat);
    });
    session.send(eventFrame('sessionStart', { requestId: 'req-fake', sessionId: `session-${this.liveTailStarts}`, logGroupIdentifiers: ids, logEventFilterPattern: session.filter ?? '' }));
    const hb = this.options.heartbeatMs ?? 1000;
    const heartbeat = setInterval(() => session.send(eventFrame('sessionUpdate', { sessionMetadata: { sampled: false }, sessionResults: [] })), hb > 0 ? hb : 2 ** 30);
    if (session.endAfter?.events === 0) setImmediate(() => session.end(session.endAfter!.how));
  }

  private readonly pendingLive = new Map<LiveSession, unknown[]>();

  private queueLive(session: LiveSession, group: string, e: StoredEvent): void {
    if (session.filter && !matches(session.filter, e.message)) return;
    let batch = this.pendingLive.get(session);
    if (!batch) {
      batch = [];
      this.pendingLive.set(session, batch);
      const flush = (): void => {
        const results = this.pendingLive.get(session) ?? [];
        this.pendingLive.delete(session);
        this.sendLive(session, results);
      };
      const wait = this.options.liveBatchMs ?? 0;
      if (wait > 0) setTimeout(flush, wait);
      else setImmediate(flush);
    }
    batch.push({ logStreamName: e.logStreamName, logGroupIdentifier: this.arn(group), message: e.message, timestamp: e.timestamp, ingestionTime: e.ingestionTime });
  }

  private sendLive(session: LiveSession, results: unknown[]): void {
    if (!this.sessions.has(session)) return;
    const end = session.endAfter;
    if (end && results.length >= end.events) {
      // Send the events up to the limit, then end: the rest is "ingested while disconnected".
      const sent = results.slice(0, end.events);
      if (sent.length) session.send(eventFrame('sessionUpdate', { sessionMetadata: { sampled: false }, sessionResults: sent }));
      session.end(end.how);
      return;
    }
    if (end) end.events -= results.length;
    session.send(eventFrame('sessionUpdate', { sessionMetadata: { sampled: false }, sessionResults: results }));
  }
}

/** Cuts the connection under a request without an answer (a reset as the client sees it). */
function dropConnection(r: Req | Res): void {
  if ('stream' in r && r.stream) {
    // An HTTP/2 session owns its socket; destroying the session closes the connection under it.
    r.stream.session?.destroy();
    return;
  }
  (r as IncomingMessage | ServerResponse).socket?.destroy();
}

function eventFrame(eventType: string, payload: unknown): Uint8Array {
  return codec.encode({
    headers: {
      ':message-type': { type: 'string', value: 'event' },
      ':event-type': { type: 'string', value: eventType },
      ':content-type': { type: 'string', value: 'application/json' },
    },
    body: new Uint8Array(Buffer.from(JSON.stringify(payload), 'utf8')),
  });
}

function exceptionFrame(type: string, message: string): Uint8Array {
  return codec.encode({
    headers: {
      ':message-type': { type: 'string', value: 'exception' },
      ':exception-type': { type: 'string', value: type },
      ':content-type': { type: 'string', value: 'application/json' },
    },
    body: new Uint8Array(Buffer.from(JSON.stringify({ message }), 'utf8')),
  });
}

/** A tiny subset of the filter pattern syntax: every space-separated term must occur. */
function matches(pattern: string, message: string): boolean {
  const terms = pattern.trim().split(/\s+/).filter(Boolean).map((t) => t.replace(/^"|"$/g, ''));
  return terms.every((t) => message.includes(t));
}
