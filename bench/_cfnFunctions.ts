import type { TriggerType } from '../src/model/types';

/**
 * Reads the functions and their event sources out of a CloudFormation template a framework wrote (the
 * oracle side of the framework benches): each `AWS::Lambda::Function` with its settings, and the trigger
 * types of the resources that invoke it, found by the references those resources hold to the function.
 */
export interface CfnFunction {
  logicalId: string;
  functionName?: string;
  runtime?: string;
  handler?: string;
  /** `Image` for container-image functions (no Runtime, no Handler). */
  packageType?: string;
  /** Numbers, or what was written when it is not one (v3 passes `"1536MB"` through). */
  memorySize?: number | string;
  timeout?: number | string;
  triggers: Set<TriggerType>;
}

interface Resource {
  Type?: string;
  Properties?: Record<string, unknown>;
}

/** `Ref`, `Fn::GetAtt` and `${X.Arn}` inside `Fn::Sub` strings: the logical ids a value refers to. */
export function referencedIds(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const v of value) referencedIds(v, out);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (k === 'Ref' && typeof v === 'string') out.add(v);
      else if (k === 'Fn::GetAtt') {
        const id = Array.isArray(v) ? v[0] : typeof v === 'string' ? v.split('.')[0] : undefined;
        if (typeof id === 'string') out.add(id);
      } else if (k === 'Fn::Sub') {
        const text = Array.isArray(v) ? v[0] : v;
        if (typeof text === 'string') for (const m of text.matchAll(/\$\{([A-Za-z0-9]+)(?:\.[A-Za-z.]+)?\}/g)) out.add(m[1]);
        referencedIds(v, out);
      } else referencedIds(v, out);
    }
  }
  return out;
}

const mappingKinds: Array<[RegExp, TriggerType]> = [
  [/EventSourceMappingSQS/, 'sqs'],
  [/EventSourceMappingKinesis/, 'kinesis'],
  [/EventSourceMappingDynamodb/, 'dynamodb'],
  [/EventSourceMapping(MSK|Kafka)/, 'kafka'],
  [/EventSourceMapping(Activemq|Rabbitmq)/, 'mq'],
];

/** Trigger type of an `AWS::Lambda::EventSourceMapping`: by the framework's logical id, else by the source ARN. */
function mappingType(id: string, props: Record<string, unknown>, resources: Record<string, Resource>): TriggerType {
  for (const [re, type] of mappingKinds) if (re.test(id)) return type;
  const arn = JSON.stringify(props.EventSourceArn ?? '');
  for (const [needle, type] of [[':sqs:', 'sqs'], [':kinesis:', 'kinesis'], [':dynamodb:', 'dynamodb'], [':kafka:', 'kafka'], [':mq:', 'mq']] as const) if (arn.includes(needle)) return type;
  for (const ref of referencedIds(props.EventSourceArn)) {
    const t = resources[ref]?.Type;
    if (t === 'AWS::SQS::Queue') return 'sqs';
    if (t === 'AWS::Kinesis::Stream' || t === 'AWS::Kinesis::StreamConsumer') return 'kinesis';
    if (t === 'AWS::DynamoDB::Table') return 'dynamodb';
  }
  if (props.SelfManagedEventSource || props.Topics) return 'kafka';
  if (props.Queues) return 'mq';
  return 'other';
}

/** The functions of a template with the trigger types of the resources wired to them. */
export function cfnFunctions(template: { Resources?: Record<string, Resource> }): Map<string, CfnFunction> {
  const resources = template.Resources ?? {};
  const out = new Map<string, CfnFunction>();
  const byName = new Map<string, string>();
  for (const [id, r] of Object.entries(resources)) {
    if (r.Type !== 'AWS::Lambda::Function') continue;
    const p = r.Properties ?? {};
    const fn: CfnFunction = {
      logicalId: id,
      functionName: typeof p.FunctionName === 'string' ? p.FunctionName : undefined,
      runtime: typeof p.Runtime === 'string' ? p.Runtime : undefined,
      handler: typeof p.Handler === 'string' ? p.Handler : undefined,
      packageType: typeof p.PackageType === 'string' ? p.PackageType : undefined,
      memorySize: typeof p.MemorySize === 'number' || typeof p.MemorySize === 'string' ? p.MemorySize : undefined,
      timeout: typeof p.Timeout === 'number' || typeof p.Timeout === 'string' ? p.Timeout : undefined,
      triggers: new Set(),
    };
    out.set(id, fn);
    if (fn.functionName) byName.set(fn.functionName, id);
  }
  // Versions and aliases (provisioned concurrency, Lambda@Edge) stand for their function.
  const owner = new Map<string, string>([...out.keys()].map((k) => [k, k]));
  for (const [id, r] of Object.entries(resources)) {
    if (r.Type !== 'AWS::Lambda::Version' && r.Type !== 'AWS::Lambda::Alias') continue;
    for (const ref of referencedIds(r.Properties?.FunctionName)) if (out.has(ref)) owner.set(id, ref);
  }
  const mark = (value: unknown, type: TriggerType): void => {
    for (const ref of referencedIds(value)) {
      const fnId = owner.get(ref);
      if (fnId) out.get(fnId)!.triggers.add(type);
    }
  };
  const markByName = (name: unknown, type: TriggerType): void => {
    const id = typeof name === 'string' ? byName.get(name) : undefined;
    if (id) out.get(id)!.triggers.add(type);
    else mark(name, type);
  };
  for (const [id, r] of Object.entries(resources)) {
    const p = r.Properties ?? {};
    switch (r.Type) {
      case 'AWS::ApiGateway::Method':
        mark((p.Integration as Record<string, unknown> | undefined)?.Uri, 'http');
        break;
      case 'AWS::ApiGatewayV2::Integration': {
        const api = [...referencedIds(p.ApiId)].map((a) => resources[a]).find((a) => a?.Type === 'AWS::ApiGatewayV2::Api');
        mark(p.IntegrationUri, api?.Properties?.ProtocolType === 'WEBSOCKET' ? 'websocket' : 'httpApi');
        break;
      }
      case 'AWS::ApiGateway::Authorizer':
        mark(p.AuthorizerUri, 'http');
        break;
      case 'AWS::ApiGatewayV2::Authorizer': {
        const api = [...referencedIds(p.ApiId)].map((a) => resources[a]).find((a) => a?.Type === 'AWS::ApiGatewayV2::Api');
        mark(p.AuthorizerUri, api?.Properties?.ProtocolType === 'WEBSOCKET' ? 'websocket' : 'httpApi');
        break;
      }
      case 'AWS::Events::Rule':
        mark(p.Targets, p.ScheduleExpression ? 'schedule' : 'eventbridge');
        break;
      case 'AWS::Scheduler::Schedule':
        mark(p.Target, 'schedule');
        break;
      case 'AWS::S3::Bucket':
        mark((p.NotificationConfiguration as Record<string, unknown> | undefined)?.LambdaConfigurations, 's3');
        break;
      case 'AWS::SNS::Subscription':
        mark(p.Endpoint, 'sns');
        break;
      case 'AWS::SNS::Topic':
        mark(p.Subscription, 'sns');
        break;
      case 'AWS::Lambda::EventSourceMapping':
        mark(p.FunctionName, mappingType(id, p, resources));
        break;
      case 'AWS::ElasticLoadBalancingV2::TargetGroup':
        mark(p.Targets, 'alb');
        break;
      case 'AWS::Logs::SubscriptionFilter':
        mark(p.DestinationArn, 'cloudwatchLog');
        break;
      case 'AWS::IoT::TopicRule':
      case 'AWS::IoT::ProvisioningTemplate':
        mark(p, 'iot');
        break;
      case 'AWS::Cognito::UserPool':
        mark(p.LambdaConfig, 'cognito');
        break;
      case 'AWS::Lambda::Url':
        mark(p.TargetFunctionArn, 'functionUrl');
        break;
      case 'AWS::Lambda::Permission':
        if (typeof p.Principal === 'string' && p.Principal.startsWith('alexa-')) mark(p.FunctionName, 'alexa');
        break;
      case 'AWS::CloudFront::Distribution':
        mark(p, 'other');
        break;
      case 'AWS::StepFunctions::StateMachine':
        // Task states name a function by reference, also through `Fn::Sub` variables and DefinitionSubstitutions
        // (the serverless-step-functions plugin writes `DefinitionString` as an `Fn::Sub` over `Fn::GetAtt`s).
        mark([p.Definition, p.DefinitionString, p.DefinitionSubstitutions], 'other');
        break;
      case 'Custom::S3':
        markByName(p.FunctionName, 's3');
        break;
      case 'Custom::CognitoUserPool':
        markByName(p.FunctionName, 'cognito');
        break;
      case 'Custom::EventBridge':
        markByName(p.FunctionName, 'eventbridge');
        break;
      default:
        break;
    }
  }
  return out;
}

/** The logical id the Serverless Framework gives a function's `AWS::Lambda::Function` resource. */
export function sfFunctionLogicalId(key: string): string {
  const n = key.replace(/-/g, 'Dash').replace(/_/g, 'Underscore');
  return `${n.charAt(0).toUpperCase()}${n.slice(1)}LambdaFunction`;
}
