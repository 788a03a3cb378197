/**
 * Cold-start analysis of a Node.js function: bundles its handler the way a bundling deploy would (esbuild,
 * platform node, the runtime's Node version, the SDK the runtime provides left out) and reads the metafile:
 * bundle size, heaviest modules and packages, what each direct import brings, and advice where it applies.
 * esbuild reads the workspace's files; nothing of the workspace is executed.
 */
import type { build, BuildFailure, Metafile } from 'esbuild';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import type { FunctionDef } from '../model/types';
import { displayValue } from '../model/types';
import type { Advice, ColdStartReport, DirectImport, ModuleSize, PackageSize } from '../shared/coldStartReport';
import { formatBytes } from '../shared/coldStartReport';
import type { SourceFacts } from './sourceScan';
import { scanSource } from './sourceScan';

/** The part of esbuild the analysis uses; injected so the extension and the CLI load it lazily. */
export interface EsbuildApi {
  build: typeof build;
}

export interface AnalysisDeps {
  loadEsbuild: () => Promise<EsbuildApi>;
  readFile: (path: string) => Promise<string | undefined>;
  now?: () => number;
}

export class AnalysisError extends Error {}

const KB = 1024;
/** A package this heavy, used for one or two exports, is worth a finding. */
const HEAVY_PACKAGE_BYTES = 50 * KB;
/** Above this, module loading is a large part of a Node cold start. */
const LARGE_BUNDLE_BYTES = 1024 * KB;
const TOP_MODULES = 15;

/** `nodejs20.x` → 20; undefined for other runtimes. */
export function nodeMajor(runtime: string | undefined): number | undefined {
  const m = /^nodejs(\d+)/.exec(runtime ?? '');
  return m ? Number(m[1]) : undefined;
}

/** The npm package a bundle path belongs to: the segment after the last `node_modules/`. */
export function packageOf(path: string): { name: string; root: string } | undefined {
  const norm = path.split(sep).join('/');
  const at = norm.lastIndexOf('node_modules/');
  if (at < 0) return undefined;
  const rest = norm.slice(at + 'node_modules/'.length).split('/');
  const name = rest[0].startsWith('@') && rest.length > 1 ? `${rest[0]}/${rest[1]}` : rest[0];
  return { name, root: norm.slice(0, at + 'node_modules/'.length + name.length) };
}

/** The package a bare specifier names: `lodash/get` → `lodash`, `@aws-sdk/client-s3/x` → `@aws-sdk/client-s3`. */
export function packageOfSpecifier(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

interface BuildOutcome {
  metafile: Metafile;
  unresolved: string[];
}

function unresolvedSpecifiers(err: unknown): string[] | undefined {
  const errors = (err as Partial<BuildFailure>).errors;
  if (!Array.isArray(errors) || errors.length === 0) return undefined;
  const out: string[] = [];
  for (const e of errors) {
    const m = /^Could not resolve "([^"]+)"/.exec(e.text);
    if (!m) return undefined;
    out.push(m[1]);
  }
  return out;
}

/**
 * Bundles once; when the only errors are imports that cannot be resolved (dependencies not installed),
 * bundles again with those left out so the rest can still be measured.
 */
async function bundle(esbuild: EsbuildApi, entry: string, root: string, target: string, format: 'esm' | 'cjs', external: string[]): Promise<BuildOutcome> {
  const unresolved: string[] = [];
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const result = await esbuild.build({
        entryPoints: [entry],
        absWorkingDir: root,
        outfile: join(root, '__serverless-workbench-analysis__.js'),
        bundle: true,
        write: false,
        metafile: true,
        minify: true,
        platform: 'node',
        target,
        format,
        external: [...external, ...unresolved],
        logLevel: 'silent',
        // A handler's JSON, text and asset imports count as what they are; unknown binaries are left out.
        loader: { '.node': 'empty' },
      });
      return { metafile: result.metafile, unresolved };
    } catch (err) {
      const missing = unresolvedSpecifiers(err);
      if (!missing || attempt === 2) {
        const first = (err as Partial<BuildFailure>).errors?.[0];
        const where = first?.location ? `${first.location.file}:${first.location.line}: ` : '';
        throw new AnalysisError(`esbuild could not bundle the handler: ${where}${first?.text ?? (err instanceof Error ? err.message : String(err))}`);
      }
      unresolved.push(...missing.filter((s) => !unresolved.includes(s)));
    }
  }
  throw new AnalysisError('esbuild could not bundle the handler');
}

const builtinRe = /^(node:)?(assert|async_hooks|buffer|child_process|cluster|console|constants|crypto|dgram|diagnostics_channel|dns|domain|events|fs|http|http2|https|inspector|module|net|os|path|perf_hooks|process|punycode|querystring|readline|repl|stream|string_decoder|sys|timers|tls|trace_events|tty|url|util|v8|vm|wasi|worker_threads|zlib)(\/.*)?$/;

/** Analyses one function. Throws AnalysisError with a one-line reason when it cannot. */
export async function analyzeColdStart(fn: FunctionDef, deps: AnalysisDeps): Promise<ColdStartReport> {
  const now = deps.now ?? (() => performance.now());
  const started = now();
  const runtime = displayValue(fn.runtime?.value) ?? '';
  const file = fn.handlerInfo.file;
  // Azure Functions names its Node.js worker runtime `node` (FUNCTIONS_WORKER_RUNTIME).
  const azure = runtime === 'node';
  if (runtime && !runtime.startsWith('nodejs') && !azure) throw new AnalysisError(`cold-start analysis covers Node.js functions; ${fn.name} runs on ${runtime}`);
  if (fn.handlerInfo.notLocal) throw new AnalysisError(`${fn.name}: ${fn.handlerInfo.notLocal}`);
  if (fn.handlerInfo.inline) throw new AnalysisError(`${fn.name} has inline code in the template; there is nothing to bundle`);
  if (!file) throw new AnalysisError(`handler file of ${fn.name} not found${fn.handlerInfo.candidates.length ? ` (tried ${fn.handlerInfo.candidates.join(', ')})` : ''}`);
  if (/\.py$/.test(file)) throw new AnalysisError(`cold-start analysis covers Node.js functions; ${fn.name} is Python`);
  const source = await deps.readFile(file);
  if (source === undefined) throw new AnalysisError(`cannot read ${file}`);

  const major = nodeMajor(runtime) ?? 20;
  const target = `node${major}`;
  // Lambda's Node.js 18+ runtimes ship SDK v3 (and its @smithy parts); 16 and older shipped SDK v2.
  // Azure's Node worker provides no SDK: everything the app imports is loaded from its own node_modules.
  const runtimeProvided = azure ? [] : major >= 18 ? ['@aws-sdk/*', '@smithy/*'] : ['aws-sdk'];
  const format = fn.handlerInfo.moduleType === 'esm' || /\.mjs$|\.mts$/.test(file) ? 'esm' : 'cjs';
  const root = fn.codeRoot && isAbsolute(fn.codeRoot) ? fn.codeRoot : dirname(file);

  let esbuild: EsbuildApi;
  try {
    esbuild = await deps.loadEsbuild();
  } catch (err) {
    throw new AnalysisError(`esbuild is not available: ${err instanceof Error ? err.message : String(err)}`);
  }
  const { metafile, unresolved } = await bundle(esbuild, file, root, target, format, runtimeProvided);
  const facts = scanSource(source, fn.handlerInfo.exportName ?? 'handler');

  const output = Object.values(metafile.outputs).find((o) => o.entryPoint !== undefined) ?? Object.values(metafile.outputs)[0];
  const sizes = new Map<string, number>(Object.entries(output.inputs).map(([p, v]) => [p, v.bytesInOutput]));
  const modules: ModuleSize[] = [...sizes].map(([path, bytes]) => ({ path, packageName: packageOf(path)?.name, bytes })).sort((a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path));

  const packages = new Map<string, PackageSize>();
  for (const m of modules) {
    const pkg = packageOf(m.path);
    if (!pkg) continue;
    const entry = packages.get(pkg.name) ?? { name: pkg.name, bytes: 0, modules: 0, roots: [] };
    entry.bytes += m.bytes;
    entry.modules++;
    if (!entry.roots.includes(pkg.root)) entry.roots.push(pkg.root);
    packages.set(pkg.name, entry);
  }
  const packageList = [...packages.values()].sort((a, b) => b.bytes - a.bytes || a.name.localeCompare(b.name));

  const entryKey = relative(root, file).split(sep).join('/');
  const entryInput = metafile.inputs[entryKey] ?? Object.entries(metafile.inputs).find(([p]) => join(root, p) === file)?.[1];
  const reach = (start: string): { bytes: number; modules: number } => {
    const seen = new Set<string>();
    const stack = [start];
    while (stack.length) {
      const p = stack.pop() as string;
      if (seen.has(p) || !metafile.inputs[p]) continue;
      seen.add(p);
      for (const i of metafile.inputs[p].imports) if (!i.external) stack.push(i.path);
    }
    let bytes = 0;
    for (const p of seen) bytes += sizes.get(p) ?? 0;
    return { bytes, modules: seen.size };
  };
  const imports: DirectImport[] = [];
  for (const i of entryInput?.imports ?? []) {
    const specifier = i.original ?? i.path;
    if (i.kind === 'require-call' && specifier.startsWith('\0')) continue;
    const kind = i.kind === 'dynamic-import' ? 'dynamic' : i.kind === 'require-call' ? 'require' : 'import';
    const line = facts.imports.find((f) => f.specifier === specifier)?.line;
    if (i.external) {
      const reason = builtinRe.test(specifier) ? 'builtin' : unresolved.includes(specifier) ? 'unresolved' : 'runtime';
      imports.push({ specifier, line, kind, external: true, externalReason: reason, bytes: 0, modules: 0 });
    } else {
      imports.push({ specifier, line, kind, external: false, ...reach(i.path) });
    }
  }

  const bundleBytes = output.bytes;
  const report: ColdStartReport = {
    functionId: fn.id,
    functionName: fn.name,
    handlerFile: file,
    runtime: runtime || 'unknown (assumed nodejs20.x)',
    target,
    format,
    bundleBytes,
    moduleCount: sizes.size,
    modules: modules.slice(0, TOP_MODULES),
    packages: packageList,
    imports,
    runtimeProvided,
    advice: [],
    durationMs: 0,
  };
  report.advice = adviseOn(report, facts, packages, unresolved, major);
  report.durationMs = Math.round((now() - started) * 10) / 10;
  return report;
}

const packageHints: Record<string, string> = {
  lodash: 'import the function from its own module (`lodash/get`) or use `lodash-es`, which the bundler tree-shakes',
  moment: 'use `Intl.DateTimeFormat` or a tree-shakeable library such as `date-fns`',
  'date-fns': 'import from the function path (`date-fns/format`)',
  rxjs: 'import operators from `rxjs` only as named imports in an ESM build so unused ones are dropped',
};

function adviseOn(report: ColdStartReport, facts: SourceFacts, packages: Map<string, PackageSize>, unresolved: string[], major: number): Advice[] {
  const advice: Advice[] = [];
  const v2 = packages.get('aws-sdk');
  const v2Import = facts.imports.find((i) => packageOfSpecifier(i.specifier) === 'aws-sdk');
  if (v2 || v2Import) {
    const whole = v2Import?.specifier === 'aws-sdk';
    const where = v2 ? ` and adds ${formatBytes(v2.bytes)} to the bundle` : '';
    advice.push({
      id: 'aws-sdk-v2',
      severity: 'warning',
      title: `${whole ? 'Imports the whole AWS SDK for JavaScript v2' : 'Uses the AWS SDK for JavaScript v2'}${where}`,
      detail:
        major >= 18
          ? 'SDK v2 is in maintenance mode and not part of the Node.js 18+ runtimes, so it is loaded from your package at every cold start. Use the modular v3 clients (`@aws-sdk/client-…`), which the runtime provides.'
          : 'Move to the modular v3 clients (`@aws-sdk/client-…`): each client loads only its own service, and Node.js 18+ runtimes provide them.',
      line: v2Import?.line,
    });
  }

  for (const imp of report.imports) {
    const name = packageOfSpecifier(imp.specifier);
    if (!name || name === 'aws-sdk' || imp.external) continue;
    const pkg = packages.get(name);
    if (!pkg || pkg.bytes < HEAVY_PACKAGE_BYTES) continue;
    const fact = facts.imports.find((f) => f.specifier === imp.specifier);
    if (!fact || fact.bare) continue;
    const used = fact.whole ? fact.membersUsed : fact.named;
    if (!used || used.length === 0 || used.length > 2 || (fact.whole && fact.named.length > 0)) continue;
    const hint = packageHints[name] ?? 'import only the part you use (a subpath export, or an ES module build the bundler can tree-shake), or replace it with a smaller library or built-in code';
    advice.push({
      id: 'large-package-few-exports',
      severity: 'warning',
      title: `Imports ${name} (${formatBytes(imp.bytes)} in the bundle) for ${used.map((u) => `\`${u}\``).join(' and ')}`,
      detail: `All of it is loaded at every cold start; ${hint}.`,
      line: fact.line,
    });
  }

  for (const c of facts.clientsInHandler) {
    advice.push({
      id: 'client-per-invocation',
      severity: 'warning',
      title: `\`${c.text}(…)\` is created inside the handler: a new client per invocation`,
      detail: 'Create clients and connection pools once at module scope (init), so warm invocations reuse their connections instead of setting up TLS and sockets every time.',
      line: c.line,
    });
  }
  for (const a of facts.topLevelAwaits) {
    advice.push({
      id: 'top-level-await',
      severity: 'info',
      title: 'Top-level `await` runs during init',
      detail: 'Every cold start waits for it, and since August 2025 the init phase is billed. Fine for one-time setup (configuration, secrets); keep it short, and do not call slow services here.',
      line: a.line,
    });
  }
  for (const s of facts.topLevelSyncWork) {
    advice.push({
      id: 'top-level-sync-work',
      severity: 'info',
      title: `\`${s.text}\` at module scope blocks init`,
      detail: 'Synchronous file or process work at load time adds to every cold start; read small files only, or defer the work until a request needs it.',
      line: s.line,
    });
  }
  if (report.bundleBytes > LARGE_BUNDLE_BYTES) {
    const top = report.packages.slice(0, 3).map((p) => `${p.name} ${formatBytes(p.bytes)}`).join(', ');
    advice.push({
      id: 'large-bundle',
      severity: 'warning',
      title: `The bundle is ${formatBytes(report.bundleBytes)}: loading it is a large part of a cold start`,
      detail: `Node parses and evaluates all of it at init. The heaviest packages: ${top || 'none (the code is the function’s own)'}. Split rarely used paths behind dynamic \`import()\` or drop heavy dependencies.`,
    });
  }
  for (const p of report.packages) {
    if (p.roots.length > 1) {
      advice.push({
        id: 'duplicate-package',
        severity: 'info',
        title: `${p.roots.length} copies of ${p.name} are bundled`,
        detail: `Found at ${p.roots.join(', ')}. Align the version ranges (or dedupe the lockfile) so one copy is loaded.`,
      });
    }
  }
  for (const u of unresolved) {
    advice.push({
      id: 'unresolved-import',
      severity: 'info',
      title: `\`${u}\` could not be resolved and is not measured`,
      detail: 'Install the function’s dependencies (npm install) for a complete picture; the numbers above leave it out.',
      line: facts.imports.find((i) => i.specifier === u)?.line,
    });
  }
  const rank = { warning: 0, info: 1 } as const;
  return advice.sort((a, b) => rank[a.severity] - rank[b.severity]);
}
