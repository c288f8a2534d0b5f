import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ServiceError } from '../../wire/errors.js';
import { nextRotationDate, nextRotationWindow, rotationDue, rotationRuleMessages as m, validateRotationRules, type RotationRulesInput } from './rotation-rules.js';

function refuses(rules: RotationRulesInput, message: string | RegExp) {
  assert.throws(
    () => validateRotationRules(rules),
    (error: unknown) =>
      error instanceof ServiceError &&
      error.code === 'InvalidParameterException' &&
      error.status === 400 &&
      (typeof message === 'string' ? error.message === message : message.test(error.message)),
  );
}

/** The next window after `since`, as ISO strings, and the NextRotationDate AWS would show. */
function windowOf(rules: RotationRulesInput, since: string) {
  const window = nextRotationWindow(validateRotationRules(rules), new Date(since));
  return { start: window.start.toISOString(), end: window.end.toISOString(), next: nextRotationDate(window).toISOString() };
}

describe('validateRotationRules', () => {
  it('refuses AutomaticallyAfterDays with ScheduleExpression (AWS text)', () => {
    refuses({ automaticallyAfterDays: 30, scheduleExpression: 'rate(10 days)' }, m.both);
  });

  it('keeps AutomaticallyAfterDays within 1-1000', () => {
    for (const days of [0, -1, 1001, 1.5]) refuses({ automaticallyAfterDays: days }, m.days);
    for (const days of [1, 1000]) assert.doesNotThrow(() => validateRotationRules({ automaticallyAfterDays: days }));
  });

  it('wants a schedule', () => {
    refuses({}, m.neither);
    refuses({ duration: '2h' }, m.neither);
    refuses({ automaticallyAfterDays: null, scheduleExpression: null }, m.neither);
  });

  it('accepts rate() in hours from four to 23 and in days from 1 to 999', () => {
    for (const e of ['rate(4 hours)', 'rate(23 hours)', 'rate(1 day)', 'rate(1 days)', 'rate(999 days)', 'rate(12 hour)']) {
      assert.doesNotThrow(() => validateRotationRules({ scheduleExpression: e }), e);
    }
    refuses({ scheduleExpression: 'rate(3 hours)' }, /at most every four hours/);
    refuses({ scheduleExpression: 'rate(24 hours)' }, /in days/);
    refuses({ scheduleExpression: 'rate(0 days)' }, /1 to 999 days/);
    refuses({ scheduleExpression: 'rate(1000 days)' }, /1 to 999 days/);
  });

  it('refuses other rate() units and shapes', () => {
    for (const e of ['rate(30 minutes)', 'rate(1 week)', 'rate(-1 days)', 'rate(days)', 'rate(1.5 days)', 'rate 1 day', 'RATE(1 day)', 'rate(1day)']) {
      refuses({ scheduleExpression: e }, new RegExp(`^The schedule expression ${e.replace(/[()]/g, '\\$&')} is not valid: `));
    }
  });

  it('words a cron() syntax error with its reason', () => {
    refuses({ scheduleExpression: 'cron(30 10 * * ? *)' }, 'The schedule expression cron(30 10 * * ? *) is not valid: the minutes field must be 0 (rotation windows open on the hour).');
    refuses({ scheduleExpression: 'cron(0 10 * * ? 2025)' }, /year field must be \*/);
    refuses({ scheduleExpression: 'cron(0 10 * *)' }, /6 fields/);
  });

  it('refuses a cron() that never opens a window, or opens them less than four hours apart', () => {
    refuses({ scheduleExpression: 'cron(0 0 30 FEB ? *)' }, /never opens a rotation window/);
    refuses({ scheduleExpression: 'cron(0 0/3 * * ? *)' }, /at most every four hours/);
    refuses({ scheduleExpression: 'cron(0 1,2 * * ? *)' }, /at most every four hours/);
    refuses({ scheduleExpression: 'cron(0 1,22 * * ? *)' }, /at most every four hours/);
    assert.doesNotThrow(() => validateRotationRules({ scheduleExpression: 'cron(0 0/4 * * ? *)' }));
  });

  it('reads Duration as whole hours from 1h to 24h', () => {
    for (const d of ['0h', '25h', '99h', 'h', '3', '3H', '1.5h', '-1h']) refuses({ automaticallyAfterDays: 5, duration: d }, m.duration(d));
    assert.equal(validateRotationRules({ automaticallyAfterDays: 5, duration: '24h' }).windowHours, 24);
    assert.equal(validateRotationRules({ automaticallyAfterDays: 5, duration: '1h' }).windowHours, 1);
  });

  it('keeps the window of a schedule in days within its UTC day', () => {
    assert.equal(validateRotationRules({ scheduleExpression: 'cron(0 16 * * ? *)', duration: '8h' }).windowHours, 8);
    refuses({ scheduleExpression: 'cron(0 16 * * ? *)', duration: '9h' }, m.windowPastDay('9h'));
    assert.equal(validateRotationRules({ scheduleExpression: 'cron(0 16 * * ? *)' }).windowHours, 8, 'default: to the end of the day');
    assert.equal(validateRotationRules({ scheduleExpression: 'rate(3 days)' }).windowHours, 24);
  });

  it('keeps the window of a schedule in hours out of the next window', () => {
    assert.equal(validateRotationRules({ scheduleExpression: 'rate(6 hours)' }).windowHours, 1, 'default: one hour');
    assert.equal(validateRotationRules({ scheduleExpression: 'rate(6 hours)', duration: '6h' }).windowHours, 6);
    refuses({ scheduleExpression: 'rate(6 hours)', duration: '7h' }, m.windowPastNext('7h'));
    assert.equal(validateRotationRules({ scheduleExpression: 'cron(0 4/12 * * ? *)' }).windowHours, 1);
    assert.equal(validateRotationRules({ scheduleExpression: 'cron(0 4/12 * * ? *)', duration: '8h' }).windowHours, 8);
    refuses({ scheduleExpression: 'cron(0 4/12 * * ? *)', duration: '9h' }, m.windowPastDay('9h'));
    refuses({ scheduleExpression: 'cron(0 0,12 * * ? *)', duration: '13h' }, m.windowPastNext('13h'));
  });
});

describe('nextRotationWindow and NextRotationDate', () => {
  it("AutomaticallyAfterDays: the whole UTC day of the last change plus the days (AWS's 23:59:59)", () => {
    // Recorded from AWS: a change on 2026-02-03 at 17:42 UTC, 30 days: NextRotationDate 2026-03-05 23:59:59 UTC.
    assert.deepEqual(windowOf({ automaticallyAfterDays: 30 }, '2026-02-03T17:42:24Z'), {
      start: '2026-03-05T00:00:00.000Z',
      end: '2026-03-06T00:00:00.000Z',
      next: '2026-03-05T23:59:59.000Z',
    });
    assert.equal(windowOf({ automaticallyAfterDays: 1 }, '2024-12-31T23:59:59Z').start, '2025-01-01T00:00:00.000Z');
  });

  it('rate() in days opens at midnight, for Duration hours when given', () => {
    assert.deepEqual(windowOf({ scheduleExpression: 'rate(10 days)', duration: '3h' }, '2024-05-01T13:00:00Z'), {
      start: '2024-05-11T00:00:00.000Z',
      end: '2024-05-11T03:00:00.000Z',
      next: '2024-05-11T02:59:59.000Z',
    });
  });

  it('rate() in hours opens on the hour after the interval, for one hour by default', () => {
    assert.deepEqual(windowOf({ scheduleExpression: 'rate(4 hours)' }, '2024-05-01T10:30:00Z'), {
      start: '2024-05-01T14:00:00.000Z',
      end: '2024-05-01T15:00:00.000Z',
      next: '2024-05-01T14:59:59.000Z',
    });
    assert.equal(windowOf({ scheduleExpression: 'rate(12 hours)' }, '2024-05-01T20:00:00Z').start, '2024-05-02T08:00:00.000Z');
  });

  it('cron() opens at its first time after the last rotation, to the end of the day by default', () => {
    assert.deepEqual(windowOf({ scheduleExpression: 'cron(0 16 1,15 * ? *)' }, '2024-05-01T16:30:00Z'), {
      start: '2024-05-15T16:00:00.000Z',
      end: '2024-05-16T00:00:00.000Z',
      next: '2024-05-15T23:59:59.000Z',
    });
    assert.deepEqual(windowOf({ scheduleExpression: 'cron(0 4/12 * * ? *)', duration: '2h' }, '2024-05-01T05:00:00Z'), {
      start: '2024-05-01T16:00:00.000Z',
      end: '2024-05-01T18:00:00.000Z',
      next: '2024-05-01T17:59:59.000Z',
    });
  });

  it('a rotation inside a cron window moves on to the next window', () => {
    const rules = { scheduleExpression: 'cron(0 10 * * ? *)', duration: '2h' };
    assert.equal(windowOf(rules, '2024-05-01T09:59:59Z').start, '2024-05-01T10:00:00.000Z');
    assert.equal(windowOf(rules, '2024-05-01T10:00:00Z').start, '2024-05-02T10:00:00.000Z');
    assert.equal(windowOf(rules, '2024-05-01T11:30:00Z').start, '2024-05-02T10:00:00.000Z');
  });

  it('a window that opened while nobody looked is due at once', () => {
    const schedule = validateRotationRules({ automaticallyAfterDays: 7 });
    const window = nextRotationWindow(schedule, new Date('2024-01-01T12:00:00Z'));
    assert.equal(rotationDue(window, new Date('2024-01-07T23:59:59Z')), false);
    assert.equal(rotationDue(window, new Date('2024-01-08T00:00:00Z')), true);
    assert.equal(rotationDue(window, new Date('2024-03-01T00:00:00Z')), true, 'long after the window closed');
  });

  it('refuses an invalid date rather than scheduling nothing', () => {
    assert.throws(() => nextRotationWindow(validateRotationRules({ automaticallyAfterDays: 1 }), new Date('nope')), RangeError);
  });
});
