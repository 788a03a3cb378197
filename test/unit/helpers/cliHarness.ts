// Runs the CLI in-process against a temporary copy of a fixture folder.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/io';

export const fixturesRoot = join(__dirname, '..', '..', 'fixtures');

/** A fresh copy of `test/fixtures/<path>` in a temp folder; `dispose()` removes it. */
export function copyFixture(path: string): { dir: string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'swb-'));
  cpSync(join(fixturesRoot, path), dir, { recursive: true });
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `io` adds to the defaults, e.g. `runtimeDir` for an invoke (see runtimeHarness). */
export async function cli(argv: string[], cwd: string, io: Partial<CliIo> = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const base: CliIo = {
    cwd,
    env: {},
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readStdin: async () => '',
    isTty: false,
  };
  const code = await runCli(argv, { ...base, ...io });
  return { code, stdout, stderr };
}
