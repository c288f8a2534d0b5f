// Kura reads only from a server that accepts writes: a connection to a read-only one (a standby, a
// demoted primary a virtual IP still points at) is refused as the database being unavailable, and
// a request waits, within its bound, for the endpoint to reach a primary again. PostgreSQL's
// default_transaction_read_only stands in for a standby: it is what transaction_read_only reports.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { StoreUnavailableError } from '../unavailable.js';
import { Database, type AvailabilityChange } from './database.js';
import { ADMIN_URL } from './testing/database.js';

const name = `kura_readonly_${randomBytes(4).toString('hex')}`;

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

describe('a connection to a read-only server', () => {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const opened: Database[] = [];
  const open = (changes: AvailabilityChange[] = []) => {
    const db = new Database({ url: url.toString(), timeoutMs: 1_000, onAvailability: (c) => void changes.push(c) });
    opened.push(db);
    return db;
  };

  before(async () => {
    await admin(`CREATE DATABASE ${name}`);
  });
  after(async () => {
    await Promise.all(opened.map((db) => db.close()));
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  test('is refused: the call fails within the bound as the store being unavailable, saying why', async () => {
    await admin(`ALTER DATABASE ${name} SET default_transaction_read_only = on`);
    const changes: AvailabilityChange[] = [];
    const db = open(changes);
    const started = Date.now();
    await assert.rejects(db.row('SELECT 1'), (error: Error) => {
      assert.ok(error instanceof StoreUnavailableError);
      assert.match(error.message, /the server is read-only \(transaction_read_only is on\): a standby, or a primary demoted by a failover; Kura needs the primary \(25006\)/);
      return true;
    });
    assert.ok(Date.now() - started <= 1_300, 'within the bound');
    assert.equal(changes[0]?.available, false);
    assert.equal(db.pool.totalCount, 0, 'the connection to the read-only server was closed');
  });

  test('a failover within the bound costs a delay: the call succeeds once the endpoint reaches a primary', async () => {
    await admin(`ALTER DATABASE ${name} SET default_transaction_read_only = on`);
    const db = open();
    const promoted = new Promise((resolve) => setTimeout(resolve, 300)).then(() => admin(`ALTER DATABASE ${name} RESET default_transaction_read_only`));
    const row = await db.row<{ one: number }>('SELECT 1 AS one');
    await promoted;
    assert.equal(row?.one, 1);
  });

  test('a writable server is checked once per connection, not once per statement', async () => {
    await admin(`ALTER DATABASE ${name} RESET default_transaction_read_only`);
    const db = open();
    await db.row('SELECT 1');
    // New sessions would now be read-only; the pooled connection, checked when it was made, serves on.
    // (Had its server become a standby, its first write would fail with 25006: the store is then
    // unavailable and the connection closed, failures.test.ts.)
    await admin(`ALTER DATABASE ${name} SET default_transaction_read_only = on`);
    assert.equal((await db.row<{ one: number }>('SELECT 1 AS one'))?.one, 1, 'the pooled connection keeps its check');
    assert.equal(db.pool.totalCount, 1);
    await admin(`ALTER DATABASE ${name} RESET default_transaction_read_only`);
  });
});
