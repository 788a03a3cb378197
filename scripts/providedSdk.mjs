// The AWS SDK v3 that Lambda's Node.js runtimes provide to handlers (src/invoke/providedSdk.ts lists the packages):
// one CommonJS bundle per package under <sdkDir>/<name>, each requiring its siblings rather than carrying its own
// copy of them (lib-dynamodb uses the client-dynamodb package, as in node_modules). Used by scripts/build.mjs and
// by the unit tests' runtime harness.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function providedSdkPackages(root) {
  return readFileSync(join(root, 'src/invoke/providedSdk.ts'), 'utf8')
    .match(/providedSdkPackages = \[([^\]]*)\]/)[1]
    .match(/'[^']+'/g)
    .map((s) => s.slice(1, -1));
}

/** esbuild options for every provided package; writes each package's package.json into `sdkDir`. */
export function providedSdkBuilds(root, sdkDir) {
  const names = providedSdkPackages(root);
  return names.map((name) => {
    const version = JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
    mkdirSync(join(sdkDir, name), { recursive: true });
    const manifest = { name, version, main: 'index.js', description: 'Provided by the Serverless Workbench local runtime, as Lambda provides it' };
    writeFileSync(join(sdkDir, name, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    return {
      absWorkingDir: root,
      bundle: true,
      sourcemap: false,
      minify: true,
      entryPoints: { index: name },
      outdir: join(sdkDir, name),
      platform: 'node',
      format: 'cjs',
      target: 'node18',
      external: names.filter((other) => other !== name),
      logLevel: 'warning',
      logOverride: { 'empty-import-meta': 'silent' },
    };
  });
}
