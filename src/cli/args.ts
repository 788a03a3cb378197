/** A small, strict argument parser: unknown flags are usage errors (exit 2), never ignored. */
export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string | true>;
}

export class UsageError extends Error {}

export interface FlagSpec {
  /** Flags that take a value (`--project PATH`). */
  values?: string[];
  /** Flags that are switches (`--json`). */
  switches?: string[];
}

export function parseArgs(argv: string[], spec: FlagSpec): ParsedArgs {
  const values = new Set(spec.values ?? []);
  const switches = new Set(spec.switches ?? []);
  const out: ParsedArgs = { positionals: [], flags: {} };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      out.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      if (values.has(name)) {
        const v = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
        if (v === undefined) throw new UsageError(`--${name} needs a value`);
        out.flags[name] = v;
      } else if (switches.has(name) && eq < 0) {
        out.flags[name] = true;
      } else {
        throw new UsageError(`unknown option --${name}`);
      }
    } else if (arg === '-' || !arg.startsWith('-')) {
      out.positionals.push(arg);
    } else {
      throw new UsageError(`unknown option ${arg}`);
    }
  }
  return out;
}

export function flagString(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags[name];
  return typeof v === 'string' ? v : undefined;
}
