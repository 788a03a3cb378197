/** API Gateway (REST, HTTP API, authorizers, WebSocket), ALB and Function URL events. */
import type { EventContext } from './eventContext';
import { configString, configValue, deployedName, epochMs, placeholderBody, stringList } from './eventContext';

interface Route {
  method: string;
  /** The path as configured, `/orders/{id}`. */
  resource: string;
  /** The path with sample values, `/orders/123`. */
  path: string;
  pathParameters: Record<string, string> | null;
}

/** Method and path from an `http`/`httpApi`/SAM `Api` trigger; `ANY`/`*` become GET. */
function route(ctx: EventContext, defaultPath = '/items'): Route {
  let method = (configString(ctx.trigger, 'method', 'Method') ?? 'GET').toUpperCase();
  if (method === '*' || method === 'ANY') method = 'GET';
  let resource = configString(ctx.trigger, 'path', 'Path') ?? defaultPath;
  if (resource === '*') resource = '/{proxy+}';
  if (!resource.startsWith('/')) resource = `/${resource}`;
  const params: Record<string, string> = {};
  const path = resource.replace(/\{([^{}]+)\}/g, (_m, raw: string) => {
    const greedy = raw.endsWith('+');
    const name = greedy ? raw.slice(0, -1) : raw;
    const value = greedy ? 'some/nested/path' : /id$/i.test(name) ? '123' : `sample-${name}`;
    params[name] = value;
    return value;
  });
  return { method, resource, path, pathParameters: Object.keys(params).length ? params : null };
}

function body(ctx: EventContext, method: string): string | null {
  return ['POST', 'PUT', 'PATCH'].includes(method) ? JSON.stringify(ctx.body ?? placeholderBody) : null;
}

function stage(ctx: EventContext): string {
  return ctx.project?.stage ?? 'dev';
}

const userAgent = 'Mozilla/5.0 (serverless-workbench sample event)';

export function apiGatewayRestEvent(ctx: EventContext): object {
  const r = route(ctx);
  const b = body(ctx, r.method);
  const headers: Record<string, string> = {
    Accept: 'application/json',
    Host: `abcdef1234.execute-api.${ctx.region}.amazonaws.com`,
    'User-Agent': userAgent,
    'X-Forwarded-For': '203.0.113.10',
    'X-Forwarded-Port': '443',
    'X-Forwarded-Proto': 'https',
    ...(b ? { 'Content-Type': 'application/json' } : {}),
  };
  return {
    resource: r.resource,
    path: r.path,
    httpMethod: r.method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: r.pathParameters,
    stageVariables: null,
    requestContext: {
      accountId: ctx.accountId,
      apiId: 'abcdef1234',
      authorizer: null,
      domainName: `abcdef1234.execute-api.${ctx.region}.amazonaws.com`,
      domainPrefix: 'abcdef1234',
      extendedRequestId: ctx.id('extended'),
      httpMethod: r.method,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: '203.0.113.10',
        user: null,
        userAgent,
        userArn: null,
      },
      path: `/${stage(ctx)}${r.path}`,
      protocol: 'HTTP/1.1',
      requestId: ctx.uuid('request'),
      requestTime: '15/Jan/2026:12:00:00 +0000',
      requestTimeEpoch: epochMs(ctx),
      resourceId: 'abc123',
      resourcePath: r.resource,
      stage: stage(ctx),
    },
    body: b,
    isBase64Encoded: false,
  };
}

export function apiGatewayHttpEvent(ctx: EventContext): object {
  const r = route(ctx);
  const b = body(ctx, r.method);
  return {
    version: '2.0',
    routeKey: `${r.method} ${r.resource}`,
    rawPath: r.path,
    rawQueryString: '',
    headers: {
      accept: 'application/json',
      host: `abcdef1234.execute-api.${ctx.region}.amazonaws.com`,
      'user-agent': userAgent,
      'x-forwarded-for': '203.0.113.10',
      ...(b ? { 'content-type': 'application/json' } : {}),
    },
    ...(r.pathParameters ? { pathParameters: r.pathParameters } : {}),
    requestContext: {
      accountId: ctx.accountId,
      apiId: 'abcdef1234',
      domainName: `abcdef1234.execute-api.${ctx.region}.amazonaws.com`,
      domainPrefix: 'abcdef1234',
      http: { method: r.method, path: r.path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.10', userAgent },
      requestId: ctx.id('request'),
      routeKey: `${r.method} ${r.resource}`,
      stage: '$default',
      time: '15/Jan/2026:12:00:00 +0000',
      timeEpoch: epochMs(ctx),
    },
    ...(b ? { body: b } : {}),
    isBase64Encoded: false,
  };
}

function methodArn(ctx: EventContext, r: Route): string {
  return `arn:aws:execute-api:${ctx.region}:${ctx.accountId}:abcdef1234/${stage(ctx)}/${r.method}${r.resource}`;
}

export function tokenAuthorizerEvent(ctx: EventContext): object {
  return { type: 'TOKEN', methodArn: methodArn(ctx, route(ctx)), authorizationToken: 'Bearer sample-token' };
}

export function requestAuthorizerEvent(ctx: EventContext): object {
  const rest = apiGatewayRestEvent(ctx) as Record<string, unknown>;
  const r = route(ctx);
  return {
    type: 'REQUEST',
    methodArn: methodArn(ctx, r),
    resource: rest.resource,
    path: rest.path,
    httpMethod: rest.httpMethod,
    headers: { ...(rest.headers as object), Authorization: 'Bearer sample-token' },
    multiValueHeaders: { ...(rest.multiValueHeaders as object), Authorization: ['Bearer sample-token'] },
    pathParameters: rest.pathParameters,
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    // Authorizers run before any authorizer context exists.
    requestContext: withoutKey(rest.requestContext as Record<string, unknown>, 'authorizer'),
  };
}

export function httpApiAuthorizerEvent(ctx: EventContext): object {
  const http = apiGatewayHttpEvent(ctx) as Record<string, unknown>;
  return {
    version: '2.0',
    type: 'REQUEST',
    routeArn: methodArn(ctx, route(ctx)),
    identitySource: ['Bearer sample-token'],
    routeKey: http.routeKey,
    rawPath: http.rawPath,
    rawQueryString: '',
    cookies: [],
    headers: { ...(http.headers as object), authorization: 'Bearer sample-token' },
    queryStringParameters: {},
    requestContext: http.requestContext,
    pathParameters: http.pathParameters ?? {},
    stageVariables: {},
  };
}

function websocketEvent(ctx: EventContext, routeKey: string, eventType: 'CONNECT' | 'MESSAGE'): object {
  const connect = eventType === 'CONNECT';
  return {
    ...(connect
      ? {
          headers: { Host: `wsapi1234.execute-api.${ctx.region}.amazonaws.com`, 'Sec-WebSocket-Version': '13', 'User-Agent': userAgent },
          multiValueHeaders: { Host: [`wsapi1234.execute-api.${ctx.region}.amazonaws.com`] },
        }
      : {}),
    requestContext: {
      routeKey,
      eventType,
      extendedRequestId: ctx.id('extended'),
      requestTime: '15/Jan/2026:12:00:00 +0000',
      messageDirection: 'IN',
      ...(connect ? {} : { messageId: ctx.id('message') }),
      stage: stage(ctx),
      connectedAt: epochMs(ctx) - 5000,
      requestTimeEpoch: epochMs(ctx),
      requestId: ctx.id('request'),
      domainName: `wsapi1234.execute-api.${ctx.region}.amazonaws.com`,
      connectionId: `${ctx.id('conn').slice(0, 14)}=`,
      apiId: 'wsapi1234',
    },
    ...(connect ? {} : { body: JSON.stringify({ action: routeKey === '$default' ? 'sendmessage' : routeKey, data: 'hello' }) }),
    isBase64Encoded: false,
  };
}

export function websocketConnectEvent(ctx: EventContext): object {
  return websocketEvent(ctx, '$connect', 'CONNECT');
}

export function websocketMessageEvent(ctx: EventContext): object {
  const configured = configString(ctx.trigger, 'route');
  const routeKey = configured && !['$connect', '$disconnect'].includes(configured) ? configured : '$default';
  return websocketEvent(ctx, routeKey, 'MESSAGE');
}

export function albEvent(ctx: EventContext): object {
  const conditions = configValue(ctx.trigger, 'conditions');
  const cond = conditions && typeof conditions === 'object' && !Array.isArray(conditions) ? (conditions as Record<string, never>) : {};
  const path = stringList(cond.path)[0]?.replace(/\*/g, 'sample') ?? '/';
  const method = (stringList(cond.method)[0] ?? 'GET').toUpperCase();
  const b = body(ctx, method);
  return {
    requestContext: { elb: { targetGroupArn: `arn:aws:elasticloadbalancing:${ctx.region}:${ctx.accountId}:targetgroup/${deployedName(ctx).slice(0, 20)}/${ctx.id('tg')}` } },
    httpMethod: method,
    path,
    queryStringParameters: {},
    headers: { accept: 'application/json', host: 'my-alb-123456.elb.amazonaws.com', 'user-agent': userAgent, 'x-forwarded-for': '203.0.113.10', 'x-forwarded-port': '443', 'x-forwarded-proto': 'https', ...(b ? { 'content-type': 'application/json' } : {}) },
    body: b ?? '',
    isBase64Encoded: false,
  };
}

export function functionUrlEvent(ctx: EventContext): object {
  const host = `${ctx.id('url').slice(0, 12)}.lambda-url.${ctx.region}.on.aws`;
  const iam = /aws_iam/i.test(configString(ctx.trigger, 'authorizer', 'AuthType') ?? '');
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/',
    rawQueryString: '',
    headers: { accept: 'application/json', host, 'user-agent': userAgent, 'x-forwarded-for': '203.0.113.10', 'x-forwarded-proto': 'https' },
    requestContext: {
      accountId: iam ? ctx.accountId : 'anonymous',
      apiId: host.split('.')[0],
      ...(iam
        ? { authorizer: { iam: { accessKey: 'AKIAEXAMPLE', accountId: ctx.accountId, callerId: 'AIDAEXAMPLE', cognitoIdentity: null, principalOrgId: 'o-exampleorg', userArn: `arn:aws:iam::${ctx.accountId}:user/sample`, userId: 'AIDAEXAMPLE' } } }
        : {}),
      domainName: host,
      domainPrefix: host.split('.')[0],
      http: { method: 'GET', path: '/', protocol: 'HTTP/1.1', sourceIp: '203.0.113.10', userAgent },
      requestId: ctx.uuid('request'),
      routeKey: '$default',
      stage: '$default',
      time: '15/Jan/2026:12:00:00 +0000',
      timeEpoch: epochMs(ctx),
    },
    isBase64Encoded: false,
  };
}

function withoutKey(o: Record<string, unknown>, key: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));
}
