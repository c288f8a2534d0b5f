import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LookupEntry } from './events.js';
import { NO_FILTERS, planLookup } from './filters.js';
import { ActivityStream, MAX_POLL_PAGES, MAX_SHOWN, PAGE_SIZE, type LookupInput } from './stream.js';

/** A fake LookupEvents over a log (newest first), paging by position, honouring time range and EventName. */
function fakeLog() {
  const log: LookupEntry[] = [];
  const calls: LookupInput[] = [];
  let n = 0;
  const add = (name: string, second: number, extra: Record<string, unknown> = {}) => {
    n += 1;
    const record = { eventID: `ev-${n}`, eventName: name, eventSource: 'ssm.amazonaws.com', eventTime: new Date(second * 1000).toISOString(), userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::000000000000:user/u' }, ...extra };
    log.unshift({ EventId: record.eventID, EventName: name, EventSource: 'ssm.amazonaws.com', EventTime: second, CloudTrailEvent: JSON.stringify(record) });
  };
  const lookup = async (input: LookupInput) => {
    calls.push(input);
    const attribute = input.LookupAttributes?.[0];
    const matching = log.filter(
      (e) =>
        (input.StartTime === undefined || (e.EventTime ?? 0) >= input.StartTime) &&
        (input.EndTime === undefined || (e.EventTime ?? 0) <= input.EndTime) &&
        (attribute?.AttributeKey !== 'EventName' || e.EventName === attribute.AttributeValue),
    );
    const start = input.NextToken ? matching.findIndex((e) => e.EventId === input.NextToken) : 0;
    const page = matching.slice(start, start + input.MaxResults);
    const next = matching[start + input.MaxResults];
    return { Events: page, ...(next?.EventId ? { NextToken: next.EventId } : {}) };
  };
  return { log, calls, add, lookup };
}

const signal = new AbortController().signal;
const ids = (stream: ActivityStream) => stream.events.map((e) => e.id);

describe('ActivityStream', () => {
  test('loads newest first, pages older with NextToken, and polls only what is new', async () => {
    const log = fakeLog();
    for (let i = 1; i <= 30; i++) log.add('GetParameter', 1000 + i);
    const stream = new ActivityStream(planLookup({ ...NO_FILTERS, showOwn: true }, 'K'), log.lookup);
    assert.equal(await stream.loadOlder(signal), 30);
    assert.equal(ids(stream)[0], 'ev-30');
    assert.equal(stream.hasOlder, false);

    log.add('PutParameter', 1030); // the same second as the newest seen: StartTime is inclusive
    log.add('GetParameter', 1031);
    assert.equal(await stream.poll(signal), 2);
    assert.deepEqual(ids(stream).slice(0, 3), ['ev-32', 'ev-31', 'ev-30']);
    assert.equal(log.calls.at(-1)?.StartTime, 1030);
    assert.equal(await stream.poll(signal), 0);
    assert.equal(ids(stream).length, 32);
  });

  test('fills a filtered page across several lookups, and Load older goes on from the token', async () => {
    const log = fakeLog();
    for (let i = 1; i <= 400; i++) log.add(i % 20 === 0 ? 'DeleteParameter' : 'GetParameter', 1000 + i, i % 40 === 0 ? { errorCode: 'AccessDenied' } : {});
    const stream = new ActivityStream(planLookup({ ...NO_FILTERS, decision: 'denied' }, 'K'), log.lookup);
    // 4 pages of 50 hold 5 denials: the fill stops at MAX_FILL_PAGES, not at FILL_TARGET.
    assert.equal(await stream.loadOlder(signal), 5);
    assert.equal(stream.looked, 4 * PAGE_SIZE);
    assert.equal(stream.hasOlder, true);
    assert.equal(await stream.loadOlder(signal), 5);
    assert.ok(stream.events.every((e) => e.decision === 'denied'));
  });

  test('the lookup attribute and the time range go to every call', async () => {
    const log = fakeLog();
    for (let i = 1; i <= 5; i++) log.add(i % 2 ? 'GetParameter' : 'PutParameter', 1000 + i);
    const plan = planLookup({ ...NO_FILTERS, action: 'GetParameter', from: new Date(1002_000).toISOString() }, 'K');
    const stream = new ActivityStream(plan, log.lookup);
    await stream.loadOlder(signal);
    assert.deepEqual(ids(stream), ['ev-5', 'ev-3']);
    assert.deepEqual(log.calls[0], { MaxResults: 50, StartTime: 1002, LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'GetParameter' }] });
    log.add('GetParameter', 1009);
    await stream.poll(signal);
    assert.deepEqual(log.calls.at(-1), { MaxResults: 50, StartTime: 1005, LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'GetParameter' }] });
  });

  test('nothing matched at first: the newest event of all is where polling starts', async () => {
    const log = fakeLog();
    for (let i = 1; i <= 3; i++) log.add('GetParameter', 1000 + i);
    const stream = new ActivityStream(planLookup({ ...NO_FILTERS, action: 'DeleteParameter' }, 'K'), log.lookup);
    assert.equal(await stream.loadOlder(signal), 0);
    assert.deepEqual(log.calls.at(-1), { MaxResults: 1 });
    log.add('DeleteParameter', 1004);
    assert.equal(await stream.poll(signal), 1);
    assert.equal(log.calls.at(-1)?.StartTime, 1003);
  });

  test('a burst larger than a poll reads leaves a gap above the events shown', async () => {
    const log = fakeLog();
    log.add('GetParameter', 1000);
    const stream = new ActivityStream(planLookup({ ...NO_FILTERS, showOwn: true }, 'K'), log.lookup);
    await stream.loadOlder(signal);
    for (let i = 0; i < MAX_POLL_PAGES * PAGE_SIZE + 10; i++) log.add('GetParameter', 1001);
    assert.equal(await stream.poll(signal), MAX_POLL_PAGES * PAGE_SIZE);
    assert.deepEqual([...stream.gaps], ['ev-1']);
  });

  test('a poll aborted half-way leaves the stream as it was', async () => {
    const log = fakeLog();
    log.add('GetParameter', 1000);
    const controller = new AbortController();
    const stream = new ActivityStream(planLookup({ ...NO_FILTERS, showOwn: true }, 'K'), async (input) => {
      const page = await log.lookup(input);
      if (input.NextToken) controller.abort();
      return page;
    });
    await stream.loadOlder(signal);
    for (let i = 0; i < 80; i++) log.add('GetParameter', 1001);
    await assert.rejects(stream.poll(controller.signal));
    assert.deepEqual(ids(stream), ['ev-1']);
  });

  test('stays bounded: polls push the oldest shown events out past MAX_SHOWN, and Load older brings them back', async () => {
    const log = fakeLog();
    for (let i = 1; i <= 20; i++) log.add('GetParameter', 1000 + i);
    const stream = new ActivityStream(planLookup({ ...NO_FILTERS, showOwn: true }, 'K'), log.lookup);
    await stream.loadOlder(signal);
    assert.equal(stream.hasOlder, false);
    // A busy server: MAX_SHOWN more events, one poll of up to MAX_POLL_PAGES pages at a time.
    let second = 2000;
    while (log.log.length < 20 + MAX_SHOWN) {
      for (let i = 0; i < PAGE_SIZE && log.log.length < 20 + MAX_SHOWN; i++) log.add('GetParameter', (second += 1));
      await stream.poll(signal);
    }
    assert.equal(stream.events.length, MAX_SHOWN);
    assert.equal(ids(stream)[0], `ev-${20 + MAX_SHOWN}`);
    assert.equal(ids(stream).at(-1), 'ev-21', 'the oldest 20 were let go');
    assert.equal(stream.hasOlder, true, 'what was let go can be loaded again');

    // Load older reads again from the oldest shown event down: the 20 come back, none twice.
    assert.equal(await stream.loadOlder(signal), 20);
    assert.equal(log.calls.at(-1)?.EndTime, 2001);
    assert.equal(stream.events.length, MAX_SHOWN + 20);
    assert.equal(new Set(ids(stream)).size, MAX_SHOWN + 20);
    assert.equal(ids(stream).at(-1), 'ev-1');
    assert.equal(stream.hasOlder, false);

    // What the reader loaded stays until new events push it out, one for one.
    log.add('GetParameter', second + 1);
    assert.equal(await stream.poll(signal), 1);
    assert.equal(stream.events.length, MAX_SHOWN + 20);
    assert.equal(ids(stream).at(-1), 'ev-2');
  });
});
