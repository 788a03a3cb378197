// Entry module of the integration tests (`extensionTestsPath`): VS Code loads it in the extension
// host after the extension under development, and calls run().
import { join } from 'node:path';
import { runMochaFiles, testFilesIn } from './harness/mochaRun';

export async function run(): Promise<void> {
  await runMochaFiles('index', testFilesIn(join(__dirname, 'suite')));
}
