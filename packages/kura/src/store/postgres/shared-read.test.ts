// sharedRead: callers share a read only when it is sent after they asked; a caller who asks while
// a read is in flight gets the next one; a failure in flight fails only the read waiting behind it.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sharedRead } from './shared-read.js';

/** A read whose answers the test gives by hand: `sent` counts statements, `answer(i, …)` settles the i-th. */
function manualRead() {
  const pending: { resolve(v: number): void; reject(e: unknown): void }[] = [];
  return {
    read: () => new Promise<number>((resolve, reject) => pending.push({ resolve, reject })),
    get sent() {
      return pending.length;
    },
    answer(i: number, value: number) {
      pending[i]?.resolve(value);
    },
    fail(i: number, error: unknown) {
      pending[i]?.reject(error);
    },
  };
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('sharedRead', () => {
  it('sends one read for callers who ask before it is sent, and answers them all with it', async () => {
    const db = manualRead();
    const read = sharedRead(db.read);
    const answers = Promise.all([read(), read(), read()]);
    await turn();
    assert.equal(db.sent, 1);
    db.answer(0, 7);
    assert.deepEqual(await answers, [7, 7, 7]);
  });

  it('never answers a caller with a read sent before it asked: it waits for the next one', async () => {
    const db = manualRead();
    const read = sharedRead(db.read);
    const early = read();
    await turn();
    assert.equal(db.sent, 1); // in flight, sent before the next callers asked
    const late = Promise.all([read(), read()]);
    await turn();
    assert.equal(db.sent, 1, 'nothing more is sent while a read is in flight');
    db.answer(0, 1); // the value before some write
    assert.equal(await early, 1);
    await turn();
    assert.equal(db.sent, 2, 'the late callers get a read of their own, sent after they asked');
    db.answer(1, 2); // the value after it
    assert.deepEqual(await late, [2, 2]);
  });

  it('sends a fresh read for a caller who comes after everything was answered', async () => {
    const db = manualRead();
    const read = sharedRead(db.read);
    const first = read();
    await turn();
    db.answer(0, 1);
    assert.equal(await first, 1);
    const second = read();
    await turn();
    assert.equal(db.sent, 2);
    db.answer(1, 5);
    assert.equal(await second, 5);
  });

  it('fails the read waiting behind a failed one with the same error, without sending it, then recovers', async () => {
    const db = manualRead();
    const read = sharedRead(db.read);
    const early = read();
    await turn();
    const waiting = read();
    const down = new Error('database unreachable');
    db.fail(0, down);
    await assert.rejects(early, down);
    await assert.rejects(waiting, down);
    assert.equal(db.sent, 1, 'the waiting callers cost no second statement bound');
    const later = read();
    await turn();
    assert.equal(db.sent, 2, 'the next caller is served by a new read');
    db.answer(1, 9);
    assert.equal(await later, 9);
  });

  it('does not fail a later caller for a failure that nobody was waiting behind', async () => {
    const db = manualRead();
    const read = sharedRead(db.read);
    const early = read();
    await turn();
    db.fail(0, new Error('one bad answer'));
    await assert.rejects(early);
    const later = read();
    await turn();
    assert.equal(db.sent, 2);
    db.answer(1, 3);
    assert.equal(await later, 3);
  });
});
