// npm run test:integration — the mocha suites of test/integration/ inside a real VS Code
// (code-server 4.100.3 = VS Code 1.100.3) driven by headless Chromium, in two phases:
//   1. the extension under development (repo root) on a copy of test/fixtures/workspace;
//   2. the shipped artifacts: `npm run package` (one .vsix per VS Code target and a universal one), every archive
//      opened and checked (its esbuild binary's format and processor match its target), the linux-x64 .vsix
//      installed into a fresh extensions folder with out/integration/vsixSmoke.js run against it, and the
//      universal .vsix's CLI run on a TypeScript handler with esbuild-wasm and no `node` on PATH.
// The test modules write a JSON report (SWB_TEST_REPORT); this script prints it and ends with the
// line `N passed, N failed`. It builds nothing for phase 1: `npm test` runs the build first.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { SourceMap } from 'node:module';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readZip } from './vsix/archives.ts';
import { checkPackage } from './vsix/checkPackage.ts';
import { vsixFileName, vsixTargets } from './vsix/targets.ts';
import {
  ensureCodeServer,
  extensionHostLog,
  installExtension,
  launchCodeServer,
  openWorkbench,
  readJsonIfPresent,
  repoRoot,
  workbenchUrl,
} from './codeServer.mjs';

const TIMEOUT_MS = Number(process.env.SWB_TEST_TIMEOUT_SECONDS ?? 600) * 1000;
const outDir = join(repoRoot, 'out', 'integration');
const PACKAGES = join(repoRoot, 'dist', 'packages');
const VSIX = join(PACKAGES, vsixFileName(vsixTargets.find((t) => t.target === 'linux-x64')));
const EXTENSION_ID = 'serverless-workbench.serverless-workbench';

/** Cleanups that must run even on Ctrl-C or a kill: stop browsers and servers, drop temp dirs. */
const cleanups = new Set();
function cleanUpOnSignals() {
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, async () => {
      console.error(`\n${signal}: stopping browser and code-server`);
      await Promise.allSettled([...cleanups].map((fn) => fn()));
      process.exit(130);
    });
  }
}

async function withCleanup(fn, cleanup) {
  cleanups.add(cleanup);
  try {
    return await fn();
  } finally {
    cleanups.delete(cleanup);
    await cleanup();
  }
}

export function tempDir(prefix) {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * A fresh copy of the fixture workspace, so tests may edit files freely.
 * SWB_TEST_WORKSPACE points at another folder to copy instead.
 */
export function copyFixtureWorkspace(parent) {
  const source = resolve(process.env.SWB_TEST_WORKSPACE ?? join(repoRoot, 'test', 'fixtures', 'workspace'));
  if (!existsSync(source)) throw new Error(`fixture workspace missing: ${source}`);
  const target = join(parent, 'workspace');
  cpSync(source, target, { recursive: true });
  return target;
}

function readTextIfPresent(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function failure(fullTitle, message) {
  return { title: fullTitle, fullTitle, state: 'failed', error: { message } };
}

/**
 * What VS Code itself said about the extension during a run, read from the extension host's log: a webview
 * without a CSP, a setting read with the wrong scope, manifest problems. The session must have none, and the
 * log must show the extension's activation (else the check would pass on a log that was never written).
 */
export function hostLogCheck(name, userDataDir) {
  const title = `${name}: the extension host log has no warning or error about ${EXTENSION_ID}`;
  const lines = extensionHostLog(userDataDir);
  if (!lines.some((l) => l.includes(`_doActivateExtension ${EXTENSION_ID}`))) {
    return failure(title, `no activation of ${EXTENSION_ID} in the extension host log (${lines.length} lines read under ${userDataDir}/logs)`);
  }
  const problems = lines.filter((l) => /\[(warning|error)\]/.test(l) && l.includes(EXTENSION_ID));
  return problems.length ? failure(title, problems.join('\n')) : { title, fullTitle: title, state: 'passed' };
}

/** Console lines without the stack frames of the workbench's own code (never the culprit here). */
function cleanConsole(lines) {
  return lines.map((line) => line.split('\n').filter((l) => !/^\s+at .*\/static\/out\/vs\//.test(l)).join('\n'));
}

/**
 * Runs one extension-tests module in code-server + Chromium and returns its test results.
 * Failures of the machinery itself (timeout, crash, no report) come back as failed entries.
 */
export async function runInWorkbench({ name, workspace, extensionDevelopmentPath, extensionTestsPath, extensionsDir, env = {}, workspaceTrust = false }) {
  const scratch = tempDir('swb-run-');
  const reportFile = join(scratch, 'report.json');
  let server;
  let workbench;
  const cleanup = async () => {
    await workbench?.close();
    await server?.stop();
    rmSync(scratch, { recursive: true, force: true });
  };
  return withCleanup(async () => {
    server = await launchCodeServer({ workspace, extensionsDir, env: { ...env, SWB_TEST_REPORT: reportFile }, workspaceTrust });
    let hostExit;
    const url = workbenchUrl(server, { folder: workspace, extensionDevelopmentPath, extensionTestsPath });
    workbench = await openWorkbench(url, { onExtensionHostExit: (code) => (hostExit = code) });

    const deadline = Date.now() + TIMEOUT_MS;
    let serverExit;
    server.exited.then((code) => (serverExit = code));
    for (;;) {
      const report = readJsonIfPresent(reportFile);
      if (report) return [...report.tests, hostLogCheck(name, server.userDataDir)];
      let problem;
      // The report is written before run() resolves, hence before the extension host exits.
      if (hostExit !== undefined) problem = `extension host exited with code ${hostExit} without writing a report`;
      else if (serverExit !== undefined) problem = `code-server exited with code ${serverExit}`;
      else if (Date.now() > deadline) problem = `no test report after ${TIMEOUT_MS / 1000} s`;
      if (problem) {
        const inFlight = readTextIfPresent(`${reportFile}.progress`);
        if (inFlight) problem += `\nlast test started: ${inFlight.trim()}`;
        const details = [
          '--- last browser console lines ---',
          ...cleanConsole(workbench.consoleLines()).slice(-40),
          '--- last code-server lines ---',
          ...server.logs().slice(-20),
        ].join('\n');
        return [failure(`${name}: run`, `${problem}\n${details}`)];
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }, cleanup);
}

const sourceMaps = new Map();

/**
 * Rewrites `out/…/x.js:L:C` frames of a stack to the TypeScript source, using the bundles' .map
 * files. (Inside the extension host VS Code installs its own Error.prepareStackTrace, so Node's
 * --enable-source-maps cannot do it there.)
 */
export function mapStack(stack) {
  return stack.replace(/([^\s()]*out\/integration\/[^\s():]+\.js):(\d+):(\d+)/g, (frame, file, line, column) => {
    const js = isAbsolute(file) ? file : join(repoRoot, file);
    if (!sourceMaps.has(js)) {
      try {
        sourceMaps.set(js, new SourceMap(JSON.parse(readFileSync(`${js}.map`, 'utf8'))));
      } catch {
        sourceMaps.set(js, undefined);
      }
    }
    const entry = sourceMaps.get(js)?.findEntry(Number(line) - 1, Number(column) - 1);
    if (!entry?.originalSource) return frame;
    const source = entry.originalSource.startsWith('file://') ? new URL(entry.originalSource).pathname : resolve(dirname(js), entry.originalSource);
    return `${relative(repoRoot, source)}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}

/** Prints ✓/✗ per test, with the error of each failure. */
export function printResults(phase, tests) {
  console.log(`\n${phase}`);
  for (const t of tests) {
    const time = t.durationMs !== undefined ? ` (${t.durationMs} ms)` : '';
    if (t.state === 'passed') console.log(`  ✓ ${t.fullTitle}${time}`);
    else if (t.state === 'pending') console.log(`  - ${t.fullTitle} (skipped)`);
    else {
      console.log(`  ✗ ${t.fullTitle}${time}`);
      // The whole message (it may carry a transcript), then the first frames: past a dozen it is mocha and
      // VS Code internals.
      const stack = mapStack(String(t.error?.stack ?? t.error?.message ?? 'failed')).split('\n');
      const frames = stack.filter((l) => /^\s+at /.test(l)).slice(0, 10);
      const message = t.error?.stack ? stack.filter((l) => !/^\s+at /.test(l)) : stack;
      for (const line of [...message, ...frames]) console.log(`      ${line}`);
    }
  }
  if (tests.length === 0) console.log('  (no tests)');
}

export function summarize(allTests) {
  const passed = allTests.filter((t) => t.state === 'passed').length;
  const failed = allTests.filter((t) => t.state === 'failed').length;
  const skipped = allTests.filter((t) => t.state === 'pending').length;
  console.log('');
  if (passed + failed === 0) console.log('no tests ran');
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  return passed > 0 && failed === 0 ? 0 : 1;
}

function requireBuilt(files) {
  const missing = files.filter((f) => !existsSync(f));
  if (missing.length > 0) {
    console.error(`missing build output: ${missing.map((f) => relative(repoRoot, f)).join(', ')}\nrun \`npm run build\` first`);
    process.exit(1);
  }
}

function seconds(since) {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

/** Phase 1: the suites against the extension under development. */
async function developmentPhase() {
  const started = Date.now();
  const scratch = tempDir('swb-it-');
  try {
    const workspace = copyFixtureWorkspace(scratch);
    const tests = await runInWorkbench({
      name: 'extension tests',
      workspace,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: outDir,
    });
    printResults(`Extension tests (development build, ${seconds(started)})`, tests);
    return tests;
  } catch (err) {
    const tests = [failure('extension tests: run', err.stack ?? String(err))];
    printResults('Extension tests (development build)', tests);
    return tests;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * What an untrusted repository could plant (test/integration/suite/untrusted.test.ts proves none of it runs or
 * counts): workspace settings naming a profile, an endpoint, an Azure subscription and function app, a service whose `provider.profile` names another,
 * handlers whose module scope leaves a mark when anything loads them, and a `node_modules/esbuild` that does the same.
 */
function plantUntrustedRepository(workspace) {
  const dir = join(workspace, 'sentinel');
  mkdirSync(join(workspace, '.vscode'), { recursive: true });
  writeFileSync(
    join(workspace, '.vscode', 'settings.json'),
    JSON.stringify(
      {
        'serverlessWorkbench.aws.profile': 'evil-settings',
        'serverlessWorkbench.aws.endpointUrl': 'http://127.0.0.1:9/evil',
        'serverlessWorkbench.azure.subscription': 'evil-subscription',
        'serverlessWorkbench.azure.functionApp': 'evil-rg/evil-app',
      },
      null,
      2,
    ),
  );
  mkdirSync(join(dir, 'node_modules', 'esbuild'), { recursive: true });
  writeFileSync(join(dir, 'serverless.yml'), [
    'service: sentinel',
    'provider:',
    '  name: aws',
    '  runtime: nodejs22.x',
    '  profile: evil-provider',
    'functions:',
    '  trapJs:',
    '    handler: trap.handler',
    '    events:',
    '      - httpApi: GET /js',
    '  trapTs:',
    '    handler: trapTs.handler',
    '    events:',
    '      - httpApi: GET /ts',
    '',
  ].join('\n'));
  const mark = (what) => `require('node:fs').writeFileSync(require('node:path').join(__dirname, 'RAN-${what}'), 'ran');`;
  writeFileSync(join(dir, 'trap.js'), `${mark('trap.js')}\nexports.handler = async () => ({ statusCode: 200 });\n`);
  writeFileSync(join(dir, 'trapTs.ts'), `// eslint-disable-next-line\ndeclare const require: any, __dirname: string;\n${mark('trapTs.ts')}\nexport const handler = async (): Promise<{ statusCode: number }> => ({ statusCode: 200 });\n`);
  writeFileSync(join(dir, 'node_modules', 'esbuild', 'package.json'), JSON.stringify({ name: 'esbuild', version: '0.0.1', main: 'index.js' }));
  writeFileSync(join(dir, 'node_modules', 'esbuild', 'index.js'), `${mark('esbuild').replace('__dirname', "require('node:path').join(__dirname, '..', '..')")}\nmodule.exports = {};\n`);
}

/** Phase 1b: the untrusted-workspace suite, in a window whose folder is not trusted (Restricted Mode). */
async function untrustedPhase() {
  const started = Date.now();
  const scratch = tempDir('swb-it-untrusted-');
  try {
    const workspace = copyFixtureWorkspace(scratch);
    plantUntrustedRepository(workspace);
    const tests = await runInWorkbench({
      name: 'untrusted workspace tests',
      workspace,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: outDir,
      env: { SWB_TEST_SUITES: 'untrusted' },
      workspaceTrust: true,
    });
    printResults(`Untrusted workspace (development build, ${seconds(started)})`, tests);
    return tests;
  } catch (err) {
    const tests = [failure('untrusted workspace tests: run', err.stack ?? String(err))];
    printResults('Untrusted workspace (development build)', tests);
    return tests;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * `npm run package` rebuilds dist/ for production; rebuild the development bundle right after so the
 * tree is left as `npm run build` made it (source maps, out/integration) whatever happened.
 */
function packageVsix() {
  rmSync(PACKAGES, { recursive: true, force: true });
  const started = Date.now();
  // stdin closed: vsce asks questions (missing LICENSE, repository, …) that must fail, not hang.
  // Its output (a file tree) is only worth showing when it fails.
  const result = spawnSync('npm', ['run', 'package'], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const rebuild = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'build.mjs')], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
  if (rebuild.status !== 0) throw new Error('restoring the development build (node scripts/build.mjs) failed');
  if (result.status !== 0 || !existsSync(VSIX)) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-40).join('\n');
    throw new Error(`npm run package failed (exit ${result.status ?? result.signal}):\n${output}`);
  }
  console.log(`\npackaged ${vsixTargets.length} .vsix files into ${relative(repoRoot, PACKAGES)} in ${seconds(started)}; dist/ rebuilt for development`);
}

/** Every package opened again: one test each (what the esbuild binary is, and that it fits the target). */
function packageChecks() {
  const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8'));
  const esbuildVersion = lock.packages['node_modules/esbuild'].version;
  return vsixTargets.map((t) => {
    const file = join(PACKAGES, vsixFileName(t));
    const title = `Package ${vsixFileName(t)} (${t.label})`;
    if (!existsSync(file)) return failure(title, `${relative(repoRoot, file)} was not built`);
    const report = checkPackage(readFileSync(file), t, esbuildVersion);
    const kb = Math.round(statSync(file).size / 1024);
    const fullTitle = `${title}: ${report.summary}, ${kb} KB`;
    return report.problems.length ? failure(fullTitle, report.problems.join('\n')) : { title: fullTitle, fullTitle, state: 'passed' };
  });
}

/**
 * The universal package's esbuild-wasm, for real: its files unpacked as VS Code would, its CLI run on the fixture's
 * TypeScript function with a PATH that has no `node` (esbuild-wasm must find this Node.js by itself).
 */
function universalCliRun(scratch) {
  const t = vsixTargets.find((x) => !x.target);
  const title = `Package ${vsixFileName(t)}: its CLI invokes a TypeScript handler with esbuild-wasm, no node on PATH`;
  const started = Date.now();
  const dir = join(scratch, 'universal');
  for (const entry of readZip(readFileSync(join(PACKAGES, vsixFileName(t)))).values()) {
    if (!entry.name.startsWith('extension/')) continue;
    const target = join(dir, entry.name);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, entry.read(), { mode: entry.mode || 0o644 });
  }
  const workspace = copyFixtureWorkspace(join(scratch, 'universal-ws'));
  const event = join(scratch, 'event.json');
  writeFileSync(event, JSON.stringify({ body: JSON.stringify({ total: 12 }) }));
  const cli = join(dir, 'extension', 'dist', 'cli.js');
  const project = join(workspace, 'orders-service', 'serverless.yml');
  const run = spawnSync(process.execPath, [cli, 'invoke', 'createOrder', '--project', project, '--event', event, '--json'], {
    cwd: workspace,
    encoding: 'utf8',
    env: { HOME: scratch, TMPDIR: scratch, PATH: join(scratch, 'no-node-here') },
    timeout: 120_000,
  });
  try {
    if (run.status !== 0) throw new Error(`exit ${run.status ?? run.signal}: ${(run.stderr || run.error?.message || '').trim().split('\n').slice(-8).join('\n')}`);
    const out = JSON.parse(run.stdout);
    if (out.error) throw new Error(`the function failed: ${JSON.stringify(out.error)}`);
    if (out.result?.statusCode !== 201 || JSON.parse(out.result.body).total !== 12) throw new Error(`unexpected result ${JSON.stringify(out.result)}`);
    return { title, fullTitle: title, state: 'passed', durationMs: Date.now() - started };
  } catch (err) {
    return failure(title, err.message);
  }
}

/**
 * Phase 2: the packaged .vsix, installed like a user would, with no development copy in sight.
 * The extension host only runs an extensionTestsPath when an extensionDevelopmentPath is also given
 * (it throws otherwise), so a throwaway empty extension stands in as the development extension.
 */
async function vsixPhase() {
  const started = Date.now();
  const title = 'Packaged extension: npm run package, install and run';
  const scratch = tempDir('swb-vsix-');
  try {
    packageVsix();
    const checks = [...packageChecks(), universalCliRun(scratch)];
    printResults('Packages (every target)', checks);
    const extensionsDir = join(scratch, 'extensions');
    mkdirSync(extensionsDir);
    installExtension(VSIX, extensionsDir);
    const host = join(scratch, 'test-host');
    mkdirSync(host);
    writeFileSync(
      join(host, 'package.json'),
      JSON.stringify({ name: 'vsix-test-host', publisher: 'serverless-workbench-tests', version: '0.0.0', engines: { vscode: '^1.100.0' } }),
    );
    const workspace = copyFixtureWorkspace(scratch);
    const tests = await runInWorkbench({
      name: 'packaged extension',
      workspace,
      extensionDevelopmentPath: host,
      extensionTestsPath: join(outDir, 'vsixSmoke.js'),
      extensionsDir,
      env: { SWB_EXPECT_EXTENSIONS_DIR: extensionsDir },
    });
    printResults(`Packaged extension (${relative(repoRoot, VSIX)}, ${seconds(started)})`, tests);
    return [...checks, ...tests];
  } catch (err) {
    const tests = [failure(title, err.message ?? String(err))];
    printResults('Packaged extension', tests);
    return tests;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function main() {
  cleanUpOnSignals();
  const started = Date.now();
  requireBuilt([join(repoRoot, 'dist', 'extension.js'), join(outDir, 'index.js'), join(outDir, 'vsixSmoke.js')]);
  ensureCodeServer();
  const only = (process.env.SWB_TEST_SUITES ?? '').split(',').map((x) => x.trim()).filter(Boolean);
  const tests = only.length === 1 && only[0] === 'untrusted' ? [] : [...(await developmentPhase())];
  if (only.length === 0 || only.includes('untrusted')) tests.push(...(await untrustedPhase()));
  if (process.env.SWB_SKIP_VSIX === '1') console.log('\nPackaged extension: skipped (SWB_SKIP_VSIX=1)');
  else tests.push(...(await vsixPhase()));
  console.log(`\nintegration tests took ${seconds(started)}`);
  process.exitCode = summarize(tests);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error(err);
    console.log('0 passed, 1 failed');
    process.exitCode = 1;
  });
}
