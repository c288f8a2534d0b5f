// Contract: the IAM generation (every write of the principals and policies ports changes it; reads
// and sessions do not), reset of IAM state, and account isolation.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PolicyRepository } from '../../policies.js';
import { T0, accessKey, withStore } from './fixtures.js';
import type { OpenStore } from './fixtures.js';
import { ACCOUNT, AWS_ADMIN, DOC, OTHER, T1, createPolicy, firstVersion, group, iamArn, names, policy, role, session, user } from './iam-fixtures.js';

/** Runs each step, checking the generation moved to a value never seen before. */
async function eachChangesGeneration(policies: PolicyRepository, steps: Array<[string, () => Promise<unknown>]>): Promise<void> {
  const seen = new Set([await policies.generation()]);
  for (const [label, step] of steps) {
    await step();
    const now = await policies.generation();
    assert.ok(!seen.has(now), `${label} changed the generation`);
    seen.add(now);
  }
}

export function iamLifecycleContract(open: OpenStore): void {
  describe('iam generation', () => {
    it('changes with every IAM write', () =>
      withStore(open, async ({ principals: pr, policies: po }) => {
        const arn = iamArn(ACCOUNT, 'policy', '/', 'p');
        await eachChangesGeneration(po, [
          ['createUser', () => pr.createUser(user('bob'))],
          ['updateUser', () => pr.updateUser(ACCOUNT, 'bob', { newPath: '/x/' })],
          ['createGroup', () => pr.createGroup(group('devs'))],
          ['addUserToGroup', () => pr.addUserToGroup(ACCOUNT, 'devs', 'bob')],
          ['removeUserFromGroup', () => pr.removeUserFromGroup(ACCOUNT, 'devs', 'bob')],
          ['createRole', () => pr.createRole(role('app'))],
          ['updateRole', () => pr.updateRole(ACCOUNT, 'app', { description: 'd' })],
          ['setPermissionsBoundary', () => pr.setPermissionsBoundary(ACCOUNT, 'role', 'app', AWS_ADMIN)],
          ['createPolicy', () => po.createPolicy(policy('p'), firstVersion())],
          ['createPolicyVersion', () => po.createPolicyVersion(ACCOUNT, arn, { document: DOC(2), setAsDefault: false, createDate: T1 }, 5)],
          ['setDefaultPolicyVersion', () => po.setDefaultPolicyVersion(ACCOUNT, arn, 'v2', T1)],
          ['deletePolicyVersion', () => po.deletePolicyVersion(ACCOUNT, arn, 'v1')],
          ['attachPolicy', () => po.attachPolicy(ACCOUNT, 'role', 'app', arn, 10)],
          ['detachPolicy', () => po.detachPolicy(ACCOUNT, 'role', 'app', arn)],
          ['putInlinePolicy', () => po.putInlinePolicy(ACCOUNT, 'group', 'devs', { policyName: 'p', document: DOC(1) })],
          ['putInlinePolicy again', () => po.putInlinePolicy(ACCOUNT, 'group', 'devs', { policyName: 'p', document: DOC(2) })],
          ['deleteInlinePolicy', () => po.deleteInlinePolicy(ACCOUNT, 'group', 'devs', 'p')],
          ['tag user', () => pr.tag(ACCOUNT, 'user', 'bob', [{ key: 'k', value: 'v' }], 50)],
          ['untag user', () => pr.untag(ACCOUNT, 'user', 'bob', ['k'])],
          ['tag policy', () => po.tagPolicy(ACCOUNT, arn, [{ key: 'k', value: 'v' }], 50)],
          ['deletePolicy', () => po.deletePolicy(ACCOUNT, arn)],
          ['deleteRole', () => pr.deleteRole(ACCOUNT, 'app')],
          ['deleteGroup', () => pr.deleteGroup(ACCOUNT, 'devs')],
          ['deleteUser', () => pr.deleteUser(ACCOUNT, 'bob')],
        ]);
      }));

    it('stays put across reads', () =>
      withStore(open, async ({ principals, policies }) => {
        await principals.createUser(user('bob'));
        const before = await policies.generation();
        await principals.getUser(ACCOUNT, 'bob');
        await principals.listUsers(ACCOUNT, { limit: 10 });
        await policies.attachedPolicies(ACCOUNT, 'user', 'bob');
        await principals.groupsForUser(ACCOUNT, 'bob');
        assert.equal(await policies.generation(), before);
      }));

    it('is left alone by a write that failed', () =>
      withStore(open, async ({ principals, policies }) => {
        const before = await policies.generation();
        const results = await Promise.allSettled([
          principals.createUser(user('bob')),
          // v2 cannot be a policy's first version: a caller bug, refused as an error
          policies.createPolicy(policy('bad'), { ...firstVersion(), versionId: 'v2' }),
        ]);
        assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected']);
        assert.equal(await policies.getPolicy(ACCOUNT, policy('bad').arn), undefined);
        const after = await policies.generation();
        assert.notEqual(after, before, 'the user was created');
        assert.equal(await principals.createUser(user('carol')), 'created');
        assert.notEqual(await policies.generation(), after);
      }));
  });

  describe('the iam generation and sts sessions', () => {
    it('is left alone by session writes: a session is not IAM state', () =>
      withStore(open, async ({ policies, sessions }) => {
        const before = await policies.generation();
        await sessions.save(session('ASIAEXAMPLE000000001'));
        await sessions.deleteExpired(new Date(T0.getTime() + 2 * 3600_000));
        assert.equal(await policies.generation(), before);
      }));
  });

  describe('iam reset and accounts', () => {
    it('reset clears all IAM and STS state but the access keys it keeps, and moves the generation on', () =>
      withStore(open, async (store) => {
        const { principals, policies, sessions, accessKeys } = store;
        const bob = user('bob', { tags: [{ key: 'k', value: 'v' }] });
        await principals.createUser(bob);
        await principals.createUser(user('eve', { accountId: OTHER }));
        await principals.createGroup(group('devs'));
        await principals.addUserToGroup(ACCOUNT, 'devs', 'bob');
        await principals.createRole(role('app', { tags: [{ key: 'k', value: 'v' }] }));
        const arn = await createPolicy(policies, 'p', { tags: [{ key: 'k', value: 'v' }] });
        await policies.createPolicyVersion(ACCOUNT, arn, { document: DOC(2), setAsDefault: true, createDate: T1 }, 5);
        await policies.attachPolicy(ACCOUNT, 'user', 'bob', arn, 10);
        await policies.attachPolicy(ACCOUNT, 'role', 'app', AWS_ADMIN, 10);
        await policies.putInlinePolicy(ACCOUNT, 'group', 'devs', { policyName: 'p', document: DOC(1) });
        await sessions.save(session('ASIAGONE000000000001', { expiration: new Date(T0.getTime() + 1e12) }));
        await accessKeys.save(accessKey('AKIAKEEP000000000001', { principalArn: bob.arn }));
        await accessKeys.save(accessKey('AKIADROP000000000001', { principalArn: bob.arn }));
        const before = await policies.generation();

        await store.reset({ accessKeyIds: ['AKIAKEEP000000000001'] });
        for (const list of [principals.listUsers(ACCOUNT, { limit: 10 }), principals.listUsers(OTHER, { limit: 10 }),
          principals.listGroups(ACCOUNT, { limit: 10 }), principals.listRoles(ACCOUNT, { limit: 10 }), policies.listPolicies(ACCOUNT, { limit: 10 })]) {
          assert.deepEqual(await list, { items: [] });
        }
        assert.equal(await principals.getUser(ACCOUNT, 'bob'), undefined);
        assert.equal(await policies.listPolicyVersions(ACCOUNT, arn), undefined);
        assert.equal(await policies.attachedPolicies(ACCOUNT, 'role', 'app'), undefined);
        assert.equal(await sessions.find('ASIAGONE000000000001'), undefined);
        assert.ok(await accessKeys.find('AKIAKEEP000000000001'));
        assert.equal(await accessKeys.find('AKIADROP000000000001'), undefined);
        const after = await policies.generation();
        assert.ok(after > before, 'a generation never comes back, so no cache from before the reset matches');

        // Everything can be created afresh, with nothing of what was there.
        assert.equal(await principals.createUser(user('BOB')), 'created');
        assert.equal(await principals.createGroup(group('devs')), 'created');
        assert.deepEqual(await principals.groupsForUser(ACCOUNT, 'bob'), []);
        assert.deepEqual(await policies.attachedPolicies(ACCOUNT, 'user', 'bob'), []);
        assert.deepEqual((await principals.getUser(ACCOUNT, 'bob'))?.tags, []);
        assert.deepEqual(await policies.inlinePolicies(ACCOUNT, 'group', 'devs'), []);
        assert.equal(await policies.createPolicy(policy('p'), firstVersion()), 'created');
        assert.deepEqual((await policies.getPolicy(ACCOUNT, arn))?.tags, []);
        assert.deepEqual((await policies.listPolicyVersions(ACCOUNT, arn))?.map((v) => v.versionId), ['v1']);
      }));

    it('keeps each account apart', () =>
      withStore(open, async ({ principals }) => {
        await principals.createUser(user('bob'));
        await principals.createUser(user('bob', { accountId: OTHER, id: 'AIDAOTHERBOB' }));
        await principals.createGroup(group('devs', { accountId: OTHER }));
        await principals.addUserToGroup(OTHER, 'devs', 'bob');
        assert.equal((await principals.getUser(OTHER, 'bob'))?.id, 'AIDAOTHERBOB');
        assert.deepEqual(await principals.groupsForUser(ACCOUNT, 'bob'), []);
        assert.deepEqual(names(await principals.groupsForUser(OTHER, 'bob')), ['devs']);
        assert.equal(await principals.deleteUser(ACCOUNT, 'bob'), 'deleted');
        assert.equal(await principals.deleteUser(OTHER, 'bob'), 'conflict');
      }));
  });
}
