import type { HandlerTemplate } from '../types';

// Azure Functions, Node.js programming model v4: functions are registered in code (`app.http`, `app.timer`,
// `app.storageQueue`) from files under src/functions/. Tab stop 1 is the function's name.

export type AzurePatternId = 'api' | 'scheduled' | 'queue-worker';

const tsHttp = `import { app } from '@azure/functions';
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { randomUUID } from 'node:crypto';

interface Create{{2:Item}}Request {
  {{3:name}}: string;
}

function isCreateRequest(value: unknown): value is Create{{2}}Request {
  if (typeof value !== 'object' || value === null) return false;
  const field = (value as Record<string, unknown>).{{3}};
  return typeof field === 'string' && field.trim().length > 0;
}

export async function {{1:createItem}}(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  let payload: unknown;
  try {
    payload = await request.json();
  } catch {
    context.warn(JSON.stringify({ message: 'Request body is not valid JSON', invocationId: context.invocationId }));
    return { status: 400, jsonBody: { message: 'The request body must be valid JSON.' } };
  }
  if (!isCreateRequest(payload)) {
    return { status: 400, jsonBody: { message: 'The request body must be an object with a non-empty "{{3}}".' } };
  }
  const item = { id: randomUUID(), {{3}}: payload.{{3}}.trim(), createdAt: new Date().toISOString() };
  {{0}}
  context.info(JSON.stringify({ message: '{{2}} created', invocationId: context.invocationId, id: item.id }));
  return { status: 201, jsonBody: item };
}

app.http('{{1}}', {
  methods: ['{{4|POST,PUT,PATCH|}}'],
  authLevel: '{{5|function,anonymous,admin|}}',
  handler: {{1}},
});
`;

const jsHttp = `const { app } = require('@azure/functions');
const { randomUUID } = require('node:crypto');

/**
 * The request body this function takes.
 * @typedef {{ {{3:name}}: string }} Create{{2:Item}}Request
 */

/**
 * @param {import('@azure/functions').HttpRequest} request
 * @param {import('@azure/functions').InvocationContext} context
 * @returns {Promise<import('@azure/functions').HttpResponseInit>}
 */
async function {{1:createItem}}(request, context) {
  /** @type {Partial<Create{{2}}Request> | undefined} */
  let payload;
  try {
    payload = /** @type {Partial<Create{{2}}Request>} */ (await request.json());
  } catch {
    context.warn(JSON.stringify({ message: 'Request body is not valid JSON', invocationId: context.invocationId }));
    return { status: 400, jsonBody: { message: 'The request body must be valid JSON.' } };
  }
  const {{3}} = payload && typeof payload === 'object' ? payload.{{3}} : undefined;
  if (typeof {{3}} !== 'string' || {{3}}.trim() === '') {
    return { status: 400, jsonBody: { message: 'The request body must be an object with a non-empty "{{3}}".' } };
  }
  const item = { id: randomUUID(), {{3}}: {{3}}.trim(), createdAt: new Date().toISOString() };
  {{0}}
  context.info(JSON.stringify({ message: '{{2}} created', invocationId: context.invocationId, id: item.id }));
  return { status: 201, jsonBody: item };
}

app.http('{{1}}', {
  methods: ['{{4|POST,PUT,PATCH|}}'],
  authLevel: '{{5|function,anonymous,admin|}}',
  handler: {{1}},
});

module.exports = { {{1}} };
`;

const tsTimer = `import { app } from '@azure/functions';
import type { InvocationContext, Timer } from '@azure/functions';

export async function {{1:cleanup}}(timer: Timer, context: InvocationContext): Promise<void> {
  if (timer.isPastDue) {
    // The host was down at the scheduled time: this run catches up; the job must be safe to run twice.
    context.warn(JSON.stringify({ message: 'Timer is past due', invocationId: context.invocationId }));
  }
  {{0}}
  context.info(JSON.stringify({ message: 'Scheduled run finished', invocationId: context.invocationId, next: timer.scheduleStatus?.next }));
}

app.timer('{{1}}', {
  // NCRONTAB with seconds: {second} {minute} {hour} {day} {month} {day-of-week}, in UTC unless WEBSITE_TIME_ZONE is set.
  schedule: '{{2:0 0 2 * * *}}',
  handler: {{1}},
});
`;

const jsTimer = `const { app } = require('@azure/functions');

/**
 * @param {import('@azure/functions').Timer} timer
 * @param {import('@azure/functions').InvocationContext} context
 */
async function {{1:cleanup}}(timer, context) {
  if (timer.isPastDue) {
    // The host was down at the scheduled time: this run catches up; the job must be safe to run twice.
    context.warn(JSON.stringify({ message: 'Timer is past due', invocationId: context.invocationId }));
  }
  {{0}}
  context.info(JSON.stringify({ message: 'Scheduled run finished', invocationId: context.invocationId, next: timer.scheduleStatus?.next }));
}

app.timer('{{1}}', {
  // NCRONTAB with seconds: {second} {minute} {hour} {day} {month} {day-of-week}, in UTC unless WEBSITE_TIME_ZONE is set.
  schedule: '{{2:0 0 2 * * *}}',
  handler: {{1}},
});

module.exports = { {{1}} };
`;

const tsQueue = `import { app } from '@azure/functions';
import type { InvocationContext } from '@azure/functions';

interface {{3:Job}} {
  {{4:orderId}}: string;
}

function parseJob(message: unknown): {{3}} {
  const value = (typeof message === 'string' ? JSON.parse(message) : message) as Partial<{{3}}> | null;
  if (!value || typeof value.{{4}} !== 'string') throw new Error('Message must be JSON with a string "{{4}}"');
  return { {{4}}: value.{{4}} };
}

export async function {{1:processJob}}(message: unknown, context: InvocationContext): Promise<void> {
  // Storage queues deliver at least once; after maxDequeueCount (host.json, default 5) the message goes to <queue>-poison.
  const dequeueCount = Number(context.triggerMetadata?.dequeueCount ?? 1);
  const job = parseJob(message);
  {{0}}
  context.info(JSON.stringify({ message: 'Job done', invocationId: context.invocationId, id: context.triggerMetadata?.id, dequeueCount, {{4}}: job.{{4}} }));
}

app.storageQueue('{{1}}', {
  queueName: '{{2:jobs}}',
  connection: 'AzureWebJobsStorage',
  handler: {{1}},
});
`;

const jsQueue = `const { app } = require('@azure/functions');

/**
 * @param {unknown} message
 * @returns {{ {{4:orderId}}: string }}
 */
function parseJob(message) {
  const value = typeof message === 'string' ? JSON.parse(message) : message;
  if (!value || typeof value.{{4}} !== 'string') throw new Error('Message must be JSON with a string "{{4}}"');
  return { {{4}}: value.{{4}} };
}

/**
 * @param {unknown} message
 * @param {import('@azure/functions').InvocationContext} context
 */
async function {{1:processJob}}(message, context) {
  // Storage queues deliver at least once; after maxDequeueCount (host.json, default 5) the message goes to <queue>-poison.
  const dequeueCount = Number(context.triggerMetadata?.dequeueCount ?? 1);
  const job = parseJob(message);
  {{0}}
  context.info(JSON.stringify({ message: 'Job done', invocationId: context.invocationId, id: context.triggerMetadata?.id, dequeueCount, {{4}}: job.{{4}} }));
}

app.storageQueue('{{1}}', {
  queueName: '{{2:jobs}}',
  connection: 'AzureWebJobsStorage',
  handler: {{1}},
});

module.exports = { {{1}} };
`;

const a = (prefix: string, description: string, language: 'ts' | 'js', body: string): HandlerTemplate => ({ prefix, description, language, body, nameStop: 1 });

/** Azure Functions Node v4 registrations, TypeScript. */
export const azureTypeScript: Record<AzurePatternId, HandlerTemplate> = {
  api: a('sls-azure-http', 'Azure Functions HTTP trigger, Node v4 app.http: JSON body, 400 on bad input (TypeScript)', 'ts', tsHttp),
  scheduled: a('sls-azure-timer', 'Azure Functions timer trigger, Node v4 app.timer (TypeScript)', 'ts', tsTimer),
  'queue-worker': a('sls-azure-queue', 'Azure Functions storage queue trigger, Node v4 app.storageQueue (TypeScript)', 'ts', tsQueue),
};

/** Azure Functions Node v4 registrations, JavaScript (CommonJS, as the v4 templates). */
export const azureJavaScript: Record<AzurePatternId, HandlerTemplate> = {
  api: a('sls-azure-http', 'Azure Functions HTTP trigger, Node v4 app.http: JSON body, 400 on bad input (JavaScript)', 'js', jsHttp),
  scheduled: a('sls-azure-timer', 'Azure Functions timer trigger, Node v4 app.timer (JavaScript)', 'js', jsTimer),
  'queue-worker': a('sls-azure-queue', 'Azure Functions storage queue trigger, Node v4 app.storageQueue (JavaScript)', 'js', jsQueue),
};
