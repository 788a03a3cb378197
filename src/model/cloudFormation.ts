import { fillDefaults } from './defaults';
import type { FunctionDef, Located, Project, ProjectKind, Trigger, TriggerType, Value } from './types';
import { configRelative, pathApi } from './paths';
import { isUnresolved } from './types';
import { IntrinsicResolver } from './cfnIntrinsics';
import { wireResourceTriggers } from './resourceWiring';
import type { LEntry, LNode } from './yamlTree';
import { entry, finding, get, parseTree } from './yamlTree';
import { markImage } from './handlers';
import { toValue } from './values';
import { templateLayers } from './layers';

/** SAM event `Type` → the shared trigger vocabulary. */
export const samEventTypes: Record<string, TriggerType> = {
  Api: 'http',
  HttpApi: 'httpApi',
  Schedule: 'schedule',
  ScheduleV2: 'schedule',
  S3: 's3',
  SQS: 'sqs',
  SNS: 'sns',
  DynamoDB: 'dynamodb',
  Kinesis: 'kinesis',
  EventBridgeRule: 'eventbridge',
  CloudWatchEvent: 'eventbridge',
  IoTRule: 'iot',
  CloudWatchLogs: 'cloudwatchLog',
  Cognito: 'cognito',
  MSK: 'kafka',
  SelfManagedKafka: 'kafka',
  MQ: 'mq',
  AlexaSkill: 'alexa',
  DocumentDB: 'other',
};

const SERVERLESS_FUNCTION = 'AWS::Serverless::Function';
const LAMBDA_FUNCTION = 'AWS::Lambda::Function';

/** Quick test on text: could this file be a CloudFormation/SAM template with functions? */
export function looksLikeTemplate(text: string): boolean {
  return /AWSTemplateFormatVersion|AWS::Serverless(-2016-10-31|::Function)|AWS::Lambda::Function/.test(text.slice(0, 2_000_000));
}

/**
 * Content test for files whose name says "template" (`template.json`, `*.template.yml`, `*.template`): only
 * CloudFormation is modelled, not an Azure Resource Manager `template.json`, a Serverless Framework
 * `serverless.template.yml` (example metadata) or a Visual Studio `*.sln.template`.
 */
export function looksLikeCloudFormation(text: string): boolean {
  return /AWSTemplateFormatVersion|\bAWS::[A-Za-z0-9]+::|^["']?Resources["']?\s*:|"Resources"\s*:/m.test(text.slice(0, 2_000_000));
}

/** Reads a SAM or CloudFormation template (YAML or JSON). Handler files are resolved afterwards. */
export function parseCloudFormation(file: string, text: string): Project {
  const root = pathApi(file).dirname(file);
  const tree = parseTree(file, text);
  const project: Project = { kind: 'cloudformation', file, root, functions: [], findings: tree.findings, files: [] };
  const doc = tree.root;
  project.tree = doc;
  if (!doc) return project;
  if (doc.kind !== 'map') {
    project.findings.push(finding(file, doc.range, 'config-shape', 'A template must be a mapping with `Resources`.'));
    return project;
  }
  const transform = toValue(get(doc, 'Transform') ?? { kind: 'scalar', range: doc.range, value: null }, (s) => s);
  const transforms = Array.isArray(transform) ? transform : [transform];
  const isSam = transforms.some((t) => typeof t === 'string' && t.startsWith('AWS::Serverless'));
  const kind: ProjectKind = isSam ? 'sam' : 'cloudformation';
  project.kind = kind;

  const cfn = new IntrinsicResolver(doc);
  const globals = get(get(doc, 'Globals'), 'Function');
  const globalProps = cfn.entries(globals);
  const resources = get(doc, 'Resources');
  if (!resources) return project;
  if (resources.kind !== 'map') {
    const empty = resources.kind === 'scalar' && resources.value === null;
    project.findings.push(finding(file, resources.range, 'config-shape', empty ? '`Resources` is empty; CloudFormation needs at least one resource.' : '`Resources` must be a mapping of logical ids to resources.'));
    return project;
  }
  const byLogicalId = new Map<string, FunctionDef>();
  /** Globals.Function keys that SAM refuses on image functions → the image functions they reach. */
  const imageGlobals = new Map<string, string[]>();
  for (const res of resources.entries) {
    const typeNode = get(res.value, 'Type');
    const type = typeNode?.kind === 'scalar' ? String(typeNode.value) : undefined;
    if (type !== SERVERLESS_FUNCTION && type !== LAMBDA_FUNCTION) continue;
    if (type === SERVERLESS_FUNCTION && !isSam) project.kind = 'sam';
    const isServerless = type === SERVERLESS_FUNCTION;
    const propsNode = get(res.value, 'Properties');
    const own = cfn.entries(propsNode);
    // Globals.Function applies to AWS::Serverless::Function only; Environment.Variables merge.
    const props: Record<string, Located> = isServerless ? withGlobals(globalProps, own) : own;
    if (isServerless && props.PackageType?.value === 'Image') {
      for (const key of imageOnlyZipKeys) if (globalProps[key] && !own[key]) imageGlobals.set(key, [...(imageGlobals.get(key) ?? []), res.key]);
    }
    const variables = (n: LNode | undefined): Record<string, Located> => cfn.entries(get(get(n, 'Environment'), 'Variables'));
    const environment = isServerless ? { ...variables(globals), ...variables(propsNode) } : variables(propsNode);
    const fnNameValue = props.FunctionName?.value;
    const deployedName = typeof fnNameValue === 'string' ? fnNameValue : undefined;
    const logGroupValue = props.LoggingConfig && isRecord(props.LoggingConfig.value) ? props.LoggingConfig.value.LogGroup : undefined;
    const def: FunctionDef = {
      id: `${file}#${res.key}`,
      file,
      name: res.key,
      deployedName,
      runtime: props.Runtime,
      handler: props.Handler,
      codeRoot: codeRoot(root, props, isServerless),
      handlerInfo: { candidates: [] },
      memorySize: props.MemorySize,
      timeout: props.Timeout,
      ephemeralStorage: ephemeral(props.EphemeralStorage),
      architecture: architecture(props.Architectures),
      environment,
      logGroup: typeof logGroupValue === 'string' ? logGroupValue : deployedName ? `/aws/lambda/${deployedName}` : undefined,
      triggers: [],
      keyRange: res.keyRange,
      range: { start: res.keyRange.start, end: res.value.range.end },
      properties: props,
    };
    codeLocation(def, props, res.value, isServerless);
    fillDefaults(def, kind);
    const layers = templateLayers(resources, isServerless ? [get(globals, 'Layers'), get(propsNode, 'Layers')] : [get(propsNode, 'Layers')], root);
    if (layers) def.layers = layers;
    if (isServerless) {
      const events = get(propsNode, 'Events');
      if (events?.kind === 'map') {
        for (const ev of events.entries) def.triggers.push(parseSamEvent(ev.key, ev.keyRange, ev.value, cfn));
      }
      // A function's own FunctionUrlConfig replaces the one of Globals.Function.
      const urlEntry = entry(propsNode, 'FunctionUrlConfig') ?? entry(globals, 'FunctionUrlConfig');
      if (urlEntry && props.FunctionUrlConfig) def.triggers.push(functionUrlTrigger(urlEntry, cfn));
    }
    project.functions.push(def);
    byLogicalId.set(res.key, def);
  }
  for (const [key, names] of imageGlobals) {
    const list = names.map((n) => `"${n}"`).join(', ');
    project.findings.push(
      finding(file, entry(globals, key)!.keyRange, 'config-shape', `Globals.Function ${key} applies to the container-image function${names.length > 1 ? 's' : ''} ${list} too, and SAM rejects the template ("Runtime, Handler, Layers cannot be present when PackageType is of type Image"): set ${key} on the .zip functions instead.`),
    );
  }
  wireResourceTriggers({ resources, functions: byLogicalId, value: (n) => cfn.value(n), entries: (n) => cfn.entries(n) });
  return project;
}

/** Settings of .zip functions only: the SAM translator rejects an image function that has them, also from Globals. */
const imageOnlyZipKeys = ['Runtime', 'Handler', 'Layers'] as const;

/**
 * Globals.Function under a function's own properties. A container image (`PackageType: Image`) has no runtime
 * or handler: the image holds both. One inherited from Globals is an error the model reports (the translator
 * rejects the template); the function is still shown without them.
 */
function withGlobals(globals: Record<string, Located>, own: Record<string, Located>): Record<string, Located> {
  const merged = { ...globals, ...own };
  if (merged.PackageType?.value === 'Image') {
    if (!own.Runtime) delete merged.Runtime;
    if (!own.Handler) delete merged.Handler;
  }
  return merged;
}

function functionUrlTrigger(urlEntry: LEntry, cfn: IntrinsicResolver): Trigger {
  return {
    type: 'functionUrl',
    sourceType: 'FunctionUrlConfig',
    range: { start: urlEntry.keyRange.start, end: urlEntry.value.range.end },
    typeRange: urlEntry.keyRange,
    config: cfn.entries(urlEntry.value),
  };
}

function isRecord(v: Value | undefined): v is { [key: string]: Value } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !isUnresolved(v);
}

function ephemeral(l: Located | undefined): Located | undefined {
  if (!l) return undefined;
  return isRecord(l.value) && l.value.Size !== undefined ? { value: l.value.Size, range: l.range } : undefined;
}

function architecture(l: Located | undefined): Located | undefined {
  if (!l) return undefined;
  return Array.isArray(l.value) && l.value.length > 0 ? { value: l.value[0], range: l.range } : undefined;
}

function codeRoot(root: string, props: Record<string, Located>, isServerless: boolean): string | undefined {
  if (!isServerless) return root;
  const uri = props.CodeUri?.value;
  if (uri === undefined) return root;
  if (typeof uri === 'string' && !uri.startsWith('s3://')) return localCodeFolder(root, uri);
  return undefined;
}

/** Files a local code location may name instead of a folder: an archive, or one source file SAM zips alone. */
const ARCHIVE = /\.(zip|jar)$/i;
const SOURCE_FILE = /\.([cm]?[jt]sx?|py|rb|sh)$/i;

/** The folder handler paths are relative to: the location itself, or the folder of a file it names. */
function localCodeFolder(root: string, location: string): string {
  const api = pathApi(root);
  const path = api.join(root, configRelative(location.trim(), root)).replace(/(.)[\\/]+$/, '$1');
  return ARCHIVE.test(path) || SOURCE_FILE.test(path) ? api.dirname(path) : path;
}

/** Inline code, S3 code, images and esbuild entry points. */
function codeLocation(def: FunctionDef, props: Record<string, Located>, resource: LNode, isServerless: boolean): void {
  if (props.PackageType?.value === 'Image') {
    markImage(def);
    return;
  }
  if (isServerless) {
    if (props.InlineCode) def.handlerInfo.inline = true;
    else if (props.CodeUri && def.codeRoot === undefined) def.handlerInfo.notLocal = `The code is at ${displayish(props.CodeUri.value)}.`;
    else if (typeof props.CodeUri?.value === 'string' && ARCHIVE.test(props.CodeUri.value.trim())) def.handlerInfo.archive = props.CodeUri.value.trim();
    const metadata = get(resource, 'Metadata');
    const build = toValue(metadata ?? { kind: 'scalar', range: resource.range, value: null }, (s) => s);
    if (isRecord(build) && build.BuildMethod === 'esbuild' && isRecord(build.BuildProperties)) {
      const eps = build.BuildProperties.EntryPoints;
      if (Array.isArray(eps) && typeof eps[0] === 'string') def.handlerInfo.entryPoint = eps[0];
    }
  } else {
    const code = props.Code?.value;
    if (isRecord(code) && code.ZipFile !== undefined) def.handlerInfo.inline = true;
    else if (isRecord(code) && code.ImageUri !== undefined) markImage(def);
    else if (isRecord(code) && code.S3Bucket !== undefined) def.handlerInfo.notLocal = 'The code is in S3 (Code.S3Bucket).';
    else if (typeof code === 'string') {
      def.codeRoot = localCodeFolder(pathApi(def.file).dirname(def.file), code);
      if (ARCHIVE.test(code.trim())) def.handlerInfo.archive = code.trim();
    }
  }
}

function displayish(v: Value): string {
  return isUnresolved(v) ? v.expr : typeof v === 'string' ? v : JSON.stringify(v);
}

function parseSamEvent(name: string, keyRange: Located['range'], node: LNode, cfn: IntrinsicResolver): Trigger {
  const typeNode = get(node, 'Type');
  const sourceType = typeNode?.kind === 'scalar' ? String(typeNode.value) : '';
  const type: TriggerType = samEventTypes[sourceType] ?? 'other';
  return {
    type,
    sourceType,
    name,
    range: { start: keyRange.start, end: node.range.end },
    typeRange: typeNode?.range ?? keyRange,
    config: cfn.entries(get(node, 'Properties')),
  };
}
