/**
 * A reader for the few keys we need from SAM's `samconfig.toml` (stack_name, region, profile).
 * SAM writes a flat subset of TOML: `[env.command.parameters]` tables with `key = "string"` pairs,
 * so a line reader is enough and keeps a TOML parser out of the bundle.
 */
export interface SamConfig {
  /** `[<env>.<command>.parameters]` → key → value (strings, numbers and booleans kept as text). */
  sections: Record<string, Record<string, string>>;
}

export function parseSamConfig(text: string): SamConfig {
  const sections: Record<string, Record<string, string>> = {};
  let current: Record<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = stripComment(raw).trim();
    if (!line) continue;
    const header = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (header) {
      const name = header[1].split('.').map((p) => unquote(p.trim())).join('.');
      current = sections[name] ??= {};
      continue;
    }
    const pair = /^("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*=\s*(.+)$/.exec(line);
    if (pair && current) current[unquote(pair[1])] = unquote(pair[2].trim());
  }
  return { sections };
}

/**
 * A parameter for `command` in `env` (default `default`), the way SAM looks it up:
 * the command's own table first, then `global`.
 */
export function samConfigValue(config: SamConfig, key: string, command = 'deploy', env = 'default'): string | undefined {
  return config.sections[`${env}.${command}.parameters`]?.[key] ?? config.sections[`${env}.global.parameters`]?.[key];
}

function stripComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') return line.slice(0, i);
  }
  return line;
}

function unquote(s: string): string {
  if (s.length >= 2 && s.startsWith('"') && s.endsWith('"')) return s.slice(1, -1).replace(/\\(["\\])/g, '$1');
  if (s.length >= 2 && s.startsWith("'") && s.endsWith("'")) return s.slice(1, -1);
  return s;
}
