import { functionNameOf } from './functionLinks';
import type { FunctionDef, Located, Trigger, TriggerType } from './types';
import { isUnresolved } from './types';
import type { LNode } from './yamlTree';
import { getPath } from './yamlTree';

/**
 * A Serverless Framework Lambda authorizer is a function of the service that an `http`, `httpApi` or
 * `websocket` event names as its `authorizer` (by function name, `{ name }`, an ARN, or for HTTP APIs a
 * `provider.httpApi.authorizers` entry with `functionName`). API Gateway invokes it for those requests, so it
 * gets a trigger of that API type (`sourceType` `authorizer`, at the first event that names it) whose
 * `AuthorizerType` (TOKEN or REQUEST) picks the authorizer sample event.
 */
export function addServerlessAuthorizers(functions: readonly FunctionDef[], doc: LNode): void {
  const byName = new Map(functions.map((f) => [f.name, f]));
  const byDeployedName = new Map(functions.flatMap((f) => (f.deployedName ? [[f.deployedName, f] as const] : [])));
  const named = (v: unknown): FunctionDef | undefined => {
    if (typeof v !== 'string') return undefined;
    const direct = byName.get(v);
    if (direct) return direct;
    const fromArn = v.startsWith('arn:') ? functionNameOf(v) : undefined;
    return fromArn ? byDeployedName.get(fromArn) : undefined;
  };
  const added = new Set<string>();
  for (const fn of functions) {
    for (const t of [...fn.triggers]) {
      if (t.type !== 'http' && t.type !== 'httpApi' && t.type !== 'websocket') continue;
      const at = t.config.authorizer;
      if (!at) continue;
      const settings = at.value !== null && typeof at.value === 'object' && !Array.isArray(at.value) && !isUnresolved(at.value) ? at.value : undefined;
      let target = named(settings ? (settings.name ?? settings.arn) : at.value);
      if (t.type === 'httpApi') {
        const name = settings ? settings.name : at.value;
        const configured = typeof name === 'string' ? getPath(doc, ['provider', 'httpApi', 'authorizers', name, 'functionName']) : undefined;
        if (configured?.kind === 'scalar') target = byName.get(String(configured.value));
      }
      if (!target || added.has(`${target.name}|${t.type}`)) continue;
      added.add(`${target.name}|${t.type}`);
      // The event may be written in another file than the authorizer (functions listed from included files).
      const where = t.file ?? at.file ?? fn.file;
      target.triggers.push(authorizerTrigger(t.type, at, settings?.type, where === target.file ? undefined : where));
    }
  }
}

function authorizerTrigger(type: TriggerType, at: Located, declared: unknown, file: string | undefined): Trigger {
  // REST authorizers are TOKEN unless `type: request`; HTTP API and WebSocket Lambda authorizers are REQUEST.
  const authorizerType = type === 'http' && String(declared ?? 'token').toLowerCase() !== 'request' ? 'TOKEN' : 'REQUEST';
  const trigger: Trigger = { type, sourceType: 'authorizer', range: at.range, typeRange: at.range, config: { AuthorizerType: file ? { value: authorizerType, range: at.range, file } : { value: authorizerType, range: at.range } } };
  if (file) trigger.file = file;
  return trigger;
}
