// Contract: writes to a secret (PutSecretValue, UpdateSecret, UpdateSecretVersionStage, TagResource,
// DeleteSecret, the read that records an access): each change all or nothing, conditional on the
// ARN and revision the caller decided on, and the revision moved by every change but a touch.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SecretRepository, SecretVersionRecord } from '../../secrets.js';
import { OTHER_ACCOUNT, SCOPE, withStore } from './fixtures.js';
import type { OpenStore } from './fixtures.js';
import { created, DAY, expecting, newSecret, NO_ROTATION, secretArn, secretVersion, T1, versionIdFor } from './secret-fixtures.js';

const [V1, V2, V3] = [1, 2, 3].map(versionIdFor) as [string, string, string];
const OTHER_KEY = 'arn:aws:kms:us-east-1:111122223333:key/00000000-0000-4000-8000-000000000002';

/** A secret at revision 3 with three versions: V1 deprecated, V2 AWSPREVIOUS, V3 AWSCURRENT. */
async function rotated(secrets: SecretRepository, name = 'app'): Promise<void> {
  await secrets.create(SCOPE, newSecret(name), secretVersion(V1, ['AWSCURRENT']));
  await secrets.change(SCOPE, name, expecting(name, 1), { addVersion: secretVersion(V2, ['AWSCURRENT']), stages: [{ versionId: V1, stages: ['AWSPREVIOUS'] }] });
  await secrets.change(SCOPE, name, expecting(name, 2), {
    addVersion: secretVersion(V3, ['AWSCURRENT']), stages: [{ versionId: V2, stages: ['AWSPREVIOUS'] }, { versionId: V1, stages: [] }],
  });
}

const stagesOf = async (secrets: SecretRepository, name = 'app') =>
  Object.fromEntries((await secrets.versions(SCOPE, name)).map((v) => [v.versionId, v.stages]));

export function secretChangeContract(open: OpenStore): void {
  describe('secrets: changes', () => {
    it('patches what it names, moves the revision on by one and leaves the rest', () =>
      withStore(open, async ({ secrets }) => {
        const secret = newSecret('app', { description: 'before', tags: [{ key: 'k', value: 'v' }] });
        await secrets.create(SCOPE, secret, secretVersion(V1, ['AWSCURRENT']));
        const rotation = { ...NO_ROTATION, enabled: true, automaticallyAfterDays: 7, nextRotationDate: T1 };
        assert.equal(await secrets.change(SCOPE, 'app', expecting('app', 1), { patch: { description: null, lastChangedDate: T1, rotation } }), 'written');
        assert.deepEqual(await secrets.get(SCOPE, 'app'), { ...created(secret), description: null, lastChangedDate: T1, rotation, revision: 2 });
        assert.equal(await secrets.change(SCOPE, 'app', expecting('app', 2), {}), 'written', 'an empty change still moves the revision');
        assert.equal((await secrets.get(SCOPE, 'app'))?.revision, 3);
        assert.deepEqual(await stagesOf(secrets), { [V1]: ['AWSCURRENT'] });
      }));

    it('adds a version and moves stages in one change, as PutSecretValue does', () =>
      withStore(open, async ({ secrets }) => {
        await rotated(secrets);
        assert.deepEqual(await stagesOf(secrets), { [V1]: [], [V2]: ['AWSPREVIOUS'], [V3]: ['AWSCURRENT'] });
        assert.equal((await secrets.read(SCOPE, 'app', { stage: 'AWSPREVIOUS' }))?.version?.versionId, V2);
        assert.equal((await secrets.get(SCOPE, 'app'))?.revision, 3);
      }));

    it("answers 'version-exists' for a taken id and changes nothing else the change asked for", () =>
      withStore(open, async ({ secrets }) => {
        await rotated(secrets);
        const before = [await secrets.get(SCOPE, 'app'), await secrets.versions(SCOPE, 'app')];
        const outcome = await secrets.change(SCOPE, 'app', expecting('app', 3), {
          patch: { description: 'changed' }, addVersion: secretVersion(V1, ['AWSCURRENT'], { sealed: Buffer.from('other') }),
          stages: [{ versionId: V3, stages: ['AWSPREVIOUS'] }, { versionId: V2, stages: [] }], removeVersions: [V2],
        });
        assert.equal(outcome, 'version-exists');
        assert.deepEqual([await secrets.get(SCOPE, 'app'), await secrets.versions(SCOPE, 'app')], before);
      }));

    it("answers 'conflict' to a stale revision and 'not-found' to a missing secret, changing nothing", () =>
      withStore(open, async ({ secrets }) => {
        await rotated(secrets);
        const before = [await secrets.get(SCOPE, 'app'), await secrets.versions(SCOPE, 'app')];
        for (const stale of [2, 4]) {
          assert.equal(await secrets.change(SCOPE, 'app', expecting('app', stale), { patch: { description: 'x' }, removeVersions: [V1] }), 'conflict');
        }
        assert.deepEqual([await secrets.get(SCOPE, 'app'), await secrets.versions(SCOPE, 'app')], before);
        assert.equal(await secrets.change(SCOPE, 'gone', expecting('gone', 1), { patch: { description: 'x' } }), 'not-found');
        assert.equal(await secrets.get(SCOPE, 'gone'), undefined);
      }));

    it('refuses a change or delete decided on a secret deleted and created again under its name, at the same revision', () =>
      withStore(open, async ({ secrets }) => {
        await rotated(secrets);
        const stale = expecting('app', 3);
        assert.equal(await secrets.delete(SCOPE, 'app', stale), true);
        const replacement = newSecret('app', { arn: secretArn('app', SCOPE, 'ZyXwVu'), description: 'replacement' });
        await secrets.create(SCOPE, replacement, secretVersion(V1, ['AWSCURRENT']));
        // The replacement restarts at revision 1; two writes bring it to the revision the stale write expects.
        for (const revision of [1, 2]) assert.equal(await secrets.change(SCOPE, 'app', { arn: replacement.arn, revision }, {}), 'written');
        const before = [await secrets.get(SCOPE, 'app'), await secrets.versions(SCOPE, 'app')];
        assert.equal((await secrets.get(SCOPE, 'app'))?.revision, 3);
        assert.equal(await secrets.change(SCOPE, 'app', stale, { patch: { description: 'meant for the old one' }, removeVersions: [V1] }), 'not-found');
        assert.equal(await secrets.delete(SCOPE, 'app', stale), false);
        assert.equal(await secrets.delete(SCOPE, 'app', { arn: stale.arn }), false, 'without a revision too');
        assert.deepEqual([await secrets.get(SCOPE, 'app'), await secrets.versions(SCOPE, 'app')], before);
        assert.equal(await secrets.change(SCOPE, 'app', { arn: replacement.arn, revision: 3 }, { patch: { description: 'x' } }), 'written');
        assert.equal(await secrets.delete(SCOPE, 'app', { arn: replacement.arn }), true);
      }));

    it('reseals versions in the change that adds and moves: a new envelope and key, the rest of each version as it was', () =>
      withStore(open, async ({ secrets }) => {
        await rotated(secrets);
        const before = await secrets.versions(SCOPE, 'app');
        const [sealedV3, sealedV2] = [Buffer.from([0, 0xff, 0x80, 3]), Buffer.from([0, 0xfe, 2])];
        const v4 = secretVersion(versionIdFor(4), ['AWSCURRENT'], { createdDate: T1, kmsKeyArn: OTHER_KEY });
        const outcome = await secrets.change(SCOPE, 'app', expecting('app', 3), {
          patch: { kmsKeyId: 'alias/other' }, addVersion: v4, stages: [{ versionId: V3, stages: ['AWSPREVIOUS'] }, { versionId: V2, stages: [] }],
          reseal: [
            { versionId: V3, sealed: sealedV3, kmsKeyArn: OTHER_KEY }, { versionId: V2, sealed: sealedV2, kmsKeyArn: OTHER_KEY },
            { versionId: versionIdFor(9), sealed: Buffer.from('none'), kmsKeyArn: OTHER_KEY },
          ],
        });
        assert.equal(outcome, 'written');
        const [v1, v2, v3] = before as [SecretVersionRecord, SecretVersionRecord, SecretVersionRecord];
        assert.deepEqual(await secrets.versions(SCOPE, 'app'), [
          v1, { ...v2, stages: [], sealed: sealedV2, kmsKeyArn: OTHER_KEY }, { ...v3, stages: ['AWSPREVIOUS'], sealed: sealedV3, kmsKeyArn: OTHER_KEY }, v4,
        ]);
        assert.deepEqual([(await secrets.get(SCOPE, 'app'))?.kmsKeyId, (await secrets.get(SCOPE, 'app'))?.revision], ['alias/other', 4]);
        // Nothing is resealed by a change that is not written.
        const after = await secrets.versions(SCOPE, 'app');
        const reseal = [{ versionId: V1, sealed: Buffer.from('x'), kmsKeyArn: OTHER_KEY }];
        assert.equal(await secrets.change(SCOPE, 'app', expecting('app', 3), { reseal }), 'conflict');
        assert.equal(await secrets.change(SCOPE, 'app', expecting('app', 4), { addVersion: secretVersion(V2, []), reseal }), 'version-exists');
        assert.deepEqual(await secrets.versions(SCOPE, 'app'), after);
      }));

    it("keeps a version added without a value (a rotation's AWSPENDING) and gives it its first value and kind by a reseal", () =>
      withStore(open, async ({ secrets }) => {
        await rotated(secrets);
        const pending = secretVersion(versionIdFor(4), ['AWSPENDING'], { kmsKeyArn: '', sealed: Buffer.alloc(0), createdDate: T1 });
        assert.equal(await secrets.change(SCOPE, 'app', expecting('app', 3), { addVersion: pending }), 'written');
        assert.deepEqual((await secrets.read(SCOPE, 'app', { stage: 'AWSPENDING' }))?.version, pending);
        const value = Buffer.from([1, 2, 3]);
        const reseal = [{ versionId: pending.versionId, sealed: value, kmsKeyArn: OTHER_KEY, kind: 'binary' as const }];
        assert.equal(await secrets.change(SCOPE, 'app', expecting('app', 4), { reseal }), 'written');
        assert.deepEqual((await secrets.read(SCOPE, 'app', { versionId: pending.versionId }))?.version, { ...pending, sealed: value, kmsKeyArn: OTHER_KEY, kind: 'binary' });
        // Without a kind, a reseal leaves the kind as it is.
        assert.equal(await secrets.change(SCOPE, 'app', expecting('app', 5), { reseal: [{ versionId: pending.versionId, sealed: value, kmsKeyArn: OTHER_KEY }] }), 'written');
        assert.equal((await secrets.read(SCOPE, 'app', { versionId: pending.versionId }))?.version?.kind, 'binary');
      }));

    it('removes versions with their stages, and ignores ids of none', () =>
      withStore(open, async ({ secrets }) => {
        await rotated(secrets);
        assert.equal(await secrets.change(SCOPE, 'app', expecting('app', 3), { removeVersions: [V1, V2, versionIdFor(9)] }), 'written');
        assert.deepEqual(await stagesOf(secrets), { [V3]: ['AWSCURRENT'] });
        assert.equal((await secrets.read(SCOPE, 'app', { stage: 'AWSPREVIOUS' }))?.version, undefined);
        assert.equal((await secrets.read(SCOPE, 'app', { versionId: V2 }))?.version, undefined);
        // The removed id is free again: a later version may take it.
        assert.equal(await secrets.change(SCOPE, 'app', expecting('app', 4), { addVersion: secretVersion(V1, ['AWSPENDING']) }), 'written');
      }));

    it('throws, changing nothing, when a change would leave a stage on two versions or on a version that does not exist', () =>
      withStore(open, async ({ secrets }) => {
        await rotated(secrets);
        const before = [await secrets.get(SCOPE, 'app'), await secrets.versions(SCOPE, 'app')];
        // AWSCURRENT stays on V3, which the change does not list.
        await assert.rejects(secrets.change(SCOPE, 'app', expecting('app', 3), { patch: { description: 'x' }, addVersion: secretVersion(versionIdFor(4), ['AWSCURRENT']) }));
        await assert.rejects(secrets.change(SCOPE, 'app', expecting('app', 3), { patch: { description: 'x' }, stages: [{ versionId: V1, stages: ['AWSPREVIOUS'] }] }));
        await assert.rejects(secrets.change(SCOPE, 'app', expecting('app', 3), { removeVersions: [V1], stages: [{ versionId: versionIdFor(9), stages: ['blue'] }] }));
        assert.deepEqual([await secrets.get(SCOPE, 'app'), await secrets.versions(SCOPE, 'app')], before);
        assert.equal(await secrets.change(SCOPE, 'app', expecting('app', 3), { patch: { description: 'after' } }), 'written', 'the store goes on working');
      }));

    it('lets exactly one of concurrent changes decided on one revision through', () =>
      withStore(open, async ({ secrets }) => {
        await secrets.create(SCOPE, newSecret('app'), secretVersion(V1, ['AWSCURRENT']));
        const outcomes = await Promise.all(Array.from({ length: 6 }, (_, i) =>
          secrets.change(SCOPE, 'app', expecting('app', 1), { addVersion: secretVersion(versionIdFor(10 + i), ['AWSCURRENT']), stages: [{ versionId: V1, stages: ['AWSPREVIOUS'] }] })));
        assert.equal(outcomes.filter((o) => o === 'written').length, 1);
        assert.equal(outcomes.filter((o) => o === 'conflict').length, 5);
        const winner = versionIdFor(10 + outcomes.indexOf('written'));
        assert.deepEqual(await stagesOf(secrets), { [V1]: ['AWSPREVIOUS'], [winner]: ['AWSCURRENT'] });
      }));

    it('records reads by the day without moving the revision, only forward, and writes nothing twice', () =>
      withStore(open, async ({ secrets }) => {
        await rotated(secrets);
        const day = new Date(T1.getTime() + 3 * DAY);
        await secrets.touch(SCOPE, 'app', V3, day);
        const read = await secrets.read(SCOPE, 'app', { versionId: V3 });
        assert.deepEqual([read?.secret.lastAccessedDate, read?.version?.lastAccessedDate, read?.secret.revision], [day, day, 3]);
        await secrets.touch(SCOPE, 'app', V3, day);
        await secrets.touch(SCOPE, 'app', V2, T1);
        assert.deepEqual((await secrets.get(SCOPE, 'app'))?.lastAccessedDate, day, 'an earlier day never moves the date back');
        assert.deepEqual((await secrets.read(SCOPE, 'app', { versionId: V2 }))?.version?.lastAccessedDate, T1, 'each version its own');
        await secrets.touch(SCOPE, 'app', versionIdFor(9), new Date(day.getTime() + DAY));
        assert.deepEqual((await secrets.get(SCOPE, 'app'))?.lastAccessedDate, new Date(day.getTime() + DAY), 'the secret, even if the version is gone');
        await secrets.touch(SCOPE, 'missing', V1, day);
        assert.equal(await secrets.get(SCOPE, 'missing'), undefined);
        assert.equal((await secrets.get(SCOPE, 'app'))?.revision, 3);
        assert.equal(await secrets.change(SCOPE, 'app', expecting('app', 3), { patch: { lastChangedDate: T1 } }), 'written', 'a touch is no conflict');
        assert.deepEqual((await secrets.get(SCOPE, 'app'))?.lastAccessedDate, new Date(day.getTime() + DAY), 'nor does a change undo it');
      }));

    it('deletes a secret with every version and stage, with or without the revision it expects', () =>
      withStore(open, async ({ secrets }) => {
        await rotated(secrets);
        await rotated(secrets, 'other');
        assert.equal(await secrets.delete(SCOPE, 'app', expecting('app', 2)), false, 'moved past the expected revision');
        assert.ok(await secrets.get(SCOPE, 'app'));
        assert.equal(await secrets.delete(SCOPE, 'app', expecting('app', 3)), true);
        assert.equal(await secrets.delete(SCOPE, 'app', { arn: secretArn('app') }), false);
        assert.equal(await secrets.delete(SCOPE, 'other', { arn: secretArn('other') }), true);
        assert.equal(await secrets.read(SCOPE, 'app', { stage: 'AWSCURRENT' }), undefined);
        // Created again under the same name: nothing of the deleted one comes back.
        assert.equal(await secrets.create(SCOPE, newSecret('app', { createdDate: T1 })), 'created');
        assert.deepEqual(await secrets.versions(SCOPE, 'app'), []);
        assert.equal((await secrets.read(SCOPE, 'app', { stage: 'AWSCURRENT' }))?.version, undefined);
        assert.deepEqual(await secrets.get(SCOPE, 'app'), created(newSecret('app', { createdDate: T1 })));
      }));

    it('goes with a reset, every scope, version and stage, and can be created afresh', () =>
      withStore(open, async (store) => {
        const { secrets } = store;
        await rotated(secrets);
        await secrets.create(OTHER_ACCOUNT, newSecret('app', { rotation: { ...NO_ROTATION, enabled: true, nextRotationDate: T1 } }, OTHER_ACCOUNT));
        await store.reset({ accessKeyIds: [] });
        assert.equal(await secrets.get(SCOPE, 'app'), undefined);
        assert.equal(await secrets.get(OTHER_ACCOUNT, 'app'), undefined);
        assert.deepEqual(await secrets.dueForRotation(new Date(T1.getTime() + DAY), 10), []);
        assert.equal(await secrets.create(SCOPE, newSecret('app'), secretVersion(V1, ['AWSCURRENT'])), 'created');
        assert.deepEqual(await stagesOf(secrets), { [V1]: ['AWSCURRENT'] });
      }));
  });
}
