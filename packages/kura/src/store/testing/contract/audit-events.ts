// Contract: the audit events a store keeps itself (AuditEventRepository), for the stores that have
// them (PostgreSQL). `open` returns a fresh, empty store; `openShared` stores on one database, as
// replicas are.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuditEventQuery, AuditEventRepository, StoredAuditEvent } from '../../audit.js';
import type { Store } from '../../store.js';
import { T0, withStore, type OpenStore } from './fixtures.js';

const SECOND = 1_000;
const at = (seconds: number) => T0.getTime() + seconds * SECOND;

function stored(replica: string, seconds: number, id: string): StoredAuditEvent {
  return { time: at(seconds), replica, event: JSON.stringify({ eventID: id, eventTime: new Date(at(seconds)).toISOString(), additionalEventData: { replica } }) };
}

const idOf = (e: StoredAuditEvent) => (JSON.parse(e.event) as { eventID: string }).eventID;

function eventsOf(store: Store): AuditEventRepository {
  return store.auditEvents ?? assert.fail('this store keeps no audit events');
}

/** Every page of a query, followed by its cursors: the ids in the order read, and how many pages it took. */
async function readAll(events: AuditEventRepository, query: Omit<AuditEventQuery, 'after'>): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let pages = 0;
  let after: AuditEventQuery['after'];
  do {
    const page = await events.read({ ...query, ...(after ? { after } : {}) });
    pages += 1;
    assert.ok(page.events.length <= query.limit);
    ids.push(...page.events.map(idOf));
    after = page.next;
  } while (after);
  return { ids, pages };
}

export function auditEventContract(open: OpenStore, openShared: (count: number) => Promise<Store[]>): void {
  describe('store audit events', () => {
    it('reads back what was appended, oldest first, events of one time in the order appended', () =>
      withStore(open, async (store) => {
        const events = eventsOf(store);
        await events.append([stored('a', 2, 'a2'), stored('a', 1, 'a1'), stored('b', 2, 'b2')]);
        await events.append([stored('b', 1, 'b1')]);
        await events.append([]);
        const page = await events.read({ limit: 10 });
        assert.deepEqual(page.events.map(idOf), ['a1', 'b1', 'a2', 'b2']);
        assert.equal(page.next, undefined, 'nothing more to read');
        assert.deepEqual(
          page.events.map((e) => [e.time, e.replica]),
          [
            [at(1), 'a'],
            [at(1), 'b'],
            [at(2), 'a'],
            [at(2), 'b'],
          ],
        );
      }));

    it('keeps the event text exactly as given', () =>
      withStore(open, async (store) => {
        const events = eventsOf(store);
        const text = JSON.stringify({ eventID: 'x', userAgent: 'naïve ✓ 🚀 "quoted" \\ back\\slash', n: 1.5 });
        await events.append([{ time: at(0), replica: 'kura-a:4566', event: text }]);
        assert.deepEqual((await events.read({ limit: 1 })).events, [{ time: at(0), replica: 'kura-a:4566', event: text }]);
      }));

    it('keeps a batch of texts exactly, escaped line breaks and separators included', () =>
      withStore(open, async (store) => {
        const events = eventsOf(store);
        const texts = ['a\nb', 'tab\tcr\r', 'sep\u2028\u2029', '', 'nul\u0000'].map((userAgent, i) => JSON.stringify({ eventID: `e${i}`, userAgent }));
        await events.append(texts.map((event) => ({ time: at(0), replica: 'r', event })));
        assert.deepEqual((await events.read({ limit: 10 })).events.map((e) => e.event), texts);
      }));

    it('refuses an event text with a raw line break, appending nothing of its batch', () =>
      withStore(open, async (store) => {
        const events = eventsOf(store);
        const good = { time: at(0), replica: 'r', event: JSON.stringify({ eventID: 'good' }) };
        await assert.rejects(events.append([good, { time: at(0), replica: 'r', event: '{"eventID":\n"bad"}' }]));
        assert.deepEqual((await events.read({ limit: 10 })).events, []);
      }));

    it('selects a time range (its start included, its end not) and one replica', () =>
      withStore(open, async (store) => {
        const events = eventsOf(store);
        await events.append([0, 1, 2, 3, 4].flatMap((s) => [stored('a', s, `a${s}`), stored('b', s, `b${s}`)]));
        assert.deepEqual((await readAll(events, { since: at(1), until: at(3), limit: 100 })).ids, ['a1', 'b1', 'a2', 'b2']);
        assert.deepEqual((await readAll(events, { since: at(3), limit: 100 })).ids, ['a3', 'b3', 'a4', 'b4']);
        assert.deepEqual((await readAll(events, { until: at(1), limit: 100 })).ids, ['a0', 'b0']);
        assert.deepEqual((await readAll(events, { replica: 'b', since: at(2), limit: 100 })).ids, ['b2', 'b3', 'b4']);
        assert.deepEqual((await readAll(events, { replica: 'c', limit: 100 })).ids, []);
        assert.deepEqual((await readAll(events, { since: at(5), limit: 100 })).ids, []);
      }));

    it('pages through a range: every event once, in order, however the pages fall', () =>
      withStore(open, async (store) => {
        const events = eventsOf(store);
        // Seven events in one second: pages must split a time, not skip or repeat within it.
        const ids = Array.from({ length: 7 }, (_, i) => `e${i}`);
        await events.append(ids.map((id) => stored('a', 0, id)));
        await events.append([stored('a', 1, 'late')]);
        for (const limit of [1, 2, 3, 7, 8, 9]) {
          const read = await readAll(events, { limit });
          assert.deepEqual(read.ids, [...ids, 'late'], `pages of ${limit}`);
          assert.equal(read.pages, Math.ceil(8 / limit), `pages of ${limit}: the last full page says nothing follows`);
        }
        assert.deepEqual((await readAll(events, { since: at(0), until: at(1), limit: 3 })).ids, ids);
      }));

    it('reads newest first from any event: a range, a position, events appended meanwhile left behind', () =>
      withStore(open, async (store) => {
        const events = eventsOf(store);
        await events.append([0, 1, 2, 3].flatMap((s) => [stored('a', s, `a${s}`), stored('b', s, `b${s}`)]));
        const all = await events.readNewest({ limit: 100 });
        assert.deepEqual(all.map(idOf), ['b3', 'a3', 'b2', 'a2', 'b1', 'a1', 'b0', 'a0']);
        assert.deepEqual((await events.readNewest({ since: at(1), until: at(3), limit: 100 })).map(idOf), ['b2', 'a2', 'b1', 'a1']);
        const first = await events.readNewest({ limit: 3 });
        await events.append([stored('a', 4, 'new'), stored('a', 2, 'late')]);
        const before = first[first.length - 1]?.position ?? assert.fail('no position');
        // `late`, appended after b2 in b2's second, is newer than the position: not on the older pages.
        assert.deepEqual((await events.readNewest({ before, limit: 100 })).map(idOf), ['a2', 'b1', 'a1', 'b0', 'a0']);
        await assert.rejects(events.readNewest({ limit: 0 }), RangeError);
      }));

    it('refuses a page of no events', () =>
      withStore(open, async (store) => {
        await assert.rejects(eventsOf(store).read({ limit: 0 }), RangeError);
      }));

    it('appends a batch whole or not at all', () =>
      withStore(open, async (store) => {
        const events = eventsOf(store);
        // A NUL character is the one thing a text column refuses: the whole batch must go with it.
        await assert.rejects(events.append([stored('a', 0, 'first'), { time: at(0), replica: 'a', event: '{"eventID":"nul\u0000"}' }]));
        assert.deepEqual((await events.read({ limit: 10 })).events, []);
        await events.append([stored('a', 0, 'after')]);
        assert.deepEqual((await events.read({ limit: 10 })).events.map(idOf), ['after']);
      }));

    it('is one stream for every store on the database: what each replica appends, each reads', async () => {
      const replicas = await openShared(3);
      try {
        const names = ['a', 'b', 'c'];
        // Concurrent batches from every replica, interleaved in time.
        await Promise.all(
          replicas.map((replica, r) =>
            Promise.all(Array.from({ length: 10 }, (_, i) => eventsOf(replica).append([stored(names[r] ?? '?', i, `${names[r]}${i}-x`), stored(names[r] ?? '?', i, `${names[r]}${i}-y`)]))),
          ),
        );
        const expected = Array.from({ length: 10 }, (_, i) => names.flatMap((n) => [`${n}${i}-x`, `${n}${i}-y`]));
        for (const replica of replicas) {
          const { ids } = await readAll(eventsOf(replica), { limit: 7 });
          assert.equal(ids.length, 60);
          assert.equal(new Set(ids).size, 60, 'none twice');
          // Ordered by time; within one second, in the order appended (any order across replicas).
          for (let i = 0; i < 10; i++) assert.deepEqual(ids.slice(i * 6, i * 6 + 6).sort(), [...(expected[i] ?? [])].sort(), `second ${i}`);
          for (const n of names) {
            const own = ids.filter((id) => id.startsWith(n));
            for (let i = 0; i < 10; i++) assert.deepEqual(own.slice(i * 2, i * 2 + 2), [`${n}${i}-x`, `${n}${i}-y`], 'a batch keeps its order');
          }
          assert.deepEqual((await readAll(eventsOf(replica), { replica: 'b', limit: 100 })).ids, expected.flatMap((second) => second.filter((id) => id.startsWith('b'))));
        }
      } finally {
        await Promise.all(replicas.map((r) => r.close()));
      }
    });
  });
}
