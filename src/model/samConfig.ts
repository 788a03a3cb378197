/**
 * SAM CLI's project configuration (`samconfig.toml`, else `samconfig.yaml` / `samconfig.yml`, SAM's own order),
 * read once with the project it belongs to: every feature takes the stack name, region, profile and parameter
 * overrides of an environment from `project.samconfig` instead of reading the file again.
 */
import { parse as parseToml, TomlError } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import type { Finding } from '../shared/finding';
import { pathApi } from './paths';
import type { FileSystem } from './fileSystem';
import type { Project } from './types';
import { finding, nestingTooDeep, parseLimits } from './yamlTree';

/** The settings of one environment (`[<env>.deploy.parameters]`, falling back to `[<env>.global.parameters]`). */
export interface SamEnvironment {
  stackName?: string;
  region?: string;
  profile?: string;
  /** `parameter_overrides`, as template parameter name → value. */
  parameterOverrides: Record<string, string>;
}

export interface SamConfig {
  /** The file read. */
  file: string;
  /** By environment name (`default`, `prod`, …). */
  environments: Record<string, SamEnvironment>;
}

/** The files SAM CLI looks for next to a template, in its order (the first that exists is used). */
export const samConfigNames = ['samconfig.toml', 'samconfig.yaml', 'samconfig.yml'];

/** Environments of a parsed samconfig document (`{ version, <env>: { <command>: { parameters: {…} } } }`). */
export function samEnvironments(doc: unknown): Record<string, SamEnvironment> {
  const out: Record<string, SamEnvironment> = {};
  if (!isRecord(doc)) return out;
  for (const [env, commands] of Object.entries(doc)) {
    if (env === 'version' || !isRecord(commands)) continue;
    const params = (command: string): Record<string, unknown> => {
      const table = commands[command];
      return isRecord(table) && isRecord(table.parameters) ? table.parameters : {};
    };
    const deploy = params('deploy');
    const global = params('global');
    const value = (key: string): unknown => deploy[key] ?? global[key];
    out[env] = {
      ...optional('stackName', text(value('stack_name'))),
      ...optional('region', text(value('region'))),
      ...optional('profile', text(value('profile'))),
      parameterOverrides: parameterOverrides(value('parameter_overrides')),
    };
  }
  return out;
}

/** Parses a samconfig file's text; a syntax error is one finding on that file (the project is still modelled). */
export function parseSamConfig(file: string, text: string): { config?: SamConfig; findings: Finding[] } {
  // The yaml parser recurses once per level of nesting: far past what any samconfig has, it runs out of stack.
  const deep = file.endsWith('.toml') ? undefined : nestingTooDeep(text);
  if (deep) {
    const message = `${pathApi(file).basename(file)} cannot be read (it nests more than ${parseLimits.maxDepth} levels deep); its stack name, region and profile are not used until it parses.`;
    return { findings: [finding(file, { start: deep, end: deep }, 'samconfig-syntax', message, 'warning')] };
  }
  try {
    const doc = file.endsWith('.toml') ? parseToml(text) : (parseYaml(text) as unknown);
    return { config: { file, environments: samEnvironments(doc) }, findings: [] };
  } catch (err) {
    const line = err instanceof TomlError ? Math.max(0, err.line - 1) : yamlLine(err);
    const column = err instanceof TomlError ? Math.max(0, err.column - 1) : 0;
    const message = (err instanceof Error ? err.message : String(err)).split('\n')[0].trim();
    const range = { start: { line, character: column }, end: { line, character: column } };
    return { findings: [finding(file, range, 'samconfig-syntax', `${pathApi(file).basename(file)} cannot be read (${message}); its stack name, region and profile are not used until it parses.`, 'warning')] };
  }
}

/**
 * Reads the project's samconfig (SAM and CloudFormation projects), records every candidate file in
 * `project.files` (so creating, editing or deleting one re-models the project) and sets `project.samconfig`.
 */
export async function attachSamConfig(project: Project, fs: FileSystem): Promise<void> {
  if (project.kind !== 'sam' && project.kind !== 'cloudformation') return;
  const { join } = pathApi(project.root);
  for (const name of samConfigNames) {
    const file = join(project.root, name);
    if (!project.files.includes(file)) project.files.push(file);
  }
  for (const name of samConfigNames) {
    const file = join(project.root, name);
    const text = await fs.readFile(file);
    if (text === undefined) continue;
    const { config, findings } = parseSamConfig(file, text);
    if (config) project.samconfig = config;
    project.findings.push(...findings);
    return;
  }
}

/** The settings of an environment of the project's samconfig (`default` unless named). */
export function samEnvironment(project: Project | undefined, env = 'default'): SamEnvironment | undefined {
  return project?.samconfig?.environments[env];
}

/**
 * `parameter_overrides` as SAM writes it: a string of `Key=Value` pairs separated by spaces, values optionally
 * quoted (`Stage="dev" Name='my app'`), CloudFormation's `ParameterKey=K,ParameterValue=V` spelling, or (newer SAM
 * CLI) a list of such strings.
 */
export function parameterOverrides(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const items = Array.isArray(value) ? value.map(text).filter((s): s is string => s !== undefined) : typeof value === 'string' ? [value] : [];
  for (const item of items) {
    const long = /ParameterKey=([^,\s]+),ParameterValue=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g;
    let matchedLong = false;
    for (const m of item.matchAll(long)) {
      out[m[1]] = unquote(m[2]);
      matchedLong = true;
    }
    if (matchedLong) continue;
    for (const m of item.matchAll(/([A-Za-z0-9]+)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g)) out[m[1]] = unquote(m[2]);
  }
  return out;
}

function unquote(s: string): string {
  if (s.length >= 2 && s.startsWith('"') && s.endsWith('"')) return s.slice(1, -1).replace(/\\(["\\])/g, '$1');
  if (s.length >= 2 && s.startsWith("'") && s.endsWith("'")) return s.slice(1, -1);
  return s;
}

function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function yamlLine(err: unknown): number {
  const pos = (err as { linePos?: Array<{ line: number }> }).linePos;
  return pos?.[0] ? pos[0].line - 1 : 0;
}
