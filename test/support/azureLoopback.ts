// A loopback HTTPS server that speaks what the remote Azure features call: Azure Resource Manager (subscriptions,
// sites, host and function keys), a function app's host (HTTP routes and the admin endpoint, checking keys), its
// Kudu log stream, and the Log Analytics query API (Application Insights traces). The SDKs refuse bearer tokens
// over plain HTTP, so it serves TLS with a throwaway self-signed certificate made by openssl for the run; clients
// trust it through their `tlsOptions`/`ca`. Every request is recorded (tests check that keys never leak).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TEST_TOKEN = 'test-token-not-a-secret';
export const SUBSCRIPTION = '00000000-1111-2222-3333-444444444444';
export const FUNCTION_KEY = 'function-key-must-not-leak';
export const MASTER_KEY = 'master-key-must-not-leak';
export const APP_INSIGHTS = `/subscriptions/${SUBSCRIPTION}/resourceGroups/orders-rg/providers/microsoft.insights/components/orders-ai`;

export interface SeenAzureRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface AzureLoopback {
  url: string;
  /** The server's certificate (PEM): what clients trust. */
  ca: string;
  /** host:port, what the fake sites answer as their host names. */
  host: string;
  requests: SeenAzureRequest[];
  /** Lines the log stream sends to the next client, then keeps the stream open. */
  streamLines: string[];
  /** Rows the Application Insights query answers. */
  traces: Array<{ timestamp: string; itemId: string; itemType: string; message: string; severityLevel: number; operation_Name: string; invocationId: string }>;
  close: () => Promise<void>;
}

function selfSigned(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'swb-tls-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

export async function startAzureLoopback(): Promise<AzureLoopback> {
  const { key, cert } = selfSigned();
  const requests: SeenAzureRequest[] = [];
  const state = { host: '', streamLines: [] as string[], traces: [] as AzureLoopback['traces'] };
  const site = (name: string, rg: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/${rg}/providers/Microsoft.Web/sites/${name}`,
    name,
    type: 'Microsoft.Web/sites',
    kind: 'functionapp,linux',
    location: 'West Europe',
    tags: name === 'orders-func' ? { 'hidden-link: /app-insights-resource-id': APP_INSIGHTS } : {},
    properties: {
      defaultHostName: state.host,
      // Kudu answers on the "Repository" host name, here localhost on the same port.
      enabledHostNames: [state.host, state.host.replace('127.0.0.1', 'localhost')],
      hostNameSslStates: [{ name: state.host, hostType: 'Standard' }, { name: state.host.replace('127.0.0.1', 'localhost'), hostType: 'Repository' }],
      resourceGroup: rg,
      state: 'Running',
      ...extra,
    },
  });
  const sites = (): Array<Record<string, unknown>> => [site('orders-func', 'orders-rg'), site('flex-func', 'flex-rg', { functionAppConfig: { runtime: { name: 'node', version: '20' } } }), { ...site('web-only', 'web-rg'), kind: 'app' }];

  const server = createServer({ key, cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const seen: SeenAzureRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(seen);
      const url = new URL(seen.url, `https://${state.host}`);
      const path = url.pathname;
      const bearer = req.headers.authorization === `Bearer ${TEST_TOKEN}`;
      // Resource Manager, Kudu and Log Analytics take the bearer token.
      if (/^\/(subscriptions|v1\/|api\/logstream\/)/.test(path) && !bearer) return json(res, 401, { error: { code: 'AuthenticationFailed', message: 'Authentication failed.' } });
      if (path === '/subscriptions') return json(res, 200, { value: [{ id: `/subscriptions/${SUBSCRIPTION}`, subscriptionId: SUBSCRIPTION, displayName: 'Pay-As-You-Go', tenantId: 'tenant-1', state: 'Enabled' }] });
      if (path === `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Web/sites`) return json(res, 200, { value: sites() });
      const siteMatch = new RegExp(`^/subscriptions/${SUBSCRIPTION}/resourceGroups/([^/]+)/providers/Microsoft\\.Web/sites/([^/]+)(/.*)?$`, 'i').exec(path);
      if (siteMatch) {
        const [, rg, name, rest] = siteMatch;
        const found = sites().find((s) => s.name === name && (s.properties as { resourceGroup: string }).resourceGroup === rg);
        if (!found) return json(res, 404, { error: { code: 'ResourceNotFound', message: `The Resource 'Microsoft.Web/sites/${name}' under resource group '${rg}' was not found.` } });
        if (!rest) return json(res, 200, found);
        if (rest === '/host/default/listkeys' && req.method === 'POST') return json(res, 200, { masterKey: MASTER_KEY, functionKeys: { default: 'host-function-key' }, systemKeys: {} });
        const fnKeys = /^\/functions\/([^/]+)\/listkeys$/.exec(rest);
        if (fnKeys && req.method === 'POST') return json(res, 200, { id: `${found.id as string}/functions/${fnKeys[1]}/keys`, name: 'keys', properties: { default: FUNCTION_KEY } });
        return json(res, 404, { error: { code: 'NotFound', message: rest } });
      }
      if (path.startsWith('/api/logstream/')) {
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        res.write(`${new Date().toISOString().slice(0, 19)}  Welcome, you are now connected to log-streaming service.\n`);
        for (const l of state.streamLines) res.write(`${l}\n`);
        // The stream stays open, as Kudu's does, until the client goes away.
        return;
      }
      const query = /^\/v1\/(.*)\/query$/.exec(path);
      if (query && req.method === 'POST') {
        const cols = ['timestamp', 'itemId', 'itemType', 'message', 'severityLevel', 'operation_Name', 'invocationId'];
        const types: Record<string, string> = { timestamp: 'datetime', severityLevel: 'int' };
        return json(res, 200, { tables: [{ name: 'PrimaryResult', columns: cols.map((c) => ({ name: c, type: types[c] ?? 'string' })), rows: state.traces.map((t) => cols.map((c) => t[c as keyof typeof t])) }] });
      }
      // The function app's host: HTTP routes with the function key, the admin endpoint with the master key.
      const admin = /^\/admin\/functions\/([^/]+)$/.exec(path);
      if (admin) {
        if (req.headers['x-functions-key'] !== MASTER_KEY) return json(res, 401, {});
        res.writeHead(202);
        return res.end();
      }
      if (path.startsWith('/api/')) {
        if (req.headers['x-functions-key'] !== FUNCTION_KEY) return json(res, 401, {});
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'set-cookie': 'visited=1; Path=/' });
        return res.end(JSON.stringify({ route: path, method: req.method, body: seen.body }));
      }
      json(res, 404, { error: `no route ${path}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  state.host = `127.0.0.1:${port}`;
  return {
    url: `https://127.0.0.1:${port}`,
    ca: cert,
    host: state.host,
    requests,
    get streamLines() {
      return state.streamLines;
    },
    set streamLines(v: string[]) {
      state.streamLines = v;
    },
    get traces() {
      return state.traces;
    },
    set traces(v) {
      state.traces = v;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
