import type { LEntry, LNode } from '../model/yamlTree';
import { get } from '../model/yamlTree';
import type { Finding } from '../shared/finding';
import type { Rule } from './rule';
import { closest, editDistance, makeFinding, replaceScalar } from './values';

/**
 * The `provider` settings of the Serverless Framework's aws provider (v3 and v4 reference, deprecated ones
 * included: they still load).
 */
export const sfProviderKeys = [
  'name', 'runtime', 'runtimeManagement', 'stage', 'region', 'profile', 'memorySize', 'timeout', 'ephemeralStorageSize', 'architecture',
  'environment', 'tags', 'stackTags', 'stackName', 'stackParameters', 'stackPolicy', 'disableRollback', 'rollbackConfiguration',
  'notificationArns', 'deploymentBucket', 'deploymentPrefix', 'deploymentMethod', 'role', 'cfnRole', 'iam', 'iamRoleStatements',
  'iamManagedPolicies', 'rolePermissionsBoundary', 'versionFunctions', 'vpc', 'vpcEndpointIds', 'kmsKeyArn', 'tracing', 'logs',
  'logRetentionInDays', 'logDataProtectionPolicy', 'layers', 'apiGateway', 'apiName', 'apiKeys', 'usagePlan', 'resourcePolicy', 'endpointType',
  'httpApi', 'websocket', 'websocketsApiName', 'websocketsApiRouteSelectionExpression', 'websocketsDescription', 'alb', 'eventBridge',
  'cloudFront', 's3', 'ecr', 'lambdaHashingVersion', 'variableSyntax', 'snapStart', 'logGroupClass', 'kinesis', 'iotFleetProvisioning',
];

/** The settings of a function of the aws provider (v3 and v4 reference). */
export const sfFunctionKeys = [
  'handler', 'name', 'description', 'runtime', 'runtimeManagement', 'memorySize', 'ephemeralStorageSize', 'timeout', 'architecture',
  'environment', 'tags', 'role', 'vpc', 'layers', 'package', 'image', 'events', 'url', 'destinations', 'onError', 'kmsKeyArn', 'tracing',
  'provisionedConcurrency', 'reservedConcurrency', 'snapStart', 'fileSystemConfig', 'disableLogs', 'logRetentionInDays',
  'logDataProtectionPolicy', 'logs', 'maximumEventAge', 'maximumRetryAttempts', 'condition', 'dependsOn', 'versionFunction',
  'awsKmsKeyArn', 'build',
];

export const configKeyUnknownRule: Rule = {
  id: 'config-key-unknown',
  severity: 'warning',
  description: 'A provider or function setting the Serverless Framework does not know (keys are case-sensitive), with "did you mean".',
  check(project) {
    if (project.kind !== 'serverless-framework' || project.note || project.tree?.kind !== 'map') return [];
    // Plugins add settings of their own: with plugins listed, only near-misses of real keys are reported.
    const plugins = get(project.tree, 'plugins') !== undefined;
    const out: Finding[] = [];
    const check = (node: LNode | undefined, known: readonly string[], where: string): void => {
      if (node?.kind !== 'map') return;
      for (const e of node.entries) {
        if (known.includes(e.key) || e.key.startsWith('${') || e.key === '<<') continue;
        const suggestion = nearMiss(e.key, known);
        if (!suggestion && plugins) continue;
        out.push(finding(project.file, e, suggestion, where));
      }
    };
    check(get(project.tree, 'provider'), sfProviderKeys, '`provider`');
    const functions = get(project.tree, 'functions');
    const entries = functions?.kind === 'map' ? functions.entries : functions?.kind === 'seq' ? functions.items.flatMap((i) => (i.kind === 'map' ? i.entries : [])) : [];
    for (const fn of entries) check(fn.value, sfFunctionKeys, `function "${fn.key}"`);
    return out;
  },
};

/** A key that differs only in case, or by a typo small for its length (`memorysize`, `timout`, `Runtime`). */
function nearMiss(key: string, known: readonly string[]): string | undefined {
  const c = closest(key, known);
  if (!c) return undefined;
  return c.toLowerCase() === key.toLowerCase() || editDistance(c.toLowerCase(), key.toLowerCase()) <= Math.max(1, Math.floor(key.length / 4)) ? c : undefined;
}

/** Settings with a default the framework deploys when they are missing. */
const defaulted = new Set(['runtime', 'memorySize', 'timeout', 'architecture', 'region', 'stage']);

function finding(file: string, e: LEntry, suggestion: string | undefined, where: string): Finding {
  const caseOnly = suggestion !== undefined && suggestion.toLowerCase() === e.key.toLowerCase();
  const what = caseOnly ? `"${e.key}" is not a setting of ${where} (keys are case-sensitive); did you mean "${suggestion}"?` : `"${e.key}" is not a setting of ${where}${suggestion ? `; did you mean "${suggestion}"?` : '.'}`;
  const edit = suggestion ? replaceScalar(file, { value: e.key, range: e.keyRange }, e.key, suggestion) : undefined;
  const ignored = suggestion && defaulted.has(suggestion) ? ` The Serverless Framework ignores it and deploys its default ${suggestion}.` : ' The Serverless Framework ignores it.';
  return makeFinding(file, e.keyRange, 'config-key-unknown', 'warning', `${what}${ignored}`, edit ? [{ title: `Change to ${suggestion}`, edits: [edit], preferred: true }] : undefined);
}
