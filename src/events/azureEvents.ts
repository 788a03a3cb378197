/**
 * Azure Functions samples. HTTP is the request the function receives (method, URL on the local host with the
 * route parameters filled in, headers, query, body). The other triggers use the body the Functions host's admin
 * endpoint takes (`POST /admin/functions/<name>` with `{"input": …}`), which is how a non-HTTP function is run by
 * hand against `func start`; the local runtime turns `input` into what the host sends for that trigger (a queue
 * message with its DequeueCount, blob bytes, an Event Hubs batch…), and reads the optional extras shown here
 * (`metadata`, blob `content`) that the host ignores.
 */
import type { EventContext } from './eventContext';
import { azurePlaceholderBody, configString, configValue, stringList } from './eventContext';

/** A route template's path with a sample for each parameter (optional ones too: the sample exercises them). */
export function samplePath(template: string): { path: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  const path = template
    .replace(/^\/+/, '')
    .split('/')
    .map((seg) => {
      const m = /^\{\*?([^}:?=]+)(?::[^}?=]*)?\??(?:=[^}]*)?\}$/.exec(seg);
      if (!m) return seg;
      params[m[1]] = /id$/i.test(m[1]) ? '123' : `sample-${m[1]}`;
      return params[m[1]];
    })
    .filter(Boolean)
    .join('/');
  return { path, params };
}

export function azureHttpEvent(ctx: EventContext): object {
  const methods = stringList(configValue(ctx.trigger, 'methods'));
  const method = (methods[0] ?? 'get').toUpperCase();
  const route = configString(ctx.trigger, 'route') ?? ctx.fn?.name ?? 'HttpTrigger';
  const prefix = ctx.project?.azure?.routePrefix ?? 'api';
  const { path, params } = samplePath(route);
  const withBody = ['POST', 'PUT', 'PATCH'].includes(method);
  return {
    method,
    url: `http://localhost:7071/${[prefix, path].filter(Boolean).join('/')}`,
    headers: { accept: 'application/json', ...(withBody ? { 'content-type': 'application/json' } : {}) },
    query: {},
    params,
    body: withBody ? (ctx.body ?? azurePlaceholderBody) : null,
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
  return { input: JSON.stringify({ id: '1001', status: 'created' }), queueName: queue, metadata: { dequeueCount: 1 } };
}

export function azureBlobEvent(ctx: EventContext): object {
  const path = (configString(ctx.trigger, 'path') ?? 'samples/{name}').replace(/\{([^{}]+)\}/g, (_m, n: string) => (/name/i.test(n) ? 'sample.txt' : `sample-${n}`));
  return { input: path, content: 'Hello from a sample blob.\n' };
}

export function azureServiceBusEvent(ctx: EventContext): object {
  const entity = configString(ctx.trigger, 'queueName') ?? configString(ctx.trigger, 'topicName') ?? 'orders';
  return {
    input: JSON.stringify({ orderId: '1001', status: 'created' }),
    entity,
    metadata: { messageId: ctx.id('sb-message'), deliveryCount: 1, contentType: 'application/json', applicationProperties: { source: 'sample' } },
  };
}

export function azureEventHubEvent(ctx: EventContext): object {
  const many = (configString(ctx.trigger, 'cardinality') ?? 'one').toLowerCase() === 'many';
  const reading = (i: number): object => ({ deviceId: `device-${i}`, temperature: 20 + i, time: new Date(ctx.now.getTime() + i * 1000).toISOString() });
  return { input: many ? [reading(1), reading(2)] : reading(1), eventHubName: configString(ctx.trigger, 'eventHubName') ?? 'samples' };
}

export function azureCosmosEvent(ctx: EventContext): object {
  const ts = Math.floor(ctx.now.getTime() / 1000);
  return {
    input: [{ id: '1001', status: 'created', _rid: 'AAAAAAAAAAABAAAAAAAAAA==', _etag: `"${ctx.uuid('cosmos-etag')}"`, _ts: ts, _lsn: 1 }],
    databaseName: configString(ctx.trigger, 'databaseName') ?? 'app',
    containerName: configString(ctx.trigger, 'containerName') ?? configString(ctx.trigger, 'collectionName') ?? 'items',
  };
}

export function azureEventGridEvent(ctx: EventContext): object {
  return {
    input: {
      id: ctx.uuid('eventgrid'),
      topic: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/sample-rg/providers/Microsoft.Storage/storageAccounts/samplestorage',
      subject: '/blobServices/default/containers/samples/blobs/sample.txt',
      eventType: 'Microsoft.Storage.BlobCreated',
      eventTime: ctx.now.toISOString(),
      data: { api: 'PutBlob', contentType: 'text/plain', contentLength: 26, blobType: 'BlockBlob', url: 'https://samplestorage.blob.core.windows.net/samples/sample.txt' },
      dataVersion: '',
      metadataVersion: '1',
    },
  };
}
