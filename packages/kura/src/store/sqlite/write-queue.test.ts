import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import { StoreClosedError, StoreFailedError, WriteQueue } from './write-queue.js';

describe('group commit', () => {
  let dir: string;
  let writer: BetterSqlite3.Database;
  let reader: BetterSqlite3.Database;
  let queue: WriteQueue;
  const insert = (n: number) => () => writer.prepare('INSERT INTO t (n) VALUES (?)').run(n).changes;
  const committed = () => (reader.prepare('SELECT n FROM t ORDER BY n').pluck().all() as number[]);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kura-queue-'));
    writer = new Database(join(dir, 'q.db'));
    writer.pragma('journal_mode = WAL');
    writer.exec('CREATE TABLE t (n INTEGER PRIMARY KEY)');
    reader = new Database(join(dir, 'q.db'));
    queue = new WriteQueue(writer);
  });

  afterEach(() => {
    reader.close();
    writer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the writes of one event-loop turn in one transaction', async () => {
    const results = await Promise.all([1, 2, 3, 4].map((n) => queue.run(insert(n))));
    assert.deepEqual(results, [1, 1, 1, 1]);
    assert.equal(queue.commits, 1);
    assert.deepEqual(committed(), [1, 2, 3, 4]);
  });

  it('puts writes issued while a batch commits into the next batch', async () => {
    const second: Array<Promise<number>> = [];
    await queue.run(() => {
      // Issued from inside the running batch, as a request arriving meanwhile would be.
      second.push(queue.run(insert(2)));
      return insert(1)();
    });
    await Promise.all(second);
    assert.equal(queue.commits, 2);
    assert.deepEqual(committed(), [1, 2]);
  });

  it('rolls back only the failing write and rejects only its promise', async () => {
    const results = await Promise.allSettled([
      queue.run(insert(1)),
      queue.run(() => {
        insert(2)();
        insert(1)(); // primary key violation after a successful insert: both must be undone
      }),
      queue.run(insert(3)),
    ]);
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
    assert.equal(queue.commits, 1);
    assert.deepEqual(committed(), [1, 3]);
  });

  it('never lets the reader see a write whose batch has not committed', async () => {
    const seenDuringBatch: number[][] = [];
    await Promise.all([
      queue.run(insert(1)),
      queue.run(() => seenDuringBatch.push(committed())),
      queue.run(insert(2)),
      queue.run(() => seenDuringBatch.push(committed())),
    ]);
    assert.deepEqual(seenDuringBatch, [[], []]);
    assert.deepEqual(committed(), [1, 2]);
  });

  it('settles no promise before its commit', async () => {
    let settled = false;
    const pending = queue.run(insert(1)).then(() => {
      settled = true;
    });
    await Promise.resolve();
    assert.equal(settled, false);
    assert.deepEqual(committed(), []);
    await pending;
    assert.deepEqual(committed(), [1]);
  });

  it('rejects the whole batch when COMMIT fails, and keeps working afterwards', async () => {
    writer.exec(`CREATE TABLE parent (id INTEGER PRIMARY KEY);
      CREATE TABLE child (p INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)`);
    writer.pragma('foreign_keys = ON');
    // A deferred foreign key is checked at COMMIT, so this batch fails there.
    const orphan = () => writer.prepare('INSERT INTO child (p) VALUES (42)').run();
    const results = await Promise.allSettled([queue.run(insert(1)), queue.run(orphan)]);
    assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected']);
    assert.equal(writer.inTransaction, false);
    assert.deepEqual(committed(), []);
    assert.equal(queue.failure, undefined);
    assert.equal(await queue.run(insert(5)), 1);
    assert.deepEqual(committed(), [5]);
  });

  it('fails the batch and stops accepting writes when SQLite lost the transaction to an I/O error', async () => {
    const ioError = Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_FSYNC' });
    const results = await Promise.allSettled([
      queue.run(insert(1)),
      queue.run(() => {
        // What SQLite does on an I/O error mid-transaction: it rolls the transaction back itself.
        writer.exec('ROLLBACK');
        throw ioError;
      }),
      queue.run(insert(2)),
    ]);
    assert.ok(results.every((r) => r.status === 'rejected' && r.reason instanceof StoreFailedError));
    assert.deepEqual(committed(), []);
    await assert.rejects(queue.run(insert(3)), StoreFailedError);
  });

  it('commits queued writes on close and refuses later ones', async () => {
    const pending = queue.run(insert(1));
    queue.close();
    assert.deepEqual(committed(), [1]);
    assert.equal(await pending, 1);
    await assert.rejects(queue.run(insert(2)), StoreClosedError);
  });

  it('splits a backlog into batches of at most maxBatch', async () => {
    const small = new WriteQueue(writer, 10);
    await Promise.all(Array.from({ length: 25 }, (_, i) => small.run(insert(i + 1))));
    assert.equal(small.commits, 3);
    assert.equal(committed().length, 25);
  });
});
