// One esbuild context per bundle: extension host (cjs/node), CLI (cjs/node), webviews (iife/browser),
// and the integration-test modules that run inside the VS Code extension host.
import * as esbuild from 'esbuild';
import { readdirSync, existsSync, mkdirSync, chmodSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const root = new URL('..', import.meta.url).pathname;

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

const common = {
  define: { __VERSION__: JSON.stringify(pkg.version) },
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
};

/** Files of a folder (recursively) whose name ends with one of the suffixes. */
function filesUnder(dir, suffixes) {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  const out = [];
  for (const entry of readdirSync(abs, { withFileTypes: true })) {
    const rel = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(rel, suffixes));
    else if (suffixes.some((s) => entry.name.endsWith(s))) out.push(rel);
  }
  return out;
}

const configs = [
  {
    ...common,
    entryPoints: { extension: 'src/vscode/extension.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'esbuild', '@aws-sdk/*', '@smithy/*'],
  },
  {
    ...common,
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    external: ['esbuild', '@aws-sdk/*', '@smithy/*'],
  },
];

const webviewEntries = filesUnder('src/webview', ['Main.ts']);
if (webviewEntries.length > 0) {
  configs.push({
    ...common,
    entryPoints: webviewEntries,
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  });
}

const runtimeEntries = filesUnder('src/invoke/runtime', ['.ts']);
if (runtimeEntries.length > 0) {
  configs.push({
    ...common,
    entryPoints: runtimeEntries,
    outdir: 'dist/runtime',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  });
}

if (!production) {
  const integrationEntries = filesUnder('test/integration', ['.ts']);
  if (integrationEntries.length > 0) {
    configs.push({
      ...common,
      entryPoints: integrationEntries,
      outdir: 'out/integration',
      outbase: 'test/integration',
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['vscode', 'mocha', 'playwright-core'],
    });
  }
}

mkdirSync(join(root, 'dist'), { recursive: true });
const contexts = await Promise.all(configs.map((c) => esbuild.context(c)));
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('esbuild: watching for changes');
} else {
  try {
    await Promise.all(contexts.map((c) => c.rebuild()));
  } finally {
    await Promise.all(contexts.map((c) => c.dispose()));
  }
  if (existsSync(join(root, 'dist/cli.js'))) chmodSync(join(root, 'dist/cli.js'), 0o755);
}
