// AWS's SAM translator as the oracle of the model for SAM templates (issue 17). For every template of the
// corpus with `Transform: AWS::Serverless-2016-10-31` (and the pinned cases of test/fixtures/sam-translator),
// samtranslator (the Python package behind `sam validate`/`sam deploy` and cfn-lint; `pip install
// aws-sam-translator`, not installed by this bench: only the npm registry is reached from here) writes the
// CloudFormation it deploys; `serverless-workbench list --json` says what the model shows. Compared per
// function (the translator's `AWS::Lambda::Function` resources, matched by logical id): FunctionName, Runtime,
// Handler, MemorySize, Timeout (unset = Lambda's 128 MB / 3 s) and the trigger types of the resources that
// invoke the function. Intrinsics the translator leaves to CloudFormation are evaluated here the way
// CloudFormation does with every parameter at its default; a value that needs the stack (pseudo parameters,
// attributes of other resources) is unknown, and the model agrees when it shows no concrete value for it.
// Plain CloudFormation templates with an `AWS::Lambda::Function` are compared as written. Also listed: functions
// without a trigger that some other resource names (a safety net for invokers the bench does not classify),
// and modelled templates with functions that CloudFormation would not read (no transform).
//
//   node --import tsx bench/samOracle.ts [--corpus DIR]... [--only SUBSTRING]
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, relative } from 'node:path';
import type { TriggerType } from '../src/model/types';
import { cfnFunctions, referencedIds } from './_cfnFunctions';
import type { ModelProject } from './_oracle';
import { defaultCorpora, modelProjects, oracleArgs } from './_oracle';
import { machine } from './_stats';

const root = join(__dirname, '..');
/** What Lambda deploys for an unset MemorySize / Timeout. */
const defaults = { memorySize: 128, timeout: 3 };
const fields = ['deployedName', 'runtime', 'handler', 'memorySize', 'timeout', 'triggers'] as const;
type Field = (typeof fields)[number];

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
interface Resource {
  Type?: string;
  Properties?: Record<string, Json>;
}
interface Template {
  Parameters?: Record<string, { Default?: Json; Type?: string }>;
  Mappings?: Record<string, Record<string, Record<string, Json>>>;
  Conditions?: Record<string, Json>;
  Resources?: Record<string, Resource>;
}
interface Translated {
  file: string;
  ok: boolean;
  /** Translated from SAM (else a plain CloudFormation template, read as written). */
  sam?: boolean;
  error?: string;
  template?: Template;
}

/** A value CloudFormation knows only when the stack exists. */
const UNKNOWN = Symbol('unknown');
type Evaluated = Json | typeof UNKNOWN;

/** Resource types that name a function without invoking it (what a function named only by them has no trigger from). */
const notInvokers = new Set([
  'AWS::Lambda::Function', 'AWS::Lambda::Version', 'AWS::Lambda::Alias', 'AWS::Lambda::LayerVersionPermission',
  'AWS::Lambda::EventInvokeConfig', 'AWS::IAM::Role', 'AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::Logs::LogGroup',
  'AWS::CloudWatch::Alarm', 'AWS::CloudWatch::Dashboard', 'AWS::SSM::Parameter',
]);

/**
 * The templates CloudFormation deploys functions from: SAM templates (the transform), and plain CloudFormation
 * templates with an `AWS::Lambda::Function` (deployed as written: no translation). serverless.yml files, which
 * may hold CloudFormation under `resources`, are the framework oracle's.
 */
function findTemplates(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && !e.name.startsWith('.')) findTemplates(p, out);
    } else if (/\.(ya?ml|json|template)$/.test(e.name) && !/^package(-lock)?\.json$/.test(e.name) && !/^serverless\.ya?ml$/.test(e.name)) {
      const text = readFileSync(p, 'utf8').slice(0, 200_000);
      const cloudFormation = /AWS::Lambda::Function/.test(text) && /(^Resources\s*:|"Resources"\s*:|^AWSTemplateFormatVersion)/m.test(text);
      if (/AWS::Serverless-2016-10-31/.test(text) || cloudFormation) out.push(p);
    }
  }
  return out.sort();
}

/** CloudFormation's evaluation of the intrinsics the translator leaves in place, parameters at their defaults. */
class Evaluator {
  constructor(private readonly t: Template) {}

  value(v: Json): Evaluated {
    if (Array.isArray(v)) {
      const items = v.map((x) => this.value(x));
      return items.includes(UNKNOWN) ? UNKNOWN : (items as Json[]);
    }
    if (v === null || typeof v !== 'object') return v;
    const keys = Object.keys(v);
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::') || keys[0] === 'Condition')) return this.intrinsic(keys[0], v[keys[0]]);
    const out: Record<string, Json> = {};
    for (const k of keys) {
      const x = this.value(v[k]);
      if (x === UNKNOWN) return UNKNOWN;
      out[k] = x;
    }
    return out;
  }

  private ref(name: string): Evaluated {
    const p = this.t.Parameters?.[name];
    if (p) {
      if (p.Default === undefined || p.Default === null) return UNKNOWN;
      // Parameters are strings to CloudFormation; a Number parameter reaches a property as its text.
      return typeof p.Default === 'number' ? String(p.Default) : p.Default;
    }
    return UNKNOWN;
  }

  private intrinsic(name: string, arg: Json): Evaluated {
    switch (name) {
      case 'Ref':
        return typeof arg === 'string' ? this.ref(arg) : UNKNOWN;
      case 'Fn::Sub': {
        const [text, vars] = Array.isArray(arg) ? [arg[0], (arg[1] ?? {}) as Record<string, Json>] : [arg, {} as Record<string, Json>];
        if (typeof text !== 'string') return UNKNOWN;
        let unknown = false;
        const out = text.replace(/\$\{(!?)([^}]*)\}/g, (whole, bang: string, body: string) => {
          if (bang) return `\${${body}}`;
          const v = body in vars ? this.value(vars[body]) : body.includes('.') ? UNKNOWN : this.ref(body.trim());
          if (v === UNKNOWN || (v !== null && typeof v === 'object')) {
            unknown = true;
            return whole;
          }
          return String(v);
        });
        return unknown ? UNKNOWN : out;
      }
      case 'Fn::Join': {
        if (!Array.isArray(arg) || typeof arg[0] !== 'string') return UNKNOWN;
        const list = this.value(arg[1]);
        if (list === UNKNOWN || !Array.isArray(list)) return UNKNOWN;
        return list.map(String).join(arg[0]);
      }
      case 'Fn::Select': {
        if (!Array.isArray(arg)) return UNKNOWN;
        const i = this.value(arg[0]);
        const list = this.value(arg[1]);
        return list !== UNKNOWN && Array.isArray(list) && i !== UNKNOWN ? (list[Number(i)] ?? UNKNOWN) : UNKNOWN;
      }
      case 'Fn::Split': {
        if (!Array.isArray(arg) || typeof arg[0] !== 'string') return UNKNOWN;
        const s = this.value(arg[1]);
        return typeof s === 'string' ? s.split(arg[0]) : UNKNOWN;
      }
      case 'Fn::FindInMap': {
        if (!Array.isArray(arg)) return UNKNOWN;
        const [m, k1, k2] = arg.slice(0, 3).map((x) => this.value(x));
        if ([m, k1, k2].includes(UNKNOWN)) return UNKNOWN;
        const found = this.t.Mappings?.[String(m)]?.[String(k1)]?.[String(k2)];
        return found === undefined ? UNKNOWN : this.value(found);
      }
      case 'Fn::If': {
        if (!Array.isArray(arg) || typeof arg[0] !== 'string') return UNKNOWN;
        const c = this.condition(arg[0], new Set());
        if (c === UNKNOWN) return UNKNOWN;
        const chosen = c ? arg[1] : arg[2];
        // AWS::NoValue removes the property: unset.
        const noValue = chosen !== null && typeof chosen === 'object' && !Array.isArray(chosen) && chosen.Ref === 'AWS::NoValue';
        return noValue ? null : this.value(chosen);
      }
      case 'Fn::Equals': {
        if (!Array.isArray(arg)) return UNKNOWN;
        const [a, b] = arg.map((x) => this.value(x));
        return a === UNKNOWN || b === UNKNOWN ? UNKNOWN : JSON.stringify(a) === JSON.stringify(b);
      }
      case 'Fn::Not':
      case 'Fn::And':
      case 'Fn::Or': {
        if (!Array.isArray(arg)) return UNKNOWN;
        const vs = arg.map((x) => this.value(x));
        if (vs.includes(UNKNOWN)) return UNKNOWN;
        if (name === 'Fn::Not') return !vs[0];
        return name === 'Fn::And' ? vs.every(Boolean) : vs.some(Boolean);
      }
      case 'Condition':
        return typeof arg === 'string' ? this.condition(arg, new Set()) : UNKNOWN;
      default:
        // Fn::GetAtt, Fn::ImportValue, Fn::GetAZs, Fn::Base64 of unknowns, …: the stack decides.
        return UNKNOWN;
    }
  }

  private condition(name: string, seen: Set<string>): Evaluated {
    if (seen.has(name)) return UNKNOWN;
    seen.add(name);
    const c = this.t.Conditions?.[name];
    return c === undefined ? UNKNOWN : this.value(c);
  }
}

/** What a Pipe's source is: by its source parameters, its ARN or the resource it refers to. */
function pipeSourceType(source: unknown, parameters: unknown, resources: Record<string, Resource>): TriggerType {
  const byParameters: Record<string, TriggerType> = {
    SqsQueueParameters: 'sqs',
    KinesisStreamParameters: 'kinesis',
    DynamoDBStreamParameters: 'dynamodb',
    ManagedStreamingKafkaParameters: 'kafka',
    SelfManagedKafkaParameters: 'kafka',
    ActiveMQBrokerParameters: 'mq',
    RabbitMQBrokerParameters: 'mq',
  };
  for (const key of Object.keys(parameters !== null && typeof parameters === 'object' ? parameters : {})) if (byParameters[key]) return byParameters[key];
  const text = JSON.stringify(source ?? '');
  for (const [needle, type] of [[':sqs:', 'sqs'], [':kinesis:', 'kinesis'], [':dynamodb:', 'dynamodb'], [':kafka:', 'kafka'], [':mq:', 'mq']] as const) if (text.includes(needle)) return type;
  for (const ref of referencedIds(source)) {
    const t = resources[ref]?.Type ?? '';
    if (t === 'AWS::SQS::Queue') return 'sqs';
    if (t.startsWith('AWS::Kinesis::')) return 'kinesis';
    if (t.startsWith('AWS::DynamoDB::')) return 'dynamodb';
    if (t.startsWith('AWS::MSK::')) return 'kafka';
    if (t === 'AWS::AmazonMQ::Broker') return 'mq';
  }
  return 'other';
}

/**
 * Trigger types of the resources that invoke a function which `cfnFunctions` does not read (it reads the
 * CloudFormation the Serverless Framework writes): the permissions SAM writes for its APIs, state machines that name a function by its deployed name,
 * Lambda destinations, AppSync data sources, IoT authorizers, S3 Object Lambda access points, VPC Lattice
 * target groups, custom resources (CloudFormation invokes their ServiceToken), EventBridge Pipes (target or enrichment, with
 * the source's records), Firehose processors, SES receipt rules and account-wide log subscriptions.
 */
function samTriggers(template: Template, fnIds: Set<string>, ev: Evaluator): Map<string, Set<TriggerType>> {
  const resources = template.Resources ?? {};
  const byDeployedName = new Map<string, string>();
  for (const id of fnIds) {
    const name = ev.value(resources[id].Properties?.FunctionName ?? null);
    if (typeof name === 'string') byDeployedName.set(name, id);
  }
  const out = new Map<string, Set<TriggerType>>();
  const add = (value: unknown, type: TriggerType): void => {
    for (const ref of referencedIds(value)) {
      const owner = fnIds.has(ref) ? ref : ownerOf(ref);
      if (owner) (out.get(owner) ?? out.set(owner, new Set()).get(owner)!).add(type);
    }
  };
  const ownerOf = (id: string): string | undefined => {
    const r = resources[id];
    if (r?.Type !== 'AWS::Lambda::Version' && r?.Type !== 'AWS::Lambda::Alias') return undefined;
    return [...referencedIds(r.Properties?.FunctionName)].find((x) => fnIds.has(x));
  };
  const apiType = (value: unknown): TriggerType | undefined => {
    for (const ref of referencedIds(value)) {
      const r = resources[ref];
      if (r?.Type === 'AWS::ApiGateway::RestApi') return 'http';
      if (r?.Type === 'AWS::ApiGatewayV2::Api') return r.Properties?.ProtocolType === 'WEBSOCKET' ? 'websocket' : 'httpApi';
    }
    return undefined;
  };
  for (const r of Object.values(resources)) {
    const p = r.Properties ?? {};
    switch (r.Type) {
      case 'AWS::Lambda::Permission': {
        const principal = typeof p.Principal === 'string' ? p.Principal : '';
        if (principal === 'apigateway.amazonaws.com') {
          const type = apiType(p.SourceArn);
          if (type) add(p.FunctionName, type);
        }
        break;
      }
      case 'AWS::Pipes::Pipe': {
        const type = pipeSourceType(p.Source, p.SourceParameters, resources);
        add(p.Target, type);
        add(p.Enrichment, type);
        break;
      }
      case 'AWS::StepFunctions::StateMachine': {
        // Task states that name a function by reference are read by `cfnFunctions`; these name it by deployed name / ARN.
        const definition = [p.Definition, p.DefinitionString, p.DefinitionSubstitutions];
        const text = JSON.stringify(definition.map((d) => ev.value(d ?? null)).filter((d) => d !== UNKNOWN));
        for (const [name, id] of byDeployedName) if (new RegExp(`(:function:|FunctionName\\\\?"\\s*:\\s*\\\\?")${name}\\b`).test(text)) add({ Ref: id }, 'other');
        break;
      }
      case 'AWS::Lambda::EventInvokeConfig':
        add(p.DestinationConfig, 'other');
        break;
      case 'AWS::AppSync::DataSource':
        add(p.LambdaConfig, 'other');
        break;
      case 'AWS::IoT::Authorizer':
        add(p.AuthorizerFunctionArn, 'other');
        break;
      case 'AWS::S3ObjectLambda::AccessPoint':
        add(p.ObjectLambdaConfiguration, 'other');
        break;
      case 'AWS::VpcLattice::TargetGroup':
        if (p.Type === 'LAMBDA') add(p.Targets, 'other');
        break;
      case 'AWS::KinesisFirehose::DeliveryStream':
      case 'AWS::SES::ReceiptRule':
        add(p, 'other');
        break;
      case 'AWS::Logs::AccountPolicy': {
        // The subscription's destination is in the policy document, as an ARN with the function's name.
        const doc = ev.value(p.PolicyDocument ?? null);
        const name = typeof doc === 'string' ? /:function:([\w-]+)/.exec(doc)?.[1] : undefined;
        // A name from a parameter without a default: the function named by the same parameter.
        const param = /:function:\$\{([\w:]+)\}/.exec(JSON.stringify(p.PolicyDocument ?? ''))?.[1];
        const id = name ? byDeployedName.get(name) : param ? [...fnIds].find((f) => JSON.stringify(resources[f].Properties?.FunctionName) === JSON.stringify({ Ref: param })) : undefined;
        if (id) add({ Ref: id }, 'cloudwatchLog');
        break;
      }
      default:
        if (r.Type === 'AWS::CloudFormation::CustomResource' || r.Type?.startsWith('Custom::')) add(p.ServiceToken, 'other');
        break;
    }
  }
  return out;
}

function translate(templates: string[]): Translated[] {
  const r = spawnSync('python3', [join(__dirname, 'samTranslate.py')], { input: templates.join('\n'), encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  if (r.status !== 0 || /No module named/.test(r.stderr)) {
    throw new Error(`samtranslator did not run (python3 with aws-sam-translator is needed): ${r.stderr.trim().split('\n').slice(-1)[0] ?? r.status}`);
  }
  return r.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Translated);
}

function translatorVersion(): string {
  const r = spawnSync('python3', ['-c', 'import samtranslator; print(samtranslator.__version__)'], { encoding: 'utf8' });
  return r.status === 0 ? `samtranslator ${r.stdout.trim()}` : 'samtranslator (not found)';
}

/** A model value that claims nothing concrete: unset, or an expression it could not resolve. */
function unresolvedInModel(v: unknown): boolean {
  return v === null || (typeof v === 'string' && (v.startsWith('!') || v.includes('${') || v.startsWith('{')));
}

function agrees(field: Field, model: unknown, oracle: Evaluated): boolean {
  if (oracle === UNKNOWN) return unresolvedInModel(model);
  if (field === 'memorySize' || field === 'timeout') return model !== null && oracle !== null && Number(model) === Number(oracle);
  return model === oracle;
}

function show(v: Evaluated): string {
  return v === UNKNOWN ? '(unknown until deployed)' : JSON.stringify(v);
}

function compareGroup(label: string, dirs: string[], templates: string[], translated: Map<string, Translated>, model: Map<string, ModelProject>): void {
  const agree = Object.fromEntries(fields.map((f) => [f, 0])) as Record<Field, number>;
  const disagreements: string[] = [];
  const failures: string[] = [];
  /** Functions the model shows without a trigger while a resource of the template names them (for review). */
  const namedWithoutTrigger: string[] = [];
  let compared = 0;
  let missing = 0;
  let extra = 0;
  let sam = 0;
  for (const file of templates) {
    const rel = relative(root, file);
    const project = model.get(file);
    const out = translated.get(file);
    if (!out?.ok || !out.template) {
      failures.push(`${rel}: ${out?.error ?? 'not translated'} (model: ${project?.functions.map((f) => f.name).join(', ') || 'no functions'})`);
      continue;
    }
    const template = out.template;
    if (out.sam) sam++;
    const ev = new Evaluator(template);
    const fns = cfnFunctions(template as Parameters<typeof cfnFunctions>[0]);
    const extraTriggers = samTriggers(template, new Set(fns.keys()), ev);
    const byName = new Map((project?.functions ?? []).map((f) => [f.name, f]));
    for (const [id] of fns) {
      const props = template.Resources![id].Properties ?? {};
      const fn = byName.get(id);
      if (!fn) {
        missing++;
        disagreements.push(`${rel}: ${id} is deployed but missing from the model`);
        continue;
      }
      compared++;
      const triggers = [...new Set([...fns.get(id)!.triggers, ...(extraTriggers.get(id) ?? [])])].sort().join(',');
      const oracle: Record<Field, Evaluated> = {
        deployedName: props.FunctionName === undefined ? null : ev.value(props.FunctionName),
        runtime: props.Runtime === undefined ? null : ev.value(props.Runtime),
        handler: props.Handler === undefined ? null : ev.value(props.Handler),
        memorySize: props.MemorySize === undefined ? defaults.memorySize : ev.value(props.MemorySize),
        timeout: props.Timeout === undefined ? defaults.timeout : ev.value(props.Timeout),
        triggers,
      };
      const modelValues: Record<Field, unknown> = {
        deployedName: fn.deployedName,
        runtime: fn.runtime,
        handler: fn.handler,
        memorySize: fn.memorySize,
        timeout: fn.timeout,
        triggers: [...new Set(fn.triggers.map((t) => t.type))].sort().join(','),
      };
      if (fn.triggers.length === 0) {
        const namers = namedBy(template, id);
        if (namers.length) namedWithoutTrigger.push(`${rel}: ${fn.name}, named by ${namers.join(', ')}`);
      }
      for (const field of fields) {
        // A property CloudFormation drops (!If … AWS::NoValue) is unset: Lambda's default.
        let o = oracle[field];
        if (o === null && (field === 'memorySize' || field === 'timeout')) o = defaults[field];
        if (agrees(field, modelValues[field], o)) agree[field]++;
        else disagreements.push(`${rel}: ${fn.name} ${field}: model ${JSON.stringify(modelValues[field])}, translator ${show(o)}`);
      }
    }
    for (const f of project?.functions ?? []) {
      if (!fns.has(f.name)) {
        extra++;
        disagreements.push(`${rel}: ${f.name} is in the model but not in the translator's output`);
      }
    }
  }
  const total = compared + missing;
  console.log(`\n### ${label}`);
  console.log(`Templates: ${templates.length} (${sam} SAM, ${templates.length - failures.length - sam} plain CloudFormation; ${failures.length} the translator rejects); functions the translator writes: ${total}`);
  console.log('| Field | Agree | Functions | Agreement |');
  console.log('|---|---:|---:|---:|');
  for (const field of fields) console.log(`| ${field} | ${agree[field]} | ${total} | ${total ? ((100 * agree[field]) / total).toFixed(2) : '-'} % ${total && agree[field] / total >= 0.999 ? '✓' : '✗'} |`);
  console.log(`| missing from the model | ${missing} | | |`);
  console.log(`| in the model, not written by the translator | ${extra} | | |`);
  if (disagreements.length) console.log(`\nDisagreements:\n${disagreements.map((d) => `- ${d}`).join('\n')}`);
  if (failures.length) console.log(`\nThe translator rejects:\n${failures.map((d) => `- ${d}`).join('\n')}`);
  if (namedWithoutTrigger.length) {
    console.log(`\nNo trigger in the model (the translator's output agrees), but a resource other than a role, log group or alarm names the function (review):`);
    console.log(namedWithoutTrigger.map((d) => `- ${d}`).join('\n'));
  }
  const read = new Set(templates);
  const inGroup = (file: string): boolean => dirs.some((d) => !relative(d, file).startsWith('..'));
  const unread = [...model.entries()].filter(([file, p]) => (p.kind === 'sam' || p.kind === 'cloudformation') && p.functions.length && !read.has(file) && inGroup(file));
  if (unread.length) console.log(`\nModelled templates with functions that the oracle does not read (not compared):\n${unread.map(([, p]) => `- ${p.file}: ${p.functions.map((f) => f.name).join(', ')}`).join('\n')}`);
}

/**
 * What names a function in a template without being one of the triggers the oracle reads: permissions (by
 * principal) and any other resource that refers to it, except the types in `notInvokers`.
 */
function namedBy(template: Template, fnId: string): string[] {
  const out = new Set<string>();
  for (const [id, r] of Object.entries(template.Resources ?? {})) {
    if (id === fnId || !r.Type || notInvokers.has(r.Type)) continue;
    const p = r.Properties ?? {};
    if (r.Type === 'AWS::Lambda::Permission') {
      if (referencedIds(p.FunctionName).has(fnId)) out.add(`a permission for ${typeof p.Principal === 'string' ? p.Principal : 'a principal'}`);
    } else if (referencedIds(p).has(fnId)) out.add(r.Type);
  }
  return [...out].sort();
}

function main(): void {
  const { corpora: given, only } = oracleArgs();
  const groups: Array<[string, string[]]> = given.length
    ? [['Given folders', given]]
    : [
        ['Corpus', defaultCorpora(root)],
        ['Pinned cases (test/fixtures/sam-translator)', [join(root, 'test', 'fixtures', 'sam-translator')]],
      ];
  const templatesOf = (dirs: string[]): string[] => dirs.flatMap((d) => findTemplates(d)).filter((t) => !only || t.includes(only));
  const all = groups.flatMap(([, dirs]) => templatesOf(dirs));
  const started = Date.now();
  const translated = new Map(translate(all).map((t) => [t.file, t]));
  const model = modelProjects(root, groups.flatMap(([, dirs]) => dirs));
  console.log(`Machine: ${machine()}, load average ${loadavg()[0].toFixed(1)}; ${translatorVersion()}`);
  for (const [label, dirs] of groups) compareGroup(label, dirs, templatesOf(dirs), translated, model);
  console.log(`\n${((Date.now() - started) / 1000).toFixed(0)} s`);
}

try {
  main();
} catch (err: unknown) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}
