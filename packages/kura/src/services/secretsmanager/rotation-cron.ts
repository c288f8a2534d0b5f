// The cron() dialect of Secrets Manager rotation schedules: AWS's six fields (Minutes Hours
// Day-of-month Month Day-of-week Year), narrowed as Secrets Manager narrows them: minutes must be 0
// (rotation windows open on the hour) and the year must be * (no schedule more than a year apart).
// Times are UTC. Pure: parsing throws CronSyntaxError with the reason, and rotation-rules.ts words
// it as AWS's InvalidParameterException.
//
// Wildcards per field (the Secrets Manager user guide's table): Hours , - * /; Day-of-month
// , - * ? / L; Month , - * /; Day-of-week # , - * ? / L (with nL / NAMEL, "last such weekday of the
// month"). Day-of-week counts 1 = SUN … 7 = SAT. Ranges may wrap (FRI-MON, NOV-FEB).

export class CronSyntaxError extends Error {}

export type DayOfMonthRule = { any: true } | { any: false; days: Set<number>; last: boolean };

export type DayOfWeekRule =
  | { any: true }
  | { any: false; days: Set<number>; lastOf: Set<number>; nth: Array<{ day: number; n: number }> };

export interface CronSchedule {
  /** The hours of the day a window opens, ascending, at least one. */
  hours: number[];
  months: Set<number>;
  dayOfMonth: DayOfMonthRule;
  dayOfWeek: DayOfWeekRule;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: string[];
}

const HOURS: FieldSpec = { name: 'hours', min: 0, max: 23 };
const DAY_OF_MONTH: FieldSpec = { name: 'day-of-month', min: 1, max: 31 };
const MONTH: FieldSpec = { name: 'month', min: 1, max: 12, names: MONTHS };
const DAY_OF_WEEK: FieldSpec = { name: 'day-of-week', min: 1, max: 7, names: WEEKDAYS };

/** The inside of cron(…): six fields separated by blanks. */
export function parseCron(body: string): CronSchedule {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) throw new CronSyntaxError(`a cron expression has 6 fields, not ${fields.length}`);
  const [minutes, hours, dom, month, dow, year] = fields as [string, string, string, string, string, string];
  if (minutes !== '0') throw new CronSyntaxError('the minutes field must be 0 (rotation windows open on the hour)');
  if (year !== '*') throw new CronSyntaxError('the year field must be *');
  // One of the two day fields must leave the choice to the other (? or *); both open means every day.
  const domOpen = dom === '?' || dom === '*';
  const dowOpen = dow === '?' || dow === '*';
  if (!domOpen && !dowOpen) throw new CronSyntaxError('day-of-month and day-of-week cannot both be set: use ? in one of them');
  if (dom === '?' && dow === '?') throw new CronSyntaxError('day-of-month and day-of-week cannot both be ?');
  return {
    hours: [...parseList(hours, HOURS)].sort((a, b) => a - b),
    months: parseList(month, MONTH),
    dayOfMonth: domOpen ? { any: true } : parseDayOfMonth(dom),
    dayOfWeek: dowOpen ? { any: true } : parseDayOfWeek(dow),
  };
}

function parseDayOfMonth(text: string): DayOfMonthRule {
  const days = new Set<number>();
  let last = false;
  for (const item of text.split(',')) {
    if (item === 'L') last = true;
    else for (const day of parseItem(item, DAY_OF_MONTH)) days.add(day);
  }
  return { any: false, days, last };
}

function parseDayOfWeek(text: string): DayOfWeekRule {
  const rule = { any: false as const, days: new Set<number>(), lastOf: new Set<number>(), nth: [] as Array<{ day: number; n: number }> };
  for (const item of text.split(',')) {
    const hash = /^([^#]+)#(\d+)$/.exec(item);
    if (hash) {
      const n = Number(hash[2]);
      if (n < 1 || n > 5) throw new CronSyntaxError(`'${item}': the week of the month after # is 1 to 5`);
      rule.nth.push({ day: value(hash[1] as string, DAY_OF_WEEK), n });
    } else if (item === 'L') {
      rule.days.add(7); // alone, L is the last day of the week: Saturday
    } else if (item.length > 1 && item.endsWith('L')) {
      rule.lastOf.add(value(item.slice(0, -1), DAY_OF_WEEK));
    } else {
      for (const day of parseItem(item, DAY_OF_WEEK)) rule.days.add(day);
    }
  }
  return rule;
}

function parseList(text: string, spec: FieldSpec): Set<number> {
  const out = new Set<number>();
  for (const item of text.split(',')) for (const v of parseItem(item, spec)) out.add(v);
  return out;
}

/** One list item: *, a value, a range a-b (wrapping past the maximum), any of those /step. */
function parseItem(item: string, spec: FieldSpec): number[] {
  if (item === '') throw new CronSyntaxError(`the ${spec.name} field has an empty list item`);
  const [base, stepText, extra] = item.split('/');
  if (extra !== undefined || base === undefined || base === '') throw new CronSyntaxError(`'${item}' is not a valid ${spec.name} value`);
  let step = 1;
  if (stepText !== undefined) {
    if (!/^\d+$/.test(stepText) || Number(stepText) < 1) throw new CronSyntaxError(`'${item}': the increment after / must be a positive number`);
    step = Number(stepText);
  }
  let from: number;
  let to: number;
  if (base === '*') {
    from = spec.min;
    to = spec.max;
  } else {
    const dash = base.indexOf('-');
    from = value(dash === -1 ? base : base.slice(0, dash), spec);
    // a/s runs from a to the field's end; a-b from a to b.
    to = dash === -1 ? (stepText === undefined ? from : spec.max) : value(base.slice(dash + 1), spec);
  }
  const span = spec.max - spec.min + 1;
  const count = (((to - from) % span) + span) % span; // wrapping distance from `from` to `to`
  const out: number[] = [];
  for (let offset = 0; offset <= count; offset += step) out.push(((from - spec.min + offset) % span) + spec.min);
  return out;
}

function value(text: string, spec: FieldSpec): number {
  const named = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  if (named !== -1) return named + 1;
  if (!/^\d{1,2}$/.test(text)) throw new CronSyntaxError(`'${text}' is not a valid ${spec.name} value`);
  const n = Number(text);
  if (n < spec.min || n > spec.max) throw new CronSyntaxError(`'${text}' is out of range for ${spec.name} (${spec.min}-${spec.max})`);
  return n;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Whether windows open on this UTC day (month 1-12). */
export function cronMatchesDay(cron: CronSchedule, year: number, month: number, day: number): boolean {
  if (!cron.months.has(month)) return false;
  const last = daysInMonth(year, month);
  const dom = cron.dayOfMonth;
  if (!dom.any && !dom.days.has(day) && !(dom.last && day === last)) return false;
  const dow = cron.dayOfWeek;
  if (dow.any) return true;
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;
  if (dow.days.has(weekday)) return true;
  if (dow.lastOf.has(weekday) && day + 7 > last) return true;
  return dow.nth.some((rule) => rule.day === weekday && Math.ceil(day / 7) === rule.n);
}

const DAY_MS = 86_400_000;
/** Far enough for the rarest schedule with an occurrence (29 February skips 2100: eight years). */
const SEARCH_DAYS = 366 * 9;

/** The first window opening strictly after `after`, or undefined when the schedule never fires. */
export function cronOccurrenceAfter(cron: CronSchedule, after: Date): Date | undefined {
  const startDay = Math.floor(after.getTime() / DAY_MS) * DAY_MS;
  for (let i = 0; i <= SEARCH_DAYS; i++) {
    const day = new Date(startDay + i * DAY_MS);
    if (!cronMatchesDay(cron, day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate())) continue;
    for (const hour of cron.hours) {
      const at = day.getTime() + hour * 3_600_000;
      if (at > after.getTime()) return new Date(at);
    }
  }
  return undefined;
}

/**
 * The shortest time between two windows of one day, in hours, counting the wrap from the last hour
 * to the next day's first ("increments of hours reset each day"); undefined for a once-a-day schedule.
 */
export function shortestHourGap(hours: number[]): number | undefined {
  if (hours.length < 2) return undefined;
  let gap = 24 - (hours.at(-1) as number) + (hours[0] as number);
  for (let i = 1; i < hours.length; i++) gap = Math.min(gap, (hours[i] as number) - (hours[i - 1] as number));
  return gap;
}
