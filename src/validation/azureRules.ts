import { canonicalAzureTrigger } from '../model/azureFunctions';
import type { Located, Project, Trigger } from '../model/types';
import type { Finding } from '../shared/finding';
import type { Rule } from './rule';
import { closest, literalString, makeFinding } from './values';

/**
 * function.json-based functions and their triggers (code-registered functions have no JSON to point at), with
 * the binding type as documented (the host compares binding types case-insensitively).
 */
function jsonTriggers(project: Project): Array<{ file: string; t: Trigger; binding: string }> {
  if (project.kind !== 'azure-functions') return [];
  const out: Array<{ file: string; t: Trigger; binding: string }> = [];
  for (const fn of project.functions) {
    if (fn.file.endsWith('function.json')) for (const t of fn.triggers) out.push({ file: fn.file, t, binding: canonicalAzureTrigger(t.sourceType) ?? t.sourceType });
  }
  return out;
}

const authLevels = ['anonymous', 'function', 'admin', 'user', 'system'];

export const azureAuthLevelRule: Rule = {
  id: 'azure-auth-level',
  severity: 'error',
  description: 'HTTP trigger authLevel must be anonymous, function or admin.',
  check(project) {
    const out: Finding[] = [];
    for (const { file, t, binding } of jsonTriggers(project)) {
      if (binding !== 'httpTrigger') continue;
      const v = literalString(t.config.authLevel);
      if (v === undefined || authLevels.includes(v.toLowerCase())) continue;
      const suggestion = closest(v, authLevels.slice(0, 3));
      out.push(
        makeFinding(file, t.config.authLevel.range, this.id, 'error', `authLevel "${v}" is not valid; use anonymous, function or admin.`, suggestion ? [{ title: `Change to ${suggestion}`, edits: [{ file, range: t.config.authLevel.range, newText: JSON.stringify(suggestion) }], preferred: true }] : undefined),
      );
    }
    return out;
  },
};

const azureMethods = ['get', 'post', 'put', 'delete', 'patch', 'head', 'options', 'trace', 'connect'];

export const azureHttpMethodsRule: Rule = {
  id: 'azure-http-methods',
  severity: 'error',
  description: 'HTTP trigger methods must be a list of HTTP methods (get, post, …).',
  check(project) {
    const out: Finding[] = [];
    for (const { file, t, binding } of jsonTriggers(project)) {
      if (binding !== 'httpTrigger' || !t.config.methods) continue;
      const l = t.config.methods;
      if (!Array.isArray(l.value)) {
        out.push(makeFinding(file, l.range, this.id, 'error', '`methods` must be a list, e.g. ["get", "post"].'));
        continue;
      }
      for (const m of l.value) {
        if (typeof m !== 'string' || azureMethods.includes(m.toLowerCase())) continue;
        out.push(makeFinding(file, l.range, this.id, 'error', `"${m}" is not an HTTP method; use ${azureMethods.slice(0, 7).join(', ')}.`));
      }
    }
    return out;
  },
};

/** Properties each trigger type needs; alternatives separated by `|`. */
const requiredProps: Record<string, string[]> = {
  httpTrigger: ['name'],
  timerTrigger: ['name', 'schedule'],
  queueTrigger: ['name', 'queueName'],
  blobTrigger: ['name', 'path'],
  serviceBusTrigger: ['name', 'queueName|topicName'],
  eventHubTrigger: ['name', 'eventHubName|path'],
  cosmosDBTrigger: ['name', 'databaseName', 'containerName|collectionName'],
  eventGridTrigger: ['name'],
};

export const azureRequiredPropertyRule: Rule = {
  id: 'azure-required-property',
  severity: 'error',
  description: 'Each Azure trigger binding needs its properties (queueName, path, schedule, …).',
  check(project) {
    const out: Finding[] = [];
    for (const { file, t, binding } of jsonTriggers(project)) {
      for (const req of requiredProps[binding] ?? []) {
        const options = req.split('|');
        if (options.some((o) => hasValue(t.config[o]))) continue;
        out.push(makeFinding(file, t.typeRange, this.id, 'error', `${t.sourceType} needs "${options.join('" or "')}"; add it to the binding.`));
      }
      if (binding === 'serviceBusTrigger' && hasValue(t.config.topicName) && !hasValue(t.config.subscriptionName)) {
        out.push(makeFinding(file, t.typeRange, this.id, 'error', 'serviceBusTrigger on a topic needs "subscriptionName"; add it to the binding.'));
      }
    }
    return out;
  },
};

function hasValue(l: Located | undefined): boolean {
  return l !== undefined && l.value !== null && l.value !== '';
}

export const azureTriggerCountRule: Rule = {
  id: 'azure-trigger-count',
  severity: 'error',
  description: 'An Azure function has exactly one trigger binding.',
  check(project) {
    if (project.kind !== 'azure-functions') return [];
    const out: Finding[] = [];
    for (const fn of project.functions) {
      if (!fn.file.endsWith('function.json')) continue;
      if (fn.triggers.length === 1) continue;
      if (fn.triggers.length === 0) {
        out.push(makeFinding(fn.file, fn.keyRange, this.id, 'error', `Function "${fn.name}" has no trigger binding; add one (httpTrigger, timerTrigger, queueTrigger, …).`));
      } else {
        for (const t of fn.triggers.slice(1)) {
          out.push(makeFinding(fn.file, t.typeRange, this.id, 'error', `Function "${fn.name}" has ${fn.triggers.length} triggers; a function has exactly one: move this one to its own function.`));
        }
      }
    }
    return out;
  },
};

export const azureMixedModelsRule: Rule = {
  id: 'azure-mixed-models',
  severity: 'warning',
  description: 'A Node app registers functions in code (v4) and in function.json (v3): the host then ignores every function.json.',
  check(project) {
    if (project.kind !== 'azure-functions' || project.azure?.nodeModel !== 'mixed') return [];
    const v4 = project.functions.filter((f) => !f.file.endsWith('function.json') && !f.file.endsWith('.cs')).map((f) => f.name);
    return project.functions
      .filter((f) => f.file.endsWith('function.json'))
      .map((f) =>
        makeFinding(
          f.file,
          f.keyRange,
          this.id,
          'warning',
          `The app also registers v4 functions in code (${v4.slice(0, 3).join(', ')}${v4.length > 3 ? ', …' : ''}): the Functions host then ignores every function.json, so "${f.name}" does not run; move it to the v4 model (app.*) or drop the v4 registrations.`,
        ),
      );
  },
};
