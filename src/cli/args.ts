/**
 * Command-line arguments through Node's own `util.parseArgs`, strict: unknown flags are usage errors (exit 2),
 * never ignored. Each error is one line naming the flag.
 */
import { parseArgs as nodeParseArgs } from 'node:util';

export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string | true>;
}

export class UsageError extends Error {}

export interface FlagSpec {
  /** Flags that take a value (`--project PATH`, `--project=PATH`). */
  values?: string[];
  /** Flags that are switches (`--json`). */
  switches?: string[];
}

type Options = NonNullable<Parameters<typeof nodeParseArgs>[0]>['options'] & object;
type Token = NonNullable<ReturnType<typeof nodeParseArgs<{ options: Options; tokens: true; strict: false; allowPositionals: true }>>['tokens']>[number];

function optionsOf(spec: FlagSpec): Options {
  const options: Options = {};
  for (const name of spec.values ?? []) options[name] = { type: 'string' };
  for (const name of spec.switches ?? []) options[name] = { type: 'boolean' };
  return options;
}

function tokensOf(argv: string[], options: Options): Token[] {
  return nodeParseArgs({ args: argv, options, strict: false, allowPositionals: true, tokens: true }).tokens;
}

/**
 * Parses `argv` against the spec. A value flag takes the next argument whatever it looks like (`--filter -DEBUG`,
 * `--event -`), as it always has: Node would call a value starting with `-` ambiguous, so such pairs are handed
 * to it in their `--flag=value` spelling. `--` ends the flags; a lone `-` is a positional (stdin).
 */
export function parseArgs(argv: string[], spec: FlagSpec): ParsedArgs {
  const options = optionsOf(spec);
  const tokens = tokensOf(argv, options);
  const args: string[] = [];
  let next = 0;
  for (const t of tokens) {
    if (t.index < next) continue;
    if (t.kind === 'option' && options[t.name]?.type === 'string' && t.value !== undefined && !t.inlineValue && t.rawName.startsWith('--')) {
      args.push(`${t.rawName}=${t.value}`);
      next = t.index + 2;
    } else {
      args.push(argv[t.index]);
      next = t.index + 1;
    }
  }
  let parsed: ReturnType<typeof nodeParseArgs<{ options: Options; strict: true; allowPositionals: true }>>;
  try {
    parsed = nodeParseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (err) {
    throw new UsageError(describe(tokens, options) ?? (err instanceof Error ? err.message.split('\n')[0] : String(err)));
  }
  const flags: Record<string, string | true> = {};
  for (const [name, value] of Object.entries(parsed.values)) {
    if (typeof value === 'string') flags[name] = value;
    else if (value === true) flags[name] = true;
  }
  return { positionals: parsed.positionals, flags };
}

/** The first problem in the arguments, in our words. */
function describe(tokens: Token[], options: Options): string | undefined {
  for (const t of tokens) {
    if (t.kind !== 'option') continue;
    const option = options[t.name];
    if (!option || !t.rawName.startsWith('--')) return `unknown option ${t.rawName}`;
    if (option.type === 'string' && t.value === undefined) return `${t.rawName} needs a value`;
    if (option.type === 'boolean' && t.value !== undefined) return `${t.rawName} takes no value`;
  }
  return undefined;
}

/** Whether the arguments ask for help: `--help` or `-h` anywhere before `--` (whatever else they hold). */
export function helpRequested(argv: string[]): boolean {
  return tokensOf(argv, { help: { type: 'boolean', short: 'h' } }).some((t) => t.kind === 'option' && t.name === 'help');
}

export function flagString(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags[name];
  return typeof v === 'string' ? v : undefined;
}
