import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createFileAtomic, writeFileAtomic } from '../../../src/node/atomicFile';
import { copyFixture } from '../helpers/cliHarness';

const child = join(__dirname, '..', 'helpers', 'atomicWriteChild.ts');

function start(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', child, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Resolves with the child's first stdout line that matches, or rejects when it exits first. */
function line(proc: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = out.split('\n').find((l) => pattern.test(l));
      if (m) resolve(m);
    });
    proc.once('exit', (code, signal) => reject(new Error(`the child exited (${signal ?? code}) before printing ${pattern}: ${err.slice(-2000)}`)));
  });
}

function kill9(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
    proc.once('exit', () => resolve());
    proc.kill('SIGKILL');
  });
}

function tempDir(): { dir: string; [Symbol.dispose]: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'swb-atomic-'));
  return { dir, [Symbol.dispose]: () => rmSync(dir, { recursive: true, force: true }) };
}

test('killed with SIGKILL between the temporary file and the rename, the old file is whole and the new text waits in the temporary file', async () => {
  const t = tempDir();
  try {
    const file = join(t.dir, 'event.json');
    const old = 'O'.repeat(200_000);
    const next = 'N'.repeat(300_000);
    writeFileSync(file, old);
    const proc = start(['stall', file, String(next.length)]);
    const tmp = (await line(proc, /^temp /)).slice('temp '.length);
    await kill9(proc);
    assert.equal(readFileSync(file, 'utf8'), old, 'the old file, whole');
    assert.equal(readFileSync(tmp, 'utf8'), next, 'the killed write had written and flushed the whole new text to its temporary file');
    assert.match(tmp, /\/\.event\.json\.\d+\.[0-9a-f]{8}\.tmp$/);
  } finally {
    t[Symbol.dispose]();
  }
});

test('killed with SIGKILL at random moments while rewriting a 1 MB file, it is always one whole version', async () => {
  const t = tempDir();
  try {
    const file = join(t.dir, 'big.txt');
    const size = 1_000_000;
    for (let i = 0; i < 6; i++) {
      const proc = start(['loop', file, String(size)]);
      await line(proc, /^ready$/);
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 40)));
      await kill9(proc);
      const text = readFileSync(file, 'utf8');
      assert.equal(text.length, size, `kill ${i + 1}: a torn file of ${text.length} bytes`);
      assert.ok(text === 'A'.repeat(size) || text === 'B'.repeat(size), `kill ${i + 1}: a mixed file`);
    }
  } finally {
    t[Symbol.dispose]();
  }
});

test('`new` killed with SIGKILL before the config is renamed into place: the config is unchanged, the new handler whole', async () => {
  const { dir, dispose } = copyFixture('patterns/sf-service');
  try {
    const config = join(dir, 'serverless.yml');
    const before = readFileSync(config, 'utf8');
    const proc = start(['new', dir, 'new', 'queue-worker', '--name', 'drainQueue', '--language', 'js']);
    const tmp = (await line(proc, /^temp /)).slice('temp '.length);
    await kill9(proc);
    assert.equal(readFileSync(config, 'utf8'), before, 'the config as it was');
    assert.match(readFileSync(tmp, 'utf8'), /drainQueue:/, 'the edited config was whole in its temporary file');
    const handlers = readdirSync(join(dir, 'src', 'handlers')).filter((f) => /drainQueue|drain-queue/i.test(f));
    assert.equal(handlers.length, 1, readdirSync(join(dir, 'src', 'handlers')).join(', '));
    assert.match(readFileSync(join(dir, 'src', 'handlers', handlers[0]), 'utf8'), /export const handler/);
  } finally {
    dispose();
  }
});

test('a replaced file keeps its mode bits; createFileAtomic refuses an existing name and leaves no temporary file', async () => {
  const t = tempDir();
  try {
    const file = join(t.dir, 'run.sh');
    writeFileSync(file, 'old', { mode: 0o750 });
    await writeFileAtomic(file, 'new');
    assert.equal(readFileSync(file, 'utf8'), 'new');
    assert.equal(statSync(file).mode & 0o777, 0o750);
    await assert.rejects(createFileAtomic(file, 'other'), (err: NodeJS.ErrnoException) => err.code === 'EEXIST');
    assert.equal(readFileSync(file, 'utf8'), 'new');
    await createFileAtomic(join(t.dir, 'sub', 'fresh.txt'), 'fresh');
    assert.equal(readFileSync(join(t.dir, 'sub', 'fresh.txt'), 'utf8'), 'fresh');
    assert.deepEqual(readdirSync(t.dir).filter((f) => f.endsWith('.tmp')), []);
  } finally {
    t[Symbol.dispose]();
  }
});
