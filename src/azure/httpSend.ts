/**
 * A small HTTP(S) client over node:http/https for calls the SDKs do not make (a function app's routes and admin
 * endpoint, Kudu's log stream): whole responses or streamed lines, an AbortSignal, and an optional CA for
 * servers whose certificate is not in Node's store (corporate proxies, a test's loopback server).
 */
import type * as httpModule from 'node:http';
import type { IncomingMessage } from 'node:http';
import type * as httpsModule from 'node:https';
import type * as tlsModule from 'node:tls';

export interface SendOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  /** Extra trusted certificates (PEM), on top of Node's own. */
  ca?: string;
}

export interface SentResponse {
  status: number;
  statusText: string;
  /** Lower-case names; repeated headers joined with `, ` (Set-Cookie kept apart in `cookies`). */
  headers: Record<string, string>;
  cookies: string[];
  text: string;
}

function open(url: string, o: SendOptions): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    // Loaded on the first call: every CLI command carries this module, few send anything with it.
    /* eslint-disable @typescript-eslint/no-require-imports */
    const https = u.protocol === 'https:';
    const send = https ? (require('node:https') as typeof httpsModule).request : (require('node:http') as typeof httpModule).request;
    const ca = o.ca && https ? { ca: [...(require('node:tls') as typeof tlsModule).rootCertificates, o.ca] } : {};
    /* eslint-enable @typescript-eslint/no-require-imports */
    const req = send(u, { method: o.method ?? 'GET', headers: o.headers, signal: o.signal, ...ca }, resolve);
    req.on('error', reject);
    if (o.body !== undefined) req.write(o.body);
    req.end();
  });
}

function headersOf(res: IncomingMessage): { headers: Record<string, string>; cookies: string[] } {
  const headers: Record<string, string> = {};
  let cookies: string[] = [];
  for (const [k, v] of Object.entries(res.headers)) {
    if (v === undefined) continue;
    if (k === 'set-cookie') cookies = Array.isArray(v) ? v : [v];
    else headers[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return { headers, cookies };
}

/** Sends a request and reads the whole response. */
export async function send(url: string, o: SendOptions = {}): Promise<SentResponse> {
  const res = await open(url, o);
  const chunks: Buffer[] = [];
  for await (const c of res) chunks.push(c as Buffer);
  return { status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', ...headersOf(res), text: Buffer.concat(chunks).toString('utf8') };
}

/** Sends a request whose response is a stream of text lines (Kudu's log stream); ends with the response or the signal. */
export async function* streamLines(url: string, o: SendOptions & { onResponse?: (status: number) => void }): AsyncIterable<string> {
  const res = await open(url, o);
  o.onResponse?.(res.statusCode ?? 0);
  if ((res.statusCode ?? 0) >= 400) {
    res.resume();
    throw Object.assign(new Error(`HTTP ${res.statusCode} ${res.statusMessage ?? ''}`.trim()), { statusCode: res.statusCode });
  }
  let partial = '';
  try {
    for await (const chunk of res) {
      const parts = (partial + (chunk as Buffer).toString('utf8')).split(/\r?\n/);
      partial = parts.pop() ?? '';
      for (const p of parts) yield p;
    }
  } catch (err) {
    if (o.signal?.aborted) return;
    throw err;
  }
  if (partial) yield partial;
}
