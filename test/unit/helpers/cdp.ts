// A Chrome DevTools Protocol client for tests and benches that attach to a Node inspector the way a debugger
// does. Node 20 has a WebSocket client only behind --experimental-websocket, so the session runs in a child
// Node process started with that flag; it sends the given commands in order and prints every answer.
import { spawn } from 'node:child_process';

export interface CdpCommand {
  method: string;
  params?: Record<string, unknown>;
}

const client = `
const [url, commands] = JSON.parse(process.argv[1]);
const ws = new WebSocket(url);
const answers = [];
let next = 0;
ws.onerror = (e) => { console.error(String(e.message ?? e)); process.exit(2); };
ws.onopen = () => send();
ws.onmessage = (m) => {
  const msg = JSON.parse(m.data);
  if (msg.id === undefined) return;
  answers.push(msg.result ?? { error: msg.error });
  if (next < commands.length) send(); else { console.log(JSON.stringify(answers)); ws.close(); }
};
function send() { ws.send(JSON.stringify({ id: next, ...commands[next] })); next++; }
`;

/** Runs the commands one after another over the inspector's WebSocket; resolves with their results. */
export function cdpSession(url: string, commands: CdpCommand[]): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--experimental-websocket', '--no-warnings', '-e', client, JSON.stringify([url, commands])], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (t: string) => (out += t));
    child.stderr.setEncoding('utf8').on('data', (t: string) => (err += t));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`CDP client exited with ${code}: ${err.trim()}`));
      resolve(JSON.parse(out) as unknown[]);
    });
  });
}
