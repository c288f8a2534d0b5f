// The audit log kept in the store, against a store that commits when the test says so or refuses:
// requests of one turn share one append, nothing is answered before its event is committed, and a
// store that refuses fails the requests closed, holds later operations and loses no event.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AuditEvent } from '../gateway/audit.js';
import type { StoredAuditEvent } from '../store/audit.js';
import { StoreUnavailableError } from '../store/unavailable.js';
import { AuditWriteError } from './audit-log.js';
import { openStoreAuditTrail } from './audit-store.js';
import type { Logger } from './logger.js';

function event(requestID: string, userAgent?: string): AuditEvent {
  return {
    eventVersion: '1.11',
    userIdentity: { type: 'Unknown' },
    eventTime: '2026-03-01T00:00:07Z',
    sourceIPAddress: '127.0.0.1',
    ...(userAgent ? { userAgent } : {}),
    requestParameters: null,
    responseElements: null,
    additionalEventData: { replica: 'kura-a:4566' },
    requestID,
    eventID: `event-${requestID}`,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: '123456789012',
    eventCategory: 'Management',
  };
}

/** A store whose appends wait for `commit()` or `refuse()`, recording each batch's request ids. */
function slowStore() {
  const batches: string[][] = [];
  const committed: string[] = [];
  const pending: Array<{ ids: string[]; resolve(): void; reject(error: Error): void }> = [];
  const events = {
    append: (batch: readonly StoredAuditEvent[]) =>
      new Promise<void>((resolve, reject) => {
        const ids = batch.map((e) => (JSON.parse(e.event) as AuditEvent).requestID);
        batches.push(ids);
        pending.push({ ids, resolve: () => (committed.push(...ids), resolve()), reject });
      }),
  };
  const next = () => pending.shift() ?? assert.fail('no append is waiting');
  return { events, batches, committed, commit: () => next().resolve(), refuse: () => next().reject(new Error('connection refused')) };
}

function recordingLogger(): Logger & { entries: Array<{ msg: string; fields?: Record<string, unknown> }> } {
  const entries: Array<{ msg: string; fields?: Record<string, unknown> }> = [];
  return { entries, log: (_level, msg, fields) => void entries.push({ msg, ...(fields ? { fields } : {}) }) };
}

const immediate = () => new Promise((resolve) => setImmediate(resolve));
/** Past the turn in which a commit settles and the next batch's turn after it. */
const turn = async () => {
  await immediate();
  await immediate();
};

/** Whether each promise has settled yet, and how. */
function watch(promise: Promise<void>) {
  const state = { outcome: 'pending' as 'pending' | 'written' | 'failed', error: undefined as unknown };
  promise.then(
    () => (state.outcome = 'written'),
    (error: unknown) => {
      state.outcome = 'failed';
      state.error = error;
    },
  );
  return state;
}

describe('the audit log kept in the store', () => {
  test('the writes of one turn are one append; each settles only once it is committed', async () => {
    const store = slowStore();
    const trail = openStoreAuditTrail({ events: store.events, onFailure: 'fail', logger: recordingLogger() });
    const first = ['a', 'b', 'c'].map((id) => watch(trail.write(event(id))));
    await turn();
    assert.deepEqual(store.batches, [['a', 'b', 'c']]);
    assert.deepEqual(first.map((w) => w.outcome), ['pending', 'pending', 'pending'], 'nothing is written before the commit');
    // While that commit is under way, the next writes gather for one append after it.
    const second = ['d', 'e'].map((id) => watch(trail.write(event(id))));
    await turn();
    const third = watch(trail.write(event('f')));
    await turn();
    assert.equal(store.batches.length, 1, 'one append at a time');
    store.commit();
    await turn();
    assert.deepEqual(first.map((w) => w.outcome), ['written', 'written', 'written']);
    assert.deepEqual(store.batches, [['a', 'b', 'c'], ['d', 'e', 'f']]);
    assert.deepEqual([...second, third].map((w) => w.outcome), ['pending', 'pending', 'pending']);
    store.commit();
    await turn();
    assert.deepEqual([...second, third].map((w) => w.outcome), ['written', 'written', 'written']);
    assert.deepEqual(store.committed, ['a', 'b', 'c', 'd', 'e', 'f']);
    await trail.close();
  });

  test('each event is stored with its time, its replica and its JSON', async () => {
    const rows: StoredAuditEvent[] = [];
    const trail = openStoreAuditTrail({ events: { append: async (batch) => void rows.push(...batch) }, onFailure: 'fail', logger: recordingLogger() });
    await trail.write(event('a'));
    assert.deepEqual(rows, [{ time: Date.parse('2026-03-01T00:00:07Z'), replica: 'kura-a:4566', event: JSON.stringify(event('a')) }]);
    await trail.close();
  });

  test('fails closed: a refused append fails its requests, holds later operations, and its events are committed first once the store is back', async () => {
    const store = slowStore();
    const logger = recordingLogger();
    const trail = openStoreAuditTrail({ events: store.events, onFailure: 'fail', logger });
    await trail.ready();
    const refused = ['a', 'b'].map((id) => watch(trail.write(event(id))));
    await turn();
    store.refuse();
    await turn();
    assert.deepEqual(refused.map((w) => w.outcome), ['failed', 'failed']);
    assert.ok(refused[0]?.error instanceof AuditWriteError);
    assert.match(String(refused[0]?.error), /the audit log cannot be written: connection refused/);
    // While the kept events are not committed, no operation may run: ready() tries them again.
    const blocked = watch(trail.ready());
    const refusal = watch(trail.write(event('refusal')));
    await turn();
    assert.deepEqual(store.batches.at(-1), ['a', 'b', 'refusal'], 'the kept events first, then the new one');
    store.refuse();
    await turn();
    assert.equal(blocked.outcome, 'failed');
    assert.equal(refusal.outcome, 'failed');
    // The store is back.
    const ready = watch(trail.ready());
    await turn();
    store.commit();
    await turn();
    assert.equal(ready.outcome, 'written');
    await Promise.all([trail.ready(), trail.write(event('after')), turn().then(() => store.commit())]);
    assert.deepEqual(store.committed, ['a', 'b', 'refusal', 'after'], 'every event once, in order');
    assert.deepEqual(logger.entries, [], 'failures are the requests’ to report');
    await trail.close();
  });

  test('a database out of reach stays that failure (the gateway answers it 503, which clients retry), the events kept all the same', async () => {
    const unreachable = new StoreUnavailableError('connection refused');
    let failing = true;
    const committed: string[] = [];
    const trail = openStoreAuditTrail({
      events: {
        append: async (batch) => {
          if (failing) throw unreachable;
          committed.push(...batch.map((e) => (JSON.parse(e.event) as AuditEvent).requestID));
        },
      },
      onFailure: 'fail',
      logger: recordingLogger(),
    });
    await assert.rejects(trail.write(event('a')), (error) => error === unreachable);
    await assert.rejects(trail.ready(), (error) => error === unreachable);
    failing = false;
    await trail.ready();
    assert.deepEqual(committed, ['a']);
    await trail.close();
  });

  test('with --audit-failure log: a refused append is logged with its request ids, its events dropped, and serving goes on', async () => {
    const store = slowStore();
    const logger = recordingLogger();
    const trail = openStoreAuditTrail({ events: store.events, onFailure: 'log', logger });
    const lost = watch(trail.write(event('lost')));
    await turn();
    store.refuse();
    await turn();
    assert.equal(lost.outcome, 'written', 'the request is answered');
    assert.deepEqual(logger.entries.map((e) => [e.msg, e.fields?.['requestIds']]), [['audit records not written', ['lost']]]);
    await trail.ready();
    const kept = watch(trail.write(event('kept')));
    await turn();
    store.commit();
    await turn();
    assert.equal(kept.outcome, 'written');
    assert.deepEqual(store.committed, ['kept']);
    await trail.close();
  });

  test('keeps at most 4 MiB of refused events, and says how many it dropped once the store is back', async () => {
    let failing = true;
    const committed: string[] = [];
    const logger = recordingLogger();
    const trail = openStoreAuditTrail({
      events: {
        append: async (batch) => {
          if (failing) throw new Error('connection refused');
          committed.push(...batch.map((e) => (JSON.parse(e.event) as AuditEvent).requestID));
        },
      },
      onFailure: 'fail',
      logger,
    });
    const big = 'x'.repeat(1024 * 1024);
    for (const id of ['1', '2', '3', '4', '5']) await assert.rejects(trail.write(event(id, big)), AuditWriteError);
    failing = false;
    await trail.ready();
    assert.deepEqual(committed, ['1', '2', '3']);
    assert.deepEqual(logger.entries.map((e) => [e.msg, e.fields?.['dropped']]), [['audit records were dropped while the audit log could not be written', 2]]);
    await trail.close();
  });

  test('close() commits what is waiting; later writes are refused', async () => {
    const rows: string[] = [];
    const trail = openStoreAuditTrail({ events: { append: async (batch) => void rows.push(...batch.map((e) => (JSON.parse(e.event) as AuditEvent).requestID)) }, onFailure: 'fail', logger: recordingLogger() });
    const waiting = trail.write(event('last'));
    await trail.close();
    await waiting;
    assert.deepEqual(rows, ['last']);
    await assert.rejects(trail.write(event('late')), AuditWriteError);
  });
});
