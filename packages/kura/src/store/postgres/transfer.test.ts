// The transfer port's contract on PostgreSQL; and what only a store shared by replicas needs: a
// reader sees one snapshot while others write, and a writer's copy is invisible until it commits.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openSqliteStore } from '../sqlite/index.js';
import { RECORD_TABLES } from '../tables.js';
import { put, SCOPE } from '../testing/contract/fixtures.js';
import { runTransferContract } from '../testing/transfer-contract.js';
import { FIXTURE_NOW, fillStore } from '../testing/transfer-fixture.js';
import { copyStore } from '../transfer-copy.js';
import { openSharedTestStores, openTestPostgresStore } from './testing/database.js';

runTransferContract('postgres', () => openTestPostgresStore());

describe('postgres transfer', () => {
  it('reads one snapshot while another replica writes', async () => {
    const [reader, writer] = await openSharedTestStores(2);
    try {
      await put(writer!.parameters, '/before');
      const snapshot = await reader!.transfer.read({ sessionsValidAt: FIXTURE_NOW });
      try {
        await put(writer!.parameters, '/after');
        assert.equal((await snapshot.counts()).parameter, 1);
        const names: string[] = [];
        for await (const batch of snapshot.records('parameter', 10)) names.push(...batch.map((p) => p.name));
        assert.deepEqual(names, ['/before']);
      } finally {
        await snapshot.close();
      }
    } finally {
      for (const store of [reader, writer]) await store?.close();
    }
  });

  it('shows nothing of a copy to other replicas before it commits', async () => {
    const [copier, replica] = await openSharedTestStores(2);
    try {
      const writer = await copier!.transfer.write();
      await writer.write('parameter', [{ ...SCOPE, name: '/copied', parent: '/', displayName: '/copied', latestVersion: 0 }]);
      assert.equal(await replica!.parameters.get(SCOPE, '/copied'), undefined);
      await writer.rollback();
      assert.equal((await copier!.transfer.write().then(async (w) => { const c = await w.counts(); await w.rollback(); return c; })).parameter, 0);
    } finally {
      for (const store of [copier, replica]) await store?.close();
    }
  });

  it('leaves every table it loaded analysed, counting the rows it wrote', async () => {
    const source = openSqliteStore({ path: ':memory:' });
    const target = await openTestPostgresStore();
    try {
      await fillStore(source);
      const statistics = () =>
        target.db.rows<{ name: string; analysed: boolean; rows: number }>(
          'SELECT c.relname AS name, s.last_analyze IS NOT NULL AS analysed, c.reltuples AS rows FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid WHERE s.schemaname = current_schema()',
        );
      assert.ok((await statistics()).every((table) => !table.analysed), 'fresh tables have no statistics yet');
      await copyStore(source.transfer, target.transfer, { now: FIXTURE_NOW, replace: false });
      const after = new Map((await statistics()).map((table) => [table.name, table]));
      for (const name of RECORD_TABLES) assert.equal(after.get(name)?.analysed, true, `${name} analysed`);
      const parameters = await target.db.row<{ n: number }>('SELECT count(*)::int AS n FROM parameters');
      assert.ok((parameters?.n ?? 0) > 0);
      assert.equal(after.get('parameters')?.rows, parameters?.n, 'the planner knows how many parameters there are');
    } finally {
      await source.close();
      await target.close();
    }
  });
});
