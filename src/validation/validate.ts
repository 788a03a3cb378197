import type { Project } from '../model/types';
import type { Finding } from '../shared/finding';
import { oneLine } from '../shared/text';
import { azureAuthLevelRule, azureHttpMethodsRule, azureMixedModelsRule, azureRequiredPropertyRule, azureTriggerCountRule } from './azureRules';
import { getAttAttributeRule } from './getAttRule';
import { configKeyUnknownRule } from './configKeyRule';
import { eventTypeUnknownRule, s3EventNameRule, sqsVisibilityTimeoutRule, streamStartingPositionRule } from './eventRules';
import { handlerCaseMismatchRule, handlerExportNotFoundRule, handlerNotFoundRule } from './handlerRules';
import { httpDuplicateRouteRule, httpMethodRule, httpPathRule, httpTimeoutRule } from './httpRules';
import {
  batchSizeRule, environmentSizeRule, ephemeralStorageRangeRule, functionNameLengthRule, memorySizeRangeRule, reservedEnvironmentRule, timeoutRangeRule,
} from './limitRules';
import { lambdaSettingValueRule } from './lambdaSettingsRule';
import { referenceMissingRule } from './referenceRule';
import type { Rule, ValidationContext } from './rule';
import { runtimeDeprecatedRule, runtimeUnknownRule } from './runtimeRules';
import { samTransformMissingRule } from './samTransformRule';
import { scheduleExpressionRule } from './scheduleRule';

/** Every rule, in the order findings are reported. Ids are stable: they are diagnostic codes and doc pages. */
export const allRules: readonly Rule[] = [
  samTransformMissingRule,
  scheduleExpressionRule,
  timeoutRangeRule,
  memorySizeRangeRule,
  ephemeralStorageRangeRule,
  batchSizeRule,
  functionNameLengthRule,
  environmentSizeRule,
  reservedEnvironmentRule,
  lambdaSettingValueRule,
  runtimeUnknownRule,
  runtimeDeprecatedRule,
  httpMethodRule,
  httpPathRule,
  httpDuplicateRouteRule,
  httpTimeoutRule,
  s3EventNameRule,
  sqsVisibilityTimeoutRule,
  streamStartingPositionRule,
  referenceMissingRule,
  getAttAttributeRule,
  eventTypeUnknownRule,
  configKeyUnknownRule,
  handlerNotFoundRule,
  handlerExportNotFoundRule,
  handlerCaseMismatchRule,
  azureAuthLevelRule,
  azureHttpMethodsRule,
  azureRequiredPropertyRule,
  azureTriggerCountRule,
  azureMixedModelsRule,
];

/**
 * The findings of one project: the model's own (parse problems) followed by every rule's. A rule that throws
 * on unexpected input is a bug, but it must not hide the other rules' findings: it becomes one finding.
 */
export function validateProject(project: Project, ctx: ValidationContext): Finding[] {
  const out: Finding[] = [...project.findings];
  for (const rule of allRules) {
    try {
      out.push(...rule.check(project, ctx));
    } catch (err) {
      out.push({
        file: project.file,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        severity: 'info',
        rule: 'internal-error',
        message: `Rule ${rule.id} failed on this file (${err instanceof Error ? err.message : String(err)}); please report it.`,
      });
    }
  }
  // Messages quote what the file says; whatever that is, each stays one readable line.
  return out
    .map((f) => {
      const message = oneLine(f.message);
      return message === f.message ? f : { ...f, message };
    })
    .sort(byPosition);
}

function byPosition(a: Finding, b: Finding): number {
  return a.file.localeCompare(b.file) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.rule.localeCompare(b.rule);
}
