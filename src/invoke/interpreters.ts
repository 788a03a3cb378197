/**
 * Which interpreter runs a function: one whose version matches the function's runtime (Node.js by major version,
 * Python by major.minor), found in this order: an explicit path (CLI `--node`/`--python`), the machine setting
 * (a path per runtime or per family), the interpreters of version managers and the project (nvm, fnm, volta,
 * asdf/mise, the Python extension's selection, the project's .venv/venv, pyenv; on Windows nvm-windows, pyenv-win
 * and the `py` launcher), then PATH (`python` and `python.exe` on Windows, which has no `python3`), then (Node)
 * the host's own Node.js. When no match exists the nearest version runs and the result says so in a warning; when
 * the family has no interpreter at all the run is refused with what to install. No `vscode` here: the file
 * system, version probes and the Python extension come in through `InterpreterHost`.
 */
import type { PathApi } from '../model/paths';
import { platformPathApi } from '../model/paths';

export type Family = 'node' | 'python';

export type InterpreterSource = 'option' | 'setting' | 'nvm' | 'fnm' | 'volta' | 'asdf' | 'mise' | 'pyenv' | 'venv' | 'python-extension' | 'py' | 'PATH' | 'host';

export interface ResolvedInterpreter {
  family: Family;
  /** Absolute path of the executable. */
  path: string;
  /** Full version, `22.11.0` / `3.12.1` (or `3.12` when only the name tells). */
  version: string;
  source: InterpreterSource;
  /** The version line the runtime asks for: `22`, `3.12`; undefined when the runtime names none. */
  wanted?: string;
  /** A different version runs (none of the wanted one was found), or a project interpreter was passed over. */
  warnings: string[];
}

export interface InterpreterHost {
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  homedir: string;
  /** Entry names of a folder; [] when it does not exist. */
  listDir(dir: string): Promise<string[]>;
  isFile(path: string): Promise<boolean>;
  readFile(path: string): Promise<string | undefined>;
  /** The version an executable reports (`v22.1.0`, `Python 3.12.1` → `22.1.0`, `3.12.1`); undefined when it does not run. */
  probeVersion(path: string, family: Family): Promise<string | undefined>;
  /** What a short command writes to stdout (the `py` launcher on Windows); undefined when it fails. */
  run?(path: string, args: string[]): Promise<string | undefined>;
  /** The host's own Node.js (the CLI's `node`, or VS Code's Electron run as Node): the last resort for Node functions. */
  self?: { path: string; version: string; label: string };
}

export interface InterpreterPreferences {
  /** CLI `--node PATH` / `--python PATH`: used whatever its version (a different one is a warning). */
  explicit?: Partial<Record<Family, string>>;
  /** The machine setting: keys `node`, `python` or a runtime id (`nodejs22.x`, `python3.12`) → path. */
  configured?: Record<string, string>;
  /** The Python extension's selected interpreter for the project. */
  pythonExtension?: () => Promise<{ path: string; version?: string } | undefined>;
  /** Folders to look for `.venv`/`venv` in (the function's code root, then the project's). */
  projectDirs?: string[];
}

export class InterpreterNotFound extends Error {}

interface Candidate {
  path: string;
  source: InterpreterSource;
  /** Known from the path (version managers name folders by version); probed otherwise. */
  version?: string;
  /** Where this candidate came from, for a note when it is passed over (`the project's .venv`). */
  label?: string;
}

/** `nodejs22.x` → `22`, `python3.12` → `3.12`; undefined for a runtime that names no version. */
export function wantedVersion(runtime: string | undefined, family: Family): string | undefined {
  if (!runtime) return undefined;
  const m = family === 'node' ? /^nodejs(\d+)\.x$/.exec(runtime) : /^python(\d+\.\d+)$/.exec(runtime);
  return m?.[1];
}

/** The version line of a full version for the family: `22.11.0` → `22`, `3.12.1` → `3.12`. */
export function versionLine(version: string, family: Family): string {
  const parts = version.replace(/^v/, '').split('.');
  return family === 'node' ? parts[0] : parts.slice(0, 2).join('.');
}

function distance(a: string, b: string, family: Family): number {
  const [a1, a2 = 0] = a.split('.').map(Number);
  const [b1, b2 = 0] = b.split('.').map(Number);
  return family === 'node' ? Math.abs(a1 - b1) : Math.abs(a1 - b1) * 100 + Math.abs(a2 - b2);
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split('.').map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

const familyName = (f: Family): string => (f === 'node' ? 'Node.js' : 'Python');

/** What to install, for a warning or a refusal. */
function installHint(family: Family, wanted: string | undefined, platform: NodeJS.Platform): string {
  if (family === 'python' && platform === 'win32') return `install Python ${wanted ?? '3'} (winget install Python.Python.${wanted ?? '3'}, pyenv-win, or python.org)`;
  if (family === 'node') return `install Node.js ${wanted ?? ''}`.trimEnd() + ` (nvm install ${wanted ?? '--lts'}, fnm install ${wanted ?? '--lts'}, volta install node@${wanted ?? 'lts'}, or nodejs.org)`;
  return `install Python ${wanted ?? '3'} (pyenv install ${wanted ?? '3'}, asdf install python ${wanted ?? 'latest'}, or python.org)`;
}

const SETTING = 'serverlessWorkbench.local.interpreters';

export class InterpreterResolver {
  private readonly cache = new Map<string, { at: number; value: Promise<ResolvedInterpreter> }>();
  /** The path rules of the machine the host describes (Windows' on Windows, whatever runs the tests). */
  private readonly path: PathApi;

  constructor(
    private readonly host: InterpreterHost,
    /** How long a resolution is reused (new installs are picked up after it). */
    private readonly ttlMs = 10_000,
  ) {
    this.path = platformPathApi(host.platform);
  }

  /** The interpreter for a runtime; throws InterpreterNotFound (one line: what to install) when there is none. */
  resolve(runtime: string | undefined, family: Family, prefs: InterpreterPreferences = {}): Promise<ResolvedInterpreter> {
    const key = JSON.stringify([runtime, family, prefs.explicit, prefs.configured, prefs.projectDirs, Boolean(prefs.pythonExtension)]);
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.value;
    const value = this.resolveNow(runtime, family, prefs);
    this.cache.set(key, { at: Date.now(), value });
    value.catch(() => this.cache.delete(key));
    return value;
  }

  private async resolveNow(runtime: string | undefined, family: Family, prefs: InterpreterPreferences): Promise<ResolvedInterpreter> {
    const wanted = wantedVersion(runtime, family);
    const explicit = prefs.explicit?.[family];
    if (explicit) return this.fixed(explicit, 'option', family, wanted, `--${family}`);
    const perRuntime = runtime ? prefs.configured?.[runtime] : undefined;
    if (perRuntime) return this.fixed(perRuntime, 'setting', family, wanted, `${SETTING} ("${runtime}")`);
    const perFamily = prefs.configured?.[family];
    if (perFamily) return this.fixed(perFamily, 'setting', family, wanted, `${SETTING} ("${family}")`);

    const seen: Array<Candidate & { version: string }> = [];
    const passedOver: string[] = [];
    for await (const c of this.candidates(family, prefs, wanted)) {
      const version = c.version ?? (await this.host.probeVersion(c.path, family));
      if (!version) continue;
      if (!wanted || versionLine(version, family) === wanted) {
        return { family, path: c.path, version, source: c.source, wanted, warnings: passedOver };
      }
      if (c.label) passedOver.push(`${c.label} is ${familyName(family)} ${version}, not ${wanted}: it was not used (its packages are not available to the function)`);
      seen.push({ ...c, version });
    }
    if (seen.length === 0) {
      throw new InterpreterNotFound(`No ${familyName(family)} found to run ${runtime ?? familyName(family)}: ${installHint(family, wanted, this.host.platform)}, or set ${SETTING}`);
    }
    // Nearest version; on a tie the newer, then the earlier in the search order.
    const best = seen.reduce((a, b) => {
      const da = distance(versionLine(a.version, family), wanted!, family);
      const db = distance(versionLine(b.version, family), wanted!, family);
      if (db < da || (db === da && compareVersions(b.version, a.version) > 0)) return b;
      return a;
    });
    const warning = `${runtime} ran on ${familyName(family)} ${best.version} (${best.path}): no ${familyName(family)} ${wanted} was found; ${installHint(family, wanted, this.host.platform)}, or set ${SETTING}`;
    return { family, path: best.path, version: best.version, source: best.source, wanted, warnings: [...passedOver.filter((p) => !p.startsWith(best.label ?? '\0')), warning] };
  }

  /** A path the user chose: used whatever its version; a different version line is a warning. */
  private async fixed(path: string, source: InterpreterSource, family: Family, wanted: string | undefined, where: string): Promise<ResolvedInterpreter> {
    const version = await this.host.probeVersion(path, family);
    if (!version) throw new InterpreterNotFound(`${where} is ${path}, which does not run as ${familyName(family)}`);
    const warnings = wanted && versionLine(version, family) !== wanted ? [`${where} is ${familyName(family)} ${version}, but the function's runtime is ${familyName(family)} ${wanted}`] : [];
    return { family, path, version, source, wanted, warnings };
  }

  /** Versioned install folders of a manager: `<dir>/<version>/<rel>`, newest first (`listing`: the folder's entries, read ahead). */
  private async *versioned(dir: string, rel: string[], source: InterpreterSource, listing = this.host.listDir(dir)): AsyncGenerator<Candidate> {
    const names = (await listing).filter((n) => /^v?\d+(\.\d+)*$/.test(n)).sort((a, b) => compareVersions(b.replace(/^v/, ''), a.replace(/^v/, '')));
    for (const name of names) {
      const path = this.path.join(dir, name, ...rel);
      if (await this.host.isFile(path)) yield { path, source, version: name.replace(/^v/, '') };
    }
  }

  private async *candidates(family: Family, prefs: InterpreterPreferences, wanted: string | undefined): AsyncGenerator<Candidate> {
    const { env, homedir: home, platform } = this.host;
    const join = this.path.join;
    const win = platform === 'win32';
    const localAppData = env.LOCALAPPDATA ?? join(home, 'AppData', 'Local');
    const mise = env.MISE_DATA_DIR ?? (win ? join(localAppData, 'mise') : join(env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'mise'));
    // Windows installs keep the executable at the top of a version folder, Unix ones in bin/.
    const bin = (name: string): string[] => (win ? [`${name}.exe`] : ['bin', name]);
    if (family === 'node') {
      const fnmDir = env.FNM_DIR ?? (platform === 'darwin' ? join(home, 'Library', 'Application Support', 'fnm') : win ? join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'fnm') : join(env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'fnm'));
      const managers: Array<[dir: string, rel: string[], source: InterpreterSource]> = [
        // nvm-windows: NVM_HOME holds v22.11.0\node.exe.
        win ? [env.NVM_HOME ?? join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'nvm'), ['node.exe'], 'nvm'] : [join(env.NVM_DIR ?? join(home, '.nvm'), 'versions', 'node'), ['bin', 'node'], 'nvm'],
        [join(fnmDir, 'node-versions'), ['installation', ...bin('node')], 'fnm'],
        [join(env.VOLTA_HOME ?? (win ? join(localAppData, 'Volta') : join(home, '.volta')), 'tools', 'image', 'node'), bin('node'), 'volta'],
        ...(win ? [] : [[join(env.ASDF_DATA_DIR ?? join(home, '.asdf'), 'installs', 'nodejs'), ['bin', 'node'], 'asdf'] as [string, string[], InterpreterSource]]),
        [join(mise, 'installs', 'node'), bin('node'), 'mise'],
      ];
      // Every manager's folder is read at once: one round of reads, taken in search order. PATH only when none of
      // them had the version (a PATH may hold slow network folders).
      const listings = managers.map(([dir]) => this.host.listDir(dir).catch((): string[] => []));
      for (const [i, [dir, rel, source]] of managers.entries()) yield* this.versioned(dir, rel, source, listings[i]);
      yield* this.onPath([win ? 'node.exe' : 'node']);
      if (this.host.self) yield { path: this.host.self.path, source: 'host', version: this.host.self.version };
      return;
    }
    const selected = await prefs.pythonExtension?.().catch(() => undefined);
    if (selected) yield { path: selected.path, source: 'python-extension', version: selected.version, label: `The Python extension's selected interpreter (${selected.path})` };
    for (const dir of prefs.projectDirs ?? []) {
      for (const venv of ['.venv', 'venv']) {
        const path = win ? join(dir, venv, 'Scripts', 'python.exe') : join(dir, venv, 'bin', 'python');
        if (!(await this.host.isFile(path))) continue;
        const cfg = await this.host.readFile(join(dir, venv, 'pyvenv.cfg'));
        const version = cfg ? /^\s*version(?:_info)?\s*=\s*(\d+\.\d+(?:\.\d+)?)/m.exec(cfg)?.[1] : undefined;
        yield { path, source: 'venv', version, label: `The project's ${venv} (${join(dir, venv)})` };
      }
    }
    // pyenv-win keeps its versions under .pyenv\pyenv-win (PYENV_ROOT points there when set).
    yield* this.versioned(join(env.PYENV_ROOT ?? (win ? join(home, '.pyenv', 'pyenv-win') : join(home, '.pyenv')), 'versions'), win ? ['python.exe'] : ['bin', 'python3'], 'pyenv');
    if (!win) yield* this.versioned(join(env.ASDF_DATA_DIR ?? join(home, '.asdf'), 'installs', 'python'), ['bin', 'python3'], 'asdf');
    yield* this.versioned(join(mise, 'installs', 'python'), win ? ['python.exe'] : ['bin', 'python3'], 'mise');
    if (win) yield* this.pyLauncher(wanted);
    // Windows has `python.exe` (and, from the Store, `python3.12.exe`); `python3` is a POSIX name.
    yield* this.onPath(win ? [/^python3\.\d+\.exe$/i, /^python\.exe$/i, /^python3\.exe$/i] : [/^python3\.\d+$/, /^python3$/, /^python$/]);
  }

  /**
   * Windows' `py` launcher: `py -3.12` resolved to the executable it would start (so the worker runs the real
   * interpreter, not the launcher), then every installation `py -0p` lists.
   */
  private async *pyLauncher(wanted: string | undefined): AsyncGenerator<Candidate> {
    const run = this.host.run?.bind(this.host);
    if (!run) return;
    const launcher = await this.findPy();
    if (!launcher) return;
    if (wanted) {
      const path = (await run(launcher, [`-${wanted}`, '-c', 'import sys; print(sys.executable)']))?.trim();
      if (path && this.path.isAbsolute(path)) yield { path, source: 'py' };
    }
    for (const line of ((await run(launcher, ['-0p'])) ?? '').split(/\r?\n/)) {
      // ` -V:3.12 *        C:\...\python.exe` (launcher 3.11+) or ` -3.12-64        C:\...\python.exe *` (older).
      const m = /^\s*-(?:V:)?(\d+\.\d+)(?:-(?:32|64|arm64))?\s+(?:\*\s+)?(.+?\.exe)(?:\s+\*)?\s*$/i.exec(line);
      if (m && this.path.isAbsolute(m[2])) yield { path: m[2], source: 'py', version: m[1] };
    }
  }

  /** `py.exe` on PATH, else where its installers put it (per user, then for all users). */
  private async findPy(): Promise<string | undefined> {
    for await (const c of this.onPath(['py.exe'])) return c.path;
    const { env, homedir: home } = this.host;
    const places = [this.path.join(env.LOCALAPPDATA ?? this.path.join(home, 'AppData', 'Local'), 'Programs', 'Python', 'Launcher', 'py.exe'), this.path.join(env.SystemRoot ?? env.windir ?? 'C:\\Windows', 'py.exe')];
    for (const p of places) if (await this.host.isFile(p)) return p;
    return undefined;
  }

  /**
   * Executables on PATH whose names match, in PATH order (names in the order given within a folder). An exact
   * name is looked up directly; a pattern needs the folder's listing. `python3.12`-style names tell their version;
   * version-manager shims are skipped (the versions behind them were listed above, and a shim's answer depends on
   * the folder it runs in). The reads start at once, for every folder, when this is called.
   */
  private onPath(names: Array<string | RegExp>): AsyncGenerator<Candidate> {
    const win = this.host.platform === 'win32';
    const pathVar = Object.entries(this.host.env).find(([k]) => (win ? k.toUpperCase() === 'PATH' : k === 'PATH'))?.[1] ?? '';
    const dirs = pathVar.split(this.path.delimiter).filter((dir) => dir && !/[\\/](shims|\.?volta[\\/]bin|\.asdf[\\/]shims)[\\/]?$/i.test(dir));
    const found = dirs.map((dir) => ({ dir, names: this.namesIn(dir, names) }));
    for (const f of found) f.names.catch(() => undefined);
    return this.pathCandidates(found);
  }

  /** The names in one folder, in the order asked for: exact names that are files, then each pattern's matches (newest first), not yet checked. */
  private async namesIn(dir: string, names: Array<string | RegExp>): Promise<Array<{ name: string; isFile: boolean }>> {
    const listing = names.some((n) => typeof n !== 'string') ? this.host.listDir(dir).catch((): string[] => []) : Promise.resolve([]);
    const exact = names.map((n) => (typeof n === 'string' ? this.host.isFile(this.path.join(dir, n)).catch(() => false) : undefined));
    const out: Array<{ name: string; isFile: boolean }> = [];
    for (const [i, name] of names.entries()) {
      if (typeof name === 'string') {
        if (await exact[i]) out.push({ name, isFile: true });
        continue;
      }
      const matches = (await listing).filter((n) => name.test(n)).sort((a, b) => compareVersions(b.replace(/^\D+/, ''), a.replace(/^\D+/, '')));
      out.push(...matches.map((m) => ({ name: m, isFile: false })));
    }
    return out;
  }

  private async *pathCandidates(found: Array<{ dir: string; names: Promise<Array<{ name: string; isFile: boolean }>> }>): AsyncGenerator<Candidate> {
    const win = this.host.platform === 'win32';
    const yielded = new Set<string>();
    for (const { dir, names } of found) {
      for (const m of await names) {
        const path = this.path.join(dir, m.name);
        const key = win ? path.toLowerCase() : path;
        if (yielded.has(key) || (!m.isFile && !(await this.host.isFile(path)))) continue;
        yielded.add(key);
        const named = /^python(\d+\.\d+)(?:\.exe)?$/i.exec(m.name)?.[1];
        yield { path, source: 'PATH', version: named };
      }
    }
  }
}
