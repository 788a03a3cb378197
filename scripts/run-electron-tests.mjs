// npm run test:electron — the same mocha suites as test:integration, in desktop VS Code launched by
// @vscode/test-electron. For machines that can download VS Code (it goes to .vscode-test/), or
// that have one: SWB_VSCODE_EXECUTABLE=/path/to/code. SWB_VSCODE_VERSION picks the version
// (default 1.100.3, the same VS Code as code-server 4.100.3). On Linux without a display, runs
// itself under xvfb-run when that exists. Needs `npm run build` first.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { readJsonIfPresent, repoRoot } from './codeServer.mjs';
import { copyFixtureWorkspace, printResults, summarize, tempDir } from './run-integration.mjs';

const outDir = join(repoRoot, 'out', 'integration');

function maybeReexecUnderXvfb() {
  if (process.platform !== 'linux' || process.env.DISPLAY || process.env.SWB_UNDER_XVFB) return;
  const which = spawnSync('sh', ['-c', 'command -v xvfb-run'], { encoding: 'utf8' });
  if (which.status !== 0) {
    console.warn('no DISPLAY and no xvfb-run: VS Code may fail to start (apt-get install -y xvfb)');
    return;
  }
  const result = spawnSync('xvfb-run', ['-a', process.execPath, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, SWB_UNDER_XVFB: '1' },
  });
  process.exit(result.status ?? 1);
}

async function main() {
  maybeReexecUnderXvfb();
  const missing = [join(repoRoot, 'dist', 'extension.js'), join(outDir, 'index.js')].filter((f) => !existsSync(f));
  if (missing.length > 0) {
    console.error(`missing build output: ${missing.map((f) => relative(repoRoot, f)).join(', ')}\nrun \`npm run build\` first`);
    process.exit(1);
  }

  const scratch = tempDir('swb-electron-');
  const reportFile = join(scratch, 'report.json');
  const started = Date.now();
  let tests;
  try {
    const workspace = copyFixtureWorkspace(scratch);
    const launchArgs = [
      workspace,
      '--disable-extensions', // other installed extensions stay out of the test
      '--disable-workspace-trust',
      '--disable-gpu',
      '--skip-welcome',
      '--skip-release-notes',
      '--user-data-dir', join(scratch, 'user-data'),
      '--extensions-dir', join(scratch, 'extensions'),
    ];
    // Electron refuses to run as root with its sandbox on.
    if (process.getuid?.() === 0) launchArgs.push('--no-sandbox');
    const exitCode = await runTests({
      version: process.env.SWB_VSCODE_VERSION ?? '1.100.3',
      vscodeExecutablePath: process.env.SWB_VSCODE_EXECUTABLE,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: outDir,
      extensionTestsEnv: { SWB_TEST_REPORT: reportFile },
      launchArgs,
    }).catch((err) => {
      // runTests rejects on a non-zero exit (a failing test) as well as on download errors: the
      // report, when there is one, says which.
      if (!existsSync(reportFile)) throw err;
      return 1;
    });
    const report = readJsonIfPresent(reportFile);
    tests = report?.tests ?? [
      { fullTitle: 'desktop VS Code: run', state: 'failed', error: { message: `VS Code exited with ${exitCode} without writing a report` } },
    ];
  } catch (err) {
    tests = [{ fullTitle: 'desktop VS Code: run', state: 'failed', error: { message: `could not run VS Code: ${err.message ?? err}` } }];
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  printResults(`Extension tests (desktop VS Code, ${((Date.now() - started) / 1000).toFixed(1)} s)`, tests);
  process.exitCode = summarize(tests);
}

await main();
