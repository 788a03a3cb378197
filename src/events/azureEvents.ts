/**
 * Azure Functions samples. HTTP is the request the function receives; the other triggers use the body the
 * Functions host's admin endpoint takes (`POST /admin/functions/<name>` with `{"input": …}`), which is how a
 * non-HTTP function is run by hand against `func start`.
 */
import type { EventContext } from './eventContext';
import { configString, configValue, stringList } from './eventContext';

export function azureHttpEvent(ctx: EventContext): object {
  const methods = stringList(configValue(ctx.trigger, 'methods'));
  const method = (methods[0] ?? 'get').toUpperCase();
  const route = configString(ctx.trigger, 'route') ?? ctx.fn?.name ?? 'HttpTrigger';
  const params: Record<string, string> = {};
  const path = route.replace(/\{([^}:?]+)(?::[^}?]+)?\??\}/g, (_m, name: string) => {
    params[name] = /id$/i.test(name) ? '123' : `sample-${name}`;
    return params[name];
  });
  const withBody = ['POST', 'PUT', 'PATCH'].includes(method);
  return {
    method,
    url: `http://localhost:7071/api/${path.replace(/^\//, '')}`,
    headers: { accept: 'application/json', ...(withBody ? { 'content-type': 'application/json' } : {}) },
    query: {},
    params,
    body: withBody ? { example: 'value' } : null,
  };
}

export function azureTimerEvent(ctx: EventContext): object {
  const schedule = configString(ctx.trigger, 'schedule') ?? '0 */5 * * * *';
  return {
    input: '',
    schedule,
    timer: { schedule: { adjustForDST: true }, scheduleStatus: { last: ctx.now.toISOString(), next: new Date(ctx.now.getTime() + 300_000).toISOString(), lastUpdated: ctx.now.toISOString() }, isPastDue: false },
  };
}

export function azureQueueEvent(ctx: EventContext): object {
  const queue = configString(ctx.trigger, 'queueName') ?? 'my-queue';
  return { input: JSON.stringify({ orderId: '123', status: 'created' }), queueName: queue };
}

export function azureBlobEvent(ctx: EventContext): object {
  const path = (configString(ctx.trigger, 'path') ?? 'samples/{name}').replace(/\{([^}]+)\}/g, (_m, n: string) => (/name/i.test(n) ? 'sample.txt' : `sample-${n}`));
  return { input: path };
}
