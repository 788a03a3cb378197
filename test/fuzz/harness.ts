// The fuzz harness: builds a mutant from a spec (seed file, target, mutators, Rng seed), and puts it through
// everything that reads a config: the model, every rule, the events, the completion context, `new` planning,
// and `list`/`validate` through the CLI's own entry point (a few through the real CLI process). A thrown error,
// an unhandled rejection, a rule that fails (`internal-error`), a broken range, a stack trace in a message or a
// stage over 1 s of CPU is a failure, reported with the spec that reproduces it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { runCli } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/io';
import { eventChoices, generateEvent } from '../../src/events/catalogue';
import type { FileSystem } from '../../src/model/fileSystem';
import type { Project } from '../../src/model/types';
import { WorkspaceIndex } from '../../src/model/workspace';
import { nodeFileSystem } from '../../src/node/nodeFileSystem';
import { patterns } from '../../src/patterns/catalog';
import { applyInserts } from '../../src/patterns/configEdit';
import { inBindingsArray, yamlKeyPath, yamlSnippetContext } from '../../src/patterns/completionContext';
import { azurePatternIds } from '../../src/patterns/handlers';
import { PatternError, planNewFunction } from '../../src/patterns/newFunction';
import type { Finding } from '../../src/shared/finding';
import type { SourceRange } from '../../src/shared/range';
import { allRules, validateProject } from '../../src/validation/validate';
import { mutatorByName, pickMutator } from './mutators';
import { Rng, formatSeed, mutantSeed, parseSeed } from './rng';
import type { Seed, SeedFormat } from './seeds';
import { allSeeds, repoRoot, seedById } from './seeds';

/** Everything that makes a mutant: replaying a spec gives the same text on any machine. */
export interface MutantSpec {
  /** Seed id (`test/corpus/…/serverless.yml`, `…#json`, or an Azure app's host.json). */
  seed: string;
  /** The file of the seed's project that is mutated (relative to its folder). */
  target: string;
  mutators: string[];
  rng: number;
}

/** `seed|target|mutator+mutator|0x…`: one token for the command line and the regression list. */
export function formatSpec(spec: MutantSpec): string {
  return `${spec.seed}|${spec.target}|${spec.mutators.join('+')}|${formatSeed(spec.rng)}`;
}

export function parseSpec(text: string): MutantSpec {
  const [seed, target, mutators, rng] = text.split('|');
  if (!seed || !target || !mutators || !rng) throw new Error(`not a mutant spec (seed|target|mutators|rng): ${text}`);
  return { seed, target, mutators: mutators.split('+'), rng: parseSeed(rng) };
}

export function reproCommand(spec: MutantSpec): string {
  return `node --import tsx bench/fuzz.ts --replay '${formatSpec(spec)}'`;
}

const formatWeights: ReadonlyArray<[SeedFormat, number]> = [
  ['serverless-yaml', 30],
  ['template-yaml', 30],
  ['serverless-json', 10],
  ['template-json', 12],
  ['azure', 18],
];

/** The spec of mutant `index` of the run with master seed `master`. */
export function planMutant(master: number, index: number): MutantSpec {
  const rng = new Rng(mutantSeed(master, index));
  const seeds = allSeeds();
  let r = rng.next() * formatWeights.reduce((s, [, w]) => s + w, 0);
  let format: SeedFormat = formatWeights[0][0];
  for (const [f, w] of formatWeights) {
    r -= w;
    if (r < 0) {
      format = f;
      break;
    }
  }
  const seed = rng.pick(seeds.filter((s) => s.format === format));
  const chain = rng.chance(0.6) ? 1 : rng.chance(0.75) ? 2 : 3;
  const names: string[] = [];
  for (let i = 0; i < chain; i++) names.push(pickMutator(rng).name);
  return { seed: seed.id, target: rng.pick(seed.targets), mutators: names, rng: rng.seed() };
}

export interface Mutant {
  spec: MutantSpec;
  seed: Seed;
  /** The project's files with the mutated one. */
  files: Record<string, string>;
  text: string;
}

export function buildMutant(spec: MutantSpec): Mutant {
  const seed = seedById(spec.seed);
  if (!seed) throw new Error(`no seed ${spec.seed} (the corpus changed?)`);
  const files = { ...seed.files() };
  if (!(spec.target in files)) throw new Error(`${spec.seed} has no file ${spec.target}`);
  const rng = new Rng(spec.rng);
  const aws = allSeeds().filter((s) => s.format.endsWith('-yaml'));
  let text = files[spec.target];
  for (const name of spec.mutators) {
    const m = mutatorByName(name);
    if (!m) throw new Error(`no mutator ${name}`);
    text = m.apply(text, rng, { file: basename(spec.target), donor: () => Object.values(rng.pick(aws).files())[0] });
  }
  files[spec.target] = text;
  return { spec, seed, files, text };
}

export interface Failure {
  spec: MutantSpec;
  stage: string;
  message: string;
}

export interface MutantResult {
  spec: MutantSpec;
  failures: Failure[];
  /** Wall and CPU time of all stages together (ms), and the slowest stage by CPU. */
  wallMs: number;
  cpuMs: number;
  slowestStage: { stage: string; cpuMs: number; wallMs: number };
  bytes: number;
  /** What the model made of it: a project kind, or "none" (not a config any more). */
  kind: string;
}

export interface CheckOptions {
  /** Also run `list` and `validate` through the real CLI process (dist/cli.js; needs `npm run build`). */
  process?: boolean;
  /** A stage over this much CPU time fails (ms). */
  stageLimitMs?: number;
  /** Scratch folder for the CLI's files (one per run; emptied per mutant). */
  scratch: string;
  /** Told each stage as it starts (the bench's watchdog names the stage of a hang). */
  onStage?: (stage: string) => void;
}

/** The real folder's files, with the seed project's files (the mutant among them) in front. */
function overlayFs(root: string, files: Record<string, string>): FileSystem {
  const disk = nodeFileSystem();
  const own = new Map(Object.entries(files).map(([rel, text]) => [join(root, rel), text]));
  const dirs = new Set<string>();
  for (const p of own.keys()) for (let d = dirname(p); d.length >= root.length; d = dirname(d)) dirs.add(d);
  return {
    readFile: async (p) => (own.has(p) ? own.get(p) : disk.readFile(p)),
    stat: async (p) => (own.has(p) ? { type: 'file', size: Buffer.byteLength(own.get(p) ?? '') } : dirs.has(p) ? { type: 'directory', size: 0 } : disk.stat(p)),
    readDirectory: async (p) => {
      const entries = new Map((await disk.readDirectory(p)).map((e) => [e.name, e.type]));
      for (const f of own.keys()) {
        if (dirname(f) === p) entries.set(basename(f), 'file');
        else if (f.startsWith(p + '/')) entries.set(f.slice(p.length + 1).split('/')[0], 'directory');
      }
      return [...entries].map(([name, type]) => ({ name, type })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },
  };
}

function lineCount(text: string): number {
  return text.split(/\r\n|\r|\n/).length;
}

function badRange(r: SourceRange | undefined, lines: number): string | undefined {
  if (!r) return 'no range';
  const nums = [r.start.line, r.start.character, r.end.line, r.end.character];
  if (nums.some((n) => !Number.isInteger(n) || n < 0)) return `range ${JSON.stringify(r)} has a negative or non-integer position`;
  if (r.start.line > r.end.line || (r.start.line === r.end.line && r.start.character > r.end.character)) return `range ${JSON.stringify(r)} ends before it starts`;
  if (r.end.line >= lines) return `range ${JSON.stringify(r)} is past the last line (${lines} lines)`;
  return undefined;
}

/** What every finding must be: located inside its file, one line of text, no stack trace, no rule failure. */
function findingProblems(findings: readonly Finding[], texts: Map<string, string>, messages = true): string[] {
  const out: string[] = [];
  for (const f of findings) {
    if (f.rule === 'internal-error') out.push(`internal error: ${f.message}`);
    if (/\n\s+at |\bat .*\.(ts|js):\d+/.test(f.message)) out.push(`stack trace in a message: ${f.message.slice(0, 200)}`);
    if (!messages) {
      // The form of rule messages is checked on what validateProject hands the editor and the CLI.
    } else if (f.message.length > 1000) out.push(`message of ${f.rule} is ${f.message.length} characters long: ${JSON.stringify(f.message.slice(0, 120))}…`);
    else if (f.message.includes('\n')) out.push(`message of ${f.rule} is more than one line: ${JSON.stringify(f.message.slice(0, 200))}`);
    const text = texts.get(f.file);
    if (text !== undefined) {
      const bad = badRange(f.range, lineCount(text));
      if (bad) out.push(`${f.rule}: ${bad}`);
    }
    for (const fix of f.fixes ?? []) {
      for (const e of fix.edits) {
        const t = texts.get(e.file);
        if (t === undefined) continue;
        const bad = badRange(e.range, lineCount(t));
        if (bad) out.push(`fix "${fix.title}" of ${f.rule}: ${bad}`);
      }
    }
  }
  return out;
}

function errorText(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message.split('\n')[0].slice(0, 300)}${err.stack ? `\n${err.stack.split('\n').slice(1, 6).join('\n')}` : ''}`;
  return String(err).slice(0, 300);
}

const cliPath = join(repoRoot, 'dist', 'cli.js');

/** Puts one mutant through every stage; never throws (a failure is data). */
export async function checkMutant(spec: MutantSpec, options: CheckOptions): Promise<MutantResult> {
  const failures: Failure[] = [];
  const fail = (stage: string, message: string): void => {
    failures.push({ spec, stage, message });
  };
  const limit = options.stageLimitMs ?? 1000;
  let slowest = { stage: '', cpuMs: 0, wallMs: 0 };
  let cpuTotal = 0;
  let wallTotal = 0;
  const timed = async <T>(stage: string, fn: () => Promise<T> | T): Promise<T | undefined> => {
    options.onStage?.(stage);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let out: T | undefined;
    try {
      out = await fn();
    } catch (err) {
      fail(stage, `threw ${errorText(err)}`);
    }
    const wallMs = performance.now() - t0;
    const c = process.cpuUsage(cpu0);
    const cpuMs = (c.user + c.system) / 1000;
    cpuTotal += cpuMs;
    wallTotal += wallMs;
    if (cpuMs > slowest.cpuMs) slowest = { stage, cpuMs, wallMs };
    if (cpuMs > limit) fail(stage, `took ${cpuMs.toFixed(0)} ms of CPU (${wallMs.toFixed(0)} ms wall), over ${limit} ms`);
    return out;
  };

  let mutant: Mutant;
  try {
    mutant = buildMutant(spec);
  } catch (err) {
    return { spec, failures: [{ spec, stage: 'mutate', message: errorText(err) }], wallMs: 0, cpuMs: 0, slowestStage: slowest, bytes: 0, kind: 'none' };
  }
  const { seed, files, text } = mutant;
  const root = dirname(seed.config);
  const fs = overlayFs(root, files);
  const texts = new Map(Object.entries(files).map(([rel, t]) => [join(root, rel), t]));
  const isYaml = !/\.(json|[cm]?[jt]s|cs)$/.test(spec.target);

  // The model, as the editor and the CLI build it.
  const project: Project | undefined = await timed('model', async () => {
    const index = new WorkspaceIndex(fs, { env: {} });
    return index.modelConfig(seed.config);
  });
  if (project) for (const p of findingProblems(project.findings, texts)) fail('model', p);
  if (project) {
    for (const fn of project.functions) {
      const t = texts.get(fn.file);
      const bad = t !== undefined ? badRange(fn.keyRange, lineCount(t)) : undefined;
      if (bad) fail('model', `function ${fn.name}: ${bad}`);
    }
  }

  // Every rule on its own, so a rule that throws is named.
  if (project) {
    await timed('rules', () => {
      const today = '2026-11-30';
      for (const rule of allRules) {
        try {
          for (const p of findingProblems(rule.check(project, { today }), texts, false)) fail(`rule ${rule.id}`, p);
        } catch (err) {
          fail(`rule ${rule.id}`, `threw ${errorText(err)}`);
        }
      }
      for (const p of findingProblems(validateProject(project, { today }), texts)) fail('validateProject', p);
    });
  }

  // Sample events for every function and trigger (the Invoke view's picker).
  if (project) {
    await timed('events', () => {
      const now = new Date('2026-11-30T12:00:00Z');
      for (const fn of project.functions) {
        for (const choice of eventChoices(fn, { project })) {
          const trigger = choice.triggerIndex !== undefined ? fn.triggers[choice.triggerIndex] : undefined;
          JSON.stringify(generateEvent(choice.kind.id, { fn, trigger, project, now }));
        }
      }
    });
  }

  // The completion context at a few positions (where the YAML provider / function.json provider look).
  await timed('completion', () => {
    const rng = new Rng(spec.rng ^ 0x5bd1e995);
    const target = files[spec.target];
    const ls = target.split(/\r?\n/);
    const names = project?.functions.map((f) => f.name) ?? [];
    if (isYaml) {
      const positions: Array<[number, number]> = [[ls.length - 1, ls[ls.length - 1].length]];
      for (let i = 0; i < 6; i++) {
        const line = rng.below(ls.length + 1);
        positions.push([line, rng.below((ls[line]?.length ?? 0) + 3)]);
      }
      for (const fn of project?.functions ?? []) positions.push([fn.keyRange.end.line + 1, fn.keyRange.start.character + 4]);
      for (const [line, ch] of positions) yamlSnippetContext(yamlKeyPath(target, line, ch), project?.kind, names);
    } else if (spec.target.endsWith('.json')) {
      for (let i = 0; i < 6; i++) inBindingsArray(target, rng.below(target.length + 2));
      inBindingsArray(target, target.length);
    }
  });

  // `new`: planning a function into the mutant (a refusal is fine; an internal error or a throw is not).
  if (project && !project.note) {
    await timed('new', async () => {
      const rng = new Rng(spec.rng ^ 0x27d4eb2f);
      const azure = project.kind === 'azure-functions';
      const pattern = azure ? rng.pick(azurePatternIds) : rng.pick(patterns.map((p) => p.id));
      const name = project.kind === 'serverless-framework' ? 'fuzzFn' : 'FuzzFn';
      try {
        const plan = await planNewFunction(fs, { pattern, name, target: { project } });
        if (plan.configEdit) applyInserts(plan.configEdit.before, plan.configEdit.inserts);
      } catch (err) {
        if (!(err instanceof PatternError)) throw err;
        if (/internal error/.test(err.message)) fail('new', `refused with an internal error: ${err.message}`);
        if (err.message.includes('\n')) fail('new', `refusal is more than one line: ${JSON.stringify(err.message.slice(0, 300))}`);
      }
    });
  }

  // `list` and `validate` through the CLI's entry point, on the files written to disk.
  const dir = join(options.scratch, 'project');
  rmSync(dir, { recursive: true, force: true });
  for (const [rel, t] of Object.entries(seed.format === 'azure' ? files : { [spec.target]: text })) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), t);
  }
  const cliTarget = seed.format === 'azure' ? '.' : spec.target;
  // One `list` and one `validate` a mutant, the output form taken in turn from the spec's seed.
  const formats = ['json', 'text', 'sarif', 'github'];
  const runs: string[][] = [spec.rng & 1 ? ['list', '--json', cliTarget] : ['list', cliTarget], ['validate', '--format', formats[(spec.rng >>> 1) % formats.length], cliTarget]];
  for (const argv of runs) {
    await timed(`cli ${argv.slice(0, -1).join(' ')}`, async () => {
      let stdout = '';
      let stderr = '';
      const io: CliIo = { cwd: dir, env: {}, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), readStdin: async () => '', isTty: false };
      const code = await runCli(argv, io);
      checkCliOutput(argv, code, stdout, stderr, (m) => fail(`cli ${argv.join(' ')}`, m));
    });
  }

  // The real binary, for a few mutants: what a CI job runs.
  if (options.process) {
    if (!existsSync(cliPath)) fail('process', `${cliPath} is missing: run npm run build first`);
    else {
      for (const argv of [['list', '--json', cliTarget], ['validate', '--format', 'json', cliTarget]]) {
        options.onStage?.(`process ${argv[0]}`);
        const r = spawnSync(process.execPath, [cliPath, ...argv], { cwd: dir, encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH ?? '' } });
        if (r.error) fail(`process ${argv[0]}`, `did not run: ${r.error.message}`);
        else if (r.signal) fail(`process ${argv[0]}`, `killed by ${r.signal}`);
        else checkCliOutput(argv, r.status ?? -1, r.stdout, r.stderr, (m) => fail(`process ${argv.join(' ')}`, m));
      }
    }
  }

  return { spec, failures, wallMs: wallTotal, cpuMs: cpuTotal, slowestStage: slowest, bytes: Buffer.byteLength(text), kind: project?.kind ?? 'none' };
}

function checkCliOutput(argv: string[], code: number, stdout: string, stderr: string, fail: (m: string) => void): void {
  const allowed = argv[0] === 'validate' ? [0, 1] : [0];
  if (!allowed.includes(code)) fail(`exit ${code}${stderr ? `: ${stderr.trim().slice(0, 300)}` : ''}`);
  else if (stderr) fail(`wrote to stderr: ${stderr.trim().slice(0, 300)}`);
  if (/\n\s+at /.test(stdout + stderr)) fail('stack trace in the output');
  const format = argv.includes('--json') ? 'json' : argv[argv.indexOf('--format') + 1];
  if (format === 'json' || format === 'sarif') {
    try {
      JSON.parse(stdout);
    } catch (err) {
      fail(`output is not JSON (${err instanceof Error ? err.message : String(err)})`);
    }
  }
  if (format === 'github') {
    for (const line of stdout.split('\n').filter(Boolean)) if (!/^::(error|warning|notice) file=/.test(line)) fail(`not a workflow command: ${line.slice(0, 200)}`);
  }
}

export interface FuzzRunOptions {
  master: number;
  /** Index of the first mutant (a resumed run starts after the one that hung). */
  first?: number;
  /** Stop after this many mutants… */
  count?: number;
  /** …or after this much time (ms), whichever comes first. */
  budgetMs?: number;
  /** Every how many mutants one goes through the real CLI process as well (0: never). */
  processEvery?: number;
  stageLimitMs?: number;
  /** Called before each mutant (a watchdog reads it) and after. */
  onStart?: (index: number, spec: MutantSpec) => void;
  onResult?: (index: number, result: MutantResult) => void;
  onStage?: (index: number, stage: string) => void;
  /** Explicit specs to run instead of planned ones (replay, the regression list). */
  specs?: MutantSpec[];
}

export interface FuzzReport {
  mutants: number;
  failures: Failure[];
  elapsedMs: number;
  slowest?: MutantResult;
  kinds: Record<string, number>;
  mutatorCounts: Record<string, number>;
  processRuns: number;
}

/** Runs mutants one after another; unhandled rejections and uncaught exceptions count against the mutant that ran. */
export async function runFuzz(options: FuzzRunOptions): Promise<FuzzReport> {
  const scratch = mkdtempSync(join(tmpdir(), 'swb-fuzz-'));
  const failures: Failure[] = [];
  let current: MutantSpec | undefined;
  const stray = (what: string) => (err: unknown) => {
    failures.push({ spec: current ?? { seed: '?', target: '?', mutators: [], rng: 0 }, stage: what, message: errorText(err) });
  };
  const onRejection = stray('unhandled rejection');
  const onException = stray('uncaught exception');
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  const started = performance.now();
  const report: FuzzReport = { mutants: 0, failures, elapsedMs: 0, kinds: {}, mutatorCounts: {}, processRuns: 0 };
  try {
    const first = options.specs ? 0 : (options.first ?? 0);
    const end = first + (options.specs?.length ?? options.count ?? Number.POSITIVE_INFINITY);
    for (let i = first; i < end; i++) {
      if (options.budgetMs !== undefined && performance.now() - started > options.budgetMs) break;
      const spec = options.specs?.[i] ?? planMutant(options.master, i);
      current = spec;
      options.onStart?.(i, spec);
      const useProcess = options.processEvery !== undefined && options.processEvery > 0 && i % options.processEvery === 0;
      const result = await checkMutant(spec, { scratch, process: useProcess, stageLimitMs: options.stageLimitMs, onStage: (stage) => options.onStage?.(i, stage) });
      // Let a rejection nobody awaited surface while this mutant is still the current one.
      await new Promise((r) => setImmediate(r));
      if (useProcess) report.processRuns++;
      failures.push(...result.failures);
      report.mutants++;
      report.kinds[result.kind] = (report.kinds[result.kind] ?? 0) + 1;
      for (const m of spec.mutators) report.mutatorCounts[m] = (report.mutatorCounts[m] ?? 0) + 1;
      if (!report.slowest || result.cpuMs > report.slowest.cpuMs) report.slowest = result;
      options.onResult?.(i, result);
    }
  } finally {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
    rmSync(scratch, { recursive: true, force: true });
  }
  report.elapsedMs = performance.now() - started;
  return report;
}

/** A failure as the person who reproduces it needs it: what, where, and the command. */
export function describeFailure(f: Failure): string {
  return `[${f.stage}] ${f.spec.mutators.join('+')} on ${f.spec.seed} (${f.spec.target}), seed ${formatSeed(f.spec.rng)}\n  ${f.message.split('\n').join('\n  ')}\n  reproduce: ${reproCommand(f.spec)}`;
}
