/**
 * One loopback HTTP server for the AWS calls of local handlers: workers reach it through
 * `AWS_ENDPOINT_URL_LAMBDA` (and the other services' `AWS_ENDPOINT_URL_<SERVICE>` when they are emulated). This file
 * is the wire only: the secret path prefix, the body, which service a request is for (the credential scope of its
 * SigV4 signature names it), and writing answers. What each service answers lives in `services/`.
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RawRequest {
  method: string;
  /** The path after the secret prefix, e.g. `/2015-03-31/functions/x/invocations` or `/bucket/key`. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The signing name from the credential scope: `lambda`, `sqs`, `sns`, `events`, `dynamodb`, `s3`, `states`. */
  service?: string;
  region?: string;
}

export interface RawResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export type Router = (req: RawRequest) => Promise<RawResponse>;

const MAX_BODY = 64 * 1024 * 1024;

export class LocalEndpoint {
  private server?: Server;
  private starting?: Promise<string>;
  /** Ends a start that close() interrupted (the port is never reported then). */
  private abortStart?: () => void;

  /** `pathPrefix`: a secret first path segment every request must carry (the URL handed to workers has it). */
  constructor(
    private readonly router: Router,
    private readonly pathPrefix = '',
  ) {}

  /** Starts the server on a free loopback port (once) and returns its URL (without the prefix). */
  start(): Promise<string> {
    this.starting ??= new Promise<string>((resolve, reject) => {
      const server = createServer((req, res) => void this.serve(req, res));
      server.on('error', reject);
      this.abortStart = () => reject(new Error('the local endpoint was closed while it started'));
      // Kept at once: close() may come while the port is being bound.
      this.server = server;
      server.listen(0, '127.0.0.1', () => {
        this.abortStart = undefined;
        resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
      });
    });
    // A start that close() interrupted is nobody's error unless someone waits for it.
    this.starting.catch(() => undefined);
    return this.starting;
  }

  close(): void {
    this.abortStart?.();
    this.abortStart = undefined;
    this.server?.close();
    this.server?.closeAllConnections();
    this.server = undefined;
    this.starting = undefined;
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://local');
      if (this.pathPrefix && url.pathname !== this.pathPrefix && !url.pathname.startsWith(`${this.pathPrefix}/`)) {
        write(res, jsonError(403, 'AccessDeniedException', 'This local endpoint serves the workers of the process that started it.'));
        return;
      }
      const body = await readBody(req);
      if (body === undefined) {
        write(res, jsonError(413, 'RequestTooLargeException', `Request must be smaller than ${MAX_BODY} bytes`));
        return;
      }
      const scope = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(String(req.headers.authorization ?? ''));
      const path = url.pathname.slice(this.pathPrefix.length) || '/';
      write(res, await this.router({ method: req.method ?? 'GET', path, query: url.searchParams, headers: req.headers, body, service: scope?.[2], region: scope?.[1] }));
    } catch (err) {
      write(res, jsonError(500, 'ServiceException', `The local endpoint failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`));
    }
  }
}

function write(res: ServerResponse, answer: RawResponse): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const body = answer.body ?? '';
  res.writeHead(answer.status, { 'Content-Length': String(Buffer.byteLength(body)), ...answer.headers }).end(body);
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

/** An error as the REST-JSON and JSON services write it: the type in `x-amzn-ErrorType` and `__type`. */
export function jsonError(status: number, errorType: string, message: string, namespace?: string): RawResponse {
  return {
    status,
    headers: { 'Content-Type': 'application/x-amz-json-1.1', 'x-amzn-ErrorType': errorType },
    body: JSON.stringify({ __type: namespace ? `${namespace}#${errorType}` : errorType, message, Message: message }),
  };
}

/** A JSON protocol answer (SQS, EventBridge, DynamoDB, Step Functions). */
export function jsonAnswer(value: unknown, contentType = 'application/x-amz-json-1.0'): RawResponse {
  return { status: 200, headers: { 'Content-Type': contentType }, body: JSON.stringify(value) };
}

/** Escapes text for XML answers (S3, SNS). */
export function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}
