// RotationRules as Secrets Manager reads them (RotateSecret): a schedule, either
// AutomaticallyAfterDays or a ScheduleExpression (rate() or cron(), UTC), and an optional Duration,
// the rotation window. Pure: validation throws AWS's InvalidParameterException, and the next window
// is computed from the last rotation, as AWS computes NextRotationDate.
//
// What AWS documents (user guide, "Schedule expressions in Secrets Manager rotation"; API reference,
// RotationRulesType), and what is ours where it is silent (GAPS.md lists the guesses):
// - AutomaticallyAfterDays 1-1000, never with ScheduleExpression.
// - rate(Value Unit), Unit hour|hours|day|days: at least every four hours, at most 999 days. Hours
//   up to 23 (a day or more is written in days): a guess.
// - cron(): see rotation-cron.ts. At least four hours between two windows of one day.
// - Windows open on the hour. A schedule in days (AutomaticallyAfterDays, rate in days, a cron
//   opening one window a day) opens its window at midnight (rate) or at the cron's hour, and by
//   default closes it at the end of the UTC day; a schedule in hours closes it after one hour.
//   Duration ("3h", at least 1h) shortens or sets it; it must not run into the next UTC day (days)
//   or into the next window (hours).
// - NextRotationDate is the last second of the next window: AWS shows 23:59:59 UTC for a schedule
//   in days, the day being the last rotation's (or manual change's) plus the days.

import { smErrors } from './errors.js';
import { CronSyntaxError, cronOccurrenceAfter, parseCron, shortestHourGap, type CronSchedule } from './rotation-cron.js';

/** The members of RotationRules, as the store's SecretRotation record keeps them. */
export interface RotationRulesInput {
  automaticallyAfterDays?: number | null;
  scheduleExpression?: string | null;
  duration?: string | null;
}

/** A validated schedule: how windows open and how long each stays open. */
export type RotationSchedule =
  | {
      kind: 'interval';
      /** Hours from one rotation to the next window. */
      everyHours: number;
      /** Whether windows open at midnight UTC (a schedule in days) or on the hour (in hours). */
      alignment: 'day' | 'hour';
      windowHours: number;
    }
  | { kind: 'cron'; cron: CronSchedule; windowHours: number };

export interface RotationWindow {
  /** When the window opens (on the hour, UTC). */
  start: Date;
  /** When it closes (exclusive). */
  end: Date;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const MIN_HOURS_BETWEEN = 4;

const invalid = (message: string) => smErrors.invalidParameter(message);

/** Messages: the first is AWS's recorded text, the second moto's (likely AWS's); the rest are guesses. */
export const rotationRuleMessages = {
  both: 'You cannot specify both rotation frequency and schedule expression together.',
  days: 'RotationRules.AutomaticallyAfterDays must be within 1-1000.',
  neither: 'You must specify either AutomaticallyAfterDays or ScheduleExpression in RotationRules.',
  expression: (expression: string, reason: string) => `The schedule expression ${expression} is not valid: ${reason}.`,
  duration: (duration: string) => `The rotation window duration ${duration} is not valid: use a whole number of hours from 1h, for example 3h.`,
  windowPastDay: (duration: string) => `The rotation window duration ${duration} extends the rotation window into the next UTC day.`,
  windowPastNext: (duration: string) => `The rotation window duration ${duration} extends the rotation window into the next rotation window.`,
};

/** Validates RotationRules and returns the schedule they describe; throws InvalidParameterException. */
export function validateRotationRules(rules: RotationRulesInput): RotationSchedule {
  const days = rules.automaticallyAfterDays ?? null;
  const expression = rules.scheduleExpression ?? null;
  if (days !== null && expression !== null) throw invalid(rotationRuleMessages.both);
  const duration = rules.duration ?? null;
  const durationHours = duration === null ? null : parseDuration(duration);
  if (days !== null) {
    if (!Number.isInteger(days) || days < 1 || days > 1000) throw invalid(rotationRuleMessages.days);
    return interval(days * 24, 'day', durationHours, duration);
  }
  if (expression === null) throw invalid(rotationRuleMessages.neither);
  const rate = /^rate\(\s*(\d+)\s+(hours?|days?)\s*\)$/.exec(expression);
  if (rate) {
    const n = Number(rate[1]);
    if ((rate[2] as string).startsWith('hour')) {
      if (n < MIN_HOURS_BETWEEN) throw invalid(rotationRuleMessages.expression(expression, 'you can rotate a secret at most every four hours'));
      if (n > 23) throw invalid(rotationRuleMessages.expression(expression, 'write a rate of a day or more in days'));
      return interval(n, 'hour', durationHours, duration);
    }
    if (n < 1 || n > 999) throw invalid(rotationRuleMessages.expression(expression, 'a rate in days is 1 to 999 days'));
    return interval(n * 24, 'day', durationHours, duration);
  }
  const cronBody = /^cron\((.*)\)$/.exec(expression);
  if (!cronBody) throw invalid(rotationRuleMessages.expression(expression, 'use rate(Value Unit) or cron(Minutes Hours Day-of-month Month Day-of-week Year)'));
  let cron: CronSchedule;
  try {
    cron = parseCron(cronBody[1] as string);
  } catch (error) {
    if (error instanceof CronSyntaxError) throw invalid(rotationRuleMessages.expression(expression, error.message));
    throw error;
  }
  if (cronOccurrenceAfter(cron, new Date(Date.UTC(2000, 0, 1))) === undefined) {
    throw invalid(rotationRuleMessages.expression(expression, 'it never opens a rotation window'));
  }
  const gap = shortestHourGap(cron.hours);
  if (gap === undefined) {
    // Once a day: the window may run to the end of that UTC day.
    const room = 24 - (cron.hours[0] as number);
    return { kind: 'cron', cron, windowHours: windowWithin(room, durationHours, duration, 'day') ?? room };
  }
  if (gap < MIN_HOURS_BETWEEN) throw invalid(rotationRuleMessages.expression(expression, 'you can rotate a secret at most every four hours'));
  const room = Math.min(gap, 24 - (cron.hours.at(-1) as number));
  return { kind: 'cron', cron, windowHours: windowWithin(room, durationHours, duration, gap <= room ? 'next' : 'day') ?? 1 };
}

function interval(everyHours: number, alignment: 'day' | 'hour', durationHours: number | null, duration: string | null): RotationSchedule {
  // A schedule in days opens at midnight and may stay open all day; one in hours, until the next.
  const room = alignment === 'day' ? 24 : everyHours;
  const windowHours = windowWithin(room, durationHours, duration, alignment === 'day' ? 'day' : 'next') ?? (alignment === 'day' ? 24 : 1);
  return { kind: 'interval', everyHours, alignment, windowHours };
}

/** The Duration checked against the room the schedule leaves; null when none was given. */
function windowWithin(room: number, hours: number | null, duration: string | null, limit: 'day' | 'next'): number | null {
  if (hours === null || duration === null) return null;
  if (hours > room) throw invalid(limit === 'day' ? rotationRuleMessages.windowPastDay(duration) : rotationRuleMessages.windowPastNext(duration));
  return hours;
}

function parseDuration(duration: string): number {
  const match = /^(\d+)h$/.exec(duration);
  const hours = match ? Number(match[1]) : 0;
  if (hours < 1 || hours > 24) throw invalid(rotationRuleMessages.duration(duration));
  return hours;
}

/**
 * The next rotation window after `since`: the last rotation (a manual PutSecretValue or
 * UpdateSecret counts as one), or when rotation was turned on without rotating. An interval
 * schedule counts from `since` and opens at the start of that day or hour; a cron schedule opens at
 * its first time after `since`. A window that has already opened (even closed) is due: the
 * scheduler rotates at once, as after a restart that slept through it.
 */
export function nextRotationWindow(schedule: RotationSchedule, since: Date): RotationWindow {
  if (Number.isNaN(since.getTime())) throw new RangeError('nextRotationWindow: since is not a valid date');
  let start: number;
  if (schedule.kind === 'interval') {
    const unit = schedule.alignment === 'day' ? DAY_MS : HOUR_MS;
    start = Math.floor((since.getTime() + schedule.everyHours * HOUR_MS) / unit) * unit;
  } else {
    const next = cronOccurrenceAfter(schedule.cron, since);
    // validateRotationRules refused schedules that never fire; a schedule whose next time lies
    // beyond the search (none does) would get none here, and rotation must not silently stop.
    if (next === undefined) throw new RangeError('nextRotationWindow: the cron schedule has no next window');
    start = next.getTime();
  }
  return { start: new Date(start), end: new Date(start + schedule.windowHours * HOUR_MS) };
}

/** DescribeSecret's NextRotationDate: the window's last second (23:59:59 for a day-long window). */
export function nextRotationDate(window: RotationWindow): Date {
  return new Date(window.end.getTime() - 1000);
}

/** Whether a rotation is due at `now`: its window has opened. */
export function rotationDue(window: RotationWindow, now: Date): boolean {
  return window.start.getTime() <= now.getTime();
}
