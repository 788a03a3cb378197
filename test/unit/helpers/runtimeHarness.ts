import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildSync } from 'esbuild';
import type { BuildOptions } from 'esbuild';
import { InterpreterResolver } from '../../../src/invoke/interpreters';
import type { LocalRuntimeOptions } from '../../../src/invoke/localRuntime';
import { LocalRuntime } from '../../../src/invoke/localRuntime';
import { CgroupParent } from '../../../src/invoke/memoryLimit';
import { WorkspaceIndex } from '../../../src/model/workspace';
import { nodeInterpreterHost } from '../../../src/node/nodeInterpreterHost';
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

/** The runtime folder with the provided AWS SDK too (built once; it only changes with the SDK versions). */
export async function buildRuntimeWithSdk(): Promise<string> {
  const outdir = buildRuntime();
  const sdkDir = join(outdir, 'sdk', 'node_modules');
  const { providedSdkBuilds, providedSdkPackages } = (await import(pathToFileURL(join(root, 'scripts', 'providedSdk.mjs')).href)) as {
    providedSdkBuilds: (root: string, dir: string) => BuildOptions[];
    providedSdkPackages: (root: string) => string[];
  };
  const current = providedSdkPackages(root).every((name) => {
    try {
      const built = JSON.parse(readFileSync(join(sdkDir, name, 'package.json'), 'utf8')) as { version: string };
      const installed = JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string };
      return built.version === installed.version && existsSync(join(sdkDir, name, 'index.js'));
    } catch {
      return false;
    }
  });
  if (!current) for (const options of providedSdkBuilds(root, sdkDir)) buildSync({ ...options, logLevel: 'silent' });
  return outdir;
}

/** The interpreter search over this machine (version managers, PATH), as the CLI does it; versions probed in memory only. */
export function machineInterpreters(): InterpreterResolver {
  return new InterpreterResolver(nodeInterpreterHost({ env: process.env }));
}

/** A local runtime as the CLI builds one: workers see only PATH of the host's environment. */
export function testRuntime(runtimeDir: string, options: Partial<LocalRuntimeOptions> = {}): LocalRuntime {
  return new LocalRuntime({ runtimeDir, hostEnv: { PATH: process.env.PATH }, interpreters: machineInterpreters(), cgroup: CgroupParent.open(), ...options });
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
