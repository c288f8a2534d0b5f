// Migrations on PostgreSQL: applied once when several replicas start at the same moment, and a
// database written by a newer Kura refused with a message that says what to do.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import pg from 'pg';
import { Database } from './database.js';
import { migrate, MIGRATIONS, SCHEMA_VERSION, SchemaTooNewError, type Migration } from './migrations.js';
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

  it('upgrade a database of schema version 2 holding free text: values kept, tags still in byte order, U+0000 storable after', async () => {
    const { url, schema } = await freshSchema();
    const db = new Database({ url, schema });
    const scope = { accountId: '111122223333', region: 'us-east-1' };
    const keyId = '00000000-0000-4000-8000-000000000001';
    const arn = 'arn:aws:iam::111122223333:policy/p';
    try {
      await migrate(db, MIGRATIONS.filter((m) => m.version <= 2));
      // Rows as a Kura of schema version 2 wrote them, text in the columns that migration 3 changes.
      const { id } = (await db.row<{ id: number }>(
        "INSERT INTO parameters (account_id, region, name, parent, display_name, latest_version) VALUES ($1, $2, '/p', '/', '/p', 2) RETURNING id",
        [scope.accountId, scope.region],
      ))!;
      const version = `INSERT INTO parameter_versions (parameter_id, version, type, value, description, allowed_pattern, data_type, tier,
        last_modified_date, last_modified_user) VALUES ($1, $2, 'String', '\\x76', $3, $4, 'text', 'Standard', 0, 'arn')`;
      await db.run(version, [id, 1, 'été 😀\u0301\uffff', '^[a-z]+$']);
      await db.run(version, [id, 2, null, null]);
      await db.run(`INSERT INTO kms_keys (account_id, region, key_id, description, key_manager, key_state, creation_date, policy,
        rotation_enabled, current_material) VALUES ($1, $2, $3, 'clé 😀', 'CUSTOMER', 'Enabled', 0, '{}', false, 1)`, [scope.accountId, scope.region, keyId]);
      for (const [tagKey, tagValue] of [['😀', 'smile'], ['\uffff', ''], ['Z', 'é'], ['a', '\u0301']]) {
        await db.run('INSERT INTO kms_key_tags (account_id, region, key_id, tag_key, tag_value) VALUES ($1, $2, $3, $4, $5)', [scope.accountId, scope.region, keyId, tagKey, tagValue]);
      }
      await db.run(`INSERT INTO iam_policies (account_id, name_key, name, arn_key, arn, policy_id, path, description, create_date, update_date,
        default_version) VALUES ($1, 'p', 'p', $2, $2, 'ANPAP', '/', 'lit ünïcode', 0, 0, 1)`, [scope.accountId, arn]);
    } finally {
      await db.close();
    }
    const store = await openPostgresStore({ url, schema });
    try {
      const byteaColumns = await store.db.rows<{ column: string }>(
        "SELECT table_name || '.' || column_name AS column FROM information_schema.columns WHERE table_schema = current_schema() AND data_type = 'bytea' ORDER BY 1",
      );
      for (const column of ['iam_policies.description', 'kms_key_tags.tag_key', 'kms_key_tags.tag_value', 'kms_keys.description', 'parameter_versions.allowed_pattern', 'parameter_versions.description']) {
        assert.ok(byteaColumns.some((c) => c.column === column), `${column} is bytea`);
      }
      const history = await store.parameters.history(scope, '/p', 0, 10);
      assert.deepEqual(history.map((v) => [v.description, v.allowedPattern]), [['été 😀\u0301\uffff', '^[a-z]+$'], [null, null]]);
      assert.equal((await store.keys.get(scope, keyId))?.description, 'clé 😀');
      assert.deepEqual(await store.keys.tags(scope, keyId), [
        { tagKey: 'Z', tagValue: 'é' }, { tagKey: 'a', tagValue: '\u0301' }, { tagKey: '\uffff', tagValue: '' }, { tagKey: '😀', tagValue: 'smile' },
      ]);
      assert.equal((await store.policies.getPolicy(scope.accountId, arn))?.description, 'lit ünïcode');
      assert.equal(await store.keys.update(scope, keyId, { description: 'a\u0000b' }), 'updated');
      assert.equal(await store.keys.tag(scope, keyId, [{ tagKey: 'a\u0000', tagValue: '\u0000' }], 50), 'ok');
      assert.equal((await store.keys.get(scope, keyId))?.description, 'a\u0000b');
      assert.deepEqual((await store.keys.tags(scope, keyId))?.map((t) => t.tagKey), ['Z', 'a', 'a\u0000', '\uffff', '😀']);
    } finally {
      await store.close();
    }
  });
});
