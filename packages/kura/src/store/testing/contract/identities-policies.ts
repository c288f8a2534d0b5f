// Contract: customer managed policies and their versions.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { T0, withStore } from './fixtures.js';
import type { OpenStore } from './fixtures.js';
import { ACCOUNT, AWS_READ_ONLY, DOC, OTHER, T1, T2, createPolicy, firstVersion, names, policy, user } from './iam-fixtures.js';

const versionIds = (versions: Array<{ versionId: string }> | undefined) => versions?.map((v) => v.versionId);

export function identityPolicyContract(open: OpenStore): void {
  describe('iam managed policies', () => {
    it('creates a policy with its first version and reads it by its ARN in any case', () =>
      withStore(open, async ({ identities }) => {
        const record = policy('ReadParams', { path: '/app/', description: 'reads', tags: [{ key: 'b', value: '1' }, { key: 'B', value: '2' }] });
        assert.equal(await identities.createPolicy(record, firstVersion(DOC(1))), 'created');
        const expected = { ...record, attachmentCount: 0, tags: [{ key: 'B', value: '2' }, { key: 'b', value: '1' }] };
        assert.deepEqual(await identities.getPolicy(ACCOUNT, record.arn), expected);
        assert.deepEqual(await identities.getPolicy(ACCOUNT, record.arn.toUpperCase().replace('ARN:AWS:IAM', 'arn:aws:iam')), expected);
        assert.deepEqual(await identities.getPolicyVersion(ACCOUNT, record.arn, 'v1'), firstVersion(DOC(1)));
        assert.deepEqual(await identities.listPolicyVersions(ACCOUNT, record.arn), [firstVersion(DOC(1))]);
        assert.equal(await identities.getPolicy(OTHER, record.arn), undefined);
        assert.equal(await identities.getPolicy(ACCOUNT, AWS_READ_ONLY), undefined, 'AWS managed policies are not stored');
      }));

    it('refuses a name taken in any case, whatever the path', () =>
      withStore(open, async ({ identities }) => {
        await createPolicy(identities, 'Read');
        assert.equal(await identities.createPolicy(policy('read'), firstVersion()), 'exists');
        assert.equal(await identities.createPolicy(policy('READ', { path: '/other/' }), firstVersion()), 'exists');
        assert.equal(await identities.createPolicy(policy('read', { accountId: OTHER }), firstVersion()), 'created');
        const outcomes = await Promise.all(['Race', 'race', 'RACE'].map((name) => identities.createPolicy(policy(name), firstVersion())));
        assert.equal(outcomes.filter((o) => o === 'created').length, 1);
      }));

    it('lists policies by lower-cased name, with a cursor, a path prefix, or only those attached', () =>
      withStore(open, async ({ identities }) => {
        for (const [name, path] of [['c', '/'], ['A', '/app/'], ['b', '/app/'], ['D', '/']] as const) await createPolicy(identities, name, { path });
        await identities.createUser(user('bob'));
        await identities.attachPolicy(ACCOUNT, 'user', 'bob', policy('b', { path: '/app/' }).arn, 10);
        await identities.attachPolicy(ACCOUNT, 'user', 'bob', policy('D').arn, 10);
        const first = await identities.listPolicies(ACCOUNT, { limit: 3 });
        assert.deepEqual([names(first), first.next], [['A', 'b', 'c'], 'c']);
        assert.deepEqual(names(await identities.listPolicies(ACCOUNT, { after: first.next, limit: 3 })), ['D']);
        assert.deepEqual(names(await identities.listPolicies(ACCOUNT, { pathPrefix: '/app/', limit: 10 })), ['A', 'b']);
        const attached = await identities.listPolicies(ACCOUNT, { onlyAttached: true, limit: 1 });
        assert.deepEqual([names(attached), attached.next, attached.items[0]?.attachmentCount], [['b'], 'b', 1]);
        assert.deepEqual(await identities.listPolicies(ACCOUNT, { onlyAttached: true, after: 'b', limit: 1 }).then(names), ['D']);
        assert.deepEqual(await identities.listPolicies(ACCOUNT, { onlyAttached: true, pathPrefix: '/app/', after: 'b', limit: 5 }), { items: [] });
        assert.deepEqual(await identities.listPolicies(OTHER, { limit: 5 }), { items: [] });
      }));

    it('adds versions v2, v3… and moves the default only when asked', () =>
      withStore(open, async ({ identities }) => {
        const arn = await createPolicy(identities, 'p');
        const v2 = await identities.createPolicyVersion(ACCOUNT, arn, { document: DOC(2), setAsDefault: false, createDate: T1 }, 5);
        assert.deepEqual(v2, { outcome: 'created', versionId: 'v2' });
        assert.deepEqual(await identities.getPolicy(ACCOUNT, arn).then((p) => [p?.defaultVersionId, p?.updateDate]), ['v1', T1]);
        const v3 = await identities.createPolicyVersion(ACCOUNT, arn.toLowerCase(), { document: DOC(3), setAsDefault: true, createDate: T2 }, 5);
        assert.deepEqual(v3, { outcome: 'created', versionId: 'v3' });
        assert.deepEqual(await identities.getPolicy(ACCOUNT, arn).then((p) => [p?.defaultVersionId, p?.updateDate, p?.createDate]), ['v3', T2, T0]);
        assert.deepEqual(await identities.listPolicyVersions(ACCOUNT, arn), [
          { ...firstVersion(DOC(1)), isDefaultVersion: false },
          { versionId: 'v2', document: DOC(2), isDefaultVersion: false, createDate: T1 },
          { versionId: 'v3', document: DOC(3), isDefaultVersion: true, createDate: T2 },
        ]);
        assert.deepEqual(await identities.createPolicyVersion(ACCOUNT, `${arn}x`, { document: DOC(4), setAsDefault: true, createDate: T2 }, 5), { outcome: 'not-found' });
        assert.equal(await identities.listPolicyVersions(ACCOUNT, `${arn}x`), undefined);
      }));

    it('refuses a version past the limit, changing nothing', () =>
      withStore(open, async ({ identities }) => {
        const arn = await createPolicy(identities, 'p');
        await identities.createPolicyVersion(ACCOUNT, arn, { document: DOC(2), setAsDefault: false, createDate: T1 }, 2);
        const refused = await identities.createPolicyVersion(ACCOUNT, arn, { document: DOC(3), setAsDefault: true, createDate: T2 }, 2);
        assert.deepEqual(refused, { outcome: 'limit-exceeded' });
        assert.deepEqual(versionIds(await identities.listPolicyVersions(ACCOUNT, arn)), ['v1', 'v2']);
        assert.deepEqual(await identities.getPolicy(ACCOUNT, arn).then((p) => [p?.defaultVersionId, p?.updateDate]), ['v1', T1]);
      }));

    it('numbers concurrent versions distinctly and stops each at the limit', () =>
      withStore(open, async ({ identities }) => {
        const arn = await createPolicy(identities, 'p');
        const outcomes = await Promise.all(Array.from({ length: 8 }, (_, i) =>
          identities.createPolicyVersion(ACCOUNT, arn, { document: DOC(i), setAsDefault: i % 2 === 0, createDate: T1 }, 5)));
        const created = outcomes.flatMap((o) => (o.outcome === 'created' ? [o.versionId] : []));
        assert.deepEqual(created.sort(), ['v2', 'v3', 'v4', 'v5']);
        assert.equal(outcomes.filter((o) => o.outcome === 'limit-exceeded').length, 4);
        const versions = await identities.listPolicyVersions(ACCOUNT, arn);
        assert.deepEqual(versionIds(versions), ['v1', 'v2', 'v3', 'v4', 'v5']);
        assert.equal(versions?.filter((v) => v.isDefaultVersion).length, 1, 'exactly one default');
      }));

    it('reads one version; ids that are not versions match nothing', () =>
      withStore(open, async ({ identities }) => {
        const arn = await createPolicy(identities, 'p');
        await identities.createPolicyVersion(ACCOUNT, arn, { document: DOC(2), setAsDefault: false, createDate: T1 }, 5);
        assert.deepEqual(await identities.getPolicyVersion(ACCOUNT, arn, 'v2'), { versionId: 'v2', document: DOC(2), isDefaultVersion: false, createDate: T1 });
        for (const id of ['v3', 'V2', 'v02', '2', 'v', 'v2 ', '']) assert.equal(await identities.getPolicyVersion(ACCOUNT, arn, id), undefined, id);
        assert.equal(await identities.getPolicyVersion(OTHER, arn, 'v1'), undefined);
      }));

    it('deletes versions other than the default; the next version is still the highest + 1', () =>
      withStore(open, async ({ identities }) => {
        const arn = await createPolicy(identities, 'p');
        for (const n of [2, 3, 4]) await identities.createPolicyVersion(ACCOUNT, arn, { document: DOC(n), setAsDefault: n === 3, createDate: T1 }, 5);
        assert.equal(await identities.deletePolicyVersion(ACCOUNT, arn, 'v3'), 'conflict', 'the default');
        assert.equal(await identities.deletePolicyVersion(ACCOUNT, arn, 'v2'), 'deleted');
        assert.equal(await identities.deletePolicyVersion(ACCOUNT, arn, 'v2'), 'not-found');
        assert.equal(await identities.deletePolicyVersion(ACCOUNT, arn, 'x'), 'not-found');
        assert.equal(await identities.deletePolicyVersion(ACCOUNT, `${arn}x`, 'v1'), 'not-found');
        assert.deepEqual(versionIds(await identities.listPolicyVersions(ACCOUNT, arn)), ['v1', 'v3', 'v4']);
        const next = await identities.createPolicyVersion(ACCOUNT, arn, { document: DOC(5), setAsDefault: false, createDate: T2 }, 5);
        assert.deepEqual(next, { outcome: 'created', versionId: 'v5' });
      }));

    it('sets the default version, stamping the update date', () =>
      withStore(open, async ({ identities }) => {
        const arn = await createPolicy(identities, 'p');
        await identities.createPolicyVersion(ACCOUNT, arn, { document: DOC(2), setAsDefault: false, createDate: T1 }, 5);
        assert.equal(await identities.setDefaultPolicyVersion(ACCOUNT, arn, 'v2', T2), 'updated');
        assert.deepEqual(await identities.getPolicy(ACCOUNT, arn).then((p) => [p?.defaultVersionId, p?.updateDate]), ['v2', T2]);
        assert.equal((await identities.getPolicyVersion(ACCOUNT, arn, 'v1'))?.isDefaultVersion, false);
        assert.equal(await identities.setDefaultPolicyVersion(ACCOUNT, arn, 'v9', T0), 'not-found');
        assert.equal(await identities.setDefaultPolicyVersion(ACCOUNT, `${arn}x`, 'v1', T0), 'not-found');
        assert.equal((await identities.getPolicy(ACCOUNT, arn))?.defaultVersionId, 'v2');
        assert.equal(await identities.deletePolicyVersion(ACCOUNT, arn, 'v1'), 'deleted', 'no longer the default');
      }));

    it('deletes a policy only once it is attached nowhere and has no other versions', () =>
      withStore(open, async ({ identities }) => {
        const arn = await createPolicy(identities, 'p', { tags: [{ key: 'k', value: 'v' }] });
        await identities.createUser(user('bob'));
        await identities.attachPolicy(ACCOUNT, 'user', 'bob', arn, 10);
        assert.equal(await identities.deletePolicy(ACCOUNT, arn), 'conflict', 'attached');
        await identities.detachPolicy(ACCOUNT, 'user', 'bob', arn);
        await identities.createPolicyVersion(ACCOUNT, arn, { document: DOC(2), setAsDefault: true, createDate: T1 }, 5);
        assert.equal(await identities.deletePolicy(ACCOUNT, arn), 'conflict', 'a version besides the default');
        await identities.deletePolicyVersion(ACCOUNT, arn, 'v1');
        assert.equal(await identities.deletePolicy(ACCOUNT, arn.toUpperCase().replace('ARN:AWS:IAM', 'arn:aws:iam')), 'deleted');
        assert.equal(await identities.getPolicy(ACCOUNT, arn), undefined);
        assert.equal(await identities.listPolicyVersions(ACCOUNT, arn), undefined);
        assert.equal(await identities.deletePolicy(ACCOUNT, arn), 'not-found');
        assert.equal(await identities.createPolicy(policy('P'), firstVersion()), 'created', 'the name is free again');
        assert.deepEqual(await identities.getPolicy(ACCOUNT, arn).then((p) => [p?.tags, p?.defaultVersionId]), [[], 'v1']);
      }));
  });
}
