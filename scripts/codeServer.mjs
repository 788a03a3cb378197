// Real VS Code for tests, demos and screenshots on machines that reach only the npm registry:
// code-server (VS Code 1.100.3 packaged for Node 20) from npm, served on loopback, driven by
// Debian's Chromium through playwright-core. See shared notes "vscode-in-ci" for the background.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, copyFileSync, chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const CODE_SERVER_VERSION = '4.100.3';
export const CHROMIUM_PATH = process.env.SWB_CHROMIUM || '/usr/bin/chromium';

// The @vscode/ripgrep that code-server's VS Code depends on downloads rg from GitHub in its
// postinstall, which cannot work here; it first looks for this archive in its cache folder.
// (x86_64 only: the one architecture of these machines.)
const RIPGREP_PKG_VERSION = '1.15.11';
const RIPGREP_ARCHIVE = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

// --no-sandbox: Chromium's sandbox refuses to run as root (CI). The background-networking group:
// without it Chromium keeps trying Google services that this closed network refuses.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

export const repoRoot = resolve(new URL('..', import.meta.url).pathname);

export function cacheRoot() {
  return resolve(process.env.SWB_CACHE || join(homedir(), '.cache', 'serverless-workbench'));
}

export function codeServerDir() {
  return join(cacheRoot(), `code-server-${CODE_SERVER_VERSION}`);
}

/** The JS entry point; run with this Node rather than through the .bin shebang. */
function codeServerEntry(dir = codeServerDir()) {
  return join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

function log(message) {
  console.log(`[code-server] ${message}`);
}

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
  }
}

function debianPackageInstalled(name) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

/**
 * code-server's postinstall builds the `kerberos` native module, which needs Kerberos headers.
 * Installs them with apt when running as root (fresh machines, CI); otherwise says what to do.
 */
function ensureBuildPrerequisites() {
  if (process.platform !== 'linux' || !existsSync('/usr/bin/dpkg-query')) return;
  if (debianPackageInstalled('libkrb5-dev')) return;
  if (process.getuid?.() !== 0) {
    throw new Error('code-server needs Kerberos headers to build: sudo apt-get install -y libkrb5-dev');
  }
  log('installing libkrb5-dev (needed to build code-server\'s kerberos module)');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update'], { env });
  run('apt-get', ['install', '-y', 'libkrb5-dev'], { env });
}

/** A real rg binary: Debian's, or the one the npm package @vscode/ripgrep-linux-x64 ships. */
function findRipgrep() {
  for (const candidate of ['/usr/bin/rg', '/usr/local/bin/rg']) {
    if (existsSync(candidate)) return candidate;
  }
  if (process.arch !== 'x64') {
    throw new Error('ripgrep not found: install it (apt-get install -y ripgrep) and retry');
  }
  const prefix = join(cacheRoot(), 'ripgrep');
  const bin = join(prefix, 'node_modules', '@vscode', 'ripgrep-linux-x64', 'bin', 'rg');
  if (!existsSync(bin)) {
    log('no system rg: installing @vscode/ripgrep-linux-x64 from npm');
    mkdirSync(prefix, { recursive: true });
    run('npm', ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', '@vscode/ripgrep-linux-x64@1.18.0']);
  }
  if (!existsSync(bin)) throw new Error(`ripgrep binary missing after install: ${bin}`);
  return bin;
}

/** Puts rg where @vscode/ripgrep's postinstall looks before downloading; returns the TMPDIR to use. */
function prepareRipgrepCache() {
  const tmp = join(cacheRoot(), 'tmp');
  const cacheDir = join(tmp, `vscode-ripgrep-cache-${RIPGREP_PKG_VERSION}`);
  const archive = join(cacheDir, RIPGREP_ARCHIVE);
  if (!existsSync(archive)) {
    const staging = join(tmp, 'rg-staging');
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    mkdirSync(cacheDir, { recursive: true });
    copyFileSync(findRipgrep(), join(staging, 'rg'));
    chmodSync(join(staging, 'rg'), 0o755);
    // The archive must hold a single `rg` at its root, as the GitHub release does.
    run('tar', ['-czf', archive, '-C', staging, 'rg']);
    rmSync(staging, { recursive: true, force: true });
  }
  return tmp;
}

/**
 * Installs code-server into the cache folder once; later calls only check a marker file.
 * Returns the path of code-server's entry.js.
 */
export function ensureCodeServer() {
  const dir = codeServerDir();
  const marker = join(dir, '.swb-installed');
  const entry = codeServerEntry(dir);
  if (existsSync(marker) && existsSync(entry)) return entry;

  const started = Date.now();
  log(`installing code-server@${CODE_SERVER_VERSION} into ${dir} (once; about 1-2 minutes)`);
  // A half-finished earlier install (no marker) is not trusted: start clean.
  rmSync(join(dir, 'node_modules'), { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  ensureBuildPrerequisites();
  const tmp = prepareRipgrepCache();
  run(
    'npm',
    ['install', '--prefix', dir, '--no-save', '--no-audit', '--no-fund', '--loglevel', 'error', `code-server@${CODE_SERVER_VERSION}`],
    {
      env: {
        ...process.env,
        TMPDIR: tmp,
        // As root, npm otherwise refuses to run code-server's postinstall.
        npm_config_unsafe_perm: 'true',
        // node-pty's postinstall runs `npx node-gyp`: never stop at npx's prompt (CI has no stdin).
        npm_config_yes: 'true',
      },
    },
  );
  if (!existsSync(entry)) throw new Error(`code-server install finished but ${entry} is missing`);
  // --config: otherwise code-server writes a default config into the user's ~/.config.
  const version = spawnSync(process.execPath, [entry, '--config', join(dir, 'config.yaml'), '--version'], { encoding: 'utf8' });
  const versionLine = version.stdout.split('\n').find((line) => line.includes('with Code'));
  if (version.status !== 0 || !versionLine) {
    throw new Error(`installed code-server does not start:\n${version.stdout}\n${version.stderr}`);
  }
  writeFileSync(marker, `${versionLine.trim()}\n`);
  log(`installed in ${((Date.now() - started) / 1000).toFixed(0)} s: ${versionLine.trim()}`);
  return entry;
}

/** Asks the kernel for a free loopback port (tiny race until code-server binds it: acceptable). */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** True when nothing listens on the loopback port. */
export function isPortFree(port) {
  return new Promise((resolveFree) => {
    const server = createServer();
    server.once('error', () => resolveFree(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolveFree(true)));
  });
}

/**
 * User settings for the throwaway profiles: no welcome page, no update or marketplace checks (the
 * network is closed, and a test must not depend on it), no workspace-trust prompt.
 */
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  // The web workbench auto-saves after a second by default (desktop does not): tests that edit without
  // saving would write their edits into the fixture copy whenever the machine is slow.
  'files.autoSave': 'off',
};

function delay(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * Starts code-server on a workspace folder and resolves once it answers HTTP.
 * Each server gets its own user-data and extensions folders (temporary unless given), so runs never
 * share state with each other or with the developer's own code-server.
 *
 * @param {object} options
 * @param {string} options.workspace folder to open
 * @param {string} [options.extensionsDir]
 * @param {string} [options.userDataDir]
 * @param {number} [options.port] default: a free port
 * @param {Record<string,string>} [options.env] extra environment; the extension host inherits it
 * @param {Record<string,unknown>} [options.settings] user settings, merged over QUIET_SETTINGS
 * @param {boolean} [options.echo] also print code-server's output as it comes
 * @param {boolean} [options.workspaceTrust] workspace trust on (default off): the folder opens untrusted (Restricted
 *   Mode), without the startup prompt
 * @returns {Promise<{url: string, port: number, pid: number, userDataDir: string, logs: () => string[], exited: Promise<number|null>, stop: () => Promise<void>}>}
 */
export async function launchCodeServer({ workspace, extensionsDir, userDataDir, port, env = {}, settings = {}, echo = false, workspaceTrust = false }) {
  const entry = ensureCodeServer();
  const scratch = mkdtempSync(join(tmpdir(), 'swb-code-server-'));
  const dataDir = userDataDir ?? join(scratch, 'user-data');
  const extDir = extensionsDir ?? join(scratch, 'extensions');
  mkdirSync(join(dataDir, 'User'), { recursive: true });
  mkdirSync(extDir, { recursive: true });
  const settingsFile = join(dataDir, 'User', 'settings.json');
  if (!existsSync(settingsFile)) {
    const trust = workspaceTrust ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'never' } : {};
    writeFileSync(settingsFile, JSON.stringify({ ...QUIET_SETTINGS, ...trust, ...settings }, null, 2));
  }
  const listenPort = port ?? (await freePort());

  const args = [
    entry,
    // Its own config file: code-server otherwise reads and writes the user's ~/.config one.
    '--config', join(scratch, 'config.yaml'),
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${listenPort}`,
    '--disable-telemetry',
    '--disable-update-check',
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--user-data-dir', dataDir,
    '--extensions-dir', extDir,
    resolve(workspace),
  ];
  // detached: its own process group, so stop() also ends the extension host and other children.
  const child = spawn(process.execPath, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  const lines = [];
  const collect = (chunk) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line.trim()) continue;
      lines.push(line);
      if (lines.length > 400) lines.shift();
      if (echo) console.log(`[code-server] ${line}`);
    }
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  let exitCode;
  const exited = new Promise((r) => child.on('exit', (code, signal) => {
    exitCode = code ?? signal;
    r(code);
  }));

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (exitCode === undefined) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const timedOut = await Promise.race([exited.then(() => false), delay(5000).then(() => true)]);
      if (timedOut) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    rmSync(scratch, { recursive: true, force: true });
  };

  const url = `http://127.0.0.1:${listenPort}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exitCode !== undefined) {
      await stop();
      throw new Error(`code-server exited (${exitCode}) before answering:\n${lines.slice(-30).join('\n')}`);
    }
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer on ${url} within 60 s:\n${lines.slice(-30).join('\n')}`);
    }
    await delay(200);
  }
  return { url, port: listenPort, pid: child.pid, userDataDir: dataDir, logs: () => [...lines], exited, stop };
}

/**
 * The workbench URL that opens `folder`; the `payload` parameter is how the web workbench takes the
 * desktop's --extensionDevelopmentPath / --extensionTestsPath (code-server's CLI rejects them).
 */
export function workbenchUrl(server, { folder, extensionDevelopmentPath, extensionTestsPath }) {
  const remote = (path) => `vscode-remote://127.0.0.1:${server.port}${resolve(path)}`;
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  const query = new URLSearchParams({ folder: resolve(folder) });
  if (payload.length > 0) query.set('payload', JSON.stringify(payload));
  return `${server.url}/?${query.toString()}`;
}

/**
 * printf-style rendering of a console message. The workbench forwards extension-host output as
 * console.log('%c INFO', 'color: …', '<mocha format>', ...values), where msg.text() would leave
 * both format strings unexpanded; here every string argument with % specs consumes the ones after it.
 */
async function formatConsoleMessage(msg) {
  // Browser-generated messages (failed loads, security warnings) have no arguments, only text.
  if (msg.args().length === 0) return msg.text();
  const values = await Promise.all(msg.args().map((arg) => arg.jsonValue().catch(() => '[object]')));
  const show = (value) => (typeof value === 'string' ? value : JSON.stringify(value));
  const parts = [];
  while (values.length > 0) {
    const next = values.shift();
    if (typeof next !== 'string') {
      parts.push(show(next));
      continue;
    }
    parts.push(next.replace(/%[sdifoOc%]/g, (spec) => {
      if (spec === '%%') return '%';
      if (values.length === 0) return spec;
      const value = values.shift();
      return spec === '%c' ? '' : show(value);
    }));
  }
  return parts.join(' ').replace(/\s+$/, '') || msg.text();
}

/**
 * Opens a URL in Debian's Chromium through playwright-core with a fresh profile.
 * `onExtensionHostExit` receives the exit code the workbench reports when the extension-tests run
 * ends (the web workbench calls window.codeAutomationExit when it exists).
 *
 * @returns {Promise<{context: import('playwright-core').BrowserContext, page: import('playwright-core').Page, consoleLines: () => string[], close: () => Promise<void>}>}
 */
export async function openWorkbench(url, { headless = true, viewport = { width: 1400, height: 900 }, onExtensionHostExit } = {}) {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium (or set SWB_CHROMIUM)`);
  }
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'swb-chromium-'));
  // launchPersistentContext is playwright's way to pass our own --user-data-dir.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless,
    args: CHROMIUM_ARGS,
    viewport,
  });
  // Slots filled asynchronously (formatting needs the argument values) but kept in arrival order.
  const consoleLines = [];
  const remember = (line) => {
    const slot = { line };
    consoleLines.push(slot);
    if (consoleLines.length > 300) consoleLines.shift();
    return slot;
  };
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (msg) => {
    const slot = remember(`[${msg.type()}] ${msg.text()}`);
    formatConsoleMessage(msg).then((text) => (slot.line = `[${msg.type()}] ${text}`), () => {});
  });
  page.on('pageerror', (err) => remember(`[pageerror] ${err.message}`));
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await context.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
  };
  try {
    if (onExtensionHostExit) {
      await page.exposeFunction('codeAutomationExit', (code) => onExtensionHostExit(code));
    }
    await page.goto(url, { waitUntil: 'domcontentloaded' });
  } catch (err) {
    await close();
    throw err;
  }
  return { context, page, consoleLines: () => consoleLines.map((slot) => slot.line), close };
}

/** Reads a JSON file, or undefined while it does not exist or is incomplete. */
export function readJsonIfPresent(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * The extension host's log (`remoteexthost.log` in code-server, `exthost.log` on desktop) of every session in a
 * user-data folder, as lines: where VS Code reports what it thinks of an extension (activation, manifest
 * problems, a webview without a CSP, settings read with the wrong scope). Empty before a host has logged.
 */
export function extensionHostLog(userDataDir) {
  const logs = join(userDataDir, 'logs');
  if (!existsSync(logs)) return [];
  const lines = [];
  for (const session of readdirSync(logs)) {
    for (const host of readdirSync(join(logs, session)).filter((name) => /^exthost\d*$/.test(name))) {
      for (const file of ['remoteexthost.log', 'exthost.log']) {
        try {
          lines.push(...readFileSync(join(logs, session, host, file), 'utf8').split('\n'));
        } catch {
          // this kind of host writes the other file name
        }
      }
    }
  }
  return lines;
}

/** Installs a .vsix into an extensions folder the way a user would (`code-server --install-extension`). */
export function installExtension(vsix, extensionsDir) {
  const entry = ensureCodeServer();
  const scratch = mkdtempSync(join(tmpdir(), 'swb-install-'));
  try {
    const result = spawnSync(
      process.execPath,
      [entry, '--config', join(scratch, 'config.yaml'), '--user-data-dir', join(scratch, 'user-data'),
        '--extensions-dir', extensionsDir, '--install-extension', resolve(vsix)],
      { encoding: 'utf8' },
    );
    const output = `${result.stdout}${result.stderr}`;
    // code-server reports some install failures on stdout with exit code 0: check the message too.
    if (result.status !== 0 || !/successfully installed/i.test(output)) {
      throw new Error(`installing ${vsix} failed:\n${output}`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
