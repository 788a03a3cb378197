// Validation benchmark (issues 3 and 10): rules over the 190-file corpus (< 1 s), the serverless-patterns half
// (~300 templates and serverless.yml) in one process (< 3 s), a 300-function serverless.yml (< 50 ms),
// keystroke to diagnostics without the debounce (< 100 ms), and the same files side by side with
// yaml-language-server (Red Hat YAML's engine) validating against our schemas.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FileSystem } from '../src/model/fileSystem';
import type { Project } from '../src/model/types';
import { WorkspaceIndex } from '../src/model/workspace';
import { nodeFileSystem } from '../src/node/nodeFileSystem';
import { validateProject } from '../src/validation/validate';
import { yamlSchemaValidator } from '../test/unit/helpers/yamlSchemaValidator';
import { median, printTargetTable, timeRuns } from './_stats';

const today = '2026-11-29';
const corpus = join(__dirname, '..', 'test', 'corpus', 'serverless-examples');
const patterns = join(__dirname, '..', 'test', 'corpus', 'serverless-patterns');

/** A 300-function service with the triggers the rules look at most (HTTP, SQS batches, schedules, S3). */
export function generateValidationService(n: number): string {
  const lines = ['service: big', 'provider:', '  name: aws', '  runtime: nodejs22.x', '  stage: ${opt:stage, "dev"}', '  environment:', '    TABLE: ${self:service}-${sls:stage}', 'functions:'];
  for (let i = 0; i < n; i++) {
    lines.push(`  fn${i}:`, `    handler: src/fn${i}.handler`, '    memorySize: 256', `    timeout: ${(i % 30) + 1}`, '    events:');
    lines.push('      - http:', `          path: /items/${i}/{id}`, '          method: get');
    if (i % 3 === 0) lines.push('      - sqs:', `          arn: arn:aws:sqs:us-east-1:123456789012:q${i}`, '          batchSize: 50', '          maximumBatchingWindow: 2');
    if (i % 3 === 1) lines.push(`      - schedule: cron(${i % 60} ${i % 24} ? * MON-FRI *)`);
    if (i % 3 === 2) lines.push('      - s3:', `          bucket: uploads-${i}`, '          event: s3:ObjectCreated:*');
  }
  return lines.join('\n') + '\n';
}

/** The real file system, with some files overridden in memory. */
function overlay(files: Map<string, string>): FileSystem {
  const fs = nodeFileSystem();
  return {
    readFile: async (p) => files.get(p) ?? fs.readFile(p),
    stat: async (p) => (files.has(p) ? { type: 'file', size: files.get(p)!.length } : fs.stat(p)),
    readDirectory: (p) => fs.readDirectory(p),
  };
}

async function validateAll(projects: Project[]): Promise<number> {
  let n = 0;
  for (const p of projects) n += validateProject(p, { today }).length;
  return n;
}

function corpusFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...corpusFiles(p));
    else if (/^serverless\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

async function main(): Promise<void> {
  const fs = nodeFileSystem();
  // 1. Corpus: rules alone over the modelled projects, and the whole `validate` path (discovery + model + rules).
  const projects = await new WorkspaceIndex(fs, { env: {} }).scan([corpus]);
  for (let i = 0; i < 3; i++) await validateAll(projects);
  const corpusRules = await timeRuns(9, () => validateAll(projects));
  const corpusEndToEnd = await timeRuns(5, async () => validateAll(await new WorkspaceIndex(fs, { env: {} }).scan([corpus])));

  // 1b. The serverless-patterns half: the same in one process, and the CLI itself (Node start-up included).
  const patternsEndToEnd = await timeRuns(5, async () => validateAll(await new WorkspaceIndex(fs, { env: {} }).scan([patterns])));
  const cli = join(__dirname, '..', 'dist', 'cli.js');
  const cliRuns: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    const r = spawnSync(process.execPath, [cli, 'validate', patterns, '--format', 'json'], { stdio: 'ignore' });
    if (r.status !== 0 && r.status !== 1) throw new Error(`validate exited with ${r.status} (run npm run build first)`);
    cliRuns.push(performance.now() - started);
  }

  // 2. A 300-function service: model + rules, and rules alone.
  const big = generateValidationService(300);
  const bigFile = '/bench/big/serverless.yml';
  const files = new Map([[bigFile, big]]);
  const ofs = overlay(files);
  const bigIndex = new WorkspaceIndex(ofs, { env: {} });
  for (let i = 0; i < 5; i++) await bigIndex.modelConfig(bigFile);
  const bigModelAndRules = await timeRuns(21, async () => validateAll([(await bigIndex.modelConfig(bigFile))!]));
  const bigProject = bigIndex.project(bigFile)!;
  const bigRules = await timeRuns(21, () => validateAll([bigProject]));

  // 3. Keystroke → diagnostics after the debounce: what the editor does (re-model the edited file, re-validate it).
  const index = new WorkspaceIndex(ofs, { env: {} });
  await index.scan([corpus, bigFile]);
  const small = join(corpus, 'aws-node-simple-http-endpoint', 'serverless.yml');
  const smallText = readFileSync(small, 'utf8');
  let k = 0;
  const keystroke = async (file: string, text: string): Promise<void> => {
    const changed = await index.update(file, text);
    await validateAll(changed);
  };
  const keySmall = await timeRuns(21, () => keystroke(small, smallText.replace('handler: handler.endpoint', `handler: handler.endpoint${k++ % 2 ? '' : 'X'}`)));
  const keyBig = await timeRuns(21, () => keystroke(bigFile, big.replace('memorySize: 256', `memorySize: ${256 + (k++ % 2) * 256}`)));

  // 4. Side by side with yaml-language-server on the same texts (ours: model from text + rules).
  const texts = corpusFiles(corpus).map((f) => ({ file: f, text: readFileSync(f, 'utf8') }));
  // The patterns half: every YAML config the model reads (SAM/CloudFormation templates and serverless.yml).
  const patternTexts = (await new WorkspaceIndex(fs, { env: {} }).scan([patterns]))
    .filter((p) => /\.ya?ml$/.test(p.file))
    .map((p) => ({ file: p.file, text: readFileSync(p.file, 'utf8') }));
    const yls = yamlSchemaValidator();
  const ylsAll = async (items: Array<{ file: string; text: string }>): Promise<void> => {
    for (const t of items) await yls(t.file, t.text);
  };
  // Both sides warm, as in an editor: our index keeps its handler-resolution cache, yaml-language-server its schemas.
  const sideIndex = new WorkspaceIndex(overlay(new Map([...texts, ...patternTexts].map((t): [string, string] => [t.file, t.text]).concat([[bigFile, big]]))), { env: {} });
  const oursAll = async (items: Array<{ file: string; text: string }>): Promise<void> => {
    const idx = sideIndex;
    const ps: Project[] = [];
    for (const t of items) {
      const p = await idx.modelConfig(t.file, t.text);
      if (p) ps.push(p);
    }
    await validateAll(ps);
  };
  await ylsAll(texts);
  await oursAll(texts);
  const ylsCorpus = await timeRuns(5, () => ylsAll(texts));
  const oursCorpus = await timeRuns(5, () => oursAll(texts));
  await ylsAll(patternTexts);
  await oursAll(patternTexts);
  const ylsPatterns = await timeRuns(3, () => ylsAll(patternTexts));
  const oursPatterns = await timeRuns(3, () => oursAll(patternTexts));
  const bigItem = [{ file: bigFile, text: big }];
  await ylsAll(bigItem);
  await oursAll(bigItem);
  const ylsBig = await timeRuns(9, () => ylsAll(bigItem));
  const oursBig = await timeRuns(9, () => oursAll(bigItem));

  const rows: Array<[string, number, number]> = [
    ['Corpus: rules over 191 modelled configs', median(corpusRules), 1000],
    ['Corpus: discovery + model + rules (what `validate` does)', median(corpusEndToEnd), 1000],
    ['serverless-patterns half: discovery + model + rules, one process', median(patternsEndToEnd), 3000],
    ['serverless-patterns half: `validate --format json` (CLI, Node start-up included)', median(cliRuns), 3000],
    ['300-function serverless.yml: model + rules', median(bigModelAndRules), 50],
    ['300-function serverless.yml: rules only', median(bigRules), 50],
    ['Keystroke → diagnostics, typical service (after debounce)', median(keySmall), 100],
    ['Keystroke → diagnostics, 300-function service (after debounce)', median(keyBig), 100],
  ];
  printTargetTable(rows);
  console.log('');
  console.log('| Same files, side by side | Serverless Workbench (ms) | yaml-language-server + our schemas (ms) | Ratio |');
  console.log('|---|---:|---:|---:|');
  const side = (name: string, ours: number[], theirs: number[]): void =>
    console.log(`| ${name} | ${median(ours).toFixed(1)} | ${median(theirs).toFixed(1)} | ${(median(theirs) / median(ours)).toFixed(1)}× |`);
  side(`Corpus, ${texts.length} serverless.yml (ours: model + all rules)`, oursCorpus, ylsCorpus);
  side(`serverless-patterns half, ${patternTexts.length} YAML configs (ours: model + all rules)`, oursPatterns, ylsPatterns);
  side('300-function serverless.yml', oursBig, ylsBig);
}

if (require.main === module) void main();
