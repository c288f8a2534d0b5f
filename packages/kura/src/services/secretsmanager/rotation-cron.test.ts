import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CronSyntaxError, cronMatchesDay, cronOccurrenceAfter, parseCron, shortestHourGap } from './rotation-cron.js';

const at = (iso: string) => new Date(iso);
const next = (body: string, after: string) => cronOccurrenceAfter(parseCron(body), at(after))?.toISOString();

describe('parseCron: the fields Secrets Manager accepts', () => {
  it("parses every example of AWS's user guide", () => {
    for (const body of ['0 10 * * ? *', '0 18 ? * SAT *', '0 8 1 * ? *', '0 1 * 1/3 SUN *', '0 17 L * ? *', '0 8 ? * MON-FRI *', '0 16 1,15 * ? *', '0 0 ? * SUN#1 *', '0 4/12 * * ? *']) {
      assert.doesNotThrow(() => parseCron(body), body);
    }
  });

  it('expands lists, ranges, increments and names', () => {
    const cron = parseCron('0 4/6 1-3,10 JAN,mar-APR ? *');
    assert.deepEqual(cron.hours, [4, 10, 16, 22]);
    assert.deepEqual([...cron.months].sort((a, b) => a - b), [1, 3, 4]);
    assert.deepEqual(cron.dayOfMonth, { any: false, days: new Set([1, 2, 3, 10]), last: false });
    assert.deepEqual(cron.dayOfWeek, { any: true });
    assert.deepEqual(parseCron('0 */8 * * ? *').hours, [0, 8, 16]);
    assert.deepEqual(parseCron('0 2-10/4 * * ? *').hours, [2, 6, 10]);
  });

  it('wraps a range past the end of its field', () => {
    assert.deepEqual(parseCron('0 22-1 * * ? *').hours, [0, 1, 22, 23]);
    assert.deepEqual(parseCron('0 0 ? NOV-FEB FRI-MON *').months, new Set([11, 12, 1, 2]));
    const dow = parseCron('0 0 ? * FRI-MON *').dayOfWeek;
    assert.ok(!dow.any && [...dow.days].sort().join() === '1,2,6,7');
  });

  it('reads L, nL, NAMEL and # in the day fields', () => {
    assert.deepEqual(parseCron('0 0 L * ? *').dayOfMonth, { any: false, days: new Set(), last: true });
    const dow = parseCron('0 0 ? * L,5L,MONL,TUE#3,2#1 *').dayOfWeek;
    assert.ok(!dow.any);
    assert.deepEqual([...dow.days], [7]);
    assert.deepEqual([...dow.lastOf].sort(), [2, 5]);
    assert.deepEqual(dow.nth, [
      { day: 3, n: 3 },
      { day: 2, n: 1 },
    ]);
  });

  const refused: Array<[string, RegExp]> = [
    ['0 10 * * ?', /6 fields, not 5/],
    ['0 10 * * ? * *', /6 fields, not 7/],
    ['15 10 * * ? *', /minutes field must be 0/],
    ['0/30 10 * * ? *', /minutes field must be 0/],
    ['0 10 * * ? 2030', /year field must be \*/],
    ['0 24 * * ? *', /out of range for hours/],
    ['0 10 0 * ? *', /out of range for day-of-month/],
    ['0 10 32 * ? *', /out of range for day-of-month/],
    ['0 10 * 13 ? *', /out of range for month/],
    ['0 10 ? * 8 *', /out of range for day-of-week/],
    ['0 10 ? * 0 *', /out of range for day-of-week/],
    ['0 10 1 * MON *', /cannot both be set/],
    ['0 10 ? * ? *', /cannot both be \?/],
    ['0 10 ? ? * *', /'\?' is not a valid month/],
    ['0 L * * ? *', /'L' is not a valid hours/],
    ['0 10 * L ? *', /'L' is not a valid month/],
    ['0 10 15W * ? *', /'15W' is not a valid day-of-month/],
    ['0 10 ? * MON#6 *', /1 to 5/],
    ['0 10 ? * FOO *', /'FOO' is not a valid day-of-week/],
    ['0 10/0 * * ? *', /positive number/],
    ['0 10/x * * ? *', /positive number/],
    ['0 1//2 * * ? *', /not a valid hours/],
    ['0 1,,2 * * ? *', /empty list item/],
    ['0 -1 * * ? *', /not a valid hours/],
    ['0 100 * * ? *', /not a valid hours/],
  ];
  for (const [body, reason] of refused) {
    it(`refuses cron(${body})`, () => {
      assert.throws(() => parseCron(body), (error: unknown) => error instanceof CronSyntaxError && reason.test(error.message));
    });
  }
});

describe('cronMatchesDay and cronOccurrenceAfter', () => {
  it('opens every day at the hour given', () => {
    assert.equal(next('0 10 * * ? *', '2024-05-01T09:59:59Z'), '2024-05-01T10:00:00.000Z');
    assert.equal(next('0 10 * * ? *', '2024-05-01T10:00:00Z'), '2024-05-02T10:00:00.000Z', 'strictly after');
    assert.equal(next('0 10 * * ? *', '2024-12-31T11:00:00Z'), '2025-01-01T10:00:00.000Z');
  });

  it('steps through the hours of a day and resets the next day', () => {
    assert.equal(next('0 4/12 * * ? *', '2024-05-01T05:00:00Z'), '2024-05-01T16:00:00.000Z');
    assert.equal(next('0 4/12 * * ? *', '2024-05-01T16:30:00Z'), '2024-05-02T04:00:00.000Z');
  });

  it('finds the last day of the month, leap years included', () => {
    assert.equal(next('0 17 L * ? *', '2024-02-01T00:00:00Z'), '2024-02-29T17:00:00.000Z');
    assert.equal(next('0 17 L * ? *', '2023-02-01T00:00:00Z'), '2023-02-28T17:00:00.000Z');
    assert.equal(next('0 17 L * ? *', '2024-04-30T18:00:00Z'), '2024-05-31T17:00:00.000Z');
  });

  it('finds weekdays, the nth weekday and the last weekday of a month', () => {
    // 2024-06-01 is a Saturday.
    assert.equal(next('0 18 ? * SAT *', '2024-06-01T19:00:00Z'), '2024-06-08T18:00:00.000Z');
    assert.equal(next('0 0 ? * SUN#1 *', '2024-06-01T00:00:00Z'), '2024-06-02T00:00:00.000Z');
    assert.equal(next('0 0 ? * SUN#1 *', '2024-06-02T00:00:00Z'), '2024-07-07T00:00:00.000Z');
    assert.equal(next('0 9 ? * 6L *', '2024-06-01T00:00:00Z'), '2024-06-28T09:00:00.000Z');
    assert.equal(next('0 9 ? * TUE#5 *', '2024-06-01T00:00:00Z'), '2024-07-30T09:00:00.000Z');
    assert.equal(next('0 8 ? * MON-FRI *', '2024-06-01T00:00:00Z'), '2024-06-03T08:00:00.000Z');
    assert.equal(next('0 12 ? * L *', '2024-06-02T00:00:00Z'), '2024-06-08T12:00:00.000Z');
  });

  it('reads a * day-of-month beside a weekday as the weekday alone', () => {
    // "Every three months on Sunday at 1:00 AM" (the user guide): January, April, July, October.
    assert.equal(next('0 1 * 1/3 SUN *', '2024-02-01T00:00:00Z'), '2024-04-07T01:00:00.000Z');
    assert.equal(cronMatchesDay(parseCron('0 1 * 1/3 SUN *'), 2024, 4, 8), false);
  });

  it('waits years for 29 February and gives up on a day that never comes', () => {
    assert.equal(next('0 0 29 FEB ? *', '2096-03-01T00:00:00Z'), '2104-02-29T00:00:00.000Z');
    assert.equal(next('0 0 30 FEB ? *', '2024-01-01T00:00:00Z'), undefined);
    assert.equal(next('0 0 31 4,6,9,11 ? *', '2024-01-01T00:00:00Z'), undefined);
  });
});

describe('shortestHourGap', () => {
  it('measures the gaps of one day and the wrap into the next', () => {
    assert.equal(shortestHourGap([10]), undefined);
    assert.equal(shortestHourGap([4, 16]), 12);
    assert.equal(shortestHourGap([0, 20]), 4);
    assert.equal(shortestHourGap([0, 5, 10, 15, 20]), 4);
    assert.equal(shortestHourGap([1, 2]), 1);
  });
});
