/**
 * Writes that a crash cannot tear: the text goes to a temporary file in the target's folder, is flushed to disk,
 * and only then takes the target's name (a rename replaces a file atomically on one file system; a hard link
 * creates a name atomically and fails when it exists). A process killed at any point leaves the old file (or
 * none) or the new one, never half of it; at worst a hidden `.<name>.<pid>.<random>.tmp` stays beside it.
 */
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** The file operations an atomic write is made of (injected: tests stop a write between two of them). */
export interface AtomicFs {
  mkdir(dir: string): Promise<void>;
  /** Writes and flushes a new file (it must not exist), with the given mode bits when set. */
  writeNew(file: string, text: string, mode?: number): Promise<void>;
  /** The mode bits of an existing file; undefined when there is none. */
  mode(file: string): Promise<number | undefined>;
  rename(from: string, to: string): Promise<void>;
  link(existing: string, name: string): Promise<void>;
  remove(file: string): Promise<void>;
}

export const nodeAtomicFs: AtomicFs = {
  mkdir: async (dir) => {
    await fsp.mkdir(dir, { recursive: true });
  },
  writeNew: async (file, text, mode) => {
    const handle = await fsp.open(file, 'wx', mode ?? 0o666);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    // The umask applies at creation; a replaced file keeps its own bits exactly.
    if (mode !== undefined) await fsp.chmod(file, mode);
  },
  mode: async (file) => {
    try {
      return (await fsp.stat(file)).mode & 0o7777;
    } catch {
      return undefined;
    }
  },
  rename: (from, to) => fsp.rename(from, to),
  link: (existing, name) => fsp.link(existing, name),
  remove: (file) => fsp.rm(file, { force: true }),
};

function tempBeside(file: string): string {
  return join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** Creates or replaces `file` with `text` atomically (an existing file's mode bits are kept). */
export async function writeFileAtomic(file: string, text: string, fs: AtomicFs = nodeAtomicFs): Promise<void> {
  await fs.mkdir(dirname(file));
  const tmp = tempBeside(file);
  try {
    await fs.writeNew(tmp, text, await fs.mode(file));
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.remove(tmp);
    throw err;
  }
}

/** Creates `file` with `text` atomically; fails with EEXIST, changing nothing, when it already exists. */
export async function createFileAtomic(file: string, text: string, fs: AtomicFs = nodeAtomicFs): Promise<void> {
  await fs.mkdir(dirname(file));
  const tmp = tempBeside(file);
  try {
    await fs.writeNew(tmp, text);
    try {
      await fs.link(tmp, file);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // File systems without hard links (FAT, some network shares): check, then rename.
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err;
      if ((await fs.mode(file)) !== undefined) throw Object.assign(new Error(`EEXIST: file already exists, '${file}'`), { code: 'EEXIST' });
      await fs.rename(tmp, file);
    }
  } finally {
    await fs.remove(tmp);
  }
}
