// Contract: customer managed policies, their versions and their tags.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { T0, withStore } from './fixtures.js';
import type { OpenStore } from './fixtures.js';
import { ACCOUNT, AWS_ADMIN, AWS_READ_ONLY, DOC, OTHER, T1, T2, createPolicy, firstVersion, iamArn, names, policy, user } from './iam-fixtures.js';

const versionIds = (versions: Array<{ versionId: string }> | undefined) => versions?.map((v) => v.versionId);

export function managedPolicyContract(open: OpenStore): void {
  describe('iam managed policies', () => {
    it('creates a policy with its first version and reads it by its ARN in any case', () =>
      withStore(open, async ({ policies }) => {
        const record = policy('ReadParams', { path: '/app/', description: 'reads', tags: [{ key: 'b', value: '1' }, { key: 'B', value: '2' }] });
        assert.equal(await policies.createPolicy(record, firstVersion(DOC(1))), 'created');
        const expected = { ...record, attachmentCount: 0, tags: [{ key: 'B', value: '2' }, { key: 'b', value: '1' }] };
        assert.deepEqual(await policies.getPolicy(ACCOUNT, record.arn), expected);
        assert.deepEqual(await policies.getPolicy(ACCOUNT, record.arn.toUpperCase().replace('ARN:AWS:IAM', 'arn:aws:iam')), expected);
        assert.deepEqual(await policies.getPolicyVersion(ACCOUNT, record.arn, 'v1'), firstVersion(DOC(1)));
        assert.deepEqual(await policies.listPolicyVersions(ACCOUNT, record.arn), [firstVersion(DOC(1))]);
        assert.equal(await policies.getPolicy(OTHER, record.arn), undefined);
        assert.equal(await policies.getPolicy(ACCOUNT, AWS_READ_ONLY), undefined, 'AWS managed policies are not stored');
      }));

    it('refuses a name taken in any case, whatever the path', () =>
      withStore(open, async ({ policies }) => {
        await createPolicy(policies, 'Read');
        assert.equal(await policies.createPolicy(policy('read'), firstVersion()), 'exists');
        assert.equal(await policies.createPolicy(policy('READ', { path: '/other/' }), firstVersion()), 'exists');
        assert.equal(await policies.createPolicy(policy('read', { accountId: OTHER }), firstVersion()), 'created');
        const outcomes = await Promise.all(['Race', 'race', 'RACE'].map((name) => policies.createPolicy(policy(name), firstVersion())));
        assert.equal(outcomes.filter((o) => o === 'created').length, 1);
      }));

    it('lists policies by lower-cased name, with a cursor, a path prefix, or only those attached', () =>
      withStore(open, async ({ principals, policies }) => {
        for (const [name, path] of [['c', '/'], ['A', '/app/'], ['b', '/app/'], ['D', '/']] as const) await createPolicy(policies, name, { path });
        await principals.createUser(user('bob'));
        await policies.attachPolicy(ACCOUNT, 'user', 'bob', policy('b', { path: '/app/' }).arn, 10);
        await policies.attachPolicy(ACCOUNT, 'user', 'bob', policy('D').arn, 10);
        const first = await policies.listPolicies(ACCOUNT, { limit: 3 });
        assert.deepEqual([names(first), first.next], [['A', 'b', 'c'], 'c']);
        assert.deepEqual(names(await policies.listPolicies(ACCOUNT, { after: first.next, limit: 3 })), ['D']);
        assert.deepEqual(names(await policies.listPolicies(ACCOUNT, { pathPrefix: '/app/', limit: 10 })), ['A', 'b']);
        const attached = await policies.listPolicies(ACCOUNT, { onlyAttached: true, limit: 1 });
        assert.deepEqual([names(attached), attached.next, attached.items[0]?.attachmentCount], [['b'], 'b', 1]);
        assert.deepEqual(await policies.listPolicies(ACCOUNT, { onlyAttached: true, after: 'b', limit: 1 }).then(names), ['D']);
        assert.deepEqual(await policies.listPolicies(ACCOUNT, { onlyAttached: true, pathPrefix: '/app/', after: 'b', limit: 5 }), { items: [] });
        assert.deepEqual(await policies.listPolicies(OTHER, { limit: 5 }), { items: [] });
      }));

    it('adds versions v2, v3… and moves the default only when asked', () =>
      withStore(open, async ({ policies }) => {
        const arn = await createPolicy(policies, 'p');
        const v2 = await policies.createPolicyVersion(ACCOUNT, arn, { document: DOC(2), setAsDefault: false, createDate: T1 }, 5);
        assert.deepEqual(v2, { outcome: 'created', versionId: 'v2' });
        assert.deepEqual(await policies.getPolicy(ACCOUNT, arn).then((p) => [p?.defaultVersionId, p?.updateDate]), ['v1', T1]);
        const v3 = await policies.createPolicyVersion(ACCOUNT, arn.toLowerCase(), { document: DOC(3), setAsDefault: true, createDate: T2 }, 5);
        assert.deepEqual(v3, { outcome: 'created', versionId: 'v3' });
        assert.deepEqual(await policies.getPolicy(ACCOUNT, arn).then((p) => [p?.defaultVersionId, p?.updateDate, p?.createDate]), ['v3', T2, T0]);
        assert.deepEqual(await policies.listPolicyVersions(ACCOUNT, arn), [
          { ...firstVersion(DOC(1)), isDefaultVersion: false },
          { versionId: 'v2', document: DOC(2), isDefaultVersion: false, createDate: T1 },
          { versionId: 'v3', document: DOC(3), isDefaultVersion: true, createDate: T2 },
        ]);
        assert.deepEqual(await policies.createPolicyVersion(ACCOUNT, `${arn}x`, { document: DOC(4), setAsDefault: true, createDate: T2 }, 5), { outcome: 'not-found' });
        assert.equal(await policies.listPolicyVersions(ACCOUNT, `${arn}x`), undefined);
      }));

    it('refuses a version past the limit, changing nothing', () =>
      withStore(open, async ({ policies }) => {
        const arn = await createPolicy(policies, 'p');
        await policies.createPolicyVersion(ACCOUNT, arn, { document: DOC(2), setAsDefault: false, createDate: T1 }, 2);
        const refused = await policies.createPolicyVersion(ACCOUNT, arn, { document: DOC(3), setAsDefault: true, createDate: T2 }, 2);
        assert.deepEqual(refused, { outcome: 'limit-exceeded' });
        assert.deepEqual(versionIds(await policies.listPolicyVersions(ACCOUNT, arn)), ['v1', 'v2']);
        assert.deepEqual(await policies.getPolicy(ACCOUNT, arn).then((p) => [p?.defaultVersionId, p?.updateDate]), ['v1', T1]);
      }));

    it('numbers concurrent versions distinctly and stops each at the limit', () =>
      withStore(open, async ({ policies }) => {
        const arn = await createPolicy(policies, 'p');
        const outcomes = await Promise.all(Array.from({ length: 8 }, (_, i) =>
          policies.createPolicyVersion(ACCOUNT, arn, { document: DOC(i), setAsDefault: i % 2 === 0, createDate: T1 }, 5)));
        const created = outcomes.flatMap((o) => (o.outcome === 'created' ? [o.versionId] : []));
        assert.deepEqual(created.sort(), ['v2', 'v3', 'v4', 'v5']);
        assert.equal(outcomes.filter((o) => o.outcome === 'limit-exceeded').length, 4);
        const versions = await policies.listPolicyVersions(ACCOUNT, arn);
        assert.deepEqual(versionIds(versions), ['v1', 'v2', 'v3', 'v4', 'v5']);
        assert.equal(versions?.filter((v) => v.isDefaultVersion).length, 1, 'exactly one default');
      }));

    it('reads one version; ids that are not versions match nothing', () =>
      withStore(open, async ({ policies }) => {
        const arn = await createPolicy(policies, 'p');
        await policies.createPolicyVersion(ACCOUNT, arn, { document: DOC(2), setAsDefault: false, createDate: T1 }, 5);
        assert.deepEqual(await policies.getPolicyVersion(ACCOUNT, arn, 'v2'), { versionId: 'v2', document: DOC(2), isDefaultVersion: false, createDate: T1 });
        for (const id of ['v3', 'V2', 'v02', '2', 'v', 'v2 ', '']) assert.equal(await policies.getPolicyVersion(ACCOUNT, arn, id), undefined, id);
        assert.equal(await policies.getPolicyVersion(OTHER, arn, 'v1'), undefined);
      }));

    it('deletes versions other than the default; the next version is still the highest + 1', () =>
      withStore(open, async ({ policies }) => {
        const arn = await createPolicy(policies, 'p');
        for (const n of [2, 3, 4]) await policies.createPolicyVersion(ACCOUNT, arn, { document: DOC(n), setAsDefault: n === 3, createDate: T1 }, 5);
        assert.equal(await policies.deletePolicyVersion(ACCOUNT, arn, 'v3'), 'conflict', 'the default');
        assert.equal(await policies.deletePolicyVersion(ACCOUNT, arn, 'v2'), 'deleted');
        assert.equal(await policies.deletePolicyVersion(ACCOUNT, arn, 'v2'), 'not-found');
        assert.equal(await policies.deletePolicyVersion(ACCOUNT, arn, 'x'), 'not-found');
        assert.equal(await policies.deletePolicyVersion(ACCOUNT, `${arn}x`, 'v1'), 'not-found');
        assert.deepEqual(versionIds(await policies.listPolicyVersions(ACCOUNT, arn)), ['v1', 'v3', 'v4']);
        const next = await policies.createPolicyVersion(ACCOUNT, arn, { document: DOC(5), setAsDefault: false, createDate: T2 }, 5);
        assert.deepEqual(next, { outcome: 'created', versionId: 'v5' });
      }));

    it('sets the default version, stamping the update date', () =>
      withStore(open, async ({ policies }) => {
        const arn = await createPolicy(policies, 'p');
        await policies.createPolicyVersion(ACCOUNT, arn, { document: DOC(2), setAsDefault: false, createDate: T1 }, 5);
        assert.equal(await policies.setDefaultPolicyVersion(ACCOUNT, arn, 'v2', T2), 'updated');
        assert.deepEqual(await policies.getPolicy(ACCOUNT, arn).then((p) => [p?.defaultVersionId, p?.updateDate]), ['v2', T2]);
        assert.equal((await policies.getPolicyVersion(ACCOUNT, arn, 'v1'))?.isDefaultVersion, false);
        assert.equal(await policies.setDefaultPolicyVersion(ACCOUNT, arn, 'v9', T0), 'not-found');
        assert.equal(await policies.setDefaultPolicyVersion(ACCOUNT, `${arn}x`, 'v1', T0), 'not-found');
        assert.equal((await policies.getPolicy(ACCOUNT, arn))?.defaultVersionId, 'v2');
        assert.equal(await policies.deletePolicyVersion(ACCOUNT, arn, 'v1'), 'deleted', 'no longer the default');
      }));

    it('deletes a policy only once it is attached nowhere and has no other versions', () =>
      withStore(open, async ({ principals, policies }) => {
        const arn = await createPolicy(policies, 'p', { tags: [{ key: 'k', value: 'v' }] });
        await principals.createUser(user('bob'));
        await policies.attachPolicy(ACCOUNT, 'user', 'bob', arn, 10);
        assert.equal(await policies.deletePolicy(ACCOUNT, arn), 'conflict', 'attached');
        await policies.detachPolicy(ACCOUNT, 'user', 'bob', arn);
        await policies.createPolicyVersion(ACCOUNT, arn, { document: DOC(2), setAsDefault: true, createDate: T1 }, 5);
        assert.equal(await policies.deletePolicy(ACCOUNT, arn), 'conflict', 'a version besides the default');
        await policies.deletePolicyVersion(ACCOUNT, arn, 'v1');
        assert.equal(await policies.deletePolicy(ACCOUNT, arn.toUpperCase().replace('ARN:AWS:IAM', 'arn:aws:iam')), 'deleted');
        assert.equal(await policies.getPolicy(ACCOUNT, arn), undefined);
        assert.equal(await policies.listPolicyVersions(ACCOUNT, arn), undefined);
        assert.equal(await policies.deletePolicy(ACCOUNT, arn), 'not-found');
        assert.equal(await policies.createPolicy(policy('P'), firstVersion()), 'created', 'the name is free again');
        assert.deepEqual(await policies.getPolicy(ACCOUNT, arn).then((p) => [p?.tags, p?.defaultVersionId]), [[], 'v1']);
      }));
  });
}

export function policyTagContract(open: OpenStore): void {
  describe('iam tags of managed policies', () => {
    it('tags customer managed policies by ARN, with keys compared exactly', () =>
      withStore(open, async ({ policies }) => {
        const arn = await createPolicy(policies, 'p');
        assert.equal(await policies.tagPolicy(ACCOUNT, arn.toUpperCase().replace('ARN:AWS:IAM', 'arn:aws:iam'), [{ key: 'Env', value: 'a' }], 50), 'ok');
        assert.equal(await policies.tagPolicy(ACCOUNT, arn, [{ key: 'env', value: 'b' }, { key: 'Env', value: 'c' }], 50), 'ok');
        assert.deepEqual((await policies.getPolicy(ACCOUNT, arn))?.tags, [{ key: 'Env', value: 'c' }, { key: 'env', value: 'b' }]);
        assert.equal(await policies.untagPolicy(ACCOUNT, arn, ['ENV', 'env']), 'ok');
        assert.deepEqual((await policies.getPolicy(ACCOUNT, arn))?.tags, [{ key: 'Env', value: 'c' }]);
      }));

    it('refuses to go above the tag limit and changes nothing, counting a key new in its case', () =>
      withStore(open, async ({ policies }) => {
        const arn = await createPolicy(policies, 'p', { tags: [{ key: 'k', value: 'v' }] });
        assert.equal(await policies.tagPolicy(ACCOUNT, arn, [{ key: 'K', value: 'v' }, { key: 'x', value: 'y' }], 2), 'too-many', 'K is a new key on a policy');
        assert.deepEqual((await policies.getPolicy(ACCOUNT, arn))?.tags, [{ key: 'k', value: 'v' }]);
      }));

    it('reports a policy that is not there to tag, AWS managed ones included', () =>
      withStore(open, async ({ policies }) => {
        assert.equal(await policies.tagPolicy(ACCOUNT, AWS_ADMIN, [{ key: 'a', value: '1' }], 50), 'not-found', 'AWS managed policies are not ours to tag');
        assert.equal(await policies.untagPolicy(ACCOUNT, AWS_ADMIN, ['a']), 'not-found');
        assert.equal(await policies.tagPolicy(ACCOUNT, iamArn(ACCOUNT, 'policy', '/', 'none'), [{ key: 'a', value: '1' }], 50), 'not-found');
      }));
  });
}
