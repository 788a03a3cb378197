// npm run package — one .vsix per VS Code target in dist/packages/, each with its platform's esbuild binary, and a
// universal one with esbuild-wasm. The production bundles are built once; each package is staged in
// .cache/vsix-stage/<target>/ (the extension's own files as .vscodeignore selects them, a package.json whose
// dependencies are what ships, and node_modules with esbuild from lock-verified npm tarballs), packed with vsce,
// then opened again and checked (scripts/vsix/checkPackage.ts).
//
//   npm run package                              all targets
//   npm run package -- --target linux-x64        only these (repeatable; `universal` for the universal one)
//   npm run package -- --no-build                reuse dist/ as it is
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { checkPackage } from './vsix/checkPackage';
import { esbuildRuntime, lockedPackage } from './vsix/esbuildPackages';
import type { VsixTarget } from './vsix/targets';
import { vsixFileName, vsixTargets } from './vsix/targets';

const root = join(__dirname, '..');
const packagesDir = join(root, 'dist', 'packages');
const stageRoot = join(root, '.cache', 'vsix-stage');
const tarballCache = join(root, '.cache', 'npm-tarballs');

interface Vsce {
  listFiles(options: { cwd: string; packageManager: number }): Promise<string[]>;
  PackageManager: { None: number };
}

function fail(message: string): never {
  console.error(`npm run package: ${message}`);
  process.exit(1);
}

function selectedTargets(argv: string[]): VsixTarget[] {
  const wanted: string[] = [];
  for (let i = 0; i < argv.length; i++) if (argv[i] === '--target') wanted.push(argv[++i] ?? '');
  if (wanted.length === 0) return vsixTargets;
  return wanted.map((w) => vsixTargets.find((t) => (t.target ?? 'universal') === w) ?? fail(`unknown target ${w}; known: ${vsixTargets.map((t) => t.target ?? 'universal').join(', ')}`));
}

function run(command: string, args: string[], cwd: string): void {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) fail(`${relative(root, args[0] ?? command)} ${args.slice(1).join(' ')} failed (exit ${r.status ?? r.signal}):\n${`${r.stdout}${r.stderr}`.trim().split('\n').slice(-30).join('\n')}`);
}

/** The package.json that ships: no scripts or dev dependencies; dependencies are exactly what node_modules holds. */
function stagedManifest(dependencies: Record<string, string>): string {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
  delete pkg.scripts;
  delete pkg.devDependencies;
  pkg.dependencies = dependencies;
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

async function main(): Promise<void> {
  const started = Date.now();
  const targets = selectedTargets(process.argv.slice(2));
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; integrity?: string }> };
  const esbuildVersion = lockedPackage(lock, 'esbuild')?.version ?? fail('package-lock.json has no esbuild');

  if (!process.argv.includes('--no-build')) run(process.execPath, [join(root, 'scripts', 'build.mjs'), '--production'], root);
  const vsce = createRequire(__filename)('@vscode/vsce') as Vsce;
  const vsceBin = join(dirname(createRequire(__filename).resolve('@vscode/vsce/package.json')), 'vsce');
  const ownFiles = await vsce.listFiles({ cwd: root, packageManager: vsce.PackageManager.None });

  mkdirSync(packagesDir, { recursive: true });
  let problems = 0;
  for (const t of targets) {
    const name = t.target ?? 'universal';
    const stage = join(stageRoot, name);
    rmSync(stage, { recursive: true, force: true });
    for (const f of ownFiles) cpSync(join(root, f), join(stage, f));
    const runtime = esbuildRuntime(t.native?.pkg, lock, tarballCache);
    if (runtime.fallback) console.warn(`warning: ${name}: no native esbuild binary (${runtime.fallback}); this package carries esbuild-wasm`);
    writeFileSync(join(stage, 'package.json'), stagedManifest(runtime.dependencies));
    writeFileSync(join(stage, '.vscodeignore'), '# The stage holds exactly what ships (scripts/package.ts).\n');
    for (const f of runtime.files) {
      const target = join(stage, f.path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, f.read());
      // Tarball modes are kept (the binary is 0755); VS Code keeps the zip entry's mode when it installs.
      if (f.mode) chmodSync(target, f.mode & 0o777);
    }
    const out = join(packagesDir, vsixFileName(t));
    rmSync(out, { force: true });
    run(process.execPath, [vsceBin, 'package', ...(t.target ? ['--target', t.target] : []), '--no-rewrite-relative-links', '--out', out], stage);
    const report = checkPackage(readFileSync(out), t, esbuildVersion, Boolean(runtime.fallback));
    const kb = Math.round(statSync(out).size / 1024);
    console.log(`${report.problems.length ? '✗' : '✓'} ${relative(root, out)} (${kb} KB) for ${t.label}: ${report.summary}`);
    for (const p of report.problems) console.log(`    ${p}`);
    problems += report.problems.length;
  }
  console.log(`${targets.length} package(s) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (problems) fail(`${problems} problem(s) in the packages above`);
}

main().catch((err: unknown) => fail(err instanceof Error ? (err.stack ?? err.message) : String(err)));
