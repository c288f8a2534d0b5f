// Migrations on PostgreSQL: applied once when several replicas start at the same moment, and a
// database written by a newer Kura refused with a message that says what to do.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import pg from 'pg';
import { Database } from './database.js';
import { migrate, SCHEMA_VERSION, SchemaTooNewError, type Migration } from './migrations.js';
import { openPostgresStore } from './open.js';
import { testDatabaseUrl } from './testing/database.js';

async function freshSchema(): Promise<{ url: string; schema: string }> {
  const url = await testDatabaseUrl();
  const schema = `m_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`).finally(() => admin.end());
  return { url, schema };
}

describe('PostgreSQL migrations', () => {
  it('apply once when five replicas start at the same moment', async () => {
    const { url, schema } = await freshSchema();
    // A migration slow enough that the five overlap: without the lock, two would both see
    // version 0 and the second CREATE TABLE would fail.
    const slow: Migration[] = [{ version: 1, name: 'slow', sql: 'SELECT pg_sleep(0.3); CREATE TABLE probe (id int PRIMARY KEY);' }];
    const dbs = Array.from({ length: 5 }, () => new Database({ url, schema, maxConnections: 1 }));
    try {
      const versions = await Promise.all(dbs.map((db) => migrate(db, slow)));
      assert.deepEqual(versions, [1, 1, 1, 1, 1]);
      const db = dbs[0] as Database;
      assert.deepEqual(await db.rows('SELECT version, name FROM schema_migrations ORDER BY version'), [{ version: 1, name: 'slow' }]);
    } finally {
      await Promise.all(dbs.map((db) => db.close()));
    }
  });

  it("the real migrations bring an empty schema to this Kura's version, and a second start changes nothing", async () => {
    const { url, schema } = await freshSchema();
    const [a, b] = await Promise.all([openPostgresStore({ url, schema }), openPostgresStore({ url, schema })]);
    try {
      assert.deepEqual(await a.db.rows('SELECT version FROM schema_migrations ORDER BY version'), Array.from({ length: SCHEMA_VERSION }, (_, i) => ({ version: i + 1 })));
      assert.equal((await b.health()).ok, true);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('refuse a database whose schema is newer than this Kura, and change nothing in it', async () => {
    const { url, schema } = await freshSchema();
    const db = new Database({ url, schema });
    try {
      await migrate(db);
      await db.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [SCHEMA_VERSION + 1, 'from the future', 0]);
      await assert.rejects(openPostgresStore({ url, schema }), (error: unknown) => {
        assert.ok(error instanceof SchemaTooNewError);
        assert.equal(
          error.message,
          `the database's schema is version ${SCHEMA_VERSION + 1}, written by a newer Kura; this Kura understands up to version ${SCHEMA_VERSION}. ` +
            'Upgrade this Kura (every replica runs the same version once the rolling upgrade is done), or point it at another database.',
        );
        return true;
      });
      assert.equal((await db.rows('SELECT version FROM schema_migrations')).length, SCHEMA_VERSION + 1);
    } finally {
      await db.close();
    }
  });
});
