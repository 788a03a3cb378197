// The files the fuzzer mutates: every config of the vendored corpora (test/corpus), a JSON twin of each (the
// same project as serverless.json / template.json, intrinsics in their long form), and the Azure Functions
// apps of the repository (examples/, test/fixtures/), whose host.json, function.json, local.settings.json and
// registration sources are mutated one at a time.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { looksLikeTemplate } from '../../src/model/cloudFormation';
import { configKindOf, excludedFolders } from '../../src/model/workspace';
import type { LNode } from '../../src/model/yamlTree';
import { parseTree } from '../../src/model/yamlTree';

export const repoRoot = join(__dirname, '..', '..');

export type SeedFormat = 'serverless-yaml' | 'serverless-json' | 'template-yaml' | 'template-json' | 'azure';

/** One file to mutate, inside the project it belongs to. */
export interface Seed {
  /** Stable name for reports and the regression list: the path below the repository (`#json` for a twin). */
  id: string;
  format: SeedFormat;
  /** The config the model reads (host.json for Azure apps). */
  config: string;
  /**
   * The project's files the fuzzer knows, by path relative to the project folder: the mutated file is one of
   * them. Everything else (handler sources) is read from the real folder.
   */
  files: () => Record<string, string>;
  /** Which of `files` a mutant may change. */
  targets: string[];
}

function walk(dir: string, out: string[]): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) {
      if (!excludedFolders.has(e.name) && !e.name.startsWith('.')) walk(join(dir, e.name), out);
    } else if (e.isFile()) out.push(join(dir, e.name));
  }
}

/** CloudFormation JSON as the AWS tools write it: `!Ref X` becomes `{"Ref": "X"}`, `!GetAtt A.B` `{"Fn::GetAtt": ["A", "B"]}`. */
function toJson(node: LNode): unknown {
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map(toJson);
    case 'map':
      return Object.fromEntries(node.entries.map((e) => [e.key, toJson(e.value)]));
    case 'intrinsic': {
      const arg = toJson(node.arg);
      if (node.fn === 'Fn::GetAtt' && typeof arg === 'string' && arg.includes('.')) {
        const dot = arg.indexOf('.');
        return { [node.fn]: [arg.slice(0, dot), arg.slice(dot + 1)] };
      }
      return { [node.fn]: arg };
    }
  }
}

const jsonCache = new Map<string, string | undefined>();

/** The JSON twin of a YAML config, or undefined when the YAML does not parse cleanly (then the YAML is used). */
export function jsonTwin(file: string, yamlText: string): string | undefined {
  if (!jsonCache.has(file)) {
    const tree = parseTree(file, yamlText);
    const ok = tree.root?.kind === 'map' && !tree.findings.some((f) => f.severity === 'error');
    jsonCache.set(file, ok && tree.root ? JSON.stringify(toJson(tree.root), null, 2) + '\n' : undefined);
  }
  return jsonCache.get(file);
}

function awsSeeds(): Seed[] {
  const files: string[] = [];
  walk(join(repoRoot, 'test', 'corpus'), files);
  const seeds: Seed[] = [];
  for (const file of files.sort()) {
    const kind = configKindOf(file);
    const name = basename(file);
    let format: 'serverless' | 'template' | undefined;
    if (kind === 'serverless' && /\.ya?ml$/.test(name)) format = 'serverless';
    else if ((kind === 'template' || kind === 'yaml-candidate') && /\.ya?ml$/.test(name)) {
      const text = readFileSync(file, 'utf8');
      if (looksLikeTemplate(text)) format = 'template';
    }
    if (!format) continue;
    const id = relative(repoRoot, file).split('\\').join('/');
    const text = (): string => readFileSync(file, 'utf8');
    seeds.push({ id, format: `${format}-yaml`, config: file, files: () => ({ [name]: text() }), targets: [name] });
    const twinName = format === 'serverless' ? 'serverless.json' : 'template.json';
    seeds.push({
      id: `${id}#json`,
      format: `${format}-json`,
      config: join(dirname(file), twinName),
      // A YAML file that does not parse cleanly has no faithful twin: its YAML stands in (still a mutant source).
      files: () => ({ [twinName]: jsonTwin(file, text()) ?? text() }),
      targets: [twinName],
    });
  }
  return seeds;
}

function azureSeeds(): Seed[] {
  const files: string[] = [];
  walk(join(repoRoot, 'examples'), files);
  walk(join(repoRoot, 'test', 'fixtures'), files);
  const seeds: Seed[] = [];
  for (const host of files.filter((f) => basename(f) === 'host.json').sort()) {
    const root = dirname(host);
    const inApp = files.filter((f) => f.startsWith(root + '/'));
    const rel = (f: string): string => relative(root, f).split('\\').join('/');
    const targets = inApp
      .filter((f) => {
        const r = rel(f);
        return r === 'host.json' || r === 'local.settings.json' || /^[^/]+\/function\.json$/.test(r) || /^src\/(functions\/)?[^/]+\.(c|m)?[jt]s$/.test(r) || /^[^/]+\.cs$/.test(r);
      })
      .map(rel)
      .sort();
    const all = inApp.filter((f) => !rel(f).includes('node_modules'));
    seeds.push({
      id: relative(repoRoot, host).split('\\').join('/'),
      format: 'azure',
      config: host,
      files: () => Object.fromEntries(all.map((f) => [rel(f), readFileSync(f, 'utf8')])),
      targets,
    });
  }
  return seeds;
}

let cached: Seed[] | undefined;

/** Every seed, in a stable order (the order a master seed's picks depend on). */
export function allSeeds(): Seed[] {
  cached ??= [...awsSeeds(), ...azureSeeds()];
  return cached;
}

export function seedById(id: string): Seed | undefined {
  return allSeeds().find((s) => s.id === id);
}
