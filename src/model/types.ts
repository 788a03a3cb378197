import type { Finding } from '../shared/finding';
import type { SourcePosition, SourceRange } from '../shared/range';
import type { DefaultedSetting } from './defaults';
import type { LNode } from './yamlTree';
import type { SamConfig } from './samConfig';

/** The trigger vocabulary shared by every feature and the CLI (see architecture.md). */
export const triggerTypes = [
  'http', 'httpApi', 'websocket', 'alb', 'functionUrl', 'schedule', 's3', 'sqs', 'sns', 'dynamodb', 'kinesis',
  'eventbridge', 'iot', 'cognito', 'cloudwatchLog', 'kafka', 'mq', 'alexa', 'queue', 'blob', 'serviceBus',
  'eventHub', 'cosmosDB', 'eventGrid', 'other',
] as const;
export type TriggerType = (typeof triggerTypes)[number];

/**
 * A value that could not be resolved statically: a `${ssm:…}` variable, an intrinsic function such as
 * `!Ref Bucket`, or an expression that refers to them. Shown as its expression; never an error by itself.
 */
export interface Unresolved {
  unresolved: true;
  /** The expression as written, e.g. `${ssm:/app/key}` or `!GetAtt Queue.Arn`. */
  expr: string;
}

/** A configuration value after static resolution. Objects and lists are kept as plain data. */
export type Value = string | number | boolean | null | Unresolved | Value[] | { [key: string]: Value };

/** A value together with where it was written. */
export interface Located<T = Value> {
  value: T;
  range: SourceRange;
  /**
   * The file `range` is in, when it is not the file of the function the value belongs to: a `provider` setting
   * of serverless.yml applied to a function listed from an included file (`functions: ${file(fns.yml)}`).
   */
  file?: string;
}

export type ProjectKind = 'serverless-framework' | 'sam' | 'cloudformation' | 'azure-functions';

/** How the handler of a function was resolved to a file and an export. */
export interface HandlerInfo {
  /** Absolute path of the handler's source file, when found. */
  file?: string;
  /** The files that were tried, in order (for "handler file not found" messages). */
  candidates: string[];
  /** The export (Node) or function (Python) the handler names. */
  exportName?: string;
  /** true/false when a static scan could tell; undefined when it cannot be known (re-exports, dynamic code). */
  exportFound?: boolean;
  /** Module system of a Node handler: from the extension, else the nearest package.json `type`. */
  moduleType?: 'esm' | 'cjs';
  /** 0-based line of the export in `file`, when found. */
  exportLine?: number;
  /** SAM esbuild `EntryPoints[0]` or Azure `scriptFile`: the source file, relative to the code root. */
  entryPoint?: string;
  /** Azure: entry files tried when function.json names no `scriptFile`. */
  defaultEntries?: string[];
  /** The code lives in the template (SAM `InlineCode`, CloudFormation `ZipFile`). */
  inline?: boolean;
  /**
   * The code location is a build archive (`CodeUri: target/app.zip`): the handler is looked for beside it,
   * but when its source is not there, nothing is missing (the archive is built elsewhere).
   */
  archive?: string;
  /** Why no file is expected: compiled runtimes (Go, Java, .NET), S3 code locations, images. */
  notLocal?: string;
  /** The code is a container image (`PackageType: Image`, Serverless Framework `image:`). */
  image?: boolean;
  /** End of the handler file's text (where a fix appends an export stub). */
  fileEnd?: SourcePosition;
  /** The handler file's lines end with CRLF (a fix writes the same). */
  crlf?: boolean;
  /**
   * The handler file's path below the code root as it is on disk, when it differs in case from the path the config
   * names (found only because this file system ignores case; Lambda's does not).
   */
  caseOnDisk?: { named: string; onDisk: string };
}

/** One function of a project. Every feature (tree, validation, events, invoke, logs) reads this. */
export interface FunctionDef {
  /** Stable id: `<project file>#<name>`. */
  id: string;
  /** The file the function is defined in (the project's config, or an Azure function.json / source file). */
  file: string;
  /** Logical name: Serverless Framework key, SAM/CloudFormation logical id, Azure function folder. */
  name: string;
  /** The name the function has in the cloud, when it can be known statically. */
  deployedName?: string;
  /**
   * When the deployed name depends on a value that cannot be known statically (a stage read from an absent
   * file, `${ssm:…}` in `name`): the name as an expression, e.g. `shop-${self:custom.secrets.NODE_ENV}-hello`.
   * Shown instead of a name; never used to call AWS.
   */
  deployedNameExpr?: string;
  runtime?: Located;
  handler?: Located;
  /** Folder the handler path is relative to (SAM CodeUri, Serverless service folder, Azure function folder). */
  codeRoot?: string;
  handlerInfo: HandlerInfo;
  memorySize?: Located;
  timeout?: Located;
  /**
   * Settings the config leaves unset, whose value above is the platform default (Serverless Framework
   * 1024 MB / 6 s, SAM and CloudFormation 128 MB / 3 s), located at the function's key.
   */
  defaults?: DefaultedSetting[];
  ephemeralStorage?: Located;
  architecture?: Located;
  environment: Record<string, Located>;
  /** Lambda layers, in the order Lambda extracts them (later ones overwrite earlier files). */
  layers?: LayerRef[];
  /** CloudWatch log group: LoggingConfig.LogGroup / `logs` setting, else `/aws/lambda/<deployed name>`. */
  logGroup?: string;
  triggers: Trigger[];
  /** The range of the function's key (its name in the config). */
  keyRange: SourceRange;
  /** The whole definition. */
  range: SourceRange;
  /** The raw (resolved) properties of the function, for rules that need more than the fields above. */
  properties: Record<string, Located>;
}

/** A layer in a function's `layers`/`Layers` list. */
export interface LayerRef {
  /** As written: an ARN, `!Ref HelperLayer`, `{"Ref":"CommonLambdaLayer"}`. */
  ref: string;
  /** Logical id of a layer the same config defines (SAM/CloudFormation resource, Serverless `layers:` entry). */
  name?: string;
  /** Absolute folder of the layer's content, when the config builds it from a local path. */
  contentDir?: string;
  /** SAM `Metadata.BuildMethod` (`nodejs22.x`, `python3.12`, `makefile`): the folder holds what the build installs from. */
  buildMethod?: string;
  range: SourceRange;
}

/** One trigger (event source) of a function. */
export interface Trigger {
  type: TriggerType;
  /** The type as written in the config (`cloudwatchEvent`, `Schedule`, `queueTrigger`, …). */
  sourceType: string;
  /** The list item (Serverless Framework) or event key (SAM, Azure binding). */
  range: SourceRange;
  /** The range of the type name as written (for "did you mean" fixes). */
  typeRange: SourceRange;
  /** SAM event logical id, Azure binding name. */
  name?: string;
  config: Record<string, Located>;
  /**
   * Set when a separate resource wires the trigger (an event source mapping, a rule target, a subscription,
   * …) instead of the function's own events; `sourceType` is then the resource type, `name` its logical id,
   * and `config` uses the resource's property names plus SAM's event names where they differ (see
   * resourceWiring.ts).
   */
  wiring?: { logicalId: string; resourceType: string };
  /**
   * The file `range` is in, when it is not the function's file: a resource of serverless.yml wiring a
   * function listed from an included file. Its `config` values carry the same `file`.
   */
  file?: string;
}

/** One configuration file and the functions it defines. */
export interface Project {
  kind: ProjectKind;
  /** Absolute path of the config file (`serverless.yml`, `template.yaml`, `host.json`). */
  file: string;
  /** Folder of the project. */
  root: string;
  service?: string;
  /** The stage, when it can be known statically (Serverless Framework: `provider.stage`, else `dev`). */
  stage?: string;
  /** When the stage is written but cannot be known statically: its expression (`${self:custom.secrets.NODE_ENV}`). */
  stageExpr?: string;
  region?: string;
  profile?: string;
  functions: FunctionDef[];
  /** Parse problems and notes; the model never throws. */
  findings: Finding[];
  /** Set when the config cannot be read statically (`serverless.ts`, `serverless.js`). */
  note?: string;
  /**
   * Files this project was built from besides `file`: Azure `function.json` files; the files a serverless.yml
   * includes with `${file(…)}` (also those that do not exist yet, so creating one re-models the project).
   */
  files: string[];
  /** The located tree of `file` (Serverless Framework, SAM/CloudFormation), for rules that need raw nodes. */
  tree?: LNode;
  /** Azure Functions apps: what host.json and local.settings.json say about the whole app. */
  azure?: AzureAppInfo;
  /** SAM/CloudFormation: the project's samconfig file (stack name, region, profile, parameter overrides per environment). */
  samconfig?: SamConfig;
}

/** App-wide settings of an Azure Functions app, read from host.json (ranges there) and local.settings.json. */
export interface AzureAppInfo {
  /** host.json `functionTimeout` (`hh:mm:ss`), when set. */
  functionTimeout?: Located;
  /** host.json `logging.logLevel.default` (`Information`, `Warning`, …), when set. */
  logLevel?: string;
  /** host.json `extensions.http.routePrefix`, when set (the host's default is `api`). */
  routePrefix?: string;
  /** local.settings.json `Values.FUNCTIONS_WORKER_RUNTIME` (`node`, `dotnet-isolated`, `python`, …). */
  workerRuntime?: string;
  /**
   * The Node programming model the app's functions use: `v3` (function.json + module.exports), `v4`
   * (`app.http(…)` in code), `mixed` (both: the Functions host then ignores every function.json), or undefined
   * when the app has no Node functions.
   */
  nodeModel?: 'v3' | 'v4' | 'mixed';
}

/** The programming model of one Azure function: from a function.json (v3 and script languages), code (Node v4), or compiled (.NET). */
export function azureModelOf(fn: FunctionDef): 'function.json' | 'node-v4' | 'dotnet' {
  if (fn.file.endsWith('function.json')) return 'function.json';
  if (fn.file.endsWith('.cs')) return 'dotnet';
  return 'node-v4';
}

export function isUnresolved(value: unknown): value is Unresolved {
  return typeof value === 'object' && value !== null && (value as Unresolved).unresolved === true;
}

/** How a value is shown to a person: unresolved values as their expression. */
export function displayValue(value: Value | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value === null) return 'null';
  if (isUnresolved(value)) return value.expr;
  if (typeof value === 'object') return JSON.stringify(toPlain(value));
  return String(value);
}

/** Converts a Value to plain JSON, unresolved values becoming their expression string. */
export function toPlain(value: Value): unknown {
  if (isUnresolved(value)) return value.expr;
  if (Array.isArray(value)) return value.map(toPlain);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toPlain(v);
    return out;
  }
  return value;
}
