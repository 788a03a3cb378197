import type { AzurePatternId } from './azureNode';

// Azure Functions, Node.js programming model v3: a function is a folder with function.json (its bindings) and
// index.js (`module.exports = async function (context, …)`). Apps that already use function.json get these,
// since an app runs one model: once a v4 registration loads, the host ignores every function.json.

export interface V3Function {
  functionJson: string;
  indexJs: string;
}

const json = (bindings: object[]): string => `${JSON.stringify({ bindings }, null, 2)}\n`;

const http = (name: string): V3Function => ({
  functionJson: json([
    { authLevel: 'function', type: 'httpTrigger', direction: 'in', name: 'req', methods: ['post'] },
    { type: 'http', direction: 'out', name: 'res' },
  ]),
  indexJs: `const { randomUUID } = require('node:crypto');

/**
 * ${name}: creates an item from a JSON body; 400 on bad input.
 * @param {import('@azure/functions').Context} context
 * @param {import('@azure/functions').HttpRequest} req
 */
module.exports = async function (context, req) {
  const name = req.body && typeof req.body === 'object' ? req.body.name : undefined;
  if (typeof name !== 'string' || name.trim() === '') {
    context.res = { status: 400, headers: { 'content-type': 'application/json' }, body: { message: 'The request body must be JSON with a non-empty "name".' } };
    return;
  }
  const item = { id: randomUUID(), name: name.trim(), createdAt: new Date().toISOString() };
  context.log(JSON.stringify({ message: 'Item created', invocationId: context.invocationId, id: item.id }));
  context.res = { status: 201, headers: { 'content-type': 'application/json' }, body: item };
};
`,
});

const timer = (name: string): V3Function => ({
  functionJson: json([
    // NCRONTAB with seconds: {second} {minute} {hour} {day} {month} {day-of-week}, in UTC unless WEBSITE_TIME_ZONE is set.
    { name: 'timer', type: 'timerTrigger', direction: 'in', schedule: '0 0 2 * * *' },
  ]),
  indexJs: `/**
 * ${name}: a scheduled job; safe to run twice (a past-due run catches up after the host was down).
 * @param {import('@azure/functions').Context} context
 * @param {import('@azure/functions').Timer} timer
 */
module.exports = async function (context, timer) {
  if (timer.isPastDue) context.log.warn(JSON.stringify({ message: 'Timer is past due', invocationId: context.invocationId }));
  context.log(JSON.stringify({ message: 'Scheduled run finished', invocationId: context.invocationId, next: timer.scheduleStatus && timer.scheduleStatus.next }));
};
`,
});

const queue = (name: string): V3Function => ({
  functionJson: json([{ name: 'message', type: 'queueTrigger', direction: 'in', queueName: 'jobs', connection: 'AzureWebJobsStorage' }]),
  indexJs: `/**
 * ${name}: processes one storage queue message. Storage queues deliver at least once; after maxDequeueCount
 * (host.json, default 5) a failing message goes to <queue>-poison.
 * @param {import('@azure/functions').Context} context
 * @param {unknown} message
 */
module.exports = async function (context, message) {
  const job = typeof message === 'string' ? JSON.parse(message) : message;
  if (!job || typeof job.orderId !== 'string') throw new Error('Message must be JSON with a string "orderId"');
  context.log(JSON.stringify({ message: 'Job done', invocationId: context.invocationId, dequeueCount: context.bindingData.dequeueCount, orderId: job.orderId }));
};
`,
});

/** The v3 function of a pattern: function.json and index.js. */
export function azureV3Function(pattern: AzurePatternId, name: string): V3Function {
  return pattern === 'api' ? http(name) : pattern === 'scheduled' ? timer(name) : queue(name);
}
