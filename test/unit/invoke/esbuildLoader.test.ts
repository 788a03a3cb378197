// The esbuild-wasm service is started once per process and then reused, so the test that proves it starts with no
// `node` on PATH must be the first to use it: keep WebAssembly builds in this file only, in this order.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Esbuild, EsbuildSources, NodeHost } from '../../../src/invoke/esbuildLoader';
import { bundledSources, EsbuildUnavailable, loadEsbuild, runningOnNode, shellQuote } from '../../../src/invoke/esbuildLoader';

let dir: string;
let wasmInUse: Esbuild | undefined;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'swb-esbuild-'));
  writeFileSync(join(dir, 'app.ts'), "import { greet } from './greet';\nexport const handler = async (e: { name: string }): Promise<string> => greet(e.name);\n");
  writeFileSync(join(dir, 'greet.ts'), 'export const greet = (name: string): string => `hello ${name}`;\n');
});
after(async () => {
  await wasmInUse?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const host = (over: Partial<NodeHost> = {}): NodeHost => ({
  platform: process.platform,
  execPath: process.execPath,
  env: process.env,
  scratch: async () => {
    const d = join(dir, 'launcher');
    mkdirSync(d, { recursive: true });
    return d;
  },
  ...over,
});

const nativeMissing: EsbuildSources = {
  native: () => Promise.reject(new Error('The package "@esbuild/linux-x64" could not be found, and is needed by esbuild.\n\nIf you are installing…')),
  wasm: bundledSources.wasm,
};

/** Bundles app.ts the way a TypeScript handler is bundled and runs the result. */
async function bundleAndRun(esbuild: Esbuild): Promise<unknown> {
  const outfile = join(dir, `out-${Math.random().toString(36).slice(2)}.cjs`);
  await esbuild.build({ entryPoints: [join(dir, 'app.ts')], outfile, bundle: true, platform: 'node', format: 'cjs', logLevel: 'silent' });
  const mod = { exports: {} as { handler: (e: unknown) => Promise<unknown> } };
  new Function('module', 'exports', readFileSync(outfile, 'utf8'))(mod, mod.exports);
  return mod.exports.handler({ name: 'Ada' });
}

describe('esbuild loader', () => {
  test('the native package of this platform is used when its binary runs', async () => {
    const loaded = await loadEsbuild();
    assert.equal(loaded.flavour, 'native');
    assert.equal(await bundleAndRun(loaded.esbuild), 'hello Ada');
  });

  test('no native binary: esbuild-wasm bundles the handler, even with no node on PATH', async () => {
    const saved = process.env.PATH;
    process.env.PATH = join(dir, 'no-node-here');
    try {
      const loaded = await loadEsbuild(nativeMissing, host({ electron: undefined }));
      wasmInUse = loaded.esbuild;
      assert.equal(loaded.flavour, 'wasm');
      assert.match(loaded.nativeProblem ?? '', /@esbuild\/linux-x64" could not be found/);
      assert.equal(loaded.esbuild.version, (await bundledSources.native()).version, 'esbuild-wasm is pinned to the same version');
      assert.equal(await bundleAndRun(loaded.esbuild), 'hello Ada');
      assert.equal(process.env.PATH, join(dir, 'no-node-here'), 'PATH is restored after the service started');
    } finally {
      process.env.PATH = saved;
    }
  });

  test('a native binary that cannot start (wrong format, no exec permission) falls back too', async () => {
    const broken = { transform: () => Promise.reject(new Error('The service was stopped: spawn /x/esbuild EACCES')) } as unknown as Esbuild;
    const loaded = await loadEsbuild({ native: async () => broken, wasm: bundledSources.wasm }, host());
    assert.equal(loaded.flavour, 'wasm');
    assert.equal(loaded.nativeProblem, 'The service was stopped: spawn /x/esbuild EACCES');
    assert.equal(await bundleAndRun(loaded.esbuild), 'hello Ada');
  });

  test('neither flavour: one line that says why', async () => {
    await assert.rejects(
      loadEsbuild({ native: () => Promise.reject(new Error('no native\nmore')), wasm: () => Promise.reject(new Error("Cannot find module 'esbuild-wasm'")) }, host()),
      (err: Error) => err instanceof EsbuildUnavailable && err.message === "esbuild cannot run here (native: no native; WebAssembly: Cannot find module 'esbuild-wasm')",
    );
  });
});

describe('node for the WebAssembly service', () => {
  /** Stands in for esbuild-wasm: its build returns the PATH its service would be spawned with. */
  const probe = (env: Record<string, string | undefined>): Esbuild => ({ version: '1', build: () => env.PATH }) as unknown as Esbuild;

  test('plain Node: its own folder leads PATH during the call', async () => {
    const env: Record<string, string | undefined> = { PATH: '/usr/bin' };
    const wrapped = await runningOnNode(probe(env), host({ execPath: '/opt/node-22/bin/node', env, platform: 'linux' }));
    const seen = (wrapped.build as unknown as () => string)();
    assert.ok(seen.startsWith('/opt/node-22/bin'), seen);
    assert.ok(seen.endsWith('/usr/bin'), seen);
    assert.equal(env.PATH, '/usr/bin');
    assert.equal(wrapped.version, '1');
  });

  test('Electron on macOS/Linux: a private launcher runs it as Node, whatever its path holds', async () => {
    // An executable path with a space and a quote in it: the launcher must quote it for the shell.
    const odd = join(dir, "Visual Studio Code's", 'code helper');
    mkdirSync(join(odd, '..'), { recursive: true });
    copyFileSync(process.execPath, odd);
    const env: Record<string, string | undefined> = { PATH: '/usr/bin' };
    const wrapped = await runningOnNode(probe(env), host({ execPath: odd, electron: '35.5.1', env, platform: 'linux' }));
    const seen = (wrapped.build as unknown as () => string)();
    const launcher = join(seen.split(':')[0], 'node');
    assert.equal(statSync(launcher).mode & 0o777, 0o700);
    const run = spawnSync(launcher, ['-e', 'console.log(process.env.ELECTRON_RUN_AS_NODE, process.argv.length)'], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout.trim(), '1 1');
  });

  test('Electron on Windows: PATH is left alone (a node from PATH is needed)', async () => {
    const env: Record<string, string | undefined> = { PATH: 'C:\\Windows' };
    const wrapped = await runningOnNode(probe(env), host({ execPath: 'C:\\Program Files\\Microsoft VS Code\\Code.exe', electron: '35.5.1', env, platform: 'win32' }));
    assert.equal((wrapped.build as unknown as () => string)(), 'C:\\Windows');
  });

  test('shell quoting', () => {
    assert.equal(shellQuote('/usr/bin/node'), "'/usr/bin/node'");
    assert.equal(shellQuote("/Apps/Bob's Code/code"), "'/Apps/Bob'\\''s Code/code'");
    assert.equal(shellQuote('$(rm -rf ~) `x` "y"'), "'$(rm -rf ~) `x` \"y\"'");
  });
});
