// The Serverless Framework as the oracle of the model (issue 17, part 7). For every serverless.yml of the
// corpus, `serverless package` (serverless@3, installed on demand into .cache/bench-tools) writes the
// CloudFormation it would deploy; `serverless-workbench list --json` says what the model shows. Compared per
// function: FunctionName, Runtime, Handler, MemorySize, Timeout (unset = the framework's 1024 MB / 6 s) and the
// trigger types of the resources wired to the function.
//
// Offline: placeholder credentials, no plugins (removed from a temporary copy) except the ones that create
// triggers and package offline (serverless-step-functions, pinned, installed next to the framework), telemetry
// and update checks off. The framework's output is cached per config content in .cache/sf-oracle, so a re-run after a model
// change only re-runs the model (`--fresh` re-packages everything).
//
//   node --import tsx bench/frameworkOracle.ts [--fresh] [--corpus DIR]... [--only SUBSTRING]
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import type { CfnFunction } from './_cfnFunctions';
import { cfnFunctions, sfFunctionLogicalId } from './_cfnFunctions';
import { machine } from './_stats';
import type { ModelFunction, ModelProject } from './_oracle';
import { defaultCorpora, modelProjects, oracleArgs } from './_oracle';
import { benchTool, ensureBenchTools } from './_tools';

const SERVERLESS = 'serverless@3.40.0';
/**
 * Plugins the oracle keeps when a config lists them: they deploy what invokes the functions (state machines
 * whose tasks call them), package offline, and are installed next to the framework, where it finds a plugin
 * the service folder does not have. 3.28.1 is the last release for Node 20 (later ones need Node 22).
 */
const KEPT_PLUGINS = ['serverless-step-functions@3.28.1'];
const root = join(__dirname, '..');
const cacheDir = join(root, '.cache', 'sf-oracle');
/** What serverless@3.40 deploys for an unset setting (`runtime`: `provider.getRuntime()`, not for image functions). */
const defaults = { memorySize: 1024, timeout: 6, runtime: 'nodejs16.x' };
const fields = ['deployedName', 'runtime', 'handler', 'memorySize', 'timeout', 'triggers'] as const;
type Field = (typeof fields)[number];

interface OracleResult {
  ok: boolean;
  /** The framework's error, first lines. */
  error?: string;
  template?: { Resources?: Record<string, { Type?: string; Properties?: Record<string, unknown> }> };
}




function findConfigs(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && !e.name.startsWith('.')) findConfigs(join(dir, e.name), out);
    } else if (/^serverless\.ya?ml$/.test(e.name)) out.push(join(dir, e.name));
  }
  return out.sort();
}

function filesOf(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== '.serverless') filesOf(p, out);
    } else if (e.isFile()) out.push(p);
  }
  return out.sort();
}

/**
 * What the copy handed to the framework changes, each neutral for the compared fields: plugins are removed
 * (they are not installed, and the oracle is the framework itself); `frameworkVersion` pins are removed (v1/v2
 * configs refuse v3 otherwise); `org`/`app`/`console` are removed (they need a Dashboard login); and an absent `provider.stage`/`provider.region` is written as the defaults the
 * framework uses anyway (`dev`, `us-east-1`), so `${self:provider.stage}` resolves as it did before v3.
 */
function prepareConfig(text: string): string {
  const lines = text.split(/\r?\n/);
  const out: string[] = [];
  let skipping = false;
  for (const line of lines) {
    const top = /^[A-Za-z_][\w-]*\s*:/.test(line);
    if (top) skipping = /^(plugins|frameworkVersion|org|app|console|tenant)\s*:/.test(line);
    if (!skipping) out.push(line);
  }
  // `service: {name: x}` (v1/v2) is refused by v3; the name is what both read.
  const service = out.findIndex((l) => /^service\s*:\s*(#.*)?$/.test(l));
  const serviceName = service >= 0 ? /^\s+name\s*:\s*(.+?)\s*(#.*)?$/.exec(out[service + 1] ?? '') : null;
  if (serviceName) out.splice(service, 2, `service: ${serviceName[1]}`);
  const provider = out.findIndex((l) => /^provider\s*:\s*(#.*)?$/.test(l));
  if (provider >= 0) {
    let end = provider + 1;
    while (end < out.length && (!/^\S/.test(out[end]) || /^#/.test(out[end]))) end++;
    const block = out.slice(provider + 1, end);
    const indent = /^(\s+)\S/.exec(block.find((l) => /^\s+[^\s#]/.test(l)) ?? '  x')![1];
    const has = (key: string): boolean => block.some((l) => new RegExp(`^${indent}${key}\\s*:`).test(l));
    const add = [...(has('stage') ? [] : [`${indent}stage: dev`]), ...(has('region') ? [] : [`${indent}region: us-east-1`])];
    out.splice(provider + 1, 0, ...add);
  }
  // Sources of the removed plugins (serverless-lift's `${construct:…}`) become plain text.
  return out.join('\n').replace(/\$\{construct:([^}]*)\}/g, 'construct-$1');
}

/** The kept plugins (`name@version`) the original config lists under `plugins` (a list, or `modules:` of a map). */
function keptPlugins(original: string): string[] {
  const lines = original.split(/\r?\n/);
  const start = lines.findIndex((l) => /^plugins\s*:/.test(l));
  if (start < 0) return [];
  let end = start + 1;
  while (end < lines.length && !/^[A-Za-z_][\w-]*\s*:/.test(lines[end])) end++;
  const block = lines.slice(start, end).map((l) => l.replace(/#.*$/, '')).join('\n');
  return KEPT_PLUGINS.filter((spec) => new RegExp(`(^|[\\s\\[,'"])${spec.slice(0, spec.lastIndexOf('@'))}(?=[\\s\\],'"]|$)`).test(block));
}

/** The prepared config with the kept plugins it listed written back as its only plugins. */
function withKeptPlugins(prepared: string, original: string): string {
  const kept = keptPlugins(original);
  return kept.length ? `${prepared.replace(/\n*$/, '\n')}plugins:\n${kept.map((spec) => `  - ${spec.slice(0, spec.lastIndexOf('@'))}\n`).join('')}` : prepared;
}

/**
 * Build output the framework packages but the corpus does not hold (Go/Rust binaries, JVM and .NET archives):
 * empty placeholder files where the error says, or where the config's handlers and package patterns point.
 * Contents do not reach the compared fields.
 */
function addPlaceholders(svc: string, configText: string, error: string): boolean {
  const paths: string[] = [];
  for (const m of error.matchAll(/Cannot access package artifact at "([^"]+)"/g)) paths.push(m[1]);
  if (/No file matches include \/ exclude patterns/.test(error)) {
    for (const m of configText.matchAll(/^\s+handler:\s*["']?([\w./-]+?)["']?\s*$/gm)) {
      const handler = m[1];
      paths.push(/\.[A-Za-z_]\w*$/.test(handler) && !handler.startsWith('bin/') ? `${handler.replace(/\.[^./]+$/, '')}.js` : handler);
    }
    for (const m of configText.matchAll(/^\s+-\s*["']?(\.?\/?[\w./-]+?)["']?\s*$/gm)) if (!m[1].includes('*') && /[./]/.test(m[1])) paths.push(m[1]);
    for (const m of configText.matchAll(/^\s+path:\s*["']?([\w./-]+?)["']?\s*$/gm)) paths.push(join(m[1], 'placeholder'));
  }
  let added = false;
  for (const rel of paths) {
    const file = join(svc, rel);
    if (existsSync(file) || !file.startsWith(svc)) continue;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, '');
    added = true;
  }
  return added;
}

async function runFramework(config: string, env: Record<string, string>): Promise<OracleResult> {
  const work = mkdtempSync(join(tmpdir(), 'swb-sf-oracle-'));
  const svc = join(work, 'svc');
  cpSync(dirname(config), svc, { recursive: true, filter: (src) => !/[\\/](node_modules|\.serverless)$/.test(src) });
  const file = join(svc, basename(config));
  const original = readFileSync(file, 'utf8');
  const text = withKeptPlugins(prepareConfig(original), original);
  writeFileSync(file, text);
  mkdirSync(join(work, 'home'));
  try {
    for (let attempt = 0; ; attempt++) {
      const r = await packageOnce(svc, work, env);
      if (r.ok || attempt >= 3 || !addPlaceholders(svc, text, r.error ?? '')) return r;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function packageOnce(svc: string, work: string, extraEnv: Record<string, string>): Promise<OracleResult> {
  const env = {
    ...extraEnv,
    HOME: join(work, 'home'),
    AWS_ACCESS_KEY_ID: 'AKIAPLACEHOLDER00000',
    AWS_SECRET_ACCESS_KEY: 'placeholder-secret-for-offline-packaging',
    SLS_TELEMETRY_DISABLED: '1',
    SLS_NOTIFICATIONS_MODE: 'off',
    SLS_DEPRECATION_DISABLE: '*',
    SLS_INTERACTIVE_SETUP_DISABLE: '1',
    CI: '1',
  };
  const out = join(work, 'out');
  rmSync(out, { recursive: true, force: true });
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [benchTool('serverless', 'bin', 'serverless.js'), 'package', '--package', out], { cwd: svc, env });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      const templateFile = join(out, 'cloudformation-template-update-stack.json');
      resolve(
        code === 0 && existsSync(templateFile)
          ? { ok: true, template: JSON.parse(readFileSync(templateFile, 'utf8')) as OracleResult['template'] }
          : { ok: false, error: frameworkError(output, code) },
      );
    });
  });
}

function frameworkError(output: string, code: number | null): string {
  const at = output.indexOf('Error:');
  const text = at >= 0 ? output.slice(at + 'Error:'.length) : output;
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^(Environment|Docs|Support|Bugs|Credentials):/.test(l));
  return lines.slice(0, 3).join(' ').slice(0, 300) || `exit ${code}`;
}

async function oracle(config: string, env: Record<string, string>, fresh: boolean): Promise<OracleResult> {
  const hash = createHash('sha1').update(SERVERLESS).update(prepareConfig.toString()).update(addPlaceholders.toString()).update(JSON.stringify(env));
  // Only a config that lists a kept plugin is packaged differently, so only its key names the plugin.
  const kept = keptPlugins(readFileSync(config, 'utf8'));
  if (kept.length) hash.update(withKeptPlugins.toString()).update(keptPlugins.toString()).update(kept.join(','));
  for (const f of filesOf(dirname(config))) hash.update(relative(dirname(config), f)).update(readFileSync(f));
  const cached = join(cacheDir, `${hash.digest('hex')}.json`);
  if (!fresh && existsSync(cached)) return JSON.parse(readFileSync(cached, 'utf8')) as OracleResult;
  const result = await runFramework(config, env);
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(cached, JSON.stringify(result));
  return result;
}

/**
 * The environment both sides see: PATH, and a placeholder for every `${env:NAME}` the corpus uses without a
 * fallback (the framework stops on an unset one; the model shows it as unknown), the same value for both.
 */
function sharedEnv(configs: string[]): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '' };
  for (const c of configs) for (const m of readFileSync(c, 'utf8').matchAll(/\$\{env:(\w+)\}/g)) env[m[1]] = `env-${m[1]}`;
  return env;
}

function modelValue(fn: ModelFunction, field: Field, fw: CfnFunction): unknown {
  switch (field) {
    case 'runtime':
      return fn.runtime ?? (fw.packageType === 'Image' ? null : defaults.runtime);
    case 'memorySize':
      return fn.memorySize ?? defaults.memorySize;
    case 'timeout':
      return fn.timeout ?? defaults.timeout;
    case 'triggers':
      return [...new Set(fn.triggers.map((t) => t.type))].sort().join(',');
    default:
      return fn[field];
  }
}

function frameworkValue(fn: CfnFunction, field: Field): unknown {
  switch (field) {
    case 'deployedName':
      return fn.functionName ?? null;
    case 'triggers':
      return [...fn.triggers].sort().join(',');
    default:
      return fn[field] ?? null;
  }
}

/** One set of configs compared field by field; prints its table and every disagreement. */
async function compareGroup(label: string, configs: string[], model: Map<string, ModelProject>, env: Record<string, string>, fresh: boolean): Promise<void> {
  const agree = Object.fromEntries(fields.map((f) => [f, 0])) as Record<Field, number>;
  const disagreements: string[] = [];
  const failures: string[] = [];
  let notAws = 0;
  let compared = 0;
  let missing = 0;
  let extra = 0;
  for (const [i, config] of configs.entries()) {
    const rel = relative(root, config);
    const project = model.get(config);
    if (project?.note && /not modelled/.test(project.note)) {
      notAws++;
      continue;
    }
    process.stderr.write(`\r[${i + 1}/${configs.length}] ${rel.slice(-70).padEnd(70)}`);
    const fw = await oracle(config, env, fresh);
    if (!fw.ok || !fw.template) {
      const shown = project?.functions.map((f) => `${f.name} → ${f.deployedName}`).join(', ');
      failures.push(`${rel}: ${fw.error} (model: ${shown || 'no functions'})`);
      continue;
    }
    // The framework's own custom-resource function (existing S3 buckets, Cognito pools, EventBridge buses) is no user function.
    const fwFunctions = new Map([...cfnFunctions(fw.template)].filter(([id]) => !id.startsWith('CustomDashresource')));
    const modelByLogicalId = new Map((project?.functions ?? []).map((f) => [sfFunctionLogicalId(f.name), f]));
    for (const [id, fwFn] of fwFunctions) {
      const fn = modelByLogicalId.get(id);
      if (!fn) {
        missing++;
        disagreements.push(`${rel}: ${id} is deployed by the framework but missing from the model`);
        continue;
      }
      compared++;
      for (const field of fields) {
        const m = modelValue(fn, field, fwFn);
        const f = frameworkValue(fwFn, field);
        if (m === f) agree[field]++;
        else disagreements.push(`${rel}: ${fn.name} ${field}: model ${JSON.stringify(m)}, framework ${JSON.stringify(f)}`);
      }
    }
    for (const [id, fn] of modelByLogicalId) {
      if (!fwFunctions.has(id)) {
        extra++;
        disagreements.push(`${rel}: ${fn.name} is in the model but not deployed by the framework`);
      }
    }
  }
  process.stderr.write('\n');
  const total = compared + missing;
  console.log(`\n### ${label}`);
  console.log(`Configs: ${configs.length} (${notAws} for other providers, ${failures.length} the framework cannot package offline); functions the framework deploys: ${total}`);
  console.log('| Field | Agree | Functions | Agreement |');
  console.log('|---|---:|---:|---:|');
  for (const field of fields) console.log(`| ${field} | ${agree[field]} | ${total} | ${total ? ((100 * agree[field]) / total).toFixed(2) : '-'} % ${total && agree[field] / total >= 0.999 ? '✓' : '✗'} |`);
  console.log(`| missing from the model | ${missing} | | |`);
  console.log(`| in the model, not deployed | ${extra} | | |`);
  if (disagreements.length) console.log(`\nDisagreements:\n${disagreements.map((d) => `- ${d}`).join('\n')}`);
  if (failures.length) console.log(`\nThe framework could not package:\n${failures.map((d) => `- ${d}`).join('\n')}`);
}

async function main(): Promise<void> {
  const { fresh, corpora: given, only } = oracleArgs();
  const groups: Array<[string, string[]]> = given.length
    ? [['Given folders', given]]
    : [
        ['Corpus', defaultCorpora(root)],
        ['Edge cases (test/fixtures/sf-variables)', [join(root, 'test', 'fixtures', 'sf-variables')]],
      ];
  ensureBenchTools([SERVERLESS, ...KEPT_PLUGINS]);
  const configsOf = (dirs: string[]): string[] => dirs.flatMap((c) => findConfigs(c)).filter((c) => !only || c.includes(only));
  const env = sharedEnv(groups.flatMap(([, dirs]) => configsOf(dirs)));
  const model = modelProjects(root, groups.flatMap(([, dirs]) => dirs), env);
  const started = Date.now();
  console.log(`Machine: ${machine()}, load average ${loadavg()[0].toFixed(1)}; ${SERVERLESS}`);
  for (const [label, dirs] of groups) await compareGroup(label, configsOf(dirs), model, env, fresh);
  console.log(`\n${((Date.now() - started) / 1000).toFixed(0)} s (framework output cached in .cache/sf-oracle)`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
