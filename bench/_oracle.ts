// What the two oracle benches (frameworkOracle.ts, samOracle.ts) share: their command line, the corpus they
// read, and the shape of `list --json` they compare with.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ModelFunction {
  name: string;
  deployedName: string | null;
  runtime: string | null;
  handler: string | null;
  memorySize: number | string | null;
  timeout: number | string | null;
  triggers: Array<{ type: string }>;
}

export interface ModelProject {
  file: string;
  kind: string;
  note?: string;
  functions: ModelFunction[];
}

/** `--corpus DIR` (repeatable), `--only TEXT`, `--fresh`. */
export function oracleArgs(argv = process.argv.slice(2)): { fresh: boolean; corpora: string[]; only?: string } {
  const corpora: string[] = [];
  let only: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--corpus') corpora.push(argv[++i]);
    if (argv[i] === '--only') only = argv[++i];
  }
  return { fresh: argv.includes('--fresh'), corpora, only };
}

/** The vendored corpora in test/corpus (scripts/vendorCorpus.mjs writes them). */
export function defaultCorpora(root: string): string[] {
  const dirs = ['serverless-examples', 'serverless-patterns'].map((d) => join(root, 'test', 'corpus', d)).filter((d) => existsSync(d));
  if (!dirs.length) throw new Error('no corpus in test/corpus (run node scripts/vendorCorpus.mjs SOURCE)');
  return dirs;
}

/**
 * What the model says: builds the repository, runs `list --json` over the corpora (HOME a temporary folder, the
 * environment only PATH plus what `env` adds), keyed by each config's absolute path.
 */
export function modelProjects(root: string, dirs: string[], env: Record<string, string> = {}): Map<string, ModelProject> {
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');
  const r = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), 'list', '--json', ...dirs], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env, HOME: tmpdir() },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`list --json failed: ${r.stderr}`);
  const out = new Map<string, ModelProject>();
  for (const p of (JSON.parse(r.stdout) as { projects: ModelProject[] }).projects) out.set(join(root, p.file), p);
  return out;
}
