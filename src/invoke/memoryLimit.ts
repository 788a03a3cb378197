/**
 * The function's memory size, enforced on the whole worker process (JS heap, Buffers, native allocations) the
 * way Lambda enforces it on the execution environment: past the limit the process is killed, and the invocation
 * ends with `Runtime.OutOfMemory`.
 *
 * - cgroup v2, where the machine lets us create groups with the memory controller (root on a cgroup v2 host, or
 *   a delegated group): the kernel enforces `memory.max`, as it does on Lambda.
 * - Otherwise a sampler in the host reads the worker's resident set from /proc while an init or an invocation
 *   runs (every 10 ms, every 2 ms near the limit) and kills the worker past the limit. A spike between two
 *   samples is still caught: the worker reports its peak (`ru_maxrss`, the kernel's high-water mark) with every
 *   answer, and a peak over the limit ends the invocation the same way.
 * - Without /proc (macOS, Windows) only the reported peak is checked, after each invocation.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type MemoryEnforcement = 'cgroup' | 'sampler' | 'peak';

export interface MemoryGuard {
  readonly mode: MemoryEnforcement;
  /** Samples while an init or an invocation runs (a frozen worker does not grow). */
  watch(on: boolean): void;
  /** The process went over the limit and was (or is being) ended for it. */
  readonly exceeded: boolean;
  /** The highest resident set seen by this guard, in KB (0 when it cannot tell). */
  readonly peakKb: number;
  /** Milliseconds the host spent sampling (what the sampler costs). */
  readonly costMs: number;
  /** After the worker ended: whether the kernel killed it for memory (cgroup mode). */
  killedForMemory(): boolean;
  dispose(): void;
}

export interface MemoryGuardOptions {
  pid: number;
  limitMb: number;
  /** Ends the worker (SIGKILL), as the kernel would. */
  kill: () => void;
  /** A cgroup v2 parent to create worker groups in; undefined: sampler. */
  cgroup?: CgroupParent;
  platform?: NodeJS.Platform;
  /** /proc, replaceable for tests. */
  procRoot?: string;
}

/** Picks the strongest enforcement the machine allows for one worker. */
export function guardMemory(o: MemoryGuardOptions): MemoryGuard {
  if (o.cgroup) {
    const g = o.cgroup.limit(o.pid, o.limitMb);
    if (g) return g;
  }
  const procRoot = o.procRoot ?? '/proc';
  if ((o.platform ?? process.platform) === 'linux' && existsSync(join(procRoot, String(o.pid), 'statm'))) return new RssSampler(o.pid, o.limitMb, o.kill, procRoot);
  return new PeakOnly();
}

class PeakOnly implements MemoryGuard {
  readonly mode = 'peak';
  readonly exceeded = false;
  readonly peakKb = 0;
  readonly costMs = 0;
  watch(): void {}
  killedForMemory(): boolean {
    return false;
  }
  dispose(): void {}
}

let pageKb: number | undefined;

/** The page size, from our own resident set in bytes and in pages (Node has no sysconf). */
function pageSizeKb(procRoot: string): number {
  if (pageKb === undefined) {
    try {
      const pages = Number(readFileSync(join(procRoot, 'self', 'statm'), 'utf8').split(' ')[1]);
      const ratio = process.memoryUsage.rss() / 1024 / pages;
      pageKb = 2 ** Math.round(Math.log2(ratio));
    } catch {
      pageKb = 4;
    }
  }
  return pageKb;
}

export class RssSampler implements MemoryGuard {
  readonly mode = 'sampler';
  exceeded = false;
  peakKb = 0;
  costMs = 0;
  private fd: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly buf = Buffer.alloc(128);
  private readonly pageKb: number;

  constructor(
    pid: number,
    private readonly limitMb: number,
    private readonly kill: () => void,
    procRoot: string,
  ) {
    this.pageKb = pageSizeKb(procRoot);
    try {
      // One open file read again and again from offset 0: /proc regenerates it on every read.
      this.fd = openSync(join(procRoot, String(pid), 'statm'), 'r');
    } catch {
      this.fd = undefined;
    }
  }

  watch(on: boolean): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (on && this.fd !== undefined) this.schedule(10);
  }

  private schedule(ms: number): void {
    this.timer = setTimeout(() => this.tick(), ms);
    this.timer.unref();
  }

  /** One sample; returns the resident set in KB, or undefined when the process is gone. */
  sample(): number | undefined {
    if (this.fd === undefined) return undefined;
    const t = performance.now();
    try {
      const n = readSync(this.fd, this.buf, 0, this.buf.length, 0);
      const text = this.buf.toString('latin1', 0, n);
      const resident = Number(text.slice(text.indexOf(' ') + 1, text.indexOf(' ', text.indexOf(' ') + 1)));
      const kb = resident * this.pageKb;
      if (kb > this.peakKb) this.peakKb = kb;
      return kb;
    } catch {
      return undefined;
    } finally {
      this.costMs += performance.now() - t;
    }
  }

  private tick(): void {
    this.timer = undefined;
    const kb = this.sample();
    if (kb === undefined) return;
    if (kb > this.limitMb * 1024) {
      this.exceeded = true;
      this.kill();
      return;
    }
    // Near the limit a fast allocation could overshoot a lot in 10 ms.
    this.schedule(kb > this.limitMb * 1024 * 0.75 ? 2 : 10);
  }

  killedForMemory(): boolean {
    return this.exceeded;
  }

  dispose(): void {
    this.watch(false);
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/**
 * A cgroup v2 folder we may create worker groups in: `serverless-workbench` under the hierarchy's root, with the
 * memory controller enabled for its children. Root-owned hosts (CI runners, containers with a writable cgroup
 * tree) have it; a desktop session usually does not, and then the sampler is used.
 */
export class CgroupParent {
  private next = 0;

  private constructor(private readonly dir: string) {}

  /** undefined when the machine does not let us use cgroups for memory (the reason does not matter: sampler). */
  static open(mountRoot = '/sys/fs/cgroup', platform: NodeJS.Platform = process.platform): CgroupParent | undefined {
    if (platform !== 'linux') return undefined;
    try {
      if (!readFileSync(join(mountRoot, 'cgroup.controllers'), 'utf8').split(/\s+/).includes('memory')) return undefined;
      const enable = (dir: string): void => {
        if (!readFileSync(join(dir, 'cgroup.subtree_control'), 'utf8').split(/\s+/).includes('memory')) writeFileSync(join(dir, 'cgroup.subtree_control'), '+memory');
      };
      enable(mountRoot);
      const dir = join(mountRoot, 'serverless-workbench');
      mkdirSync(dir, { recursive: true });
      enable(dir);
      return new CgroupParent(dir);
    } catch {
      return undefined;
    }
  }

  /** Puts a process in a new group limited to `limitMb` (no swap: Lambda has none). */
  limit(pid: number, limitMb: number): MemoryGuard | undefined {
    const dir = join(this.dir, `w${process.pid}-${++this.next}`);
    try {
      mkdirSync(dir);
    } catch {
      return undefined;
    }
    try {
      writeFileSync(join(dir, 'memory.max'), String(limitMb * 1024 * 1024));
      if (existsSync(join(dir, 'memory.swap.max'))) writeFileSync(join(dir, 'memory.swap.max'), '0');
      writeFileSync(join(dir, 'cgroup.procs'), String(pid));
      return new CgroupGuard(dir);
    } catch {
      try {
        rmdirSync(dir);
      } catch {
        // A group that cannot be removed is empty and harmless.
      }
      return undefined;
    }
  }
}

class CgroupGuard implements MemoryGuard {
  readonly mode = 'cgroup';
  readonly costMs = 0;
  constructor(private readonly dir: string) {}

  watch(): void {}

  private read(file: string): string {
    try {
      return readFileSync(join(this.dir, file), 'utf8');
    } catch {
      return '';
    }
  }

  get exceeded(): boolean {
    return this.killedForMemory();
  }

  get peakKb(): number {
    const peak = Number(this.read('memory.peak').trim() || this.read('memory.current').trim());
    return Number.isFinite(peak) ? Math.ceil(peak / 1024) : 0;
  }

  killedForMemory(): boolean {
    const m = /^oom_kill (\d+)$/m.exec(this.read('memory.events'));
    return m !== null && Number(m[1]) > 0;
  }

  dispose(): void {
    try {
      rmdirSync(this.dir);
    } catch {
      // Still populated for a moment after the kill; the next dispose or the OS cleans it.
    }
  }
}
