import type { FunctionDef, Located, Project, Trigger } from '../model/types';
import type { Finding } from '../shared/finding';
import type { Rule } from './rule';
import { checkAwsSchedule, checkAzureSchedule } from './scheduleExpressions';
import { isDynamic, makeFinding, prop, replaceScalar, sfSpelling } from './values';

/** Where a trigger keeps its schedule expression(s). */
function scheduleValues(project: Project, t: Trigger): Located[] {
  if (project.kind === 'azure-functions') return t.config.schedule ? [t.config.schedule] : [];
  if (sfSpelling(project, t)) {
    const rate = t.config.rate;
    if (!rate) return [];
    // SF v3 accepts a list of rates; the list's items share its range in the model.
    if (Array.isArray(rate.value)) return rate.value.map((v) => ({ value: v, range: rate.range }));
    return [rate];
  }
  const l = prop(t.config, 'Schedule', 'ScheduleExpression');
  return l ? [l] : [];
}

export const scheduleExpressionRule: Rule = {
  id: 'schedule-expression',
  severity: 'error',
  description: 'Schedule expressions: AWS rate()/cron() and Azure NCRONTAB/TimeSpan syntax.',
  check(project) {
    const out: Finding[] = [];
    const eachFn = (fn: FunctionDef): void => {
      for (const t of fn.triggers) {
        if (t.type !== 'schedule') continue;
        for (const l of scheduleValues(project, t)) {
          if (typeof l.value !== 'string' || isDynamic(l.value)) continue;
          const problem = project.kind === 'azure-functions' ? checkAzureSchedule(l.value) : checkAwsSchedule(l.value, isScheduler(t));
          if (!problem) continue;
          const edit = problem.fix ? replaceScalar(fn.file, l, l.value, problem.fix.text) : undefined;
          const fixes = problem.fix && edit ? [{ title: problem.fix.title, edits: [edit], preferred: true }] : undefined;
          out.push(makeFinding(fn.file, l.range, this.id, 'error', `${/^(rate|cron|at)\(/.test(problem.message) ? problem.message : capitalize(problem.message)}.`, fixes));
        }
      }
    };
    project.functions.forEach(eachFn);
    return out;
  },
};

/** Whether a schedule trigger is an EventBridge Scheduler schedule (else an EventBridge rule). */
function isScheduler(t: Trigger): boolean {
  return /ScheduleV2|Scheduler/i.test(t.sourceType) || prop(t.config, 'method')?.value === 'scheduler';
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
