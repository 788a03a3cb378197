import type { EarlyWorker } from './earlyWorker';

/** What a CLI command may touch, injected so tests run commands in-process. */
export interface CliIo {
  cwd: string;
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Standard input as text (for `--event -`). */
  readStdin: () => Promise<string>;
  /** Whether stdout is a terminal (colours, tables). */
  isTty: boolean;
  /** Stops long-running commands (`logs --follow`) when aborted; the binary stops them on SIGINT/SIGTERM. */
  signal?: AbortSignal;
  /** Folder of the local runtime's built bootstraps; defaults to `runtime/` next to the CLI bundle. */
  runtimeDir?: string;
  /** Folder for caches (probed interpreter versions, the last run's worker); defaults to the user cache folder. */
  cacheDir?: string;
  /**
   * `invoke`: the worker the binary's entry started for the function's last run before it loaded the CLI; null
   * when the entry looked and started none (the command then does not look again); undefined: the command looks.
   */
  earlyWorker?: EarlyWorker | null;
}

export const exitCodes = { ok: 0, findings: 1, usage: 2 } as const;
