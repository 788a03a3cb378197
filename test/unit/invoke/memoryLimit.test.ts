import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LocalRuntime } from '../../../src/invoke/localRuntime';
import { CgroupParent, guardMemory, RssSampler } from '../../../src/invoke/memoryLimit';
import { nodeMemoryFlags } from '../../../src/invoke/runtimeWorker';
import type { Project } from '../../../src/model/types';
import { buildRuntime, projectWith, testRuntime } from '../helpers/runtimeHarness';

let runtime: LocalRuntime;
before(() => {
  runtime = testRuntime(buildRuntime());
});
after(() => runtime.dispose());

const yaml = (fns: string): string => `service: mem\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n${fns}`;
const fnOf = (project: Project, name: string): Project['functions'][number] => project.functions.find((f) => f.name === name)!;

function assertOutOfMemory(r: Awaited<ReturnType<LocalRuntime['invoke']>>, limitMb: number): void {
  assert.equal(r.error?.errorType, 'Runtime.OutOfMemory', JSON.stringify(r.error) + r.logs.slice(-500));
  assert.match(r.error!.errorMessage, /^RequestId: \S+ Error: Runtime exited with error: signal: killed$/);
  // As on Lambda: the REPORT line shows the environment at its limit, and the log names the error.
  assert.equal(r.maxMemoryUsedMb, limitMb);
  assert.match(r.logs, new RegExp(`Max Memory Used: ${limitMb} MB`));
  assert.match(r.logs, /Error: Runtime exited with error: signal: killed\nRuntime\.OutOfMemory\n/);
}

describe('memory size enforced on the whole process, like Lambda', () => {
  test('Buffers past the memory size end the run as Runtime.OutOfMemory; the next run is a cold start', async () => {
    const { project } = await projectWith({
      'serverless.yml': yaml('  buffers:\n    handler: b.handler\n    memorySize: 128\n    timeout: 30\n'),
      // 600 MB of Buffers: outside the JS heap, so a heap limit alone never stops it.
      'b.js': 'const keep = [];\nexports.handler = async (e) => { if (e.small) return keep.length; for (let i = 0; i < 30; i++) keep.push(Buffer.alloc(20 * 1024 * 1024, 1)); return "survived"; };\n',
    });
    const fn = fnOf(project, 'buffers');
    const r = await runtime.invoke({ fn, project, event: {} });
    assertOutOfMemory(r, 128);
    const next = await runtime.invoke({ fn, project, event: { small: true } });
    assert.equal(next.coldStart, true);
    assert.equal(next.result, 0);
  });

  test('native memory counts too: a WebAssembly memory grown past the limit', async () => {
    const { project } = await projectWith({
      'serverless.yml': yaml('  wasm:\n    handler: w.handler\n    memorySize: 256\n    timeout: 30\n'),
      // 64 KiB pages, grown and written 32 MB at a time up to 1 GB.
      'w.js': 'exports.handler = async () => { const m = new WebAssembly.Memory({ initial: 1, maximum: 16384 }); for (let i = 0; i < 32; i++) { m.grow(512); new Uint8Array(m.buffer).fill(7, i * 512 * 65536); } return m.buffer.byteLength; };\n',
    });
    assertOutOfMemory(await runtime.invoke({ fn: fnOf(project, 'wasm'), project, event: {} }), 256);
  });

  test('under the limit the measured peak is reported, not capped', async () => {
    const { project } = await projectWith({
      'serverless.yml': yaml('  fits:\n    handler: f.handler\n    memorySize: 512\n'),
      'f.js': 'let keep;\nexports.handler = async () => { keep = Buffer.alloc(200 * 1024 * 1024, 1); return keep.length; };\n',
    });
    const r = await runtime.invoke({ fn: fnOf(project, 'fits'), project, event: {} });
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    assert.ok(r.maxMemoryUsedMb! > 200 && r.maxMemoryUsedMb! < 512, String(r.maxMemoryUsedMb));
    assert.match(r.logs, new RegExp(`Max Memory Used: ${r.maxMemoryUsedMb} MB`));
    assert.ok(r.memoryEnforcement === 'sampler' || r.memoryEnforcement === 'cgroup', String(r.memoryEnforcement));
  });

  test('a slow leak across warm invocations ends the environment when it reaches the limit', async () => {
    const { project } = await projectWith({
      'serverless.yml': yaml('  leak:\n    handler: l.handler\n    memorySize: 256\n    timeout: 30\n'),
      'l.js': 'const cache = [];\nexports.handler = async () => { cache.push(Buffer.alloc(30 * 1024 * 1024, 1)); return cache.length; };\n',
    });
    const fn = fnOf(project, 'leak');
    const used: number[] = [];
    let failed: Awaited<ReturnType<LocalRuntime['invoke']>> | undefined;
    for (let i = 1; i <= 20 && !failed; i++) {
      const r = await runtime.invoke({ fn, project, event: {} });
      if (r.error) failed = r;
      else {
        assert.equal(r.result, i, 'every successful run is warm and keeps the leak');
        used.push(r.maxMemoryUsedMb!);
      }
    }
    assert.ok(failed, 'the leak never hit the limit');
    assertOutOfMemory(failed, 256);
    assert.ok(used.length >= 3, `failed too early: ${used.join(', ')}`);
    assert.ok(used.every((u, i) => i === 0 || u > used[i - 1]), `the peak grows with the leak: ${used.join(', ')}`);
    const fresh = await runtime.invoke({ fn, project, event: {} });
    assert.deepEqual([fresh.coldStart, fresh.result], [true, 1]);
  });

  test('Python: a bytearray past the limit ends like Lambda, not as a MemoryError the handler could catch', async () => {
    const { project } = await projectWith({
      'serverless.yml': yaml('  hog:\n    handler: h.handler\n    runtime: python3.12\n    memorySize: 128\n    timeout: 30\n'),
      'h.py': 'def handler(event, context):\n    try:\n        data = bytearray(600 * 1024 * 1024)\n        return len(data)\n    except MemoryError:\n        return "caught"\n',
    });
    assertOutOfMemory(await runtime.invoke({ fn: fnOf(project, 'hog'), project, event: {} }), 128);
  });

  test('Python without the resource module (Windows) runs, and its peak is still measured; macOS ru_maxrss counts bytes', async () => {
    // A resource.py in the task root shadows the real module for the bootstrap, which imports it at start.
    const windows = await projectWith({
      'serverless.yml': yaml('  win:\n    handler: h.handler\n    runtime: python3.12\n    memorySize: 128\n'),
      'resource.py': "import sys\nsys.platform = 'win32'\nraise ImportError(\"No module named 'resource'\")\n",
      'h.py': 'import sys\n\ndef handler(event, context):\n    return {"platform": sys.platform, "resource": "resource" in sys.modules}\n',
    });
    const w = await runtime.invoke({ fn: fnOf(windows.project, 'win'), project: windows.project, event: {} });
    assert.equal(w.error, undefined, JSON.stringify(w.error) + w.logs.slice(-500));
    assert.deepEqual(w.result, { platform: 'win32', resource: false });
    // The worker reports no peak of its own; on Linux the host's sampler still measures the process.
    if (process.platform === 'linux') assert.ok((w.maxMemoryUsedMb ?? 0) > 0 && (w.maxMemoryUsedMb ?? 0) < 128, String(w.maxMemoryUsedMb));
    const mac = await projectWith({
      'serverless.yml': yaml('  mac:\n    handler: h.handler\n    runtime: python3.12\n    memorySize: 128\n'),
      // 90 MB in bytes, as macOS reports it: read as kilobytes it would be far over the 128 MB limit.
      'resource.py': "import sys\nsys.platform = 'darwin'\nRUSAGE_SELF = 0\n\nclass _Usage:\n    ru_maxrss = 90 * 1024 * 1024\n\ndef getrusage(who):\n    return _Usage()\n",
      'h.py': 'def handler(event, context):\n    return "ok"\n',
    });
    const m = await runtime.invoke({ fn: fnOf(mac.project, 'mac'), project: mac.project, event: {} });
    assert.equal(m.error, undefined, JSON.stringify(m.error));
    assert.equal(m.maxMemoryUsedMb, 90);
  });

  test("the Node heap gets Lambda's flags for the memory size (a tenth for the young generation)", () => {
    assert.deepEqual(nodeMemoryFlags(128), ['--max-semi-space-size=6', '--max-old-space-size=116']);
    assert.deepEqual(nodeMemoryFlags(1024), ['--max-semi-space-size=51', '--max-old-space-size=922']);
  });
});

describe('memory guards', () => {
  test('on Linux the sampler reads the resident set from /proc; elsewhere the peak is checked after each run', () => {
    const guard = guardMemory({ pid: process.pid, limitMb: 100_000, kill: () => undefined });
    assert.equal(guard.mode, process.platform === 'linux' ? 'sampler' : 'peak');
    guard.dispose();
    if (process.platform !== 'linux') return;
    const sampler = new RssSampler(process.pid, 100_000, () => undefined, '/proc');
    const kb = sampler.sample()!;
    const rssKb = process.memoryUsage.rss() / 1024;
    assert.ok(Math.abs(kb - rssKb) / rssKb < 0.2, `${kb} KB vs ${rssKb} KB`);
    assert.equal(sampler.peakKb, kb);
    sampler.dispose();
  });

  test('cgroup v2: a worker group with memory.max, its peak and the kernel oom_kill event', () => {
    const root = mkdtempSync(join(tmpdir(), 'swb-cgroup-'));
    writeFileSync(join(root, 'cgroup.controllers'), 'cpuset cpu io memory pids\n');
    writeFileSync(join(root, 'cgroup.subtree_control'), 'cpu memory\n');
    // Creating a group folder makes the kernel fill it; here the test plays the kernel.
    mkdirSync(join(root, 'serverless-workbench'));
    writeFileSync(join(root, 'serverless-workbench', 'cgroup.subtree_control'), '');
    const parent = CgroupParent.open(root, 'linux')!;
    assert.ok(parent, 'a hierarchy with the memory controller is used');
    assert.equal(readFileSync(join(root, 'serverless-workbench', 'cgroup.subtree_control'), 'utf8'), '+memory');
    const guard = parent.limit(4242, 128)!;
    assert.equal(guard.mode, 'cgroup');
    const dir = join(root, 'serverless-workbench', `w${process.pid}-1`);
    assert.equal(readFileSync(join(dir, 'memory.max'), 'utf8'), String(128 * 1024 * 1024));
    assert.equal(readFileSync(join(dir, 'cgroup.procs'), 'utf8'), '4242');
    writeFileSync(join(dir, 'memory.peak'), String(100 * 1024 * 1024));
    writeFileSync(join(dir, 'memory.events'), 'low 0\nhigh 0\nmax 3\noom 1\noom_kill 0\n');
    assert.equal(guard.peakKb, 100 * 1024);
    assert.equal(guard.killedForMemory(), false);
    writeFileSync(join(dir, 'memory.events'), 'low 0\nhigh 0\nmax 9\noom 1\noom_kill 1\n');
    assert.equal(guard.killedForMemory(), true);
    // Without the memory controller (cgroup v1 machines, or none delegated) the sampler is used.
    const v1 = mkdtempSync(join(tmpdir(), 'swb-cgroup-'));
    writeFileSync(join(v1, 'cgroup.controllers'), 'cpu pids\n');
    assert.equal(CgroupParent.open(v1, 'linux'), undefined);
    assert.equal(CgroupParent.open(join(v1, 'missing'), 'linux'), undefined);
  });
});
