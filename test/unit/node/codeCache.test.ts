import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shortHash } from '../../../src/node/codeCache';

const codeCache = join(__dirname, '..', '..', '..', 'src', 'node', 'codeCache.ts');

/** Loads the bundle in a new process (the cache is written when a process exits), as the CLI's entry does. */
function load(bundle: string, cacheDir: string, exitCode = 0): { out: string; err: string } {
  const driver = join(cacheDir, '..', 'driver.ts');
  writeFileSync(
    driver,
    `import { requireWithCodeCache } from ${JSON.stringify(codeCache)};\n` +
      `const m = requireWithCodeCache(${JSON.stringify(bundle)}, { dir: ${JSON.stringify(cacheDir)}, name: 'invoke', keep: () => !process.exitCode, report: (h) => console.log('how', h) }) as { run: () => Promise<string> };\n` +
      `void m.run().then((t) => { console.log(t); process.exitCode = ${exitCode}; });\n`,
  );
  const r = spawnSync(process.execPath, ['--import', 'tsx', driver], { encoding: 'utf8' });
  return { out: r.stdout, err: r.stderr };
}

test('a bundle loads through the code cache: written after the first run, used by the next, lazy require() and __dirname intact', () => {
  const dir = mkdtempSync(join(tmpdir(), 'swb-code-cache-'));
  const bundle = join(dir, 'bundle.js');
  writeFileSync(join(dir, 'dep.js'), 'module.exports = { answer: 42 };\n');
  writeFileSync(bundle, '#!/usr/bin/env node\n"use strict";\nexports.run = async () => { const dep = require("./dep.js"); return `${dep.answer} ${__dirname === ' + JSON.stringify(dir) + '} ${require("node:path").basename(__filename)}`; };\n');
  const cacheDir = join(dir, 'cache');
  const first = load(bundle, cacheDir);
  assert.equal(first.err, '', 'nothing on stderr');
  assert.match(first.out, /^how (cache-written-at-exit|node-compile-cache)\n42 true bundle\.js\n$/);
  if (first.out.includes('node-compile-cache')) return; // Node 22+: Node's own cache, its own tests.
  assert.equal(readdirSync(join(cacheDir, 'code-cache')).length, 1, 'the cache is written when the process exits');
  const second = load(bundle, cacheDir);
  assert.equal(second.err, '');
  assert.equal(second.out, 'how cache-used\n42 true bundle.js\n');
  // A changed bundle does not use the old cache (V8 checks the source; the file's identity names it).
  writeFileSync(bundle, 'exports.run = async () => "changed";\n');
  assert.equal(load(bundle, cacheDir).out, 'how cache-written-at-exit\nchanged\n');
});

test('a run that ends in a usage error writes no cache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'swb-code-cache-'));
  const bundle = join(dir, 'bundle.js');
  writeFileSync(bundle, 'exports.run = async () => "x";\n');
  const cacheDir = join(dir, 'cache');
  const r = load(bundle, cacheDir, 2);
  if (r.out.includes('node-compile-cache')) return;
  assert.equal(r.out, 'how cache-written-at-exit\nx\n');
  assert.throws(() => readdirSync(join(cacheDir, 'code-cache')), /ENOENT/);
});

test('caches of older builds are removed: a few builds keep theirs, the rest go', () => {
  const dir = mkdtempSync(join(tmpdir(), 'swb-code-cache-'));
  const bundle = join(dir, 'bundle.js');
  const cacheDir = join(dir, 'cache');
  for (let build = 1; build <= 5; build++) {
    writeFileSync(bundle, `exports.run = async () => "build ${build}";\n`);
    const r = load(bundle, cacheDir);
    if (r.out.includes('node-compile-cache')) return; // Node 22+: Node's own cache manages its folder.
    assert.equal(r.out, `how cache-written-at-exit\nbuild ${build}\n`);
  }
  const left = readdirSync(join(cacheDir, 'code-cache'));
  assert.equal(left.length, 3, left.join(', '));
  assert.ok(left.every((f) => f.endsWith('-invoke.bin')));
  // The newest build's cache is among those kept: its next run uses it.
  assert.equal(load(bundle, cacheDir).out, 'how cache-used\nbuild 5\n');
});

test('a build is named by a short hash of its path, size, time and Node version: stable, 16 hex digits, different for a change', () => {
  const inputs = ['/x/dist/cliMain.js\u0000702360\u00001764560000000\u0000v20.20.2', '/x/dist/cliMain.js\u0000702360\u00001764560000001\u0000v20.20.2', '/x/dist/cliMain.js\u0000702361\u00001764560000000\u0000v20.20.2', '/x/dist/cliMain.js\u0000702360\u00001764560000000\u0000v22.11.0', '/y/dist/cliMain.js\u0000702360\u00001764560000000\u0000v20.20.2', ''];
  const names = inputs.map(shortHash);
  for (const n of names) assert.match(n, /^[0-9a-f]{16}$/);
  assert.equal(new Set(names).size, inputs.length, names.join(' '));
  assert.deepEqual(inputs.map(shortHash), names, 'the same input gives the same name');
});
