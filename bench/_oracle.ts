// What the two oracle benches (frameworkOracle.ts, samOracle.ts) share: their command line, the corpus they
// read, and the shape of `list --json` they compare with.
import { existsSync } from 'node:fs';
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
