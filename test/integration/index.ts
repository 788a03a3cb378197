// Entry module of the integration tests (`extensionTestsPath`): VS Code loads it in the extension
// host after the extension under development, and calls run().
import { basename, join } from 'node:path';
import { runMochaFiles, testFilesIn } from './harness/mochaRun';

export async function run(): Promise<void> {
  // SWB_TEST_SUITES=debug,invoke runs only those suite files (the debug bench runs one suite many times).
  const only = (process.env.SWB_TEST_SUITES ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const files = testFilesIn(join(__dirname, 'suite')).filter((f) => only.length === 0 || only.includes(basename(f, '.test.js')));
  await runMochaFiles('index', files);
}
