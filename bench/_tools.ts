import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Comparison tools the benches run (serverless@3, lambda-local) live in `.cache/bench-tools`, installed on
 * first use from the npm registry: serverless@3 is ~250 MB, too big for a devDependency.
 */
export const benchToolsDir = join(__dirname, '..', '.cache', 'bench-tools');

/** Installs the given `name@version` specs into the cache unless they are there already. */
export function ensureBenchTools(specs: string[]): void {
  const missing = specs.filter((spec) => {
    const name = spec.slice(0, spec.lastIndexOf('@'));
    const version = spec.slice(spec.lastIndexOf('@') + 1);
    const manifest = join(benchToolsDir, 'node_modules', name, 'package.json');
    return !existsSync(manifest) || (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version !== version;
  });
  if (missing.length === 0) return;
  mkdirSync(benchToolsDir, { recursive: true });
  if (!existsSync(join(benchToolsDir, 'package.json'))) writeFileSync(join(benchToolsDir, 'package.json'), '{"name":"bench-tools","private":true}\n');
  console.log(`installing ${missing.join(' and ')} into ${benchToolsDir} (first run only)…`);
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', ...missing], { cwd: benchToolsDir, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`npm install of ${missing.join(', ')} failed`);
}

/** Path of a file inside an installed tool, e.g. `benchTool('serverless', 'bin', 'serverless.js')`. */
export function benchTool(name: string, ...path: string[]): string {
  return join(benchToolsDir, 'node_modules', name, ...path);
}

