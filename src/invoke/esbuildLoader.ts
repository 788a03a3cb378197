/**
 * esbuild, loaded when a TypeScript handler is first bundled or a cold start is analysed: the native package for
 * this platform (each platform's .vsix carries its own `@esbuild/<platform>-<arch>` binary), else esbuild-wasm
 * (the universal .vsix, or a machine where the native binary cannot run: missing, blocked by policy, no exec
 * permission). The native one is probed with an empty transform, since a missing or foreign binary only shows when
 * esbuild first starts its service.
 */
import { promises as fsp } from 'node:fs';
import { basename, delimiter, dirname, join } from 'node:path';
import type * as esbuildModule from 'esbuild';
import { privateTempFolder } from '../node/privateDir';

export type Esbuild = typeof esbuildModule;

export class EsbuildUnavailable extends Error {}

/** Where the two flavours come from; tests pass failing or substitute ones. */
export interface EsbuildSources {
  native(): Promise<Esbuild>;
  wasm(): Promise<Esbuild>;
}

/** What the WebAssembly flavour needs from the host process to find a `node` to run on. */
export interface NodeHost {
  platform: NodeJS.Platform;
  execPath: string;
  /** Set when the host is Electron (the VS Code desktop extension host), which runs as Node only when asked. */
  electron?: string;
  env: Record<string, string | undefined>;
  /** A private folder for the launcher script (Electron on macOS/Linux). */
  scratch(): Promise<string>;
}

export const bundledSources: EsbuildSources = {
  native: async () => (await import('esbuild')) as Esbuild,
  wasm: async () => (await import('esbuild-wasm')) as unknown as Esbuild,
};

const processNodeHost: NodeHost = {
  platform: process.platform,
  execPath: process.execPath,
  electron: process.versions.electron,
  env: process.env,
  scratch: () => privateTempFolder('node-launcher'),
};

export interface LoadedEsbuild {
  esbuild: Esbuild;
  flavour: 'native' | 'wasm';
  /** Why the native one was passed over (wasm only). */
  nativeProblem?: string;
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).trim().split('\n')[0];
}

/** The esbuild to use; throws EsbuildUnavailable (one line: why neither flavour can run) when there is none. */
export async function loadEsbuild(sources: EsbuildSources = bundledSources, host: NodeHost = processNodeHost): Promise<LoadedEsbuild> {
  let nativeProblem: string;
  try {
    const esbuild = await sources.native();
    await esbuild.transform('');
    return { esbuild, flavour: 'native' };
  } catch (err) {
    nativeProblem = firstLine(err);
  }
  let wasm: Esbuild;
  try {
    wasm = await sources.wasm();
  } catch (err) {
    throw new EsbuildUnavailable(`esbuild cannot run here (native: ${nativeProblem}; WebAssembly: ${firstLine(err)})`);
  }
  return { esbuild: await runningOnNode(wasm, host), flavour: 'wasm', nativeProblem };
}

/** Quotes a string for a POSIX shell: single quotes, with each embedded quote closed, escaped and reopened. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * esbuild-wasm starts its service as `node <its bin/esbuild>`, found on PATH. The extension host may have no
 * `node` there (VS Code ships its own runtime), so the PATH its service is spawned with leads to this process's
 * own Node.js: its folder when it is a plain `node`, a launcher script that runs Electron as Node on the desktop.
 * (Electron on Windows cannot be launched that way: a `node` from PATH is used there.) The service is spawned
 * synchronously inside the first call, so PATH is changed for exactly that call and restored before any other
 * code runs.
 */
export async function runningOnNode(wasm: Esbuild, host: NodeHost): Promise<Esbuild> {
  let folder: string | undefined;
  if (!host.electron && /^node(\.exe)?$/i.test(basename(host.execPath))) folder = dirname(host.execPath);
  else if (host.electron && host.platform !== 'win32') {
    folder = await host.scratch();
    const launcher = join(folder, 'node');
    await fsp.writeFile(launcher, `#!/bin/sh\nELECTRON_RUN_AS_NODE=1 exec ${shellQuote(host.execPath)} "$@"\n`, { mode: 0o700 });
    await fsp.chmod(launcher, 0o700);
  }
  if (!folder) return wasm;
  const first = folder;
  const withNode = <T>(call: () => T): T => {
    const saved = host.env.PATH;
    host.env.PATH = saved ? `${first}${delimiter}${saved}` : first;
    try {
      return call();
    } finally {
      if (saved === undefined) delete host.env.PATH;
      else host.env.PATH = saved;
    }
  };
  const wrapped: Record<string, unknown> = { ...wasm };
  for (const [key, value] of Object.entries(wasm)) {
    if (typeof value === 'function') wrapped[key] = (...args: unknown[]) => withNode(() => (value as (...a: unknown[]) => unknown)(...args));
  }
  return wrapped as unknown as Esbuild;
}
