// npm start [-- FOLDER] — try the extension in a real VS Code in the browser: builds it, serves
// code-server on 127.0.0.1 (PORT, default 8080, else a free port) with the repo loaded as an
// extension under development, opened on examples/ (or FOLDER). Runs until Ctrl-C.
// After `npm run watch` rebuilds, "Developer: Reload Window" in the browser picks up the changes.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cacheRoot, ensureCodeServer, freePort, isPortFree, launchCodeServer, repoRoot, workbenchUrl } from './codeServer.mjs';

const folder = resolve(process.argv[2] ?? join(repoRoot, 'examples'));
if (!existsSync(folder)) {
  console.error(`folder to open does not exist: ${folder}`);
  process.exit(1);
}

ensureCodeServer();

const build = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'build.mjs')], { cwd: repoRoot, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const wanted = Number(process.env.PORT ?? 8080);
let port = wanted;
if (!(await isPortFree(wanted))) {
  port = await freePort();
  console.log(`port ${wanted} is busy: using ${port}`);
}

// A profile kept between runs (settings, layout, extensions you add), apart from any other VS Code.
const profile = join(cacheRoot(), 'start-profile');
const server = await launchCodeServer({
  workspace: folder,
  port,
  userDataDir: join(profile, 'user-data'),
  extensionsDir: join(profile, 'extensions'),
});

const url = workbenchUrl(server, { folder, extensionDevelopmentPath: repoRoot });
console.log(`
Serverless Workbench is running in VS Code (code-server) on ${folder}
Open this URL in a browser (the payload parameter loads the extension from ${repoRoot}):

  ${url}

Press Ctrl-C to stop.
`);

let stopping = false;
async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  await server.stop();
  process.exit(code);
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));
server.exited.then((code) => {
  if (stopping) return;
  console.error(`code-server exited (${code}):\n${server.logs().slice(-20).join('\n')}`);
  process.exit(code || 1);
});
