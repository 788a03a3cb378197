import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildSync } from 'esbuild';
import { WorkspaceIndex } from '../../../src/model/workspace';
import type { Project } from '../../../src/model/types';
import { nodeFileSystem } from '../../../src/node/nodeFileSystem';

const root = join(__dirname, '..', '..', '..');

/** Builds the worker bootstraps the way scripts/build.mjs does, into a test folder; returns that folder. */
export function buildRuntime(): string {
  const outdir = join(root, '.cache', 'test-runtime');
  buildSync({
    entryPoints: ['nodeBootstrap', 'azureBootstrap', 'azureFunctionsV3'].map((n) => join(root, 'src/invoke/runtime', `${n}.ts`)),
    outdir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['@azure/functions-core'],
    logLevel: 'silent',
  });
  return outdir;
}

/** Writes files into a fresh folder and models the project in it (handlers resolved like in the product). */
export async function projectWith(files: Record<string, string>): Promise<{ dir: string; project: Project }> {
  const dir = mkdtempSync(join(tmpdir(), 'swb-rt-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  const index = new WorkspaceIndex(nodeFileSystem(), { env: {} });
  const projects = await index.scan([dir]);
  if (projects.length !== 1) throw new Error(`expected one project in ${dir}, got ${projects.length}`);
  return { dir, project: projects[0] };
}
