// The transfer port's contract on SQLite, in memory and on a locked file; and what only SQLite has:
// a writer outside the group-commit queue must not leave the store answering from what it kept.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { SCOPE } from '../testing/contract/fixtures.js';
import { runTransferContract } from '../testing/transfer-contract.js';
import { fillStore } from '../testing/transfer-fixture.js';
import { openSqliteStore } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'kura-transfer-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

runTransferContract('sqlite :memory:', async () => openSqliteStore({ path: ':memory:' }));
runTransferContract('sqlite file, exclusive', async () => openSqliteStore({ path: join(dir, `store-${++files}.db`), exclusive: true }));

describe('sqlite transfer', () => {
  it('a store that keeps its reads forgets them when a transfer writer changes the data', async () => {
    const store = openSqliteStore({ path: join(dir, `store-${++files}.db`), exclusive: true });
    try {
      await fillStore(store);
      assert.ok(await store.parameters.get(SCOPE, '/a/b'), 'read, and kept');
      const generation = await store.policies.generation();
      const writer = await store.transfer.write();
      await writer.clear();
      await writer.commit();
      assert.equal(await store.parameters.get(SCOPE, '/a/b'), undefined);
      assert.ok((await store.policies.generation()) > generation, 'the IAM generation moved');
    } finally {
      await store.close();
    }
  });

  it('commits what its own queue holds before a writer begins, and allows one transfer at a time', async () => {
    const store = openSqliteStore({ path: ':memory:' });
    try {
      const queued = store.meta.claimJob('job', new Date(0), 1000);
      const writer = await store.transfer.write();
      assert.equal(await queued, true, 'the queued write committed first');
      assert.equal((await writer.counts()).job, 1);
      await assert.rejects(store.transfer.read({ sessionsValidAt: new Date(0) }), /one transfer reader or writer at a time/);
      await writer.rollback();
    } finally {
      await store.close();
    }
  });
});
