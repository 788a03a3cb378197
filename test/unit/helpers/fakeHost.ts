import { join } from 'node:path';
import { freePort } from '../../../src/debug/debugSetup';
import { FunctionsHostProcess } from '../../../src/invoke/functionsHostProcess';

/** The Core Tools stand-in (test/support/fake-func/func): Core Tools cannot be installed on these machines. */
export const fakeFunc = join(__dirname, '..', '..', 'support', 'fake-func', 'func');

/** Starts the stand-in `func start` in an app folder on a free port; resolves once it serves. */
export async function startFakeHost(dir: string, env: Record<string, string> = {}): Promise<FunctionsHostProcess> {
  const host = new FunctionsHostProcess({ func: fakeFunc, cwd: dir, port: await freePort(), env: { PATH: process.env.PATH, ...env } });
  host.start();
  await host.ready(20_000);
  return host;
}

/** Stops the host and resolves once its process has exited (its port is closed by then). */
export function stopFakeHost(host: FunctionsHostProcess): Promise<void> {
  return new Promise((resolve) => {
    if (host.state === 'stopped') return resolve();
    host.onState((state) => {
      if (state === 'stopped') resolve();
    });
    host.stop();
  });
}
