// The request bound (statement_timeout, and Kura's own wait for an answer) does not apply to the
// work that may rightly take longer: a transaction marked unbounded (a master-key rotation), and
// schema migrations, which a replica starting meanwhile must wait for however long they take.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import pg from 'pg';
import { StoreUnavailableError } from '../unavailable.js';
import { openPostgresStore } from './open.js';
import { openTestPostgresStore, testDatabaseUrl } from './testing/database.js';

/** migrations.ts's advisory lock: held here, it stands for another replica's long migration. */
const MIGRATION_LOCK = 0x6b757261;

describe('work without the request bound', () => {
  it('an unbounded transaction outlasts the bound; any other is cut at it', async () => {
    const store = await openTestPostgresStore({ timeoutMs: 1_000 });
    try {
      assert.equal((await store.db.row<{ statement_timeout: string }>('SHOW statement_timeout'))?.statement_timeout, '500ms');
      const long = await store.db.transaction(async (q) => {
        const bound = await q.row<{ statement_timeout: string }>('SHOW statement_timeout');
        await q.row('SELECT pg_sleep(1.5)');
        return bound?.statement_timeout;
      }, { unbounded: true });
      assert.equal(long, '0');
      await assert.rejects(store.db.transaction((q) => q.row('SELECT pg_sleep(1.5)')), StoreUnavailableError);
      assert.equal((await store.db.row<{ statement_timeout: string }>('SHOW statement_timeout'))?.statement_timeout, '500ms', 'lifted for that transaction only');
    } finally {
      await store.close();
    }
  });

  it("a replica starting during another's migration waits for it, past the bound", async () => {
    const url = await testDatabaseUrl();
    const schema = `unbounded_${randomBytes(4).toString('hex')}`;
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    try {
      await other.query(`CREATE SCHEMA ${schema}`);
      await other.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      const started = Date.now();
      const opening = openPostgresStore({ url, schema, timeoutMs: 1_000, maxConnections: 2 });
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await other.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
      const store = await opening;
      try {
        assert.ok(Date.now() - started >= 1_500, 'it waited for the lock');
        assert.ok((await store.parameters.get({ accountId: '123456789012', region: 'us-east-1' }, '/none')) === undefined, 'and then migrated');
      } finally {
        await store.close();
      }
    } finally {
      await other.end();
    }
  });
});
