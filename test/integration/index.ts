// Entry module of the integration tests (`extensionTestsPath`): VS Code loads it in the extension
// host after the extension under development, and calls run().
import { basename, join } from 'node:path';
import * as vscode from 'vscode';
import { runMochaFiles, testFilesIn } from './harness/mochaRun';

export async function run(): Promise<void> {
  // SWB_TEST_SUITES=debug,invoke runs only those suite files (the debug bench runs one suite many times).
  const only = (process.env.SWB_TEST_SUITES ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  // The untrusted suite runs in a window whose folder is not trusted (its own phase), and only there; the others
  // only in a trusted one. A window that should be untrusted but is not runs nothing, which fails its phase.
  const untrustedWindow = !vscode.workspace.isTrusted;
  const files = testFilesIn(join(__dirname, 'suite'))
    .filter((f) => (basename(f, '.test.js') === 'untrusted') === untrustedWindow)
    .filter((f) => only.length === 0 || only.includes(basename(f, '.test.js')));
  await runMochaFiles('index', files);
}
