import type { FunctionDef, Located, Project, Trigger } from '../model/types';
import type { LNode } from '../model/yamlTree';
import { get } from '../model/yamlTree';
import type { Finding } from '../shared/finding';
import { resourcesNode } from './resources';
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
    const seen = new Set<string>();
    const report = (file: string, l: Located, scheduler: boolean): void => {
      if (typeof l.value !== 'string' || isDynamic(l.value)) return;
      const at = `${file}:${l.range.start.line}:${l.range.start.character}`;
      if (seen.has(at)) return;
      seen.add(at);
      const problem = project.kind === 'azure-functions' ? checkAzureSchedule(l.value) : checkAwsSchedule(l.value, scheduler);
      if (!problem) return;
      const edit = problem.fix ? replaceScalar(file, l, l.value, problem.fix.text) : undefined;
      const fixes = problem.fix && edit ? [{ title: problem.fix.title, edits: [edit], preferred: true }] : undefined;
      out.push(makeFinding(file, l.range, this.id, 'error', `${/^(rate|cron|at)\(/.test(problem.message) ? problem.message : capitalize(problem.message)}.`, fixes));
    };
    const eachFn = (fn: FunctionDef): void => {
      for (const t of fn.triggers) {
        if (t.type !== 'schedule') continue;
        for (const l of scheduleValues(project, t)) report(t.file ?? fn.file, l, isScheduler(t));
      }
    };
    project.functions.forEach(eachFn);
    // Rules and schedules of the file that start something else (a state machine, a queue, an ECS task) deploy
    // the same way: EventBridge rejects the expression whatever the target.
    for (const l of declaredSchedules(project)) report(project.file, l.value, l.scheduler);
    return out;
  },
};

/** `ScheduleExpression` of every `AWS::Events::Rule` and `AWS::Scheduler::Schedule`, and the schedule events of SAM state machines. */
function declaredSchedules(project: Project): Array<{ value: Located; scheduler: boolean }> {
  const resources = resourcesNode(project);
  if (resources?.kind !== 'map') return [];
  const out: Array<{ value: Located; scheduler: boolean }> = [];
  const at = (node: LNode | undefined, scheduler: boolean): void => {
    if (node?.kind === 'scalar' && typeof node.value === 'string') out.push({ value: { value: node.value, range: node.range }, scheduler });
  };
  for (const e of resources.entries) {
    const type = get(e.value, 'Type');
    const kind = type?.kind === 'scalar' ? type.value : undefined;
    const props = get(e.value, 'Properties');
    if (kind === 'AWS::Events::Rule' || kind === 'AWS::Scheduler::Schedule') at(get(props, 'ScheduleExpression'), kind === 'AWS::Scheduler::Schedule');
    if (kind === 'AWS::Serverless::StateMachine') {
      const events = get(props, 'Events');
      for (const ev of events?.kind === 'map' ? events.entries : []) {
        const evType = get(ev.value, 'Type');
        const v2 = evType?.kind === 'scalar' && evType.value === 'ScheduleV2';
        if (evType?.kind === 'scalar' && (evType.value === 'Schedule' || v2)) at(get(get(ev.value, 'Properties'), v2 ? 'ScheduleExpression' : 'Schedule'), v2);
      }
    }
  }
  return out;
}

/** Whether a schedule trigger is an EventBridge Scheduler schedule (else an EventBridge rule). */
function isScheduler(t: Trigger): boolean {
  return /ScheduleV2|Scheduler/i.test(t.sourceType) || prop(t.config, 'method')?.value === 'scheduler';
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
