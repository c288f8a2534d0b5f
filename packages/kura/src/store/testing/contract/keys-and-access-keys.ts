// Contract: creating KMS keys, their material and usage counting; access keys.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OTHER_ACCOUNT, OTHER_REGION, SCOPE, T0, USER, accessKey, newKey, withStore } from './fixtures.js';
import type { OpenStore } from './fixtures.js';

const KEY = '1234abcd-12ab-34cd-56ef-1234567890ab';
const KEY2 = '0987dcba-09fe-87dc-65ba-ab0987654321';
const T1 = new Date('2024-06-01T00:00:00.000Z');

export function keyContract(open: OpenStore): void {
  describe('keys', () => {
    it('creates a key with material version 1 and reads it back', () =>
      withStore(open, async ({ keys }) => {
        const created = newKey(KEY);
        created.key.rotationEnabled = true;
        created.key.rotationPeriodInDays = 365;
        created.key.nextRotationDate = T1;
        // Not specs Kura creates today: the store keeps whatever it is given.
        created.key.keySpec = 'HMAC_256';
        created.key.keyUsage = 'GENERATE_VERIFY_MAC';
        created.key.origin = 'EXTERNAL';
        assert.deepEqual(await keys.create(SCOPE, created), { outcome: 'created' });
        assert.deepEqual(await keys.get(SCOPE, KEY), { ...created.key, currentMaterial: 1 });
        assert.deepEqual(await keys.material(SCOPE, KEY, 1), {
          keyId: KEY, version: 1, wrapped: created.material.wrapped, createdAt: T0, usageCount: 0, origin: 'INITIAL',
        });
        assert.equal(await keys.alias(SCOPE, 'alias/none'), undefined);
      }));

    it('keeps a deletion date with its window, and the AWS key manager', () =>
      withStore(open, async ({ keys }) => {
        const created = newKey(KEY);
        created.key.keyManager = 'AWS';
        created.key.keyState = 'PendingDeletion';
        created.key.deletionDate = T1;
        created.key.pendingWindowInDays = 7;
        await keys.create(SCOPE, created);
        const read = await keys.get(SCOPE, KEY);
        assert.equal(read?.keyManager, 'AWS');
        assert.equal(read?.keyState, 'PendingDeletion');
        assert.deepEqual(read?.deletionDate, T1);
        assert.equal(read?.pendingWindowInDays, 7);
      }));

    it('creates an alias with the key, and refuses a taken alias without creating the key', () =>
      withStore(open, async ({ keys }) => {
        assert.deepEqual(await keys.create(SCOPE, newKey(KEY, 'alias/aws/ssm')), { outcome: 'created' });
        assert.deepEqual(await keys.alias(SCOPE, 'alias/aws/ssm'), {
          aliasName: 'alias/aws/ssm', targetKeyId: KEY, creationDate: T0, lastUpdatedDate: T0,
        });
        assert.deepEqual(await keys.create(SCOPE, newKey(KEY2, 'alias/aws/ssm')), { outcome: 'alias-exists', targetKeyId: KEY });
        assert.equal(await keys.get(SCOPE, KEY2), undefined);
        assert.equal(await keys.material(SCOPE, KEY2, 1), undefined);
      }));

    it('creates tags with the key, and none when the alias was taken', () =>
      withStore(open, async ({ keys }) => {
        const tags = [{ tagKey: 'team', tagValue: 'core' }, { tagKey: 'env', tagValue: 'dev' }];
        assert.deepEqual(await keys.create(SCOPE, newKey(KEY, 'alias/app', tags)), { outcome: 'created' });
        assert.deepEqual(await keys.tags(SCOPE, KEY), [{ tagKey: 'env', tagValue: 'dev' }, { tagKey: 'team', tagValue: 'core' }]);
        assert.deepEqual((await keys.create(SCOPE, newKey(KEY2, 'alias/app', tags))).outcome, 'alias-exists');
        assert.equal(await keys.tags(SCOPE, KEY2), undefined);
        assert.deepEqual(await keys.create(SCOPE, newKey(KEY2)), { outcome: 'created' });
        assert.deepEqual(await keys.tags(SCOPE, KEY2), []);
      }));

    it('lets exactly one of concurrent creates of the same alias win', () =>
      withStore(open, async ({ keys }) => {
        const ids = Array.from({ length: 6 }, (_, i) => `${KEY.slice(0, -1)}${i}`);
        const outcomes = await Promise.all(ids.map((id) => keys.create(SCOPE, newKey(id, 'alias/aws/ssm'))));
        const winners = ids.filter((_, i) => outcomes[i]?.outcome === 'created');
        assert.equal(winners.length, 1);
        for (const o of outcomes) if (o.outcome === 'alias-exists') assert.equal(o.targetKeyId, winners[0]);
      }));

    it('returns undefined for a missing key, material version or alias', () =>
      withStore(open, async ({ keys }) => {
        assert.equal(await keys.get(SCOPE, KEY), undefined);
        await keys.create(SCOPE, newKey(KEY));
        assert.equal(await keys.material(SCOPE, KEY, 2), undefined);
        assert.equal(await keys.material(SCOPE, KEY2, 1), undefined);
      }));

    it('keeps keys and aliases per account and region', () =>
      withStore(open, async ({ keys }) => {
        await keys.create(SCOPE, newKey(KEY, 'alias/app'));
        assert.equal(await keys.get(OTHER_REGION, KEY), undefined);
        assert.equal(await keys.alias(OTHER_ACCOUNT, 'alias/app'), undefined);
        assert.deepEqual(await keys.create(OTHER_REGION, newKey(KEY2, 'alias/app')), { outcome: 'created' });
        assert.equal((await keys.alias(OTHER_REGION, 'alias/app'))?.targetKeyId, KEY2);
        assert.deepEqual(await keys.reserve(OTHER_ACCOUNT, KEY, 10), { outcome: 'not-found' });
      }));

    it('counts each reservation against the current material until the limit', () =>
      withStore(open, async ({ keys }) => {
        await keys.create(SCOPE, newKey(KEY));
        const first = await keys.reserve(SCOPE, KEY, 2);
        assert.equal(first.outcome, 'reserved');
        assert.equal(first.outcome === 'reserved' && first.material.usageCount, 1);
        assert.equal(first.outcome === 'reserved' && first.material.version, 1);
        assert.equal((await keys.reserve(SCOPE, KEY, 2)).outcome, 'reserved');
        const third = await keys.reserve(SCOPE, KEY, 2);
        assert.equal(third.outcome, 'exhausted');
        assert.equal(third.outcome === 'exhausted' && third.material.usageCount, 2);
        assert.equal((await keys.material(SCOPE, KEY, 1))?.usageCount, 2, 'an exhausted reservation counts nothing');
        assert.deepEqual(await keys.reserve(SCOPE, KEY2, 2), { outcome: 'not-found' });
      }));

    it('never hands two concurrent reservations the same count', () =>
      withStore(open, async ({ keys }) => {
        await keys.create(SCOPE, newKey(KEY));
        const outcomes = await Promise.all(Array.from({ length: 40 }, () => keys.reserve(SCOPE, KEY, 25)));
        const counts = outcomes.flatMap((o) => (o.outcome === 'reserved' ? [o.material.usageCount] : []));
        assert.deepEqual(counts.sort((a, b) => a - b), Array.from({ length: 25 }, (_, i) => i + 1));
        assert.equal(outcomes.filter((o) => o.outcome === 'exhausted').length, 15);
        assert.equal((await keys.material(SCOPE, KEY, 1))?.usageCount, 25);
      }));

    it('adds the material version the caller chose; it becomes current, keeping the old ones', () =>
      withStore(open, async ({ keys }) => {
        await keys.create(SCOPE, newKey(KEY));
        await keys.reserve(SCOPE, KEY, 10);
        assert.equal(await keys.addMaterial(SCOPE, KEY, { version: 2, wrapped: Buffer.from('wrapped-2'), createdAt: T1, origin: 'ON_DEMAND' }), 'added');
        assert.equal((await keys.get(SCOPE, KEY))?.currentMaterial, 2);
        assert.deepEqual(await keys.material(SCOPE, KEY, 2), {
          keyId: KEY, version: 2, wrapped: Buffer.from('wrapped-2'), createdAt: T1, usageCount: 0, origin: 'ON_DEMAND',
        });
        assert.equal((await keys.material(SCOPE, KEY, 1))?.usageCount, 1);
        const reserved = await keys.reserve(SCOPE, KEY, 10);
        assert.equal(reserved.outcome === 'reserved' && reserved.material.version, 2);
        assert.equal(await keys.addMaterial(SCOPE, KEY, { version: 3, wrapped: Buffer.from('wrapped-3'), createdAt: T1, origin: 'USAGE_LIMIT' }), 'added');
        assert.equal((await keys.get(SCOPE, KEY))?.currentMaterial, 3);
      }));

    it('reports a version another writer added first, changing nothing', () =>
      withStore(open, async ({ keys }) => {
        await keys.create(SCOPE, newKey(KEY));
        await keys.addMaterial(SCOPE, KEY, { version: 2, wrapped: Buffer.from('first'), createdAt: T1, origin: 'AUTOMATIC' });
        await keys.reserve(SCOPE, KEY, 10);
        for (const version of [1, 2]) {
          const late = { version, wrapped: Buffer.from('late'), createdAt: T0, origin: 'ON_DEMAND' } as const;
          assert.equal(await keys.addMaterial(SCOPE, KEY, late), 'version-taken');
        }
        assert.deepEqual(await keys.material(SCOPE, KEY, 2), {
          keyId: KEY, version: 2, wrapped: Buffer.from('first'), createdAt: T1, usageCount: 1, origin: 'AUTOMATIC',
        });
        assert.equal((await keys.get(SCOPE, KEY))?.currentMaterial, 2);
        assert.deepEqual((await keys.materials(SCOPE, KEY)).map((m) => m.version), [1, 2]);
      }));

    it('lets exactly one of concurrent additions of one version win', () =>
      withStore(open, async ({ keys }) => {
        await keys.create(SCOPE, newKey(KEY));
        const outcomes = await Promise.all(Array.from({ length: 6 }, (_, i) =>
          keys.addMaterial(SCOPE, KEY, { version: 2, wrapped: Buffer.from(`w-${i}`), createdAt: T1, origin: 'ON_DEMAND' })));
        assert.equal(outcomes.filter((o) => o === 'added').length, 1);
        assert.equal(outcomes.filter((o) => o === 'version-taken').length, 5);
        assert.deepEqual((await keys.material(SCOPE, KEY, 2))?.wrapped, Buffer.from(`w-${outcomes.indexOf('added')}`));
      }));

    it('reports a key that does not exist, in its own scope only', () =>
      withStore(open, async ({ keys }) => {
        const material = { version: 2, wrapped: Buffer.from('w'), createdAt: T1, origin: 'ON_DEMAND' } as const;
        assert.equal(await keys.addMaterial(SCOPE, KEY, material), 'not-found');
        await keys.create(OTHER_REGION, newKey(KEY));
        assert.equal(await keys.addMaterial(SCOPE, KEY, material), 'not-found');
        assert.equal(await keys.addMaterial(OTHER_ACCOUNT, KEY, material), 'not-found');
        assert.deepEqual(await keys.materials(SCOPE, KEY), []);
        assert.equal((await keys.get(OTHER_REGION, KEY))?.currentMaterial, 1);
      }));

    it('rejects a version that is not a positive integer or would leave a gap', () =>
      withStore(open, async ({ keys }) => {
        await keys.create(SCOPE, newKey(KEY));
        for (const version of [0, -1, 2.5, 3]) {
          await assert.rejects(keys.addMaterial(SCOPE, KEY, { version, wrapped: Buffer.from('w'), createdAt: T1, origin: 'ON_DEMAND' }), RangeError);
        }
        assert.deepEqual((await keys.materials(SCOPE, KEY)).map((m) => m.version), [1]);
      }));
  });
}

export function accessKeyContract(open: OpenStore): void {
  describe('access keys', () => {
    it('saves and finds a key; a missing key is undefined', () =>
      withStore(open, async ({ accessKeys }) => {
        assert.equal(await accessKeys.find('AKIAEXAMPLE000000001'), undefined);
        const record = accessKey('AKIAEXAMPLE000000001');
        await accessKeys.save(record);
        assert.deepEqual(await accessKeys.find('AKIAEXAMPLE000000001'), record);
      }));

    it('replaces a key saved again under the same id', () =>
      withStore(open, async ({ accessKeys }) => {
        await accessKeys.save(accessKey('AKIAEXAMPLE000000001'));
        const changed = accessKey('AKIAEXAMPLE000000001', { status: 'Inactive', secretCiphertext: Buffer.from('rewrapped') });
        await accessKeys.save(changed);
        assert.deepEqual(await accessKeys.find('AKIAEXAMPLE000000001'), changed);
        assert.equal((await accessKeys.listForPrincipal(USER)).length, 1);
      }));

    it('lists the keys of one principal, oldest first', () =>
      withStore(open, async ({ accessKeys }) => {
        const bob = 'arn:aws:iam::111122223333:user/bob';
        await accessKeys.save(accessKey('AKIAEXAMPLE000000003', { createDate: T1 }));
        await accessKeys.save(accessKey('AKIAEXAMPLE000000002', { createDate: T0 }));
        await accessKeys.save(accessKey('AKIAEXAMPLE000000009', { principalArn: bob }));
        const ids = async (arn: string) => (await accessKeys.listForPrincipal(arn)).map((k) => k.accessKeyId);
        assert.deepEqual(await ids(USER), ['AKIAEXAMPLE000000002', 'AKIAEXAMPLE000000003']);
        assert.deepEqual(await ids(bob), ['AKIAEXAMPLE000000009']);
        assert.deepEqual(await accessKeys.listForPrincipal('arn:aws:iam::111122223333:user/nobody'), []);
      }));

    it('lists every access key of every account by id', () =>
      withStore(open, async ({ accessKeys }) => {
        assert.deepEqual(await accessKeys.all(), []);
        const other = accessKey('AKIAEXAMPLE000000001', { accountId: '444455556666', principalArn: 'arn:aws:iam::444455556666:user/bob' });
        await accessKeys.save(accessKey('AKIAEXAMPLE000000003'));
        await accessKeys.save(other);
        await accessKeys.save(accessKey('AKIAEXAMPLE000000002', { status: 'Inactive' }));
        const all = await accessKeys.all();
        assert.deepEqual(all.map((k) => k.accessKeyId), ['AKIAEXAMPLE000000001', 'AKIAEXAMPLE000000002', 'AKIAEXAMPLE000000003']);
        assert.deepEqual(all[0], other);
      }));

    it('deletes a key and reports whether it existed', () =>
      withStore(open, async ({ accessKeys }) => {
        await accessKeys.save(accessKey('AKIAEXAMPLE000000001'));
        assert.equal(await accessKeys.delete('AKIAEXAMPLE000000001'), true);
        assert.equal(await accessKeys.find('AKIAEXAMPLE000000001'), undefined);
        assert.equal(await accessKeys.delete('AKIAEXAMPLE000000001'), false);
      }));
  });
}
