/**
 * A loopback HTTP server that speaks the Lambda Invoke API (REST-JSON, `POST /2015-03-31/functions/{name}/invocations`)
 * so a handler that calls `lambda.invoke(…)` through the AWS SDK reaches the local runtime. Workers find it through
 * `AWS_ENDPOINT_URL_LAMBDA`. What the server answers is decided by its owner (the local cloud); this file is only
 * the wire: parsing the request, and writing answers and errors the way the Lambda service does.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EndpointInvoke {
  /** As the caller wrote it: a name, `name:qualifier`, a partial or full ARN. */
  functionName: string;
  qualifier?: string;
  invocationType: 'RequestResponse' | 'Event' | 'DryRun';
  logType: 'None' | 'Tail';
  payload: Buffer;
  /** `X-Amzn-Trace-Id`: the calling invocation's `_X_AMZN_TRACE_ID`, when the call comes from a handler. */
  traceHeader?: string;
}

export type EndpointAnswer =
  | { kind: 'result'; payload: string; functionError?: 'Unhandled' | 'Handled'; logTail?: string }
  | { kind: 'accepted' }
  | { kind: 'dryRun' }
  | { kind: 'error'; status: number; errorType: string; message: string };

export type EndpointHandler = (req: EndpointInvoke) => Promise<EndpointAnswer>;

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations\/?$/;
const INVOKE_ASYNC_PATH = /^\/2014-11-13\/functions\/([^/]+)\/invoke-async\/?$/;
const MAX_BODY = 7 * 1024 * 1024;

export class LocalLambdaEndpoint {
  private server?: Server;
  private starting?: Promise<string>;

  /** `pathPrefix`: a secret first path segment every request must carry (the endpoint URL handed to workers has it). */
  constructor(
    private readonly handler: EndpointHandler,
    private readonly pathPrefix = '',
  ) {}

  /** Starts the server on a free loopback port (once) and returns its URL. */
  start(): Promise<string> {
    this.starting ??= new Promise<string>((resolve, reject) => {
      const server = createServer((req, res) => void this.serve(req, res));
      server.on('error', reject);
      server.listen(0, '127.0.0.1', () => {
        this.server = server;
        const { port } = server.address() as AddressInfo;
        resolve(`http://127.0.0.1:${port}`);
      });
    });
    return this.starting;
  }

  close(): void {
    this.server?.close();
    this.server?.closeAllConnections();
    this.server = undefined;
    this.starting = undefined;
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://local');
      if (this.pathPrefix && !url.pathname.startsWith(`${this.pathPrefix}/`)) {
        writeError(res, 403, 'AccessDeniedException', 'This local endpoint serves the workers of the process that started it.');
        return;
      }
      const path = url.pathname.slice(this.pathPrefix.length);
      const invoke = INVOKE_PATH.exec(path);
      const legacy = INVOKE_ASYNC_PATH.exec(path);
      if (req.method !== 'POST' || (!invoke && !legacy)) {
        writeError(res, 400, 'UnsupportedOperationException', `The local Lambda endpoint answers Invoke only (${req.method} ${path}). Other Lambda operations go to AWS: unset AWS_ENDPOINT_URL_LAMBDA for them.`);
        return;
      }
      const body = await readBody(req);
      if (body === undefined) {
        writeError(res, 413, 'RequestTooLargeException', 'Request must be smaller than 6291456 bytes for the InvokeFunction operation');
        return;
      }
      const type = legacy ? 'Event' : header(req, 'x-amz-invocation-type') ?? 'RequestResponse';
      if (type !== 'RequestResponse' && type !== 'Event' && type !== 'DryRun') {
        writeError(res, 400, 'InvalidParameterValueException', `Unknown invocation type ${type}: use RequestResponse, Event or DryRun.`);
        return;
      }
      const logType = header(req, 'x-amz-log-type') === 'Tail' ? 'Tail' : 'None';
      const answer = await this.handler({
        functionName: decodeURIComponent((invoke ?? legacy)![1]),
        qualifier: url.searchParams.get('Qualifier') ?? undefined,
        invocationType: type,
        logType,
        payload: body,
        traceHeader: header(req, 'x-amzn-trace-id'),
      });
      switch (answer.kind) {
        case 'result': {
          const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-Amz-Executed-Version': '$LATEST' };
          if (answer.functionError) headers['X-Amz-Function-Error'] = answer.functionError;
          if (logType === 'Tail' && answer.logTail !== undefined) headers['X-Amz-Log-Result'] = Buffer.from(lastBytes(answer.logTail, 4096)).toString('base64');
          res.writeHead(200, headers).end(answer.payload);
          break;
        }
        case 'accepted':
          res.writeHead(202, { 'Content-Length': '0' }).end();
          break;
        case 'dryRun':
          res.writeHead(204).end();
          break;
        case 'error':
          writeError(res, answer.status, answer.errorType, answer.message);
          break;
      }
    } catch (err) {
      writeError(res, 500, 'ServiceException', `The local Lambda endpoint failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    }
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) tooLarge = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Errors as the Lambda service writes them: the type in `x-amzn-ErrorType` and the body. */
function writeError(res: ServerResponse, status: number, errorType: string, message: string): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(status, { 'Content-Type': 'application/json', 'x-amzn-ErrorType': errorType }).end(JSON.stringify({ Type: 'User', message, __type: errorType }));
}

/** The last `n` bytes of a text, not splitting a UTF-8 character. */
function lastBytes(text: string, n: number): string {
  const buf = Buffer.from(text, 'utf8');
  if (buf.length <= n) return text;
  let start = buf.length - n;
  while (start < buf.length && (buf[start] & 0xc0) === 0x80) start++;
  return buf.subarray(start).toString('utf8');
}
