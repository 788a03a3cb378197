// Entry module for the shipped-artifact check: VS Code runs it with the packaged .vsix installed
// as an ordinary extension (no extension under development), so it tests what users install.
import { join } from 'node:path';
import { runMochaFiles, testFilesIn } from './harness/mochaRun';

export async function run(): Promise<void> {
  await runMochaFiles('vsixSmoke', testFilesIn(join(__dirname, 'vsix')));
}
