// A secret's rotation schedule as stored (SecretRotation) and the dates DescribeSecret shows:
// NextRotationDate is the last second of the next rotation window, counted from the last rotation
// (rotation-rules.ts); the scheduler starts a rotation once that window has opened.

import type { SecretRotation } from '../../store/secrets.js';
import { optionalInteger, optionalString, type Input } from './input.js';
import { nextRotationDate, nextRotationWindow, validateRotationRules, type RotationRulesInput, type RotationSchedule } from './rotation-rules.js';

const HOUR_MS = 3_600_000;

/** RotateSecret's RotationRules, when the request gives them. */
export function rulesFromInput(input: Input): RotationRulesInput | undefined {
  const rules = input['RotationRules'];
  if (rules === undefined || rules === null || typeof rules !== 'object') return undefined;
  const members = rules as Input;
  return {
    automaticallyAfterDays: optionalInteger(members, 'AutomaticallyAfterDays') ?? null,
    scheduleExpression: optionalString(members, 'ScheduleExpression') ?? null,
    duration: optionalString(members, 'Duration') ?? null,
  };
}

/** The stored rules' schedule; undefined for a secret whose rotation has no schedule (rotated on demand only). */
export function scheduleOf(rotation: SecretRotation): RotationSchedule | undefined {
  if (rotation.automaticallyAfterDays === null && rotation.scheduleExpression === null) return undefined;
  // Validated when RotateSecret stored them: this only turns them back into a schedule.
  return validateRotationRules({ automaticallyAfterDays: rotation.automaticallyAfterDays, scheduleExpression: rotation.scheduleExpression, duration: rotation.duration });
}

/** NextRotationDate after a rotation (or a new AWSCURRENT value) at `since`; null without a schedule. */
export function nextRotationAfter(rotation: SecretRotation, since: Date): Date | null {
  const schedule = scheduleOf(rotation);
  return schedule === undefined ? null : nextRotationDate(nextRotationWindow(schedule, since));
}

/** When the window ending at NextRotationDate opens; undefined when no rotation is scheduled. */
export function windowOpens(rotation: SecretRotation): Date | undefined {
  const schedule = scheduleOf(rotation);
  if (schedule === undefined || rotation.nextRotationDate === null) return undefined;
  // NextRotationDate is the window's last second: the window ends one second later.
  return new Date(rotation.nextRotationDate.getTime() + 1000 - schedule.windowHours * HOUR_MS);
}

/** The rotation a manual change of AWSCURRENT leaves: AWS counts it as a rotation for the next date. */
export function afterManualChange(rotation: SecretRotation, now: Date): SecretRotation | undefined {
  if (!rotation.enabled) return undefined;
  const next = nextRotationAfter(rotation, now);
  return next === null ? undefined : { ...rotation, nextRotationDate: next };
}
