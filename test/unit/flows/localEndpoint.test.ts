import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { LocalEndpoint } from '../../../src/flows/localEndpoint';

function send(url: string, agent: Agent, body: string): Promise<{ status: number; text: string; reused: boolean }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20261201/eu-west-1/sqs/aws4_request' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), reused: req.reusedSocket }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A raw keep-alive connection that has had one answer, with a promise of its close. */
function keptAlive(base: string): Promise<{ closed: Promise<void> }> {
  const { port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1');
    const closed = new Promise<void>((r) => socket.once('close', () => r()));
    socket.on('error', reject);
    socket.once('data', () => resolve({ closed }));
    socket.write('GET /s3cr3t/x HTTP/1.1\r\nHost: local\r\nConnection: keep-alive\r\n\r\n');
  });
}

test('the local endpoint: HTTP on its port (requests on one kept-alive connection), the secret prefix, and close() ends open connections', { timeout: 4_000 }, async () => {
  const seen: string[] = [];
  const endpoint = new LocalEndpoint(async (r) => {
    seen.push(`${r.method} ${r.path} ${r.service}/${r.region} ${r.body.toString('utf8')}`);
    return { status: 200, headers: { 'Content-Type': 'application/json' }, body: '{"ok":true}' };
  }, '/s3cr3t');
  const base = await endpoint.start();
  assert.equal(await endpoint.start(), base, 'started once');
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const first = await send(`${base}/s3cr3t/queue/a`, agent, 'one');
  const second = await send(`${base}/s3cr3t/queue/b`, agent, 'two');
  assert.deepEqual([first.status, first.text, second.status], [200, '{"ok":true}', 200]);
  assert.deepEqual([first.reused, second.reused], [false, true], "the second request came on the first one's connection");
  assert.deepEqual(seen, ['POST /queue/a sqs/eu-west-1 one', 'POST /queue/b sqs/eu-west-1 two']);
  const denied = await send(`${base}/other/queue`, agent, 'x');
  assert.equal(denied.status, 403);
  assert.equal(seen.length, 2, 'a request without the prefix never reaches the router');
  const open = await keptAlive(base);
  endpoint.close();
  await open.closed;
  await assert.rejects(send(`${base}/s3cr3t/queue/c`, new Agent(), 'three'), /ECONNREFUSED/);
  agent.destroy();
});

test('closed while it starts: the port is let go and the start says so (no listener is left behind)', { timeout: 10_000 }, async () => {
  const endpoint = new LocalEndpoint(async () => ({ status: 200 }));
  const starting = endpoint.start();
  endpoint.close();
  await assert.rejects(starting, /closed while it started/);
  const again = await endpoint.start();
  assert.match(again, /^http:\/\/127\.0\.0\.1:\d+$/, 'a later start binds a new port');
  endpoint.close();
});
