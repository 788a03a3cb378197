// One esbuild context per bundle: extension host (cjs/node), CLI (cjs/node), webviews (iife/browser),
// and the integration-test modules that run inside the VS Code extension host.
import * as esbuild from 'esbuild';
import { readdirSync, existsSync, mkdirSync, chmodSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { providedSdkBuilds } from './providedSdk.mjs';

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

// The AWS SDK is loaded lazily (`await import('@aws-sdk/client-lambda')`) so activation stays light. In the
// bundles such an import becomes a require of a separate bundle of that package in dist/vendor/, which ships
// in the .vsix; a static import of the SDK would put it on the activation path and is refused.
// The Azure SDKs (Resource Manager, identity, Azure Monitor) are vendored the same way.
const azureSdks = ['@azure/identity', '@azure/arm-appservice', '@azure/arm-resources-subscriptions', '@azure/monitor-query'];
// `@smithy/core/config`: the SDK's shared config/credentials file loader (profile lists), by its sub-path.
const smithySubpaths = ['@smithy/core/config'];
const vendored = [
  ...Object.keys(pkg.dependencies ?? {}).filter((name) => name.startsWith('@aws-sdk/') || azureSdks.includes(name)),
  ...(pkg.dependencies?.['@smithy/core'] ? smithySubpaths : []),
];
const vendorFile = (name) => `vendor/${name.replace(/^@/, '').replace(/\//g, '-')}.js`;
const lazyAwsSdk = {
  name: 'lazy-aws-sdk',
  setup(build) {
    build.onResolve({ filter: /^@(aws-sdk|smithy|azure)\// }, (args) => {
      if (args.importer.includes('node_modules')) return undefined;
      // Type-only imports of @azure/core-auth vanish at build; @azure/functions* belong to the worker bundles.
      if (args.path.startsWith('@azure/') && !azureSdks.includes(args.path)) return undefined;
      if (args.kind !== 'dynamic-import') {
        return { errors: [{ text: `import ${args.path} lazily with await import(): the cloud SDKs must stay off the activation path` }] };
      }
      if (!vendored.includes(args.path)) {
        return { errors: [{ text: `${args.path} is not a dependency in package.json` }] };
      }
      return { path: `./${vendorFile(args.path)}`, external: true };
    });
  },
};

const configs = [
  {
    ...common,
    entryPoints: { extension: 'src/vscode/extension.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'esbuild', 'esbuild-wasm'],
    plugins: [lazyAwsSdk],
  },
  // The binary is a small entry (it starts `invoke`'s worker first) that loads the CLI bundle through V8's code cache.
  {
    ...common,
    entryPoints: { cli: 'src/cli/bin.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    ...common,
    entryPoints: { cliMain: 'src/cli/main.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // Lazy packages (the SDKs, esbuild) are loaded with require() when first used, not import(): V8's code cache
    // (src/node/codeCache.ts) loses the dynamic-import host options of the functions it restores on Node 20.
    supported: { 'dynamic-import': false },
    external: ['esbuild', 'esbuild-wasm'],
    plugins: [lazyAwsSdk],
  },
];

if (vendored.length > 0) {
  configs.push({
    ...common,
    sourcemap: false,
    entryPoints: Object.fromEntries(vendored.map((name) => [vendorFile(name).replace(/\.js$/, ''), name])),
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
    logOverride: { 'empty-import-meta': 'silent' },
  });
}

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
    // The Azure worker provides this module itself (it is the worker's API, not a package).
    external: ['@azure/functions-core'],
  });
}

// The AWS SDK v3 Lambda's Node.js runtimes provide, for local handlers that do not package it.
configs.push(...providedSdkBuilds(root, join(root, 'dist/runtime/sdk/node_modules')));

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
