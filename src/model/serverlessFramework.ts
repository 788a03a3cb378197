import type { SourceRange } from '../shared/range';
import { fillDefaults } from './defaults';
import type { FileSystem } from './fileSystem';
import { frameworkVersionBelow } from './frameworkVersion';
import { markImage } from './handlers';
import { pathApi } from './paths';
import { wireServerlessResources } from './resourceWiring';
import { addServerlessAuthorizers } from './sfAuthorizers';
import { addServerlessStepFunctions } from './sfStepFunctions';
import type { FunctionDef, Located, Project, Trigger, TriggerType, Value } from './types';
import { displayValue, isUnresolved } from './types';
import type { LEntry, LNode, ParsedTree } from './yamlTree';
import { finding, get, parseLimits, parseTree } from './yamlTree';
import type { NodeRef, SfIncludedFile, SfResolverOptions } from './sfVariables';
import { SfResolver, structuredExtensions } from './sfVariables';
import { located, toValue } from './values';
import { serverlessLayers } from './layers';

/** Serverless Framework event keys → the shared trigger vocabulary. `stream` is decided per event. */
export const sfEventTypes: Record<string, TriggerType> = {
  http: 'http',
  httpApi: 'httpApi',
  websocket: 'websocket',
  schedule: 'schedule',
  s3: 's3',
  sqs: 'sqs',
  sns: 'sns',
  stream: 'dynamodb',
  eventBridge: 'eventbridge',
  cloudwatchEvent: 'eventbridge',
  iot: 'iot',
  iotFleetProvisioning: 'iot',
  cognitoUserPool: 'cognito',
  cloudwatchLog: 'cloudwatchLog',
  msk: 'kafka',
  kafka: 'kafka',
  activemq: 'mq',
  rabbitmq: 'mq',
  alb: 'alb',
  alexaSkill: 'alexa',
  alexaSmartHome: 'alexa',
  cloudFront: 'other',
};

/** Bounds on `${file(…)}` includes: files read per config, and read-and-model rounds (an include may name another). */
const MAX_INCLUDED_FILES = 64;
const MAX_ROUNDS = 6;

/** Reads a `serverless.yml`/`.yaml`/`.json` into a project. `${file(…)}` stays unresolved: see `loadServerlessFramework`. */
export function parseServerlessFramework(file: string, text: string, options: SfResolverOptions = {}): Project {
  return modelServerlessFramework(file, parseTree(file, text), options);
}

/**
 * Reads a serverless.yml together with the files its `${file(…)}` variables name, through the FileSystem: the
 * config is modelled, the files it asked for are read, and it is modelled again until nothing new is asked for
 * (an included file may name another, or a path may depend on a value read from one). Handler files are
 * resolved afterwards.
 */
export async function loadServerlessFramework(file: string, text: string, fs: FileSystem, options: SfResolverOptions = {}): Promise<Project> {
  const tree = parseTree(file, text);
  const files = new Map<string, SfIncludedFile | null>();
  for (let round = 0; ; round++) {
    const requested = new Set<string>();
    const project = modelServerlessFramework(file, tree, { ...options, files, requestFile: (p) => requested.add(p) });
    const fresh = [...requested].filter((p) => !files.has(p)).slice(0, MAX_INCLUDED_FILES - files.size);
    if (fresh.length === 0 || round >= MAX_ROUNDS) {
      project.files.push(...files.keys());
      for (const f of files.values()) if (f) project.findings.push(...f.findings);
      return project;
    }
    for (const p of fresh) files.set(p, await readIncludedFile(fs, p));
  }
}

async function readIncludedFile(fs: FileSystem, path: string): Promise<SfIncludedFile | null> {
  const st = await fs.stat(path);
  if (st?.type !== 'file') return null;
  if (st.size > parseLimits.maxFileBytes) return { path, text: '', structured: true, findings: [] };
  const text = await fs.readFile(path);
  if (text === undefined) return null;
  if (!structuredExtensions.has(pathApi(path).extname(path).toLowerCase())) return { path, text, structured: false, findings: [] };
  const tree = parseTree(path, text);
  return { path, text, root: tree.root, structured: true, findings: tree.findings };
}

interface ProviderDefaults {
  runtime?: NodeRef;
  memorySize?: NodeRef;
  timeout?: NodeRef;
  architecture?: NodeRef;
  environment?: NodeRef;
}

/** One function as listed: its name, where the name is written, and its definition (maybe in an included file). */
interface FunctionEntry {
  key: string;
  keyRange: SourceRange;
  def: NodeRef;
}

/** The model of one config from its parsed tree; `${file(…)}` resolves from `options.files`. */
export function modelServerlessFramework(file: string, tree: ParsedTree, options: SfResolverOptions = {}): Project {
  const project: Project = { kind: 'serverless-framework', file, root: pathApi(file).dirname(file), functions: [], findings: [...tree.findings], files: [] };
  const doc = tree.root;
  project.tree = doc;
  if (!doc) return project;
  if (doc.kind !== 'map') {
    project.findings.push(finding(file, doc.range, 'config-shape', 'A serverless.yml must be a mapping with `service`, `provider` and `functions`.'));
    return project;
  }
  const resolver = new SfResolver(doc, options, file);
  const docRef: NodeRef = { node: doc, file };
  const m = new SfModeller(project, resolver, docRef);

  const serviceRef = m.at(docRef, 'service');
  const serviceNode = serviceRef?.node.kind === 'map' ? m.at(serviceRef, 'name')?.node : serviceRef?.node;
  const serviceValue = serviceNode ? toValue(serviceNode, m.resolve) : undefined;
  const serviceKnown = typeof serviceValue === 'string' || typeof serviceValue === 'number';
  project.service = serviceKnown ? String(serviceValue) : displayValue(serviceValue);
  const stage = resolver.stage;
  if (isUnresolved(stage)) project.stageExpr = stage.expr;
  else project.stage = stage;
  const provider = m.at(docRef, 'provider');
  project.region = m.str(provider && m.at(provider, 'region')) ?? 'us-east-1';
  project.profile = m.str(provider && m.at(provider, 'profile'));
  const providerNameRef = provider && m.at(provider, 'name');
  const providerName = m.str(providerNameRef);
  if (providerName && providerName !== 'aws') {
    project.note = `Provider "${providerName}" is not modelled; Serverless Workbench reads the aws provider.`;
    project.findings.push(finding(providerNameRef!.file, providerNameRef!.node.range, 'provider-not-aws', project.note, 'info'));
    return project;
  }
  const defaults: ProviderDefaults = provider
    ? { runtime: m.at(provider, 'runtime'), memorySize: m.at(provider, 'memorySize'), timeout: m.at(provider, 'timeout'), architecture: m.at(provider, 'architecture'), environment: m.at(provider, 'environment') }
    : {};
  const naming = { service: serviceKnown ? String(serviceValue) : displayValue(serviceValue), serviceKnown, stage };

  const functionsRef = m.at(docRef, 'functions');
  if (!functionsRef) return project;
  const entries = m.functionEntries(functionsRef);
  if (!entries) {
    m.notStatic(functionsRef, 'Functions come from', 'they cannot be listed statically', '`functions` must be a mapping of function names to definitions.');
    return project;
  }
  const byName = new Map<string, number>();
  for (const e of entries) {
    if (e.def.node.kind !== 'map') {
      m.notStatic(e.def, `Function "${e.key}" comes from`, 'it cannot be read statically', `Function "${e.key}" must be a mapping (handler, events, …).`);
      continue;
    }
    const fn = m.parseFunction(e, defaults, naming);
    // The framework merges function lists into one map: a name listed again replaces the earlier definition.
    const seen = byName.get(e.key);
    if (seen === undefined) {
      byName.set(e.key, project.functions.length);
      project.functions.push(fn);
    } else project.functions[seen] = fn;
  }
  addServerlessAuthorizers(project.functions, doc);
  m.wireResources((functions) => addServerlessStepFunctions(functions, doc, (n) => toValue(n, m.resolve)));
  return project;
}

/** The per-config helpers of the Serverless Framework model: following variables to nodes, located values per file. */
class SfModeller {
  readonly resolve: (s: string) => Value;
  private resourcesCache: LNode | null | undefined;

  constructor(
    private readonly project: Project,
    private readonly resolver: SfResolver,
    /** The config's root mapping. */
    private readonly doc: NodeRef,
  ) {
    this.resolve = resolver.resolve;
  }

  /** The child `key` of a mapping, followed when it is a whole variable that names a node (`${file(x.yml)}`, `${self:…}`). */
  at(parent: NodeRef | undefined, key: string): NodeRef | undefined {
    const child = parent ? get(parent.node, key) : undefined;
    return child ? this.follow({ node: child, file: parent!.file }) : undefined;
  }

  /** A node followed through variables; the node itself when it names a plain value or nothing. */
  follow(ref: NodeRef): NodeRef {
    const found = this.resolver.deref(ref);
    return found && 'node' in found ? found : ref;
  }

  str(ref: NodeRef | undefined): string | undefined {
    if (!ref) return undefined;
    const v = toValue(ref.node, this.resolve);
    return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
  }

  /** A value located where it is written; `file` is set when that is not the function's file. */
  located(ref: NodeRef, fnFile: string): Located {
    const l = located(ref.node, this.resolve);
    return ref.file === fnFile ? l : { ...l, file: ref.file };
  }

  entries(ref: NodeRef | undefined, fnFile: string): Record<string, Located> {
    const out: Record<string, Located> = {};
    if (ref?.node.kind !== 'map') return out;
    for (const e of ref.node.entries) out[e.key] = this.located({ node: e.value, file: ref.file }, fnFile);
    return out;
  }

  /**
   * `resources.Resources` as one mapping: `resources` may be a list of parts merged by the framework, each may
   * come from a file (`- ${file(resources.yml)}`). Parts from other files are placed at their variable.
   */
  resources(): LNode | undefined {
    if (this.resourcesCache === undefined) {
      const raw = get(this.doc.node, 'resources');
      const followed = raw && this.follow({ node: raw, file: this.doc.file });
      const parts = !raw ? [] : followed?.node.kind === 'seq' && followed.file === this.doc.file ? followed.node.items : [raw];
      const entries: LEntry[] = [];
      for (const part of parts) {
        const resources = this.local(get(this.local(part, this.doc.file), 'Resources'), this.doc.file);
        if (resources?.kind === 'map') entries.push(...resources.entries);
      }
      this.resourcesCache = raw && entries.length ? { kind: 'map', range: raw.range, entries } : null;
    }
    return this.resourcesCache ?? undefined;
  }

  /**
   * Triggers wired by resources of the config, and by what `wireMore` reads from it (serverless-step-functions
   * state machines). A function listed from an included file gets them located in serverless.yml (`file` on the
   * trigger and its values).
   */
  wireResources(wireMore: (functions: FunctionDef[]) => void): void {
    const counts = this.project.functions.map((f) => f.triggers.length);
    wireMore(this.project.functions);
    wireServerlessResources(this.resources(), this.project.functions, this.resolve);
    this.project.functions.forEach((fn, i) => {
      if (fn.file === this.doc.file) return;
      for (const t of fn.triggers.slice(counts[i])) {
        t.file = this.doc.file;
        for (const l of Object.values(t.config)) l.file ??= this.doc.file;
      }
    });
  }

  /** `functions:` is a map, a list of maps (merged by the framework), or a variable naming either. */
  functionEntries(ref: NodeRef): FunctionEntry[] | undefined {
    const fromMap = (map: NodeRef): FunctionEntry[] =>
      map.node.kind === 'map' ? map.node.entries.map((e) => this.entry(e.key, e.keyRange, { node: e.value, file: map.file })) : [];
    if (ref.node.kind === 'map') return fromMap(ref);
    if (ref.node.kind !== 'seq') return undefined;
    const out: FunctionEntry[] = [];
    for (const item of ref.node.items) {
      const followed = this.follow({ node: item, file: ref.file });
      if (followed.node.kind === 'map') out.push(...fromMap(followed));
      else if (!(followed.node.kind === 'scalar' && followed.node.value === null)) {
        this.notStatic(followed, 'Functions come from', 'they cannot be listed statically', 'Each item of `functions` must be a mapping of function names to definitions.');
      }
    }
    return out;
  }

  /**
   * A function whose definition is a variable (`hello: ${file(hello.yml)}`) is defined where the variable
   * leads: its file and ranges are those of the definition, its key range the definition's first key.
   */
  private entry(key: string, keyRange: SourceRange, value: NodeRef): FunctionEntry {
    const def = this.follow(value);
    if (def === value || def.file === value.file) return { key, keyRange, def };
    const first = def.node.kind === 'map' ? def.node.entries[0]?.keyRange : undefined;
    return { key, keyRange: first ?? def.node.range, def };
  }

  /** A list or definition that is not a mapping: from a variable the model cannot follow (info/warning), else wrong. */
  notStatic(ref: NodeRef, what: string, cannot: string, shapeMessage: string): void {
    const node = ref.node;
    const text = node.kind === 'scalar' && typeof node.value === 'string' ? node.value : undefined;
    if (text?.includes('${')) {
      const v = toValue(node, this.resolve);
      const found = this.resolver.deref(ref);
      if (found === undefined) {
        this.project.findings.push(
          finding(ref.file, node.range, 'functions-not-static', `${what} ${text}, which has no value here (a missing file or key); the framework stops with "Value not found". Create it or fix the reference.`, 'warning'),
        );
      } else {
        this.project.findings.push(finding(ref.file, node.range, 'functions-not-static', `${what} ${isUnresolved(v) ? v.expr : text}; ${cannot}.`, 'info'));
      }
      return;
    }
    this.project.findings.push(finding(ref.file, node.range, 'config-shape', shapeMessage));
  }

  parseFunction(e: FunctionEntry, defaults: ProviderDefaults, naming: { service?: string; serviceKnown: boolean; stage: string | { expr: string } }): FunctionDef {
    const project = this.project;
    const fnRef = e.def;
    const fnFile = fnRef.file;
    const props = this.entries(fnRef, fnFile);
    const def: FunctionDef = {
      id: `${project.file}#${e.key}`,
      file: fnFile,
      name: e.key,
      // A container image brings its own runtime: the framework writes none for it, whatever `runtime` says.
      runtime: props.image ? undefined : (props.runtime ?? this.optional(defaults.runtime, fnFile)),
      handler: props.handler,
      codeRoot: project.root,
      handlerInfo: { candidates: [] },
      memorySize: props.memorySize ?? this.optional(defaults.memorySize, fnFile),
      timeout: props.timeout ?? this.optional(defaults.timeout, fnFile),
      ephemeralStorage: props.ephemeralStorageSize,
      architecture: props.architecture ?? this.optional(defaults.architecture, fnFile),
      environment: { ...this.entries(defaults.environment, fnFile), ...this.entries(this.at(fnRef, 'environment'), fnFile) },
      triggers: [],
      keyRange: e.keyRange,
      range: { start: e.keyRange.start, end: fnRef.node.range.end },
      properties: props,
    };
    const nameNode = get(fnRef.node, 'name');
    this.name(def, props.name?.value, nameNode?.kind === 'scalar' && typeof nameNode.value === 'string' ? nameNode.value : undefined, naming);
    if (props.image) markImage(def);
    fillDefaults(def, 'serverless-framework');
    const generated = pluginGeneratedHandler(this.resolver.nodeAt(['plugins']), props.handler?.value);
    if (generated) def.handlerInfo.notLocal = generated;
    const layers = serverlessLayers(this.doc.node, fnRef.node, project.root, this.resolve);
    if (layers) def.layers = layers;
    const logGroup = this.resolver.nodeAt(['provider', 'logs', 'lambda', 'logGroup']);
    const logGroupValue = logGroup && ('node' in logGroup ? toValue(logGroup.node, this.resolve) : logGroup.value);
    def.logGroup = typeof logGroupValue === 'string' ? logGroupValue : def.deployedName ? `/aws/lambda/${def.deployedName}` : undefined;

    const events = this.local(get(fnRef.node, 'events'), fnFile);
    if (events?.kind === 'seq') {
      for (const item of events.items) {
        const t = this.parseEvent(this.local(item, fnFile), fnFile);
        if (t) def.triggers.push(t);
      }
    } else if (events && !(events.kind === 'scalar' && (events.value === null || isUnresolved(toValue(events, this.resolve))))) {
      project.findings.push(finding(fnFile, events.range, 'config-shape', `The events of "${e.key}" must be a list (- http: …).`));
    }
    const urlEntry = fnRef.node.kind === 'map' ? fnRef.node.entries.find((x) => x.key === 'url') : undefined;
    const url = this.local(urlEntry?.value, fnFile);
    if (url && urlEntry && !(url.kind === 'scalar' && url.value === false)) {
      def.triggers.push({
        type: 'functionUrl',
        sourceType: 'url',
        range: { start: urlEntry.keyRange.start, end: url.range.end },
        typeRange: urlEntry.keyRange,
        config: url.kind === 'map' ? this.entries({ node: url, file: fnFile }, fnFile) : {},
      });
    }
    return def;
  }

  private optional(ref: NodeRef | undefined, fnFile: string): Located | undefined {
    return ref ? this.located(ref, fnFile) : undefined;
  }

  /**
   * A node of the function's file, followed through a variable. What a variable brings from another file is
   * placed at the variable (every range becomes the variable's), since triggers are located in the function's file.
   */
  private local(raw: LNode | undefined, fnFile: string): LNode | undefined {
    if (!raw) return undefined;
    const ref = this.follow({ node: raw, file: fnFile });
    return ref.file === fnFile ? ref.node : relocate(ref.node, raw.range);
  }

  /** `name:`, else `<service>-<stage>-<function>`; an expression when a part cannot be known. */
  private name(def: FunctionDef, nameValue: Value | undefined, nameText: string | undefined, naming: { service?: string; serviceKnown: boolean; stage: string | { expr: string } }): void {
    if (typeof nameValue === 'string') def.deployedName = nameValue;
    else if (isUnresolved(nameValue)) def.deployedNameExpr = nameText !== undefined ? this.resolver.partial(nameText) : nameValue.expr;
    else if (nameValue === undefined && naming.service !== undefined) {
      const stage = typeof naming.stage === 'string' ? naming.stage : naming.stage.expr;
      const full = `${naming.service}-${stage}-${def.name}`;
      if (naming.serviceKnown && typeof naming.stage === 'string') def.deployedName = full;
      else def.deployedNameExpr = full;
    }
  }

  private parseEvent(item: LNode | undefined, fnFile: string): Trigger | undefined {
    // An event written as its bare type (`- alexaSkill`) is a trigger without settings.
    if (item?.kind === 'scalar' && typeof item.value === 'string' && sfEventTypes[item.value]) {
      if (item.value === 'alexaSkill' && !this.bareAlexaSkillDeploys(item, fnFile)) return undefined;
      return { type: sfEventTypes[item.value], sourceType: item.value, range: item.range, typeRange: item.range, config: {} };
    }
    if (item?.kind !== 'map' || item.entries.length === 0) return undefined;
    const ev = item.entries[0];
    const sourceType = ev.key;
    let type: TriggerType = sfEventTypes[sourceType] ?? 'other';
    const config: Record<string, Located> = ev.value.kind === 'map' ? this.plainEntries(ev.value) : shorthandConfig(sourceType, ev.value, this.resolve);
    if (sourceType === 'stream') type = this.streamType(config);
    return { type, sourceType, range: item.range, typeRange: ev.keyRange, config };
  }

  /**
   * A bare `- alexaSkill` (no skill id): v1 and v2 deploy an `alexa-appkit.amazon.com` permission without a skill
   * id for it, so any skill can invoke the function; v3 compiles nothing for it (its Alexa step reads only
   * `alexaSkill:` entries), and without that permission Alexa cannot invoke the function. So it is a trigger
   * only when `frameworkVersion` admits v1/v2 alone; either way a warning says what is deployed.
   */
  private bareAlexaSkillDeploys(item: LNode, fnFile: string): boolean {
    const pinned = this.str(this.at(this.doc, 'frameworkVersion'));
    const legacy = frameworkVersionBelow(pinned, 3);
    const message = legacy
      ? `A bare \`- alexaSkill\` lets every Alexa skill invoke the function (frameworkVersion ${pinned} deploys its permission without a skill id), and Serverless Framework v3 deploys nothing for it: write \`- alexaSkill: <skill id>\` (amzn1.ask.skill.…).`
      : 'A bare `- alexaSkill` deploys nothing with Serverless Framework v3 and later (no permission lets a skill invoke the function), so the function has no Alexa trigger: write `- alexaSkill: <skill id>` (amzn1.ask.skill.…).';
    this.project.findings.push(finding(fnFile, item.range, 'alexa-skill-without-id', message, 'warning'));
    return legacy;
  }

  private plainEntries(node: LNode): Record<string, Located> {
    const out: Record<string, Located> = {};
    if (node.kind === 'map') for (const e of node.entries) out[e.key] = located(e.value, this.resolve);
    return out;
  }

  /** `stream` events are DynamoDB or Kinesis: by `type`, by the ARN, or by the resource the ARN points at. */
  private streamType(config: Record<string, Located>): TriggerType {
    const t = config.type?.value;
    if (t === 'kinesis' || t === 'dynamodb') return t;
    const arn = config.arn?.value;
    if (typeof arn === 'string') {
      if (arn.includes(':kinesis:')) return 'kinesis';
      if (arn.includes(':dynamodb:')) return 'dynamodb';
    }
    const expr = isUnresolved(arn) ? arn.expr : arn && typeof arn === 'object' ? JSON.stringify(arn) : '';
    if (/StreamArn/.test(expr)) return 'dynamodb';
    const logical = /(?:GetAtt[":\s[]*|Ref[":\s]*)"?([A-Za-z0-9]+)/.exec(expr)?.[1];
    if (logical) {
      const resType = get(get(this.resources(), logical), 'Type');
      const rt = resType?.kind === 'scalar' ? String(resType.value) : '';
      if (rt === 'AWS::Kinesis::Stream') return 'kinesis';
      if (rt === 'AWS::DynamoDB::Table') return 'dynamodb';
    }
    if (/kinesis/i.test(expr)) return 'kinesis';
    return 'dynamodb';
  }
}

/** Handlers whose file a plugin writes when it packages the service (they never exist in the source tree). */
const pluginHandlers: Array<{ plugin: string; handler: RegExp; file: string }> = [
  { plugin: 'serverless-wsgi', handler: /^wsgi(_handler)?\.handler$/, file: 'wsgi_handler.py' },
  { plugin: 'serverless-rack', handler: /^rack_adapter\.handler$/, file: 'rack_adapter.rb' },
];

function pluginGeneratedHandler(plugins: NodeRef | { value: Value } | undefined, handler: Value | undefined): string | undefined {
  if (typeof handler !== 'string' || !plugins || !('node' in plugins)) return undefined;
  const list = plugins.node.kind === 'map' ? get(plugins.node, 'modules') : plugins.node;
  if (list?.kind !== 'seq') return undefined;
  const names = new Set(list.items.map((i) => (i.kind === 'scalar' ? String(i.value) : '')));
  const hit = pluginHandlers.find((p) => names.has(p.plugin) && p.handler.test(handler));
  return hit && `${hit.plugin} generates ${hit.file} when it packages the service.`;
}

/** A copy of a node with every range set to `range`. */
function relocate(node: LNode, range: SourceRange): LNode {
  switch (node.kind) {
    case 'scalar':
      return { ...node, range };
    case 'seq':
      return { kind: 'seq', range, items: node.items.map((i) => relocate(i, range)) };
    case 'map':
      return { kind: 'map', range, entries: node.entries.map((e) => ({ key: e.key, keyRange: range, value: relocate(e.value, range) })) };
    case 'intrinsic':
      return { ...node, range, arg: relocate(node.arg, range) };
  }
}

/** The string forms: `- http: GET users`, `- schedule: rate(1 hour)`, `- sqs: arn:…`, `- sns: topic`. */
function shorthandConfig(type: string, node: LNode, resolve: (s: string) => Value): Record<string, Located> {
  const v = located(node, resolve);
  const at = (value: Value): Located => ({ value, range: node.range });
  switch (type) {
    case 'http':
    case 'httpApi': {
      if (typeof v.value === 'string') {
        const s = v.value.trim();
        if (s === '*') return { method: at('*'), path: at('*') };
        const m = /^(\S+)\s+(\S+)$/.exec(s);
        if (m) return { method: at(m[1]), path: at(m[2]) };
      }
      return { path: v };
    }
    case 'schedule':
      return { rate: v };
    case 'sqs':
    case 'stream':
    case 'msk':
      return { arn: v };
    case 'sns':
      return typeof v.value === 'string' && v.value.startsWith('arn:') ? { arn: v } : { topicName: v };
    case 's3':
      return { bucket: v };
    case 'websocket':
      return { route: v };
    case 'alexaSkill':
      return { appId: v };
    case 'cloudwatchLog':
      return { logGroup: v };
    case 'iot':
      return { sql: v };
    default:
      return { value: v };
  }
}
