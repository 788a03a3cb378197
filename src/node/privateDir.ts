/**
 * Folders only the current user can use, for what a debugger or a worker later loads (TypeScript bundles, the
 * WebAssembly esbuild's launcher). A shared, predictable folder under the system temp directory would let another
 * user of the machine create it first and plant a bundle that this user's debugger then runs.
 *
 * POSIX: the folder is created 0700; an existing one must be a real directory (not a symlink) owned by this user,
 * and loses any group/other access. Windows: the temp directory is per-user already (`%LOCALAPPDATA%\Temp`,
 * ACL'd to the user) and mode bits mean nothing, so only the directory check applies.
 */
import { mkdtempSync, promises as fsp, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export class UnsafeDirectoryError extends Error {}

/** What the checks need from the process; tests pass another user or platform. */
export interface PrivateDirHost {
  platform: NodeJS.Platform;
  /** The effective user id; undefined on Windows. */
  uid: number | undefined;
}

export const processHost: PrivateDirHost = { platform: process.platform, uid: process.geteuid?.() };

/**
 * Creates `dir` (and missing parents) for this user alone, or checks that an existing one is safe.
 * Throws UnsafeDirectoryError (one line: what is wrong, what to do) when it is not.
 */
export async function ensurePrivateDir(dir: string, host: PrivateDirHost = processHost): Promise<string> {
  await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
  const st = await fsp.lstat(dir);
  if (st.isSymbolicLink() || !st.isDirectory()) throw new UnsafeDirectoryError(`${dir} is not a plain directory (a symlink or a file); remove it`);
  if (host.platform === 'win32' || host.uid === undefined) return dir;
  if (st.uid !== host.uid) throw new UnsafeDirectoryError(`${dir} belongs to another user (uid ${st.uid}); remove it or point TMPDIR elsewhere`);
  if ((st.mode & 0o077) !== 0) await fsp.chmod(dir, 0o700);
  return dir;
}

/** The per-user folder under the system temp directory: `serverless-workbench-<uid>` (Windows: the user name). */
export function userTempRoot(host: PrivateDirHost = processHost, temp = tmpdir()): string {
  const who = host.uid !== undefined && host.platform !== 'win32' ? String(host.uid) : safeName(userInfo().username);
  return join(temp, `serverless-workbench-${who}`);
}

function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_') || 'user';
}

/**
 * A private folder for `purpose` (e.g. `build`) under the per-user temp folder. When that folder was planted by
 * someone else, a fresh random one (mkdtemp: 0700, unpredictable) is used instead, so the work goes on safely.
 */
export async function privateTempFolder(purpose: string, host: PrivateDirHost = processHost): Promise<string> {
  try {
    return await ensurePrivateDir(join(await ensurePrivateDir(userTempRoot(host), host), purpose), host);
  } catch (err) {
    if (!(err instanceof UnsafeDirectoryError)) throw err;
    // mkdtemp made the parent just now, 0700, under a name nobody could guess: nothing to check.
    const dir = join(freshTempRoot(), purpose);
    await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
    return dir;
  }
}

let fresh: string | undefined;

/**
 * One random private folder per process (the fallback above), so repeated builds still reuse their output; it is
 * removed when the process exits.
 */
function freshTempRoot(): string {
  if (!fresh) {
    const dir = mkdtempSync(join(tmpdir(), 'serverless-workbench-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    fresh = dir;
  }
  return fresh;
}
