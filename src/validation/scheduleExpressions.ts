/**
 * Checks of schedule expressions: AWS `rate()`/`cron()`/`at()` (EventBridge) and Azure NCRONTAB/TimeSpan.
 * Each check returns undefined when the expression is valid, else a problem with an optional corrected text.
 */
export interface ScheduleProblem {
  message: string;
  /** A corrected expression, when the intent is clear. */
  fix?: { title: string; text: string };
}

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: string[];
  /** Extra single-token forms allowed in this field (besides numbers, ranges, steps, `*`). */
  special?: RegExp;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const AWS_DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const awsFields: FieldSpec[] = [
  { name: 'minutes', min: 0, max: 59 },
  { name: 'hours', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31, special: /^(\?|L|LW|L-\d{1,2}|\d{1,2}W)$/ },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day-of-week', min: 1, max: 7, names: AWS_DAYS, special: /^(\?|L|([1-7]|SUN|MON|TUE|WED|THU|FRI|SAT)(L|#[1-5]))$/i },
  { name: 'year', min: 1970, max: 2199 },
];

/** Checks one field: comma lists of `*`, `n`, `a-b`, `x/step`, names, and the field's special forms. */
function checkField(text: string, spec: FieldSpec): string | undefined {
  for (const part of text.split(',')) {
    if (part === '') return `empty item in the ${spec.name} field`;
    if (spec.special?.test(part)) continue;
    const [base, step, extra] = part.split('/');
    if (extra !== undefined) return `"${part}" has two "/" in the ${spec.name} field`;
    if (step !== undefined && !/^\d+$/.test(step)) return `step "${step}" in the ${spec.name} field must be a positive number`;
    if (step !== undefined && Number(step) === 0) return `step 0 in the ${spec.name} field never fires`;
    if (base === '*') continue;
    const bounds = base.split('-');
    if (bounds.length > 2) return `"${part}" is not a valid ${spec.name} range`;
    for (const b of bounds) {
      const n = valueOf(b, spec);
      if (n === undefined) return `"${b}" is not a valid ${spec.name} value (${spec.min}-${spec.max}${spec.names ? ` or ${spec.names[0]}-${spec.names[spec.names.length - 1]}` : ''})`;
    }
  }
  return undefined;
}

function valueOf(token: string, spec: FieldSpec): number | undefined {
  if (/^\d+$/.test(token)) {
    const n = Number(token);
    return n >= spec.min && n <= spec.max ? n : undefined;
  }
  const i = spec.names?.findIndex((x) => x === token.toUpperCase().slice(0, 3) && token.length <= (x.length === 3 ? 3 : 9)) ?? -1;
  return i >= 0 ? i + spec.min : undefined;
}

/**
 * AWS EventBridge / Serverless Framework / SAM schedule expressions. One-time `at()` schedules exist only in
 * EventBridge Scheduler (`scheduler`: SAM `ScheduleV2`, SF `method: scheduler`, `AWS::Scheduler::Schedule`);
 * EventBridge rules take rate() and cron() only.
 */
export function checkAwsSchedule(expr: string, scheduler = true): ScheduleProblem | undefined {
  const s = expr.trim();
  const rate = /^rate\((.*)\)$/i.exec(s);
  if (rate) return checkRate(rate[1], s, scheduler);
  const cron = /^cron\((.*)\)$/i.exec(s);
  if (cron) return checkAwsCron(cron[1], s);
  const at = /^at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\)$/.test(s);
  if (at && scheduler) return undefined;
  if (at) return { message: `${s}: one-time at() schedules need EventBridge Scheduler (SAM ScheduleV2, Serverless Framework \`method: scheduler\`); an EventBridge rule takes rate() or cron()` };
  return { message: `"${s}" is not a schedule expression; use rate(5 minutes), cron(0 12 * * ? *)${scheduler ? ' or at(yyyy-mm-ddThh:mm:ss)' : ''}` };
}

/**
 * EventBridge rules want `rate(1 minute)` and `rate(5 minutes)` and reject the other number; EventBridge
 * Scheduler takes minute(s), hour(s) and day(s) with any value (its API reference lists all six units and no
 * agreement rule), so for a Scheduler schedule only the value and the unit's name are checked.
 */
function checkRate(inner: string, whole: string, scheduler: boolean): ScheduleProblem | undefined {
  const m = /^\s*(\S+)\s+(\S+)\s*$/.exec(inner);
  if (!m) return { message: `rate() needs a value and a unit, e.g. rate(5 minutes)` };
  const [, valueText, unit] = m;
  if (!/^\d+$/.test(valueText) || Number(valueText) < 1) return { message: `rate value "${valueText}" must be a positive whole number` };
  const value = Number(valueText);
  const base = /^(minute|hour|day)s?$/i.exec(unit)?.[1]?.toLowerCase();
  if (!base) return { message: `rate unit "${unit}" must be minute(s), hour(s) or day(s)` };
  const wanted = value === 1 ? base : `${base}s`;
  // Only the number agreement is checked; letter case is left to EventBridge.
  if (!scheduler && unit.toLowerCase() !== wanted) {
    const text = whole.replace(/\(.*\)/, `(${value} ${wanted})`);
    return {
      message: value === 1 ? `rate(1 …) takes the singular unit: write "${wanted}"` : `rate(${value} …) takes the plural unit: write "${wanted}"`,
      fix: { title: `Change to ${text}`, text },
    };
  }
  return undefined;
}

function checkAwsCron(inner: string, whole: string): ScheduleProblem | undefined {
  const fields = inner.trim().split(/\s+/);
  // `cron(5, 0, 1, *, ?, *)`: fields written as a list.
  if (fields.length > 1 && fields.slice(0, -1).every((f) => f.endsWith(',') && f.length > 1)) {
    const text = `cron(${fields.map((f) => f.replace(/,$/, '')).join(' ')})`;
    return { message: `cron() fields are separated by spaces, not commas: ${text}`, fix: { title: `Change to ${text}`, text } };
  }
  if (fields.length === 5) {
    const text = fiveToSix(fields);
    return {
      message: 'AWS cron() has 6 fields (minutes hours day-of-month month day-of-week year); this looks like a 5-field Unix cron',
      fix: text ? { title: `Change to ${text}`, text } : undefined,
    };
  }
  if (fields.length !== 6) return { message: `AWS cron() has 6 fields (minutes hours day-of-month month day-of-week year), not ${fields.length}` };
  for (let i = 0; i < 6; i++) {
    const problem = checkField(fields[i], awsFields[i]);
    if (problem) return { message: `${problem} in ${whole}` };
  }
  const [, , dom, , dow] = fields;
  const domQ = dom === '?';
  const dowQ = dow === '?';
  if (domQ && dowQ) return { message: 'Only one of day-of-month and day-of-week may be "?"; put "*" in the other' };
  if (!domQ && !dowQ) {
    const f = [...fields];
    if (dom === '*') f[2] = '?';
    else f[4] = '?';
    const text = `cron(${f.join(' ')})`;
    return {
      message: 'AWS cron() needs "?" in day-of-month or day-of-week (one of them, not both set)',
      fix: { title: `Change to ${text}`, text },
    };
  }
  return undefined;
}

/** Unix `m h dom mon dow` → AWS `m h dom mon dow year`, with `?` and Sunday=1 numbering. */
function fiveToSix(f: string[]): string | undefined {
  const [min, hour, , mon] = f;
  let [, , dom, , dow] = f;
  if (dow === '*' || dow === '?') {
    dow = '?';
    if (dom === '?') dom = '*';
  } else {
    // Unix counts Sunday as 0 (or 7); AWS as 1.
    if (!/^[\d,\-/]+$/.test(dow) && !/^[A-Za-z,-]+$/.test(dow)) return undefined;
    dow = dow.replace(/\d+/g, (d) => String((Number(d) % 7) + 1));
    if (dom !== '*' && dom !== '?') return undefined;
    dom = '?';
  }
  const six = [min, hour, dom, mon, dow, '*'];
  for (let i = 0; i < 6; i++) if (checkField(six[i], awsFields[i])) return undefined;
  return `cron(${six.join(' ')})`;
}

const azureFields: FieldSpec[] = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  // NCRONTAB: 0 and 7 are Sunday.
  { name: 'day-of-week', min: 0, max: 7, names: AWS_DAYS },
];

/** Azure timer trigger schedules: NCRONTAB with seconds (6 fields) or a TimeSpan (`hh:mm:ss`). */
export function checkAzureSchedule(expr: string): ScheduleProblem | undefined {
  const s = expr.trim();
  if (/^%[^%]+%$/.test(s)) return undefined; // an app setting reference, resolved at run time
  if (!/\s/.test(s) && s.includes(':')) return checkTimeSpan(s);
  const fields = s.split(/\s+/);
  if (fields.length !== 6) {
    return {
      message: `NCRONTAB schedules have 6 fields ({second} {minute} {hour} {day} {month} {day-of-week}), not ${fields.length}`,
      fix: fields.length === 5 ? { title: `Change to 0 ${s}`, text: `0 ${s}` } : undefined,
    };
  }
  for (let i = 0; i < 6; i++) {
    const problem = checkField(fields[i], azureFields[i]);
    if (problem) return { message: `${problem} in "${s}"` };
  }
  return undefined;
}

function checkTimeSpan(s: string): ScheduleProblem | undefined {
  const m = /^(?:(\d+)\.)?(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(s);
  if (!m) return { message: `"${s}" is neither an NCRONTAB expression nor a TimeSpan (hh:mm:ss)` };
  const [, d, h, mi, se] = m;
  if (Number(mi) > 59 || (se !== undefined && Number(se) > 59)) return { message: `TimeSpan "${s}": minutes and seconds must be 00-59` };
  if (Number(d ?? 0) === 0 && Number(h) === 0 && Number(mi) === 0 && Number(se ?? 0) === 0) return { message: `TimeSpan "${s}" is zero; the timer would never wait` };
  return undefined;
}
