/**
 * When a schedule fires: the next N times of an EventBridge `rate()`, `cron()` or `at()` expression (Amazon
 * EventBridge User Guide, "Schedule expressions for rules"; EventBridge Scheduler "Schedule types"). Times are
 * UTC unless a time zone is given (Scheduler's `ScheduleExpressionTimezone`, an IANA name).
 */

export class ScheduleError extends Error {}

/** The next `count` firing times strictly after `from`. Throws {@link ScheduleError} for an expression it cannot read. */
export function nextFirings(expression: string, from: Date, count: number, timeZone = 'UTC'): Date[] {
  const expr = expression.trim();
  const rate = /^rate\(\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*\)$/i.exec(expr);
  if (rate) return rateFirings(Number(rate[1]), rate[2].toLowerCase(), from, count);
  const at = /^at\(\s*(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\s*\)$/.exec(expr);
  if (at) {
    const [y, mo, d, h, mi, s] = at.slice(1).map(Number);
    const when = zonedToUtc({ year: y, month: mo, day: d, hour: h, minute: mi, second: s }, timeZone);
    return when.getTime() > from.getTime() && count > 0 ? [when] : [];
  }
  const cron = /^cron\((.*)\)$/i.exec(expr);
  if (cron) return cronFirings(cron[1].trim(), from, count, timeZone);
  throw new ScheduleError(`"${expression}" is not a rate(), cron() or at() expression`);
}

/** A rate fires every period, counted from when the rule was created; here: from `from`, to the minute. */
function rateFirings(n: number, unit: string, from: Date, count: number): Date[] {
  if (n <= 0) throw new ScheduleError('a rate must be a positive number');
  const minutes = unit.startsWith('minute') ? n : unit.startsWith('hour') ? n * 60 : n * 1440;
  const start = Math.floor(from.getTime() / 60_000) * 60_000;
  return Array.from({ length: count }, (_, i) => new Date(start + (i + 1) * minutes * 60_000));
}

interface CronSpec {
  minutes: Set<number>;
  hours: Set<number>;
  dom: DayOfMonth;
  months: Set<number>;
  dow: DayOfWeek;
  years?: Set<number>;
}

type DayOfMonth = { kind: 'any' } | { kind: 'set'; days: Set<number> } | { kind: 'last'; offset: number } | { kind: 'lastWeekday' } | { kind: 'nearestWeekday'; day: number };
type DayOfWeek = { kind: 'any' } | { kind: 'set'; days: Set<number> } | { kind: 'last'; day: number } | { kind: 'nth'; day: number; n: number };

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

function cronFirings(body: string, from: Date, count: number, timeZone: string): Date[] {
  const spec = parseCron(body);
  const out: Date[] = [];
  // Walk minute by minute in the schedule's zone, skipping whole days/hours that cannot match.
  let t = Math.floor(from.getTime() / 60_000) * 60_000 + 60_000;
  const limit = t + 10 * 366 * 86_400_000;
  while (out.length < count && t < limit) {
    const z = zoned(new Date(t), timeZone);
    if (spec.years && !spec.years.has(z.year)) {
      t += 86_400_000 - (z.hour * 60 + z.minute) * 60_000;
      continue;
    }
    if (!spec.months.has(z.month) || !dayMatches(spec, z)) {
      t += 86_400_000 - (z.hour * 60 + z.minute) * 60_000;
      continue;
    }
    if (!spec.hours.has(z.hour)) {
      t += (60 - z.minute) * 60_000;
      continue;
    }
    if (spec.minutes.has(z.minute)) out.push(new Date(t));
    t += 60_000;
  }
  return out;
}

function parseCron(body: string): CronSpec {
  const fields = body.split(/\s+/);
  if (fields.length !== 6) throw new ScheduleError(`cron() takes 6 fields (minutes hours day-of-month month day-of-week year), found ${fields.length}`);
  const [mi, h, dom, mo, dow, y] = fields;
  return {
    minutes: numbers(mi, 0, 59),
    hours: numbers(h, 0, 23),
    months: numbers(mo, 1, 12, MONTHS),
    dom: dayOfMonth(dom),
    dow: dayOfWeek(dow),
    years: y === '*' ? undefined : numbers(y, 1970, 2199),
  };
}

function numbers(field: string, min: number, max: number, names?: string[]): Set<number> {
  const out = new Set<number>();
  for (const part of field.split(',')) {
    const [base, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step <= 0) throw new ScheduleError(`bad step in "${part}"`);
    let lo: number;
    let hi: number;
    if (base === '*') {
      lo = min;
      hi = max;
    } else if (base.includes('-')) {
      [lo, hi] = base.split('-').map((b) => value(b, min, max, names));
    } else {
      lo = value(base, min, max, names);
      hi = stepText === undefined ? lo : max;
    }
    if (lo <= hi) for (let v = lo; v <= hi; v += step) out.add(v);
    else for (let v = lo; v <= hi + (max - min + 1); v += step) out.add(((v - min) % (max - min + 1)) + min);
  }
  return out;
}

function value(token: string, min: number, max: number, names?: string[]): number {
  if (/^\d+$/.test(token)) {
    const n = Number(token);
    if (n < min || n > max) throw new ScheduleError(`${token} is out of range ${min}-${max}`);
    return n;
  }
  const i = names?.indexOf(token.toUpperCase().slice(0, 3)) ?? -1;
  if (i < 0) throw new ScheduleError(`"${token}" is not a valid value`);
  return i + min;
}

function dayOfMonth(field: string): DayOfMonth {
  if (field === '?' || field === '*') return { kind: 'any' };
  if (field === 'L') return { kind: 'last', offset: 0 };
  if (field === 'LW') return { kind: 'lastWeekday' };
  const lastMinus = /^L-(\d{1,2})$/.exec(field);
  if (lastMinus) return { kind: 'last', offset: Number(lastMinus[1]) };
  const weekday = /^(\d{1,2})W$/.exec(field);
  if (weekday) return { kind: 'nearestWeekday', day: Number(weekday[1]) };
  return { kind: 'set', days: numbers(field, 1, 31) };
}

function dayOfWeek(field: string): DayOfWeek {
  if (field === '?' || field === '*') return { kind: 'any' };
  const last = /^([1-7]|[A-Za-z]{3})L$/.exec(field);
  if (last) return { kind: 'last', day: value(last[1], 1, 7, DAYS) };
  const nth = /^([1-7]|[A-Za-z]{3})#([1-5])$/.exec(field);
  if (nth) return { kind: 'nth', day: value(nth[1], 1, 7, DAYS), n: Number(nth[2]) };
  return { kind: 'set', days: numbers(field, 1, 7, DAYS) };
}

interface Zoned {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 1 = Sunday … 7 = Saturday (EventBridge's numbering). */
  weekday: number;
}

function dayMatches(spec: CronSpec, z: Zoned): boolean {
  const daysInMonth = new Date(Date.UTC(z.year, z.month, 0)).getUTCDate();
  const weekdayOf = (day: number): number => new Date(Date.UTC(z.year, z.month - 1, day)).getUTCDay() + 1;
  let domOk: boolean;
  switch (spec.dom.kind) {
    case 'any':
      domOk = true;
      break;
    case 'set':
      domOk = spec.dom.days.has(z.day);
      break;
    case 'last':
      domOk = z.day === daysInMonth - spec.dom.offset;
      break;
    case 'lastWeekday': {
      let d = daysInMonth;
      while (weekdayOf(d) === 1 || weekdayOf(d) === 7) d--;
      domOk = z.day === d;
      break;
    }
    case 'nearestWeekday': {
      let d = Math.min(spec.dom.day, daysInMonth);
      const wd = weekdayOf(d);
      if (wd === 7) d = d === 1 ? d + 2 : d - 1;
      else if (wd === 1) d = d === daysInMonth ? d - 2 : d + 1;
      domOk = z.day === d;
      break;
    }
  }
  let dowOk: boolean;
  switch (spec.dow.kind) {
    case 'any':
      dowOk = true;
      break;
    case 'set':
      dowOk = spec.dow.days.has(z.weekday);
      break;
    case 'last':
      dowOk = z.weekday === spec.dow.day && z.day + 7 > daysInMonth;
      break;
    case 'nth':
      dowOk = z.weekday === spec.dow.day && Math.ceil(z.day / 7) === spec.dow.n;
      break;
  }
  return domOk && dowOk;
}

function zoned(date: Date, timeZone: string): Zoned {
  if (timeZone === 'UTC') {
    return {
      year: date.getUTCFullYear(),
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
      hour: date.getUTCHours(),
      minute: date.getUTCMinutes(),
      second: date.getUTCSeconds(),
      weekday: date.getUTCDay() + 1,
    };
  }
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    }).formatToParts(date);
  } catch {
    throw new ScheduleError(`unknown time zone "${timeZone}"`);
  }
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '0';
  return {
    year: Number(get('year')),
    month: Number(get('month')),
    day: Number(get('day')),
    hour: Number(get('hour')),
    minute: Number(get('minute')),
    second: Number(get('second')),
    weekday: DAYS.indexOf(get('weekday').toUpperCase().slice(0, 3)) + 1,
  };
}

/** The UTC instant of a wall-clock time in a zone (the first one, when a DST change repeats it). */
function zonedToUtc(w: Omit<Zoned, 'weekday'>, timeZone: string): Date {
  let guess = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  for (let i = 0; i < 3; i++) {
    const z = zoned(new Date(guess), timeZone);
    const asUtc = Date.UTC(z.year, z.month - 1, z.day, z.hour, z.minute, z.second);
    const target = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
    guess += target - asUtc;
  }
  return new Date(guess);
}
