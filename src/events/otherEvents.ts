/** Schedules, EventBridge, IoT, Cognito user-pool triggers, CloudWatch Logs, SES, CloudFront, Alexa. */
import type * as zlibModule from 'node:zlib';
import type { Value } from '../model/types';
import { isUnresolved } from '../model/types';
import type { EventContext } from './eventContext';
import { configString, configValue, deployedName, isoTime, stringList, stringOf } from './eventContext';

function plain(v: Value): unknown {
  if (isUnresolved(v)) return v.expr;
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

type Zlib = typeof zlibModule;

/**
 * A schedule with a constant `input` delivers that input instead of the scheduled-event envelope,
 * so the sample is the input itself.
 */
function scheduleInput(ctx: EventContext): unknown {
  const input = configValue(ctx.trigger, 'input', 'Input');
  if (input === undefined || input === null) return undefined;
  if (typeof input === 'string') {
    try {
      return JSON.parse(input) as unknown;
    } catch {
      return input;
    }
  }
  return plain(input);
}

export function scheduledEvent(ctx: EventContext): object {
  const input = scheduleInput(ctx);
  if (input !== undefined && typeof input === 'object') return input as object;
  const rule = configString(ctx.trigger, 'name', 'Name') ?? `${deployedName(ctx)}-schedule`;
  return {
    version: '0',
    id: ctx.uuid('schedule'),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: ctx.accountId,
    time: isoTime(ctx),
    region: ctx.region,
    resources: [`arn:aws:events:${ctx.region}:${ctx.accountId}:rule/${rule}`],
    detail: {},
  };
}

/** A detail object that matches the pattern's `detail` filter: the first allowed value of each field. */
function sampleFromPattern(pattern: unknown): unknown {
  if (Array.isArray(pattern)) {
    const first = pattern.find((x) => typeof x !== 'object' || x === null) as unknown;
    if (first !== undefined) return first;
    // Content filters (`{prefix: "x"}`, `{numeric: [">", 0]}`): a value that satisfies the common ones.
    const filter = pattern[0] as Record<string, unknown> | undefined;
    if (filter && typeof filter.prefix === 'string') return `${filter.prefix}sample`;
    if (filter && Array.isArray(filter.numeric)) return Number(filter.numeric[1] ?? 0) + 1;
    return 'sample';
  }
  if (pattern && typeof pattern === 'object') {
    return Object.fromEntries(Object.entries(pattern as Record<string, unknown>).map(([k, v]) => [k, sampleFromPattern(v)]));
  }
  return pattern;
}

export function eventBridgeEvent(ctx: EventContext): object {
  // Serverless Framework `eventBridge: { schedule }` is a scheduled rule.
  if (configValue(ctx.trigger, 'schedule') !== undefined && configValue(ctx.trigger, 'pattern') === undefined) return scheduledEvent(ctx);
  const patternValue = configValue(ctx.trigger, 'pattern', 'Pattern');
  // `EventPattern:` with nothing under it (or a scalar) is no pattern: the sample falls back to its defaults.
  const plainPattern = patternValue !== undefined ? plain(patternValue) : undefined;
  const pattern = (plainPattern !== null && typeof plainPattern === 'object' && !Array.isArray(plainPattern) ? plainPattern : {}) as Record<string, unknown>;
  const source = stringList((patternValue && typeof patternValue === 'object' && !Array.isArray(patternValue) ? (patternValue as Record<string, Value>).source : undefined) as Value)[0] ?? 'com.example.orders';
  const detailType = stringList((patternValue && typeof patternValue === 'object' && !Array.isArray(patternValue) ? (patternValue as Record<string, Value>)['detail-type'] : undefined) as Value)[0] ?? 'OrderPlaced';
  const detail = pattern.detail !== undefined ? sampleFromPattern(pattern.detail) : { orderId: '123', status: 'created' };
  const bus = configString(ctx.trigger, 'eventBus', 'EventBusName');
  return {
    version: '0',
    id: ctx.uuid('eventbridge'),
    'detail-type': detailType,
    source,
    account: ctx.accountId,
    time: isoTime(ctx),
    region: ctx.region,
    resources: bus?.startsWith('arn:') ? [bus] : [],
    detail,
  };
}

/** The topic of `SELECT … FROM 'sensors/+/temperature'`, with wildcards filled in. */
function iotTopic(ctx: EventContext): string {
  const sql = configString(ctx.trigger, 'sql', 'Sql') ?? '';
  const topic = /\bFROM\s+'([^']+)'/i.exec(sql)?.[1] ?? 'devices/device-1/telemetry';
  return topic.replace(/\+/g, 'device-1').replace(/#$/, 'telemetry');
}

export function iotEvent(ctx: EventContext): object {
  return { topic: iotTopic(ctx), deviceId: 'device-1', temperature: 22.5, humidity: 48, timestamp: ctx.now.getTime() };
}

export const cognitoTriggers = [
  'PreSignUp',
  'PostConfirmation',
  'PreAuthentication',
  'PostAuthentication',
  'PreTokenGeneration',
  'CustomMessage',
  'DefineAuthChallenge',
] as const;
export type CognitoTrigger = (typeof cognitoTriggers)[number];

/** The Cognito trigger the function is configured for (SF `trigger`, SAM `Trigger`, possibly a list). */
export function configuredCognitoTrigger(ctx: EventContext): CognitoTrigger | undefined {
  const names = stringList(configValue(ctx.trigger, 'trigger', 'Trigger'));
  return cognitoTriggers.find((t) => names.includes(t));
}

export function cognitoEvent(ctx: EventContext, trigger: CognitoTrigger): object {
  const pool = stringOf(configValue(ctx.trigger, 'pool', 'UserPool'));
  const base = {
    version: '1',
    region: ctx.region,
    userPoolId: `${ctx.region}_${pool && /^[A-Za-z0-9]+$/.test(pool) ? pool.slice(0, 9) : 'EXAMPLE12'}`,
    userName: 'sample-user',
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: '1example23456789' },
  };
  const userAttributes = { sub: ctx.uuid('sub'), email: 'user@example.com', email_verified: 'true' };
  switch (trigger) {
    case 'PreSignUp':
      return { ...base, triggerSource: 'PreSignUp_SignUp', request: { userAttributes: { email: 'user@example.com' }, validationData: {} }, response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false } };
    case 'PostConfirmation':
      return { ...base, triggerSource: 'PostConfirmation_ConfirmSignUp', request: { userAttributes: { ...userAttributes, 'cognito:user_status': 'CONFIRMED' } }, response: {} };
    case 'PreAuthentication':
      return { ...base, triggerSource: 'PreAuthentication_Authentication', request: { userAttributes, validationData: {} }, response: {} };
    case 'PostAuthentication':
      return { ...base, triggerSource: 'PostAuthentication_Authentication', request: { userAttributes, newDeviceUsed: false }, response: {} };
    case 'PreTokenGeneration':
      return { ...base, triggerSource: 'TokenGeneration_Authentication', request: { userAttributes, groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [] } }, response: { claimsOverrideDetails: {} } };
    case 'CustomMessage':
      return {
        ...base,
        triggerSource: 'CustomMessage_SignUp',
        request: { userAttributes, codeParameter: '{####}', linkParameter: '{##Click Here##}', usernameParameter: null },
        response: { smsMessage: null, emailMessage: null, emailSubject: null },
      };
    case 'DefineAuthChallenge':
      return {
        ...base,
        triggerSource: 'DefineAuthChallenge_Authentication',
        request: { userAttributes, session: [{ challengeName: 'SRP_A', challengeResult: true }] },
        response: { failAuthentication: false, issueTokens: false },
      };
  }
}

/** CloudWatch Logs subscription: the payload is gzip'd JSON, base64-encoded, exactly as Lambda receives it. */
export function cloudWatchLogsEvent(ctx: EventContext): object {
  const logGroup = configString(ctx.trigger, 'logGroup', 'LogGroupName') ?? '/aws/lambda/source-function';
  const filter = configString(ctx.trigger, 'filter', 'FilterPattern');
  const t = ctx.now.getTime();
  const payload = {
    messageType: 'DATA_MESSAGE',
    owner: ctx.accountId,
    logGroup,
    logStream: `2026/01/15/[$LATEST]${ctx.id('stream')}`,
    subscriptionFilters: [`${deployedName(ctx)}-subscription`],
    logEvents: [
      { id: '37000000000000000000000000000000000000000000000000000000', timestamp: t, message: `${filter && !/[{}"]/.test(filter) ? `${filter.split(/\s+/)[0]} ` : ''}Sample log line one` },
      { id: '37000000000000000000000000000000000000000000000000000001', timestamp: t + 1, message: `${filter && !/[{}"]/.test(filter) ? `${filter.split(/\s+/)[0]} ` : ''}Sample log line two` },
    ],
  };
  // zlib is loaded only here: it is the slowest builtin to load, and most runs never build this event.
  // (process.getBuiltinModule is Node ≥ 20.16; older Node 20 releases take the plain require.)
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const zlib = typeof process.getBuiltinModule === 'function' ? process.getBuiltinModule('node:zlib') : (require('node:zlib') as Zlib);
  return { awslogs: { data: zlib.gzipSync(Buffer.from(JSON.stringify(payload), 'utf8')).toString('base64') } };
}

export function sesEvent(ctx: EventContext): object {
  const messageId = ctx.id('ses') + ctx.id('ses2');
  return {
    Records: [
      {
        eventSource: 'aws:ses',
        eventVersion: '1.0',
        ses: {
          mail: {
            timestamp: ctx.now.toISOString(),
            source: 'sender@example.com',
            messageId,
            destination: ['recipient@example.com'],
            headersTruncated: false,
            headers: [
              { name: 'From', value: 'sender@example.com' },
              { name: 'To', value: 'recipient@example.com' },
              { name: 'Subject', value: 'Sample message' },
            ],
            commonHeaders: { returnPath: 'sender@example.com', from: ['sender@example.com'], date: ctx.now.toUTCString(), to: ['recipient@example.com'], messageId: `<${messageId}@example.com>`, subject: 'Sample message' },
          },
          receipt: {
            timestamp: ctx.now.toISOString(),
            processingTimeMillis: 320,
            recipients: ['recipient@example.com'],
            spamVerdict: { status: 'PASS' },
            virusVerdict: { status: 'PASS' },
            spfVerdict: { status: 'PASS' },
            dkimVerdict: { status: 'PASS' },
            dmarcVerdict: { status: 'PASS' },
            action: { type: 'Lambda', functionArn: `arn:aws:lambda:${ctx.region}:${ctx.accountId}:function:${deployedName(ctx)}`, invocationType: 'Event' },
          },
        },
      },
    ],
  };
}

export function cloudFrontEvent(ctx: EventContext, eventType: 'viewer-request' | 'origin-response'): object {
  const config = { distributionDomainName: 'd111111abcdef8.cloudfront.net', distributionId: 'EDFDVBD6EXAMPLE', eventType, requestId: ctx.id('cf') };
  const request = {
    clientIp: '203.0.113.178',
    headers: { host: [{ key: 'Host', value: 'd111111abcdef8.cloudfront.net' }], 'user-agent': [{ key: 'User-Agent', value: 'curl/8.0.0' }] },
    method: 'GET',
    querystring: '',
    uri: '/index.html',
  };
  const cf =
    eventType === 'viewer-request'
      ? { config, request }
      : { config, request, response: { status: '200', statusDescription: 'OK', headers: { 'content-type': [{ key: 'Content-Type', value: 'text/html' }] } } };
  return { Records: [{ cf }] };
}

export function alexaEvent(ctx: EventContext): object {
  const appId = configString(ctx.trigger, 'appId', 'SkillId') ?? 'amzn1.ask.skill.00000000-0000-0000-0000-000000000000';
  const userId = `amzn1.ask.account.${ctx.id('alexa').toUpperCase()}`;
  return {
    version: '1.0',
    session: { new: true, sessionId: `amzn1.echo-api.session.${ctx.uuid('session')}`, application: { applicationId: appId }, user: { userId } },
    context: { System: { application: { applicationId: appId }, user: { userId }, device: { deviceId: 'amzn1.ask.device.SAMPLE', supportedInterfaces: {} }, apiEndpoint: 'https://api.amazonalexa.com' } },
    request: { type: 'LaunchRequest', requestId: `amzn1.echo-api.request.${ctx.uuid('request')}`, timestamp: isoTime(ctx), locale: 'en-US' },
  };
}

/**
 * A custom resource's Create request: the resource's own properties (ServiceToken included) as
 * `ResourceProperties`, and a pre-signed response URL the handler must PUT its result to.
 */
export function customResourceEvent(ctx: EventContext): object {
  const properties: Record<string, unknown> = {};
  for (const [k, l] of Object.entries(ctx.trigger?.config ?? {})) properties[k] = plain(l.value);
  const functionArn = `arn:aws:lambda:${ctx.region}:${ctx.accountId}:function:${deployedName(ctx)}`;
  const stackId = `arn:aws:cloudformation:${ctx.region}:${ctx.accountId}:stack/my-stack/${ctx.uuid('stack')}`;
  const requestId = ctx.uuid('request');
  const logicalId = ctx.trigger?.name ?? 'MyCustomResource';
  return {
    RequestType: 'Create',
    ServiceToken: functionArn,
    ResponseURL: `https://cloudformation-custom-resource-response-${ctx.region.replace(/-/g, '')}.s3.amazonaws.com/${encodeURIComponent(`${stackId}|${logicalId}|${requestId}`)}?X-Amz-Expires=7200`,
    StackId: stackId,
    RequestId: requestId,
    LogicalResourceId: logicalId,
    ResourceType: ctx.trigger?.sourceType.startsWith('Custom::') ? ctx.trigger.sourceType : 'AWS::CloudFormation::CustomResource',
    ResourceProperties: { ...properties, ServiceToken: functionArn },
  };
}
