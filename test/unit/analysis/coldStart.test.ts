import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import type { AnalysisDeps } from '../../../src/analysis/coldStart';
import { AnalysisError, analyzeColdStart, packageOf } from '../../../src/analysis/coldStart';
import type { ColdStartReport } from '../../../src/shared/coldStartReport';
import { formatBytes, summarizeReport } from '../../../src/shared/coldStartReport';
import type { FunctionDef } from '../../../src/model/types';
import { WorkspaceIndex } from '../../../src/model/workspace';
import { nodeFileSystem } from '../../../src/node/nodeFileSystem';
import { makeAnalysisService } from '../helpers/analysisFixture';

const deps: AnalysisDeps = { loadEsbuild: () => import('esbuild'), readFile: nodeFileSystem().readFile };
let dir: string;
let fns: Map<string, FunctionDef>;

before(async () => {
  dir = makeAnalysisService();
  const [project] = await new WorkspaceIndex(nodeFileSystem(), { env: {} }).scan([dir]);
  fns = new Map(project.functions.map((f) => [f.name, f]));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function ids(r: ColdStartReport): string[] {
  return r.advice.map((a) => a.id);
}

test('heavy TypeScript handler: size, heaviest packages, direct imports and every applicable advice', async () => {
  const r = await analyzeColdStart(fns.get('heavy')!, deps);
  assert.equal(r.target, 'node20');
  assert.equal(r.format, 'cjs');
  // 40 modules of 6,000 incompressible characters (mega-utils) + 5 × 24,000 (aws-sdk stand-in).
  assert.ok(r.bundleBytes > 360_000 && r.bundleBytes < 380_000, `bundle ${r.bundleBytes}`);
  assert.deepEqual(r.packages.map((p) => [p.name, p.modules]), [['mega-utils', 41], ['aws-sdk', 6]]);
  assert.ok(r.packages[0].bytes > 240_000);
  assert.equal(r.moduleCount, 49); // heavy.ts, format.ts, 41 + 6 package modules
  assert.equal(r.modules[0].packageName, 'aws-sdk');
  const imports = Object.fromEntries(r.imports.map((i) => [i.specifier, i]));
  assert.equal(imports['node:fs'].externalReason, 'builtin');
  assert.equal(imports['mega-utils'].modules, 41);
  assert.equal(imports['mega-utils'].line, 1);
  assert.equal(imports['./format'].external, false);
  assert.deepEqual(ids(r), ['aws-sdk-v2', 'large-package-few-exports', 'client-per-invocation', 'top-level-sync-work']);
  const few = r.advice.find((a) => a.id === 'large-package-few-exports')!;
  assert.match(few.title, /^Imports mega-utils \(\d+ KB in the bundle\) for `pick`$/);
  assert.equal(few.line, 1);
  assert.match(r.advice[0].detail, /not part of the Node\.js 18\+ runtimes/);
  assert.equal(r.advice.find((a) => a.id === 'client-per-invocation')!.line, 10);
  assert.match(summarizeReport(r), /^3\d\d KB bundle · 49 modules · 3 warnings · heaviest: mega-utils 2\d\d KB$/);
});

test('light ESM handler: the runtime-provided SDK v3 is left out, a client at init is fine, no advice', async () => {
  const r = await analyzeColdStart(fns.get('light')!, deps);
  assert.equal(r.format, 'esm');
  assert.ok(r.bundleBytes < 1024, `bundle ${r.bundleBytes}`);
  assert.deepEqual(r.imports.map((i) => [i.specifier, i.external, i.externalReason]), [['@aws-sdk/client-s3', true, 'runtime']]);
  assert.deepEqual(r.runtimeProvided, ['@aws-sdk/*', '@smithy/*']);
  assert.deepEqual(r.advice, []);
  assert.equal(summarizeReport(r), `${formatBytes(r.bundleBytes)} bundle · 1 module · no warnings`);
});

test('nodejs16: SDK v2 is provided by the runtime (not bundled) but still gets the v3 advice', async () => {
  const r = await analyzeColdStart(fns.get('legacy')!, deps);
  assert.equal(r.target, 'node16');
  assert.deepEqual(r.runtimeProvided, ['aws-sdk']);
  assert.deepEqual(ids(r), ['aws-sdk-v2']);
  assert.match(r.advice[0].title, /whole AWS SDK/);
  assert.equal(r.packages.length, 0);
});

test('Python and missing handlers are one-line errors', async () => {
  await assert.rejects(analyzeColdStart(fns.get('report')!, deps), (e: unknown) => e instanceof AnalysisError && /covers Node\.js functions; report runs on python3\.12/.test(e.message));
  const missing: FunctionDef = { ...fns.get('light')!, handlerInfo: { candidates: ['/x/a.js', '/x/a.ts'] } };
  await assert.rejects(analyzeColdStart(missing, deps), /handler file of light not found \(tried \/x\/a\.js, \/x\/a\.ts\)/);
  await assert.rejects(analyzeColdStart(fns.get('light')!, { ...deps, loadEsbuild: () => Promise.reject(new Error('Cannot find module')) }), /esbuild is not available: Cannot find module/);
});

test('imports that are not installed are measured around and reported', async () => {
  // Runs last among the tests that use the generated packages: it removes one.
  rmSync(`${dir}/node_modules/mega-utils`, { recursive: true, force: true });
  const r = await analyzeColdStart(fns.get('heavy')!, deps);
  assert.ok(ids(r).includes('unresolved-import'));
  assert.equal(r.imports.find((i) => i.specifier === 'mega-utils')?.externalReason, 'unresolved');
  assert.ok(!ids(r).includes('large-package-few-exports'));
});

test('a bundle over 1 MB and a package bundled twice are reported', async () => {
  const root = mkdtempSync(join(tmpdir(), 'sw-insight-big-'));
  try {
    const write = (rel: string, text: string): void => {
      mkdirSync(dirname(join(root, rel)), { recursive: true });
      writeFileSync(join(root, rel), text);
    };
    // Two copies of `blob`: the top-level one and one nested under `wrapper`; 1.2 MB of incompressible data.
    const blob = (n: number): string => `module.exports = ${JSON.stringify(Array.from({ length: n }, (_, i) => ((i * 2654435761) >>> 0).toString(36)).join(''))};`;
    write('node_modules/blob/package.json', '{"name":"blob","main":"index.js"}');
    write('node_modules/blob/index.js', blob(100_000));
    write('node_modules/wrapper/package.json', '{"name":"wrapper","main":"index.js"}');
    write('node_modules/wrapper/index.js', "module.exports = require('blob');");
    write('node_modules/wrapper/node_modules/blob/package.json', '{"name":"blob","main":"index.js"}');
    write('node_modules/wrapper/node_modules/blob/index.js', blob(90_000));
    write('big.js', "const a = require('blob');\nconst b = require('wrapper');\nexports.handler = async () => [a, b].length;\n");
    const base = fns.get('legacy')!;
    const fn: FunctionDef = { ...base, runtime: undefined, codeRoot: root, handlerInfo: { file: join(root, 'big.js'), exportName: 'handler', candidates: [] } };
    const r = await analyzeColdStart(fn, deps);
    assert.equal(r.runtime, 'unknown (assumed nodejs20.x)');
    assert.ok(r.bundleBytes > 1024 * 1024, `bundle ${r.bundleBytes}`);
    assert.deepEqual(ids(r), ['large-bundle', 'duplicate-package']);
    assert.match(r.advice[0].title, /^The bundle is 1\.\d\d MB/);
    assert.match(r.advice[1].detail, /node_modules\/blob, node_modules\/wrapper\/node_modules\/blob/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('package names from bundle paths', () => {
  assert.deepEqual(packageOf('node_modules/lodash/get.js'), { name: 'lodash', root: 'node_modules/lodash' });
  assert.deepEqual(packageOf('../node_modules/a/node_modules/@scope/pkg/x/y.js'), { name: '@scope/pkg', root: '../node_modules/a/node_modules/@scope/pkg' });
  assert.equal(packageOf('src/handler.ts'), undefined);
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatBytes(1536), '1.5 KB');
  assert.equal(formatBytes(3 * 1024 * 1024), '3.00 MB');
});
