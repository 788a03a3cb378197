/**
 * The `serverless-workbench` binary (dist/cli.js). Small on purpose: for `invoke` it starts the worker of the
 * function's last run first (src/cli/earlyWorker.ts), then loads the CLI (dist/cliMain.js) through V8's code
 * cache, so the two Node start-ups overlap and the CLI's own code is not compiled again on every run.
 */
import { join } from 'node:path';
import type { EarlyWorker } from './earlyWorker';
import type * as Cli from './main';
import { startEarlyWorker } from './earlyWorker';
import { requireWithCodeCache } from '../node/codeCache';
import { userCacheDir } from '../node/nodeInterpreterHost';

const argv = process.argv.slice(2);
const cacheDir = userCacheDir(process.env);
let early: EarlyWorker | undefined;
try {
  early = startEarlyWorker(argv, { cwd: process.cwd(), env: process.env, cacheDir, runtimeDir: join(__dirname, 'runtime') });
} catch {
  early = undefined;
}
const command = /^[a-z]{1,16}$/.test(argv[0] ?? '') ? argv[0] : 'help';
const cli = requireWithCodeCache(join(__dirname, 'cliMain.js'), { dir: cacheDir, name: command, keep: () => Number(process.exitCode ?? 0) < 2 }) as typeof Cli;
void cli.runBinary(argv[0] === 'invoke' ? (early ?? null) : undefined);
