import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Family, InterpreterHost } from '../../../src/invoke/interpreters';
import { InterpreterNotFound, InterpreterResolver, versionLine, wantedVersion } from '../../../src/invoke/interpreters';
import { LocalRuntime } from '../../../src/invoke/localRuntime';
import { nodeInterpreterHost } from '../../../src/node/nodeInterpreterHost';
import { buildRuntime, projectWith } from '../helpers/runtimeHarness';
import { nodeBinary } from '../helpers/nodeRuntimes';

/**
 * A machine made of a file list: every listed path is an executable whose version is given (or a folder
 * implied by the paths under it). Probes are counted.
 */
function fakeHost(files: Record<string, string | null>, env: Record<string, string> = {}): InterpreterHost & { probes: string[] } {
  const probes: string[] = [];
  return {
    env: { PATH: '/usr/bin', ...env },
    platform: 'linux',
    homedir: '/home/u',
    probes,
    listDir: async (dir) => {
      const prefix = `${dir}/`;
      return [...new Set(Object.keys(files).filter((f) => f.startsWith(prefix)).map((f) => f.slice(prefix.length).split('/')[0]))];
    },
    isFile: async (p) => p in files,
    readFile: async (p) => files[p] ?? undefined,
    probeVersion: async (p: string, _family: Family) => {
      probes.push(p);
      return files[p] ?? undefined;
    },
  };
}

/**
 * A Windows machine made of a file list (backslash paths, case-insensitive names): the same as fakeHost, plus the
 * commands it answers (`py` launcher calls), recorded.
 */
function windowsHost(files: Record<string, string | null>, env: Record<string, string>, commands: Record<string, string> = {}): InterpreterHost & { probes: string[]; runs: string[] } {
  const probes: string[] = [];
  const runs: string[] = [];
  const lower = new Map(Object.keys(files).map((k) => [k.toLowerCase(), k]));
  return {
    env,
    platform: 'win32',
    homedir: 'C:\\Users\\u',
    probes,
    runs,
    listDir: async (dir) => {
      const prefix = `${dir.toLowerCase()}\\`;
      return [...new Set(Object.keys(files).filter((f) => f.toLowerCase().startsWith(prefix)).map((f) => f.slice(prefix.length).split('\\')[0]))];
    },
    isFile: async (p) => lower.has(p.toLowerCase()),
    readFile: async (p) => files[lower.get(p.toLowerCase()) ?? ''] ?? undefined,
    probeVersion: async (p: string) => {
      probes.push(p);
      return files[lower.get(p.toLowerCase()) ?? ''] ?? undefined;
    },
    run: async (p: string, args: string[]) => {
      const command = [p, ...args].join(' ');
      runs.push(command);
      return commands[command];
    },
  };
}

describe('interpreter search', () => {
  test('runtime ids name a version line', () => {
    assert.deepEqual([wantedVersion('nodejs22.x', 'node'), wantedVersion('python3.12', 'python'), wantedVersion(undefined, 'node'), wantedVersion('nodejs', 'node')], ['22', '3.12', undefined, undefined]);
    assert.deepEqual([versionLine('22.11.0', 'node'), versionLine('3.12.1', 'python')], ['22', '3.12']);
  });

  test('version managers: the newest patch of the wanted major, before PATH; nothing is probed', async () => {
    const host = fakeHost({
      '/home/u/.nvm/versions/node/v20.11.0/bin/node': '20.11.0',
      '/home/u/.nvm/versions/node/v22.3.0/bin/node': '22.3.0',
      '/home/u/.nvm/versions/node/v22.11.0/bin/node': '22.11.0',
      '/usr/bin/node': '22.1.0',
    });
    const r = await new InterpreterResolver(host).resolve('nodejs22.x', 'node');
    assert.deepEqual(r, { family: 'node', path: '/home/u/.nvm/versions/node/v22.11.0/bin/node', version: '22.11.0', source: 'nvm', wanted: '22', warnings: [] });
    assert.deepEqual(host.probes, []);
  });

  test('fnm, volta, asdf and mise folders; PATH when no manager has the version; shims are passed over', async () => {
    const files = {
      '/home/u/.local/share/fnm/node-versions/v18.20.0/installation/bin/node': '18.20.0',
      '/home/u/.volta/tools/image/node/20.10.0/bin/node': '20.10.0',
      '/home/u/.asdf/installs/nodejs/24.1.0/bin/node': '24.1.0',
      '/home/u/.local/share/mise/installs/node/23.0.0/bin/node': '23.0.0',
      '/home/u/.asdf/shims/node': '22.0.0',
      '/opt/node22/bin/node': '22.5.0',
    };
    const resolver = new InterpreterResolver(fakeHost(files, { PATH: '/home/u/.asdf/shims:/opt/node22/bin' }));
    assert.deepEqual((await resolver.resolve('nodejs18.x', 'node')).source, 'fnm');
    assert.deepEqual((await resolver.resolve('nodejs20.x', 'node')).source, 'volta');
    assert.deepEqual((await resolver.resolve('nodejs24.x', 'node')).source, 'asdf');
    assert.deepEqual((await resolver.resolve('nodejs23.x', 'node')).source, 'mise');
    const onPath = await resolver.resolve('nodejs22.x', 'node');
    assert.deepEqual([onPath.path, onPath.source, onPath.version], ['/opt/node22/bin/node', 'PATH', '22.5.0']);
  });

  test('no interpreter of the wanted version: the nearest runs, with a warning that says what to install', async () => {
    const r = await new InterpreterResolver(fakeHost({ '/home/u/.nvm/versions/node/v18.0.0/bin/node': '18.0.0', '/usr/bin/node': '20.20.2' })).resolve('nodejs24.x', 'node');
    assert.deepEqual([r.path, r.version], ['/usr/bin/node', '20.20.2']);
    assert.equal(r.warnings.length, 1);
    assert.match(r.warnings[0], /^nodejs24\.x ran on Node\.js 20\.20\.2 \(\/usr\/bin\/node\): no Node\.js 24 was found; install Node\.js 24 \(nvm install 24, fnm install 24, volta install node@24, or nodejs\.org\), or set serverlessWorkbench\.local\.interpreters$/);
  });

  test('no interpreter of the family at all: refused with what to install', async () => {
    await assert.rejects(new InterpreterResolver(fakeHost({})).resolve('python3.13', 'python'), (err: Error) => {
      assert.ok(err instanceof InterpreterNotFound);
      assert.equal(err.message, 'No Python found to run python3.13: install Python 3.13 (pyenv install 3.13, asdf install python 3.13, or python.org), or set serverlessWorkbench.local.interpreters');
      return true;
    });
  });

  test('the setting: a runtime entry wins over a family entry; a path of another version is used with a warning', async () => {
    const host = fakeHost({ '/opt/a/node': '22.1.0', '/opt/b/node': '20.1.0', '/home/u/.nvm/versions/node/v22.9.0/bin/node': '22.9.0' });
    const resolver = new InterpreterResolver(host);
    const perRuntime = await resolver.resolve('nodejs22.x', 'node', { configured: { node: '/opt/b/node', 'nodejs22.x': '/opt/a/node' } });
    assert.deepEqual([perRuntime.path, perRuntime.source, perRuntime.warnings], ['/opt/a/node', 'setting', []]);
    const perFamily = await resolver.resolve('nodejs22.x', 'node', { configured: { node: '/opt/b/node' } });
    assert.deepEqual([perFamily.path, perFamily.warnings], ['/opt/b/node', ['serverlessWorkbench.local.interpreters ("node") is Node.js 20.1.0, but the function\'s runtime is Node.js 22']]);
    await assert.rejects(resolver.resolve('nodejs22.x', 'node', { configured: { node: '/nope/node' } }), /serverlessWorkbench\.local\.interpreters \("node"\) is \/nope\/node, which does not run as Node\.js/);
    const explicit = await resolver.resolve('nodejs22.x', 'node', { explicit: { node: '/opt/b/node' }, configured: { node: '/opt/a/node' } });
    assert.deepEqual([explicit.path, explicit.source, explicit.warnings[0]], ['/opt/b/node', 'option', "--node is Node.js 20.1.0, but the function's runtime is Node.js 22"]);
  });

  test("Python: the extension's selection and the project's .venv first; a version mismatch is passed over with a note", async () => {
    const files = {
      '/proj/.venv/bin/python': null,
      '/proj/.venv/pyvenv.cfg': 'home = /usr/bin\nversion = 3.11.4\n',
      '/home/u/.pyenv/versions/3.12.1/bin/python3': '3.12.1',
      '/home/u/.pyenv/versions/3.11.7/bin/python3': '3.11.7',
      '/usr/bin/python3.12': null,
      '/usr/bin/python3': '3.11.2',
    };
    const resolver = new InterpreterResolver(fakeHost(files));
    const selected = async (): Promise<{ path: string; version?: string }> => ({ path: '/home/u/.pyenv/versions/3.11.7/bin/python3', version: '3.11.7' });
    const r = await resolver.resolve('python3.12', 'python', { projectDirs: ['/proj'], pythonExtension: selected });
    assert.deepEqual([r.path, r.source, r.version], ['/home/u/.pyenv/versions/3.12.1/bin/python3', 'pyenv', '3.12.1']);
    assert.deepEqual(r.warnings, [
      "The Python extension's selected interpreter (/home/u/.pyenv/versions/3.11.7/bin/python3) is Python 3.11.7, not 3.12: it was not used (its packages are not available to the function)",
      "The project's .venv (/proj/.venv) is Python 3.11.4, not 3.12: it was not used (its packages are not available to the function)",
    ]);
    const venv = await resolver.resolve('python3.11', 'python', { projectDirs: ['/proj'] });
    assert.deepEqual([venv.path, venv.source, venv.warnings], ['/proj/.venv/bin/python', 'venv', []]);
    // python3.X on PATH tells its version by its name.
    const byName = await new InterpreterResolver(fakeHost({ '/usr/bin/python3.12': null, '/usr/bin/python3': '3.11.2' })).resolve('python3.12', 'python');
    assert.deepEqual([byName.path, byName.version], ['/usr/bin/python3.12', '3.12']);
  });

  test("Windows: `py -3.X` resolved to the interpreter it starts; `py -0p` for the nearest; python.exe on PATH, never python3", async () => {
    const py = 'C:\\Windows\\py.exe';
    const python312 = 'C:\\Users\\u\\AppData\\Local\\Programs\\Python\\Python312\\python.exe';
    const files = {
      [py]: null,
      [python312]: '3.12.4',
      'C:\\Python311\\python.exe': '3.11.9',
      // The Store's app execution alias: it only says how to install Python.
      'C:\\Users\\u\\AppData\\Local\\Microsoft\\WindowsApps\\python.exe': null,
      // A POSIX-style name some tool left on PATH: not an interpreter name on Windows.
      'C:\\tools\\python3': '3.13.0',
    };
    const env = { Path: 'C:\\Users\\u\\AppData\\Local\\Microsoft\\WindowsApps;C:\\tools;C:\\Python311', SystemRoot: 'C:\\Windows', LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' };
    const commands = {
      [`${py} -3.12 -c import sys; print(sys.executable)`]: `${python312}\r\n`,
      [`${py} -0p`]: ` -V:3.12 *        ${python312}\r\n -V:3.11          C:\\Python311\\python.exe\r\n -V:3.13t         C:\\Python313\\python3.13t.exe\r\n`,
    };
    const host = windowsHost(files, env, commands);
    const r = await new InterpreterResolver(host).resolve('python3.12', 'python');
    assert.deepEqual([r.path, r.source, r.version, r.warnings], [python312, 'py', '3.12.4', []]);
    assert.deepEqual(host.runs, [`${py} -3.12 -c import sys; print(sys.executable)`]);
    // No 3.13 anywhere: `py -3.13` fails, the launcher's list gives the nearest, and the hint is Windows' own.
    const nearest = await new InterpreterResolver(windowsHost(files, env, commands)).resolve('python3.13', 'python');
    assert.deepEqual([nearest.path, nearest.version, nearest.source], [python312, '3.12', 'py']);
    assert.match(nearest.warnings[0], /no Python 3\.13 was found; install Python 3\.13 \(winget install Python\.Python\.3\.13, pyenv-win, or python\.org\)/);
    // Without the launcher: python.exe from PATH (the Store alias does not run and is passed over).
    const noLauncher = windowsHost(Object.fromEntries(Object.entries(files).filter(([path]) => path !== py)), env, commands);
    const onPath = await new InterpreterResolver(noLauncher).resolve('python3.11', 'python');
    assert.deepEqual([onPath.path, onPath.source, onPath.version], ['C:\\Python311\\python.exe', 'PATH', '3.11.9']);
    assert.ok(!noLauncher.probes.some((p) => /python3$/i.test(p)), `python3 is no Windows name: ${noLauncher.probes.join(', ')}`);
    assert.deepEqual(noLauncher.runs, []);
    // The older launcher's list format.
    const old = await new InterpreterResolver(windowsHost({ [py]: null, 'C:\\Python39\\python.exe': '3.9.13' }, { PATH: '', SystemRoot: 'C:\\Windows' }, { [`${py} -0p`]: 'Installed Pythons found by py Launcher for Windows\r\n -3.9-64        C:\\Python39\\python.exe *\r\n' })).resolve('python3.9', 'python');
    assert.deepEqual([old.path, old.source], ['C:\\Python39\\python.exe', 'py']);
  });

  test("Windows: nvm-windows, volta and fnm folders, a project's .venv\\Scripts\\python.exe, pyenv-win; PATH in any case", async () => {
    const files = {
      'C:\\Users\\u\\AppData\\Roaming\\nvm\\v22.11.0\\node.exe': '22.11.0',
      'C:\\Users\\u\\AppData\\Local\\Volta\\tools\\image\\node\\18.20.0\\node.exe': '18.20.0',
      'C:\\Users\\u\\AppData\\Roaming\\fnm\\node-versions\\v23.1.0\\installation\\node.exe': '23.1.0',
      'C:\\Program Files\\nodejs\\node.exe': '20.18.0',
      'C:\\proj\\.venv\\Scripts\\python.exe': null,
      'C:\\proj\\.venv\\pyvenv.cfg': 'home = C:\\Python312\r\nversion_info = 3.12.4\r\n',
      'C:\\Users\\u\\.pyenv\\pyenv-win\\versions\\3.10.11\\python.exe': '3.10.11',
    };
    const env = { Path: 'C:\\Program Files\\nodejs', APPDATA: 'C:\\Users\\u\\AppData\\Roaming', LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' };
    const resolver = new InterpreterResolver(windowsHost(files, env));
    const found = await Promise.all(['nodejs22.x', 'nodejs18.x', 'nodejs23.x', 'nodejs20.x'].map((r) => resolver.resolve(r, 'node')));
    assert.deepEqual(
      found.map((r) => [r.source, r.path]),
      [
        ['nvm', 'C:\\Users\\u\\AppData\\Roaming\\nvm\\v22.11.0\\node.exe'],
        ['volta', 'C:\\Users\\u\\AppData\\Local\\Volta\\tools\\image\\node\\18.20.0\\node.exe'],
        ['fnm', 'C:\\Users\\u\\AppData\\Roaming\\fnm\\node-versions\\v23.1.0\\installation\\node.exe'],
        ['PATH', 'C:\\Program Files\\nodejs\\node.exe'],
      ],
    );
    const venv = await resolver.resolve('python3.12', 'python', { projectDirs: ['C:\\proj'] });
    assert.deepEqual([venv.source, venv.path, venv.version], ['venv', 'C:\\proj\\.venv\\Scripts\\python.exe', '3.12.4']);
    const pyenv = await resolver.resolve('python3.10', 'python', { projectDirs: ['C:\\proj'] });
    assert.deepEqual([pyenv.source, pyenv.path], ['pyenv', 'C:\\Users\\u\\.pyenv\\pyenv-win\\versions\\3.10.11\\python.exe']);
  });

  test('an undeclared runtime takes the first interpreter found; resolutions are reused for a while', async () => {
    const host = fakeHost({ '/usr/bin/node': '20.1.0' });
    const resolver = new InterpreterResolver(host);
    const a = await resolver.resolve(undefined, 'node');
    await resolver.resolve(undefined, 'node');
    assert.deepEqual([a.path, a.warnings, host.probes.length], ['/usr/bin/node', [], 1]);
  });
});

describe('interpreters for real', () => {
  let node22: string;
  let runtime: LocalRuntime;
  let nvmDir: string;
  before(() => {
    node22 = nodeBinary(22);
    // An nvm install folder holding Node.js 22 (a link to the cached binary).
    nvmDir = mkdtempSync(join(tmpdir(), 'swb-nvm-'));
    mkdirSync(join(nvmDir, 'versions', 'node', 'v22.0.0', 'bin'), { recursive: true });
    symlinkSync(node22, join(nvmDir, 'versions', 'node', 'v22.0.0', 'bin', 'node'));
    const interpreters = new InterpreterResolver(nodeInterpreterHost({ env: { PATH: process.env.PATH, HOME: nvmDir, NVM_DIR: nvmDir } }));
    runtime = new LocalRuntime({ runtimeDir: buildRuntime(), hostEnv: { PATH: process.env.PATH }, interpreters });
  });
  after(() => {
    runtime.dispose();
    rmSync(nvmDir, { recursive: true, force: true });
  });

  test('a nodejs22.x function runs on Node.js 22 from nvm; nodejs20.x on the PATH Node.js 20; the result and REPORT say so', async () => {
    const { project } = await projectWith({
      'serverless.yml': 'service: ver\nprovider:\n  name: aws\nfunctions:\n  on22:\n    handler: v.handler\n    runtime: nodejs22.x\n  on20:\n    handler: v.handler\n    runtime: nodejs20.x\n  on24:\n    handler: v.handler\n    runtime: nodejs24.x\n',
      'v.js': 'exports.handler = async () => ({ version: process.version, env: process.env.AWS_EXECUTION_ENV });\n',
    });
    const on22 = await runtime.invoke({ fn: project.functions[0], project, event: {} });
    assert.equal(on22.error, undefined, JSON.stringify(on22.error) + on22.logs);
    assert.match((on22.result as { version: string }).version, /^v22\./);
    assert.deepEqual([on22.interpreter?.source, on22.interpreter?.path, on22.warnings], ['nvm', join(nvmDir, 'versions', 'node', 'v22.0.0', 'bin', 'node'), undefined]);
    assert.match(on22.logs, /\tInterpreter: Node\.js 22\.0\.0\n$/);
    const on20 = await runtime.invoke({ fn: project.functions[1], project, event: {} });
    assert.equal((on20.result as { version: string }).version, process.version);
    // No Node.js 24 on this machine: the nearest (22) runs, and the result says so.
    const on24 = await runtime.invoke({ fn: project.functions[2], project, event: {} });
    assert.match((on24.result as { version: string }).version, /^v22\./);
    assert.deepEqual((on24.result as { env: string }).env, 'AWS_Lambda_nodejs24.x');
    assert.match(on24.warnings![0], /^nodejs24\.x ran on Node\.js 22\.0\.0 .*no Node\.js 24 was found/);
  });
});

describe('the blocking reads of the CLI', () => {
  test('a host with blocking reads finds what the non-blocking one finds, and says the same about a missing folder', async () => {
    const home = mkdtempSync(join(tmpdir(), 'swb-blocking-'));
    mkdirSync(join(home, '.nvm', 'versions', 'node', 'v18.1.0', 'bin'), { recursive: true });
    mkdirSync(join(home, '.nvm', 'versions', 'node', 'v16.0.0', 'bin'), { recursive: true });
    symlinkSync(process.execPath, join(home, '.nvm', 'versions', 'node', 'v18.1.0', 'bin', 'node'));
    const env = { PATH: `${join(home, 'nowhere')}:${process.env.PATH}`, HOME: home };
    const answers = await Promise.all(
      [false, true].map(async (blocking) => {
        const host = nodeInterpreterHost({ env, blocking });
        const resolver = new InterpreterResolver(host);
        const on18 = await resolver.resolve('nodejs18.x', 'node');
        const onPath = await resolver.resolve(`nodejs${process.versions.node.split('.')[0]}.x`, 'node');
        return {
          on18: [on18.source, on18.path, on18.version],
          onPath: [onPath.source, onPath.version],
          missing: [await host.listDir(join(home, 'nowhere')), await host.isFile(join(home, 'nowhere', 'node')), await host.readFile(join(home, 'nowhere', 'x'))],
          version: await host.probeVersion(join(home, '.nvm', 'versions', 'node', 'v18.1.0', 'bin', 'node'), 'node'),
        };
      }),
    );
    assert.deepEqual(answers[1], answers[0]);
    assert.deepEqual(answers[0].on18, ['nvm', join(home, '.nvm', 'versions', 'node', 'v18.1.0', 'bin', 'node'), '18.1.0']);
    assert.deepEqual(answers[0].missing, [[], false, undefined]);
    assert.equal(answers[0].version, process.versions.node, 'the probe follows the link to the Node.js running the tests');
    rmSync(home, { recursive: true, force: true });
  });
});
