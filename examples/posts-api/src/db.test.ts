// Which database failures are "unavailable" (503) and which are bugs (500), on real errors from MariaDB.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { isUnavailable, listPosts, openPool, ping } from './db.js';
import { createTestDatabase, type TestDatabase } from '../test/support/mariadb.js';
import { closedPort } from '../test/support/process.js';

describe('database errors', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase('db');
  });
  after(async () => {
    await db?.drop();
  });

  const config = () => db.config;

  test('a closed port is unavailable', async () => {
    const pool = openPool({ ...config(), port: await closedPort() });
    const error = await ping(pool).catch((e: unknown) => e);
    assert.ok(isUnavailable(error), String(error));
    await pool.end();
  });

  test('a wrong password is unavailable (credentials may be rotating), and its message has no password', async () => {
    const pool = openPool({ ...config(), password: 'wrong-password-value' });
    const error = await ping(pool).catch((e: unknown) => e);
    assert.ok(isUnavailable(error), String(error));
    assert.ok(!String((error as Error).message).includes('wrong-password-value'));
    await pool.end();
  });

  test('a missing posts table is a bug, not unavailability', async () => {
    const pool = openPool(config());
    await ping(pool);
    const error = await listPosts(pool).catch((e: unknown) => e);
    assert.equal((error as { code?: string }).code, 'ER_NO_SUCH_TABLE');
    assert.equal(isUnavailable(error), false);
    await pool.end();
  });

  test('a query that outlives its timeout fails instead of waiting', async () => {
    const pool = openPool(config());
    await db.root.query(`CREATE TABLE ${db.root.escapeId(db.name)}.posts (id INT, title TEXT, body TEXT, created_at DATETIME)`);
    await db.root.query(`LOCK TABLES ${db.root.escapeId(db.name)}.posts WRITE`);
    try {
      const started = Date.now();
      const error = await listPosts(pool, 300).catch((e: unknown) => e);
      assert.equal((error as { code?: string }).code, 'PROTOCOL_SEQUENCE_TIMEOUT');
      assert.ok(isUnavailable(error));
      assert.ok(Date.now() - started < 2_000);
    } finally {
      await db.root.query('UNLOCK TABLES');
      await pool.end();
    }
  });
});
