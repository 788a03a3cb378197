/**
 * The interpreter search's I/O on a real machine: folder listings, and version probes (`node --version`,
 * `python --version`) remembered per executable (path, size and modification time) in memory and in a small
 * cache file, so a CLI run does not pay ~30 ms per probe every time.
 */
import { execFile } from 'node:child_process';
import type { Stats } from 'node:fs';
import { promises as fsp, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Family, InterpreterHost } from '../invoke/interpreters';

/** Where Serverless Workbench keeps caches: `$XDG_CACHE_HOME`, `~/Library/Caches`, `%LOCALAPPDATA%`. */
export function userCacheDir(env: Record<string, string | undefined>, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'serverless-workbench', 'Cache');
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'serverless-workbench');
  return join(env.XDG_CACHE_HOME ?? join(home, '.cache'), 'serverless-workbench');
}

function parseVersion(text: string, family: Family): string | undefined {
  const m = family === 'node' ? /^v(\d+\.\d+\.\d+)/m.exec(text.trim()) : /Python (\d+\.\d+\.\d+)/.exec(text);
  return m?.[1];
}

export interface NodeInterpreterHostOptions {
  env: Record<string, string | undefined>;
  /** File remembering probed versions (`interpreters.json` in the user cache folder); undefined: memory only. */
  cacheFile?: string;
  /**
   * Read folders and files with blocking calls (the CLI: nothing else to do meanwhile, and no thread-pool round
   * trip per read while the worker starts on the other core). The editor keeps the default, non-blocking reads.
   */
  blocking?: boolean;
}

/** The reads the search makes, blocking or not; each settles (never throws) as the interface says. */
interface Reads {
  readdir(dir: string): Promise<string[]>;
  stat(path: string): Promise<{ isFile(): boolean; size: number; mtimeMs: number } | undefined>;
  readFile(path: string): Promise<string | undefined>;
  realpath(path: string): Promise<string | undefined>;
}

const asyncReads: Reads = {
  readdir: (dir) => fsp.readdir(dir).catch(() => []),
  stat: (path) => fsp.stat(path).catch(() => undefined),
  readFile: (path) => fsp.readFile(path, 'utf8').catch(() => undefined),
  realpath: (path) => fsp.realpath(path).catch(() => undefined),
};

const settle = <T>(read: () => T, fallback: T): Promise<T> => {
  try {
    return Promise.resolve(read());
  } catch {
    return Promise.resolve(fallback);
  }
};

const blockingReads: Reads = {
  readdir: (dir) => settle(() => readdirSync(dir), []),
  stat: (path) => settle<Stats | undefined>(() => statSync(path), undefined),
  readFile: (path) => settle<string | undefined>(() => readFileSync(path, 'utf8'), undefined),
  realpath: (path) => settle<string | undefined>(() => realpathSync(path), undefined),
};

export function nodeInterpreterHost(o: NodeInterpreterHostOptions): InterpreterHost {
  const memory = new Map<string, string>();
  const reads = o.blocking ? blockingReads : asyncReads;
  let disk: Promise<Record<string, string>> | undefined;
  const loadDisk = (): Promise<Record<string, string>> =>
    (disk ??= o.cacheFile
      ? reads.readFile(o.cacheFile).then((t) => {
          try {
            return t === undefined ? {} : (JSON.parse(t) as Record<string, string>);
          } catch {
            return {};
          }
        })
      : Promise.resolve({}));
  const saveDisk = async (key: string, version: string): Promise<void> => {
    if (!o.cacheFile) return;
    const data = { ...(await loadDisk()), [key]: version };
    disk = Promise.resolve(data);
    try {
      await fsp.mkdir(dirname(o.cacheFile), { recursive: true });
      const tmp = `${o.cacheFile}.${process.pid}.tmp`;
      await fsp.writeFile(tmp, JSON.stringify(data));
      await fsp.rename(tmp, o.cacheFile);
    } catch {
      // A cache that cannot be written only costs a probe next time.
    }
  };
  let selfReal: string | undefined;
  try {
    selfReal = realpathSync(process.execPath);
  } catch {
    selfReal = process.execPath;
  }
  const electron = Boolean(process.versions.electron);
  return {
    env: o.env,
    platform: process.platform,
    homedir: o.env.HOME ?? o.env.USERPROFILE ?? homedir(),
    listDir: (dir) => reads.readdir(dir),
    isFile: async (path) => (await reads.stat(path))?.isFile() ?? false,
    readFile: (path) => reads.readFile(path),
    async probeVersion(path, family) {
      const real = await reads.realpath(path);
      const st = real === undefined ? undefined : await reads.stat(real);
      if (real === undefined || !st) return undefined;
      const key = `${family}|${real}|${st.size}|${st.mtimeMs}`;
      if (family === 'node' && real === selfReal && !electron) return process.versions.node;
      const known = memory.get(key) ?? (await loadDisk())[key];
      if (known) {
        memory.set(key, known);
        return known;
      }
      const version = await new Promise<string | undefined>((resolve) => {
        execFile(path, ['--version'], { timeout: 5000, env: { ...o.env, ELECTRON_RUN_AS_NODE: '1' }, windowsHide: true }, (err, stdout, stderr) => {
          // Python 2 printed its version on stderr.
          resolve(err ? undefined : parseVersion(`${stdout}\n${stderr}`, family));
        });
      });
      if (version) {
        memory.set(key, version);
        await saveDisk(key, version);
      }
      return version;
    },
    run: (path, args) =>
      new Promise((resolve) => {
        execFile(path, args, { timeout: 5000, env: o.env, windowsHide: true }, (err, stdout) => resolve(err ? undefined : stdout));
      }),
    self: { path: process.execPath, version: process.versions.node, label: electron ? "VS Code's own Node.js (Electron)" : 'the Node.js running Serverless Workbench' },
  };
}

