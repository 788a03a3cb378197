// Packaging without the registry: small stand-ins for esbuild's packages are packed by npm itself (offline, from
// local folders), and .vsix archives are written with the zip writer vsce uses.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { readTarGz, readZip } from '../../../scripts/vsix/archives';
import { checkPackage } from '../../../scripts/vsix/checkPackage';
import type { PackFetcher } from '../../../scripts/vsix/esbuildPackages';
import { esbuildRuntime, integrityOf, IntegrityError, lockedPackageFiles } from '../../../scripts/vsix/esbuildPackages';
import { vsixTargets } from '../../../scripts/vsix/targets';

const ELF_X64 = (() => {
  const b = Buffer.alloc(64);
  b.writeUInt32BE(0x7f454c46, 0);
  b[4] = 2;
  b[5] = 1;
  b.writeUInt16LE(0x3e, 18);
  return b;
})();
const MACHO_ARM64 = (() => {
  const b = Buffer.alloc(32);
  b.writeUInt32LE(0xfeedfacf, 0);
  b.writeUInt32LE(0x0100000c, 4);
  return b;
})();
const WASM = Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);

let dir: string;
/** spec (`name@version`) → packed tarball. */
const tarballs = new Map<string, string>();
type Lock = { packages: Record<string, { version?: string; integrity?: string }> };
let lock: Lock;

function fakePackage(name: string, files: Record<string, Buffer | string>, executable: string[] = []): string {
  const folder = join(dir, 'src', name.replace('/', '__'));
  for (const [rel, content] of Object.entries({ 'package.json': JSON.stringify({ name, version: '0.0.1', license: 'MIT' }), 'LICENSE.md': 'MIT', ...files })) {
    mkdirSync(dirname(join(folder, rel)), { recursive: true });
    writeFileSync(join(folder, rel), content);
    if (executable.includes(rel)) chmodSync(join(folder, rel), 0o755);
  }
  return folder;
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'swb-packaging-'));
  const folders = [
    fakePackage('esbuild', { 'lib/main.js': 'module.exports = {}', 'lib/main.d.ts': 'export {}', 'bin/esbuild': '#!/usr/bin/env node' }),
    fakePackage('@esbuild/linux-x64', { 'bin/esbuild': ELF_X64, 'README.md': 'x' }, ['bin/esbuild']),
    fakePackage('@esbuild/darwin-arm64', { 'bin/esbuild': MACHO_ARM64 }, ['bin/esbuild']),
    fakePackage('esbuild-wasm', { 'lib/main.js': '', 'lib/browser.js': '', 'bin/esbuild': '', 'esbuild.wasm': WASM, 'wasm_exec.js': '', 'wasm_exec_node.js': '', 'esm/browser.js': '' }),
  ];
  const packed = join(dir, 'packed');
  mkdirSync(packed);
  const run = spawnSync('npm', ['pack', ...folders, '--pack-destination', packed, '--json', '--loglevel=error'], { encoding: 'utf8', shell: process.platform === 'win32' });
  assert.equal(run.status, 0, run.stderr);
  lock = { packages: {} };
  for (const info of JSON.parse(run.stdout) as Array<{ name: string; version: string; filename: string }>) {
    const file = join(packed, info.filename);
    tarballs.set(`${info.name}@${info.version}`, file);
    lock.packages[`node_modules/${info.name}`] = { version: info.version, integrity: integrityOf(readFileSync(file)) };
  }
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Stands in for `npm pack` from the registry: copies the prepared tarball; `fetched` records the specs asked for. */
function registry(fetched: string[] = [], unavailable: string[] = []): PackFetcher {
  return (spec, destination) => {
    fetched.push(spec);
    if (unavailable.some((u) => spec.startsWith(`${u}@`))) throw new Error(`npm pack ${spec} failed: 404 Not Found`);
    const from = tarballs.get(spec);
    if (!from) throw new Error(`npm pack ${spec} failed: no such package`);
    const to = join(destination, `${spec.replace(/^@/, '').replace('/', '-').replace('@', '-')}.tgz`);
    copyFileSync(from, to);
    return to;
  };
}

const cacheDir = (): string => mkdtempSync(join(dir, 'cache-'));

describe('npm tarballs', () => {
  test('a tarball npm packed is read with its paths and modes', () => {
    const files = readTarGz(readFileSync(tarballs.get('@esbuild/linux-x64@0.0.1')!));
    assert.deepEqual([...files.keys()].sort(), ['package/LICENSE.md', 'package/README.md', 'package/bin/esbuild', 'package/package.json']);
    const bin = files.get('package/bin/esbuild')!;
    assert.deepEqual(bin.read(), ELF_X64);
    assert.equal((bin.mode ?? 0) & 0o111, 0o111, 'the binary stays executable');
    assert.equal(JSON.parse(files.get('package/package.json')!.read().toString()).name, '@esbuild/linux-x64');
  });

  test('fetched once into the cache, then read from it', () => {
    const cache = cacheDir();
    const fetched: string[] = [];
    const pkg = { name: '@esbuild/linux-x64', version: '0.0.1', integrity: lock.packages['node_modules/@esbuild/linux-x64'].integrity! };
    lockedPackageFiles(pkg, cache, registry(fetched));
    const again = lockedPackageFiles(pkg, cache, registry(fetched, ['@esbuild/linux-x64']));
    assert.deepEqual(fetched, ['@esbuild/linux-x64@0.0.1']);
    assert.deepEqual(again.get('bin/esbuild')?.read(), ELF_X64);
  });

  test('bytes that differ from the lock file are refused, and a damaged cache entry is fetched again', () => {
    const cache = cacheDir();
    const pkg = { name: '@esbuild/linux-x64', version: '0.0.1', integrity: lock.packages['node_modules/@esbuild/darwin-arm64'].integrity! };
    assert.throws(() => lockedPackageFiles(pkg, cache, registry()), (err: Error) => err instanceof IntegrityError && /is not the lock file's/.test(err.message));
    const good = { ...pkg, integrity: lock.packages['node_modules/@esbuild/linux-x64'].integrity! };
    writeFileSync(join(cache, 'esbuild-linux-x64-0.0.1.tgz'), 'damaged');
    const fetched: string[] = [];
    assert.ok(lockedPackageFiles(good, cache, registry(fetched)).has('bin/esbuild'));
    assert.deepEqual(fetched, ['@esbuild/linux-x64@0.0.1']);
  });
});

describe('esbuild for a target', () => {
  test('native: the esbuild API (what runs of it) and the platform package, executable', () => {
    const r = esbuildRuntime('@esbuild/linux-x64', lock, cacheDir(), registry());
    assert.equal(r.flavour, 'native');
    assert.equal(r.fallback, undefined);
    assert.deepEqual(r.dependencies, { esbuild: '0.0.1' });
    assert.deepEqual(r.files.map((f) => f.path).sort(), [
      'node_modules/@esbuild/linux-x64/LICENSE.md',
      'node_modules/@esbuild/linux-x64/README.md',
      'node_modules/@esbuild/linux-x64/bin/esbuild',
      'node_modules/@esbuild/linux-x64/package.json',
      'node_modules/esbuild/LICENSE.md',
      'node_modules/esbuild/lib/main.js',
      'node_modules/esbuild/package.json',
    ]);
    assert.equal((r.files.find((f) => f.path.endsWith('bin/esbuild'))!.mode ?? 0) & 0o111, 0o111);
  });

  test('no native binary to be had: esbuild-wasm instead, with the reason', () => {
    const r = esbuildRuntime('@esbuild/darwin-arm64', lock, cacheDir(), registry([], ['@esbuild/darwin-arm64']));
    assert.equal(r.flavour, 'wasm');
    assert.match(r.fallback ?? '', /npm pack @esbuild\/darwin-arm64@0\.0\.1 failed: 404 Not Found/);
    assert.deepEqual(r.dependencies, { 'esbuild-wasm': '0.0.1' });
    assert.deepEqual(r.files.map((f) => f.path.replace('node_modules/esbuild-wasm/', '')).sort(), ['LICENSE.md', 'bin/esbuild', 'esbuild.wasm', 'lib/main.js', 'package.json', 'wasm_exec.js', 'wasm_exec_node.js']);
  });

  test('a native package the lock file does not pin: esbuild-wasm', () => {
    const r = esbuildRuntime('@esbuild/win32-arm64', lock, cacheDir(), registry());
    assert.equal(r.flavour, 'wasm');
    assert.equal(r.fallback, '@esbuild/win32-arm64 is not in package-lock.json');
  });

  test('the universal package: esbuild-wasm, no fallback to report', () => {
    const r = esbuildRuntime(undefined, lock, cacheDir(), registry());
    assert.equal(r.flavour, 'wasm');
    assert.equal(r.fallback, undefined);
  });

  test('versions must agree: a native package or esbuild-wasm at another version than esbuild is an error', () => {
    const skewed: Lock = { packages: { ...lock.packages, 'node_modules/esbuild-wasm': { ...lock.packages['node_modules/esbuild-wasm'], version: '0.0.2' } } };
    assert.throws(() => esbuildRuntime(undefined, skewed, cacheDir(), registry()), /esbuild-wasm 0\.0\.2 is not esbuild's version 0\.0\.1/);
    const skewedNative: Lock = { packages: { ...lock.packages, 'node_modules/@esbuild/linux-x64': { ...lock.packages['node_modules/@esbuild/linux-x64'], version: '0.0.2' } } };
    assert.throws(() => esbuildRuntime('@esbuild/linux-x64', skewedNative, cacheDir(), registry()), /is not esbuild's version/);
  });

  test('a tampered native tarball fails the packaging instead of falling back', () => {
    const tampered: Lock = { packages: { ...lock.packages, 'node_modules/@esbuild/linux-x64': { version: '0.0.1', integrity: lock.packages['node_modules/esbuild'].integrity } } };
    assert.throws(() => esbuildRuntime('@esbuild/linux-x64', tampered, cacheDir(), registry()), IntegrityError);
  });
});

describe('checking a .vsix', () => {
  const yazl = createRequire(createRequire(__filename).resolve('@vscode/vsce/package.json'))('yazl') as {
    ZipFile: new () => { addBuffer(b: Buffer, name: string, o?: { mode?: number }): void; end(): void; outputStream: NodeJS.ReadableStream };
  };

  /** A .vsix as vsce writes it (same zip writer), with the given entries under extension/. */
  async function vsix(target: string | undefined, files: Record<string, Buffer | string | { content: Buffer; mode: number }>): Promise<Buffer> {
    const zip = new yazl.ZipFile();
    zip.addBuffer(Buffer.from(`<PackageManifest><Metadata><Identity Id="serverless-workbench"${target ? ` TargetPlatform="${target}"` : ''}/></Metadata></PackageManifest>`), 'extension.vsixmanifest');
    const base: Record<string, string> = { 'package.json': '{}', 'dist/extension.js': '', 'dist/cli.js': '', 'dist/cliMain.js': '', 'dist/runtime/nodeBootstrap.js': '' };
    for (const [name, value] of Object.entries({ ...base, ...files })) {
      if (typeof value === 'object' && 'mode' in value) zip.addBuffer(value.content, `extension/${name}`, { mode: value.mode });
      else zip.addBuffer(Buffer.from(value), `extension/${name}`, { mode: 0o100644 });
    }
    zip.end();
    const chunks: Buffer[] = [];
    for await (const c of zip.outputStream) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }
  const esbuildApi = { 'node_modules/esbuild/package.json': '{"version":"0.28.2"}', 'node_modules/esbuild/lib/main.js': '' };
  const linuxX64 = vsixTargets.find((t) => t.target === 'linux-x64')!;
  const universal = vsixTargets.find((t) => !t.target)!;

  test('the zip reader reads what vsce\'s zip writer wrote: names, contents, modes', async () => {
    const entries = readZip(await vsix('linux-x64', { 'node_modules/@esbuild/linux-x64/bin/esbuild': { content: ELF_X64, mode: 0o100755 } }));
    assert.deepEqual(entries.get('extension/node_modules/@esbuild/linux-x64/bin/esbuild')?.read(), ELF_X64);
    assert.equal(entries.get('extension/node_modules/@esbuild/linux-x64/bin/esbuild')?.mode, 0o755);
    assert.equal(entries.get('extension/package.json')?.read().toString(), '{}');
  });

  test('a linux-x64 package with its ELF x64 binary passes', async () => {
    const v = await vsix('linux-x64', { ...esbuildApi, 'node_modules/@esbuild/linux-x64/package.json': '{"version":"0.28.2"}', 'node_modules/@esbuild/linux-x64/bin/esbuild': { content: ELF_X64, mode: 0o100755 } });
    const report = checkPackage(v, linuxX64, '0.28.2');
    assert.deepEqual(report.problems, []);
    assert.equal(report.summary, 'esbuild 0.28.2, @esbuild/linux-x64: ELF 64-bit x64, mode 755');
  });

  test('the wrong binary, a lost exec bit, another platform\'s binary, the wrong manifest target: each is a problem', async () => {
    const v = await vsix('darwin-arm64', {
      ...esbuildApi,
      'node_modules/@esbuild/linux-x64/package.json': '{"version":"0.28.1"}',
      'node_modules/@esbuild/linux-x64/bin/esbuild': { content: MACHO_ARM64, mode: 0o100644 },
      'node_modules/@esbuild/win32-x64/esbuild.exe': { content: Buffer.from('MZ'), mode: 0o100644 },
    });
    assert.deepEqual(checkPackage(v, linuxX64, '0.28.2').problems, [
      "the manifest's target platform is darwin-arm64, not linux-x64",
      '@esbuild/linux-x64 is 0.28.1, not 0.28.2',
      'binaries of other platforms: node_modules/@esbuild/win32-x64/esbuild.exe',
      '@esbuild/linux-x64/bin/esbuild is Mach-O 64-bit arm64, not ELF 64-bit x64',
      'bin/esbuild is not executable (mode 644)',
    ]);
  });

  test('the universal package carries esbuild-wasm and no native binary', async () => {
    const wasmFiles = Object.fromEntries(['lib/main.js', 'bin/esbuild', 'wasm_exec_node.js', 'wasm_exec.js'].map((f) => [`node_modules/esbuild-wasm/${f}`, '']));
    const good = await vsix(undefined, { ...wasmFiles, 'node_modules/esbuild-wasm/package.json': '{"version":"0.28.2"}', 'node_modules/esbuild-wasm/esbuild.wasm': WASM });
    assert.deepEqual(checkPackage(good, universal, '0.28.2'), { summary: 'esbuild-wasm 0.28.2', problems: [] });
    const bad = await vsix(undefined, { ...wasmFiles, 'node_modules/esbuild-wasm/package.json': '{"version":"0.28.2"}', 'node_modules/esbuild-wasm/esbuild.wasm': ELF_X64, 'node_modules/@esbuild/linux-x64/bin/esbuild': ELF_X64 });
    assert.deepEqual(checkPackage(bad, universal, '0.28.2').problems, ['esbuild.wasm is not a WebAssembly module', 'native binaries in a WebAssembly package: node_modules/@esbuild/linux-x64/bin/esbuild']);
  });

  test('a targeted package that fell back to esbuild-wasm passes only when the fallback was announced', async () => {
    const wasmFiles = Object.fromEntries(['lib/main.js', 'bin/esbuild', 'wasm_exec_node.js', 'wasm_exec.js'].map((f) => [`node_modules/esbuild-wasm/${f}`, '']));
    const v = await vsix('linux-x64', { ...wasmFiles, 'node_modules/esbuild-wasm/package.json': '{"version":"0.28.2"}', 'node_modules/esbuild-wasm/esbuild.wasm': WASM });
    assert.deepEqual(checkPackage(v, linuxX64, '0.28.2', true).problems, []);
    assert.ok(checkPackage(v, linuxX64, '0.28.2').problems.includes('node_modules/@esbuild/linux-x64/bin/esbuild is missing'));
  });

  test('not a zip at all', () => {
    assert.deepEqual(checkPackage(Buffer.from('nope'), linuxX64, '0.28.2').problems, ['not a readable .vsix: not a zip archive (no end of central directory)']);
  });
});
