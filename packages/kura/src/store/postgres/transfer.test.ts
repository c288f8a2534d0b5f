// The transfer port's contract on PostgreSQL; and what only a store shared by replicas needs: a
// reader sees one snapshot while others write, and a writer's copy is invisible until it commits.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { put, SCOPE } from '../testing/contract/fixtures.js';
import { runTransferContract } from '../testing/transfer-contract.js';
import { FIXTURE_NOW } from '../testing/transfer-fixture.js';
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
});
