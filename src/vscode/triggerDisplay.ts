import type { Trigger, TriggerType, Value } from '../model/types';
import { displayValue } from '../model/types';

/** Codicon per trigger type (https://code.visualstudio.com/api/references/icons-in-labels). */
export const triggerIcons: Record<TriggerType, string> = {
  http: 'globe',
  httpApi: 'globe',
  websocket: 'plug',
  alb: 'server-environment',
  functionUrl: 'link',
  schedule: 'clock',
  s3: 'archive',
  sqs: 'inbox',
  sns: 'broadcast',
  dynamodb: 'database',
  kinesis: 'pulse',
  eventbridge: 'symbol-event',
  iot: 'radio-tower',
  cognito: 'account',
  cloudwatchLog: 'output',
  kafka: 'list-ordered',
  mq: 'mail',
  alexa: 'mic',
  queue: 'inbox',
  blob: 'archive',
  serviceBus: 'inbox',
  eventHub: 'pulse',
  cosmosDB: 'database',
  eventGrid: 'symbol-event',
  other: 'zap',
};

function s(v: Value | undefined): string | undefined {
  const d = displayValue(v);
  return d === undefined || d === 'null' ? undefined : d;
}

function list(v: Value | undefined): string | undefined {
  if (Array.isArray(v)) return v.map((x) => s(x)).filter(Boolean).join(', ') || undefined;
  return s(v);
}

/** A short description of what fires the trigger: `POST /orders`, `rate(1 day)`, the bucket, the queue. */
export function triggerDetail(t: Trigger): string {
  const c = (k: string): string | undefined => s(t.config[k]?.value);
  switch (t.type) {
    case 'http':
    case 'httpApi': {
      const method = c('method') ?? c('Method') ?? (Array.isArray(t.config.methods?.value) ? (t.config.methods.value as Value[]).map((m) => s(m)).join(',') : undefined);
      const path = c('path') ?? c('Path') ?? c('route');
      return [method?.toUpperCase(), path].filter(Boolean).join(' ');
    }
    case 'schedule':
      return c('rate') ?? c('Schedule') ?? c('ScheduleExpression') ?? c('schedule') ?? '';
    case 's3':
      return [c('bucket') ?? c('Bucket'), c('event') ?? c('Events')].filter(Boolean).join(' · ');
    case 'sqs':
      return c('arn') ?? c('Queue') ?? c('queueName') ?? '';
    case 'sns':
      return c('topicName') ?? c('arn') ?? c('Topic') ?? '';
    case 'dynamodb':
    case 'kinesis':
      return c('arn') ?? c('Stream') ?? '';
    case 'websocket':
      return c('route') ?? '';
    case 'queue':
    case 'serviceBus':
      return c('queueName') ?? c('topicName') ?? '';
    case 'blob':
      return c('path') ?? '';
    case 'iot':
      return c('sql') ?? c('Sql') ?? '';
    case 'cloudwatchLog':
      return [c('logGroup') ?? c('LogGroupName'), c('filter') ?? c('FilterPattern')].filter(Boolean).join(' · ') || (t.name ?? '');
    case 'kafka':
      return list(t.config.topic?.value ?? t.config.Topics?.value) ?? t.name ?? '';
    case 'mq':
      return list(t.config.queue?.value ?? t.config.Queues?.value) ?? t.name ?? '';
    case 'cognito':
      return list(t.config.trigger?.value ?? t.config.Trigger?.value) ?? t.name ?? '';
    case 'eventbridge': {
      const pattern = t.config.pattern?.value ?? t.config.Pattern?.value ?? t.config.event?.value;
      if (pattern && typeof pattern === 'object' && !Array.isArray(pattern) && !('unresolved' in pattern)) {
        const p = pattern as Record<string, Value>;
        const list = (v: Value | undefined): string | undefined => (Array.isArray(v) ? v.map((x) => s(x)).filter(Boolean).join(',') : s(v));
        const text = [list(p.source), list(p['detail-type'])].filter(Boolean).join(' · ');
        if (text) return text;
      }
      return c('schedule') ?? t.name ?? '';
    }
    default:
      return t.name ?? '';
  }
}
