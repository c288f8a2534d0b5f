// The transfer port's contract (store/transfer.ts), run by every backend: what it exports, what it
// writes back, and how a writer fails. Copies between different backends are tested in
// store/transfer-copy.test.ts.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { copyStore } from '../transfer-copy.js';
import { summarizeStore } from '../transfer-digest.js';
import { RECORD_KINDS, TransferRecordError, type RecordKind, type TransferRecord, type TransferRepository } from '../transfer.js';
import { SCOPE } from './contract/fixtures.js';
import { dumpThroughPorts, EXPIRED_SESSION, fillStore, FIXTURE_NOW, MASTER_CHECK, VALID_SESSION, type TransferableStore } from './transfer-fixture.js';

type Open = () => Promise<TransferableStore>;

async function withStores(open: Open, count: number, body: (...stores: TransferableStore[]) => Promise<void>): Promise<void> {
  const stores: TransferableStore[] = [];
  try {
    for (let i = 0; i < count; i++) stores.push(await open());
    await body(...stores);
  } finally {
    for (const store of stores) await store.close();
  }
}

async function exported<K extends RecordKind>(transfer: TransferRepository, kind: K, batchSize = 100): Promise<Array<TransferRecord<K>>> {
  const reader = await transfer.read({ sessionsValidAt: FIXTURE_NOW });
  try {
    const records: Array<TransferRecord<K>> = [];
    for await (const batch of reader.records(kind, batchSize)) records.push(...batch);
    return records;
  } finally {
    await reader.close();
  }
}

export function runTransferContract(name: string, open: Open): void {
  describe(`transfer contract: ${name}`, () => {
    it('exports every kind, counted as read, in byte order of natural keys, byte strings untouched', () =>
      withStores(open, 1, async (store) => {
        await fillStore(store);
        const summary = await summarizeStore(store.transfer, { now: FIXTURE_NOW });
        for (const kind of RECORD_KINDS) {
          assert.ok(summary.kinds[kind].records > 0, `the fixture has ${kind} records`);
          assert.equal(summary.counts[kind], summary.kinds[kind].records, `${kind}: counted as read`);
        }
        const names = (await exported(store.transfer, 'parameter')).filter((p) => p.accountId === SCOPE.accountId && p.region === SCOPE.region).map((p) => p.name);
        assert.deepEqual(names, [...names].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
        assert.deepEqual(names, ['/Zeta', '/a-b', '/a/b', '/a/z', '/a/é', '/app/db/password', '/ünïcode/名前']);
        const versions = (await exported(store.transfer, 'parameterVersion')).filter((v) => v.name === '/app/db/password');
        assert.deepEqual(versions.map((v) => v.version), [3, 4, 5], 'evicted versions stay evicted, numbers kept');
        assert.deepEqual(versions[2]?.value, Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x0a, 0x27, 0x5c, 0x22, 5]));
        const materials = (await exported(store.transfer, 'kmsKeyMaterial')).filter((m) => m.keyId.startsWith('00000002'));
        assert.deepEqual(materials.map((m) => [m.version, m.origin]), [[1, 'INITIAL'], [2, 'ON_DEMAND'], [3, 'AUTOMATIC']]);
        assert.deepEqual((await exported(store.transfer, 'stsSession')).map((s) => s.accessKeyId), [VALID_SESSION], 'expired sessions are not exported');
        const secrets = (await exported(store.transfer, 'secret')).filter((s) => s.region === SCOPE.region);
        assert.deepEqual(secrets.map((s) => [s.name, s.description, s.revision]), [['Zeta', null, 2], ['app/db', 'the database\u0000 😀', 3]]);
        const stages = (await exported(store.transfer, 'secretVersionStage')).filter((s) => s.region === SCOPE.region);
        assert.deepEqual(stages.map((s) => [s.stage, s.versionId.slice(-3)]), [['AWSCURRENT', '003'], ['AWSPREVIOUS', '2\u0000é'], ['blue\u0000', '2\u0000é']]);
        const sealed = (await exported(store.transfer, 'secretVersion')).filter((v) => v.region === SCOPE.region).map((v) => v.sealed);
        assert.deepEqual(sealed[0], Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x0a, 0x27, 0x5c, 0x22]), 'versions in byte order of id, sealed values untouched');
      }));

    it('gives the same records whatever the batch size', () =>
      withStores(open, 1, async (store) => {
        await fillStore(store);
        const one = await summarizeStore(store.transfer, { now: FIXTURE_NOW, batchSize: 1 });
        const many = await summarizeStore(store.transfer, { now: FIXTURE_NOW, batchSize: 1000 });
        assert.deepEqual(one, many);
      }));

    it('copies into an empty store: the ports read the same data, versions, labels and key check included', () =>
      withStores(open, 2, async (source, target) => {
        await fillStore(source);
        const report = await copyStore(source.transfer, target.transfer, { now: FIXTURE_NOW, replace: false });
        assert.equal(report.replaced, undefined);
        assert.deepEqual(await dumpThroughPorts(target), await dumpThroughPorts(source));
        assert.equal((await target.parameters.getLabelled(SCOPE, '/app/db/password', 'stable'))?.version, 4);
        assert.equal(await target.sessions.find(EXPIRED_SESSION), undefined);
        assert.equal(await target.meta.checkMasterKey(MASTER_CHECK), 'matches');
        assert.equal(await target.meta.claimJob('sts-session-sweep', new Date(FIXTURE_NOW.getTime() - 60 * 86_400_000), 60_000), false, 'job runs are copied');
        // The copy goes on working as a store: the next version of a copied parameter is 6.
        const next = await target.parameters.put(SCOPE, {
          name: '/app/db/password', displayName: '/app/db/password', expectedLatest: 5, tags: [], maxVersions: 100,
          version: { ...(await target.parameters.getVersion(SCOPE, '/app/db/password', 5))!, lastModifiedUser: 'x' },
        });
        assert.deepEqual(next, { outcome: 'written', version: 6 });
      }));

    it('counts everything a writer finds, expired sessions included; clear() empties the store', () =>
      withStores(open, 1, async (store) => {
        await fillStore(store);
        const writer = await store.transfer.write();
        try {
          const counts = await writer.counts();
          assert.equal(counts.stsSession, 2);
          assert.equal(counts.iamPrincipal, 5);
          await writer.clear();
          assert.ok(Object.values(await writer.counts()).every((n) => n === 0));
          await writer.commit();
        } finally {
          await writer.rollback();
        }
        assert.equal(await store.parameters.get(SCOPE, '/a/b'), undefined);
        assert.equal((await store.principals.listUsers('111122223333', { limit: 10 })).items.length, 0);
      }));

    it('refuses a record whose parent is missing; a rolled-back writer leaves the store as it was', () =>
      withStores(open, 1, async (store) => {
        const writer = await store.transfer.write();
        try {
          await writer.write('parameter', [{ ...SCOPE, name: '/kept', parent: '/', displayName: 'kept', latestVersion: 1 }]);
          await assert.rejects(
            writer.write('parameterLabel', [{ ...SCOPE, name: '/missing', label: 'l', version: 1 }]),
            (error: unknown) => error instanceof TransferRecordError && /parameter labels/.test(error.message),
          );
        } finally {
          await writer.rollback();
        }
        const after = await summarizeStore(store.transfer, { now: FIXTURE_NOW });
        assert.ok(Object.values(after.counts).every((n) => n === 0), 'nothing was written');
      }));
  });
}
