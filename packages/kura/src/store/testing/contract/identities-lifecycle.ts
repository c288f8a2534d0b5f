// Contract: the IAM generation (every IAM write changes it, reads do not), reset of IAM state, and
// account isolation.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IdentityRepository } from '../../identities.js';
import { T0, accessKey, withStore } from './fixtures.js';
import type { OpenStore } from './fixtures.js';
import { ACCOUNT, AWS_ADMIN, DOC, OTHER, T1, createPolicy, firstVersion, group, iamArn, names, policy, role, session, user } from './iam-fixtures.js';

/** Runs each step, checking the generation moved to a value never seen before. */
async function eachChangesGeneration(identities: IdentityRepository, steps: Array<[string, () => Promise<unknown>]>): Promise<void> {
  const seen = new Set([await identities.generation()]);
  for (const [label, step] of steps) {
    await step();
    const now = await identities.generation();
    assert.ok(!seen.has(now), `${label} changed the generation`);
    seen.add(now);
  }
}

export function identityLifecycleContract(open: OpenStore): void {
  describe('iam generation', () => {
    it('changes with every IAM write', () =>
      withStore(open, async ({ identities: id }) => {
        const arn = iamArn(ACCOUNT, 'policy', '/', 'p');
        await eachChangesGeneration(id, [
          ['createUser', () => id.createUser(user('bob'))],
          ['updateUser', () => id.updateUser(ACCOUNT, 'bob', { newPath: '/x/' })],
          ['createGroup', () => id.createGroup(group('devs'))],
          ['addUserToGroup', () => id.addUserToGroup(ACCOUNT, 'devs', 'bob')],
          ['removeUserFromGroup', () => id.removeUserFromGroup(ACCOUNT, 'devs', 'bob')],
          ['createRole', () => id.createRole(role('app'))],
          ['updateRole', () => id.updateRole(ACCOUNT, 'app', { description: 'd' })],
          ['createPolicy', () => id.createPolicy(policy('p'), firstVersion())],
          ['createPolicyVersion', () => id.createPolicyVersion(ACCOUNT, arn, { document: DOC(2), setAsDefault: false, createDate: T1 }, 5)],
          ['setDefaultPolicyVersion', () => id.setDefaultPolicyVersion(ACCOUNT, arn, 'v2', T1)],
          ['deletePolicyVersion', () => id.deletePolicyVersion(ACCOUNT, arn, 'v1')],
          ['attachPolicy', () => id.attachPolicy(ACCOUNT, 'role', 'app', arn, 10)],
          ['detachPolicy', () => id.detachPolicy(ACCOUNT, 'role', 'app', arn)],
          ['putInlinePolicy', () => id.putInlinePolicy(ACCOUNT, 'group', 'devs', { policyName: 'p', document: DOC(1) })],
          ['putInlinePolicy again', () => id.putInlinePolicy(ACCOUNT, 'group', 'devs', { policyName: 'p', document: DOC(2) })],
          ['deleteInlinePolicy', () => id.deleteInlinePolicy(ACCOUNT, 'group', 'devs', 'p')],
          ['tag user', () => id.tag(ACCOUNT, 'user', 'bob', [{ key: 'k', value: 'v' }], 50)],
          ['untag user', () => id.untag(ACCOUNT, 'user', 'bob', ['k'])],
          ['tag policy', () => id.tag(ACCOUNT, 'policy', arn, [{ key: 'k', value: 'v' }], 50)],
          ['deletePolicy', () => id.deletePolicy(ACCOUNT, arn)],
          ['deleteRole', () => id.deleteRole(ACCOUNT, 'app')],
          ['deleteGroup', () => id.deleteGroup(ACCOUNT, 'devs')],
          ['deleteUser', () => id.deleteUser(ACCOUNT, 'bob')],
        ]);
      }));

    it('stays put across reads', () =>
      withStore(open, async ({ identities }) => {
        await identities.createUser(user('bob'));
        const before = await identities.generation();
        await identities.getUser(ACCOUNT, 'bob');
        await identities.listUsers(ACCOUNT, { limit: 10 });
        await identities.attachedPolicies(ACCOUNT, 'user', 'bob');
        await identities.groupsForUser(ACCOUNT, 'bob');
        assert.equal(await identities.generation(), before);
      }));

    it('is left alone by a write that failed', () =>
      withStore(open, async ({ identities }) => {
        const before = await identities.generation();
        const results = await Promise.allSettled([
          identities.createUser(user('bob')),
          // v2 cannot be a policy's first version: a caller bug, refused as an error
          identities.createPolicy(policy('bad'), { ...firstVersion(), versionId: 'v2' }),
        ]);
        assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected']);
        assert.equal(await identities.getPolicy(ACCOUNT, policy('bad').arn), undefined);
        const after = await identities.generation();
        assert.notEqual(after, before, 'the user was created');
        assert.equal(await identities.createUser(user('carol')), 'created');
        assert.notEqual(await identities.generation(), after);
      }));
  });

  describe('iam reset and accounts', () => {
    it('reset clears all IAM and STS state but the access keys it keeps, and moves the generation on', () =>
      withStore(open, async (store) => {
        const { identities, accessKeys } = store;
        const bob = user('bob', { tags: [{ key: 'k', value: 'v' }] });
        await identities.createUser(bob);
        await identities.createUser(user('eve', { accountId: OTHER }));
        await identities.createGroup(group('devs'));
        await identities.addUserToGroup(ACCOUNT, 'devs', 'bob');
        await identities.createRole(role('app', { tags: [{ key: 'k', value: 'v' }] }));
        const arn = await createPolicy(identities, 'p', { tags: [{ key: 'k', value: 'v' }] });
        await identities.createPolicyVersion(ACCOUNT, arn, { document: DOC(2), setAsDefault: true, createDate: T1 }, 5);
        await identities.attachPolicy(ACCOUNT, 'user', 'bob', arn, 10);
        await identities.attachPolicy(ACCOUNT, 'role', 'app', AWS_ADMIN, 10);
        await identities.putInlinePolicy(ACCOUNT, 'group', 'devs', { policyName: 'p', document: DOC(1) });
        await identities.saveSession(session('ASIAGONE000000000001', { expiration: new Date(T0.getTime() + 1e12) }));
        await accessKeys.save(accessKey('AKIAKEEP000000000001', { principalArn: bob.arn }));
        await accessKeys.save(accessKey('AKIADROP000000000001', { principalArn: bob.arn }));
        const before = await identities.generation();

        await store.reset({ accessKeyIds: ['AKIAKEEP000000000001'] });
        for (const list of [identities.listUsers(ACCOUNT, { limit: 10 }), identities.listUsers(OTHER, { limit: 10 }),
          identities.listGroups(ACCOUNT, { limit: 10 }), identities.listRoles(ACCOUNT, { limit: 10 }), identities.listPolicies(ACCOUNT, { limit: 10 })]) {
          assert.deepEqual(await list, { items: [] });
        }
        assert.equal(await identities.getUser(ACCOUNT, 'bob'), undefined);
        assert.equal(await identities.listPolicyVersions(ACCOUNT, arn), undefined);
        assert.equal(await identities.attachedPolicies(ACCOUNT, 'role', 'app'), undefined);
        assert.equal(await identities.findSession('ASIAGONE000000000001'), undefined);
        assert.ok(await accessKeys.find('AKIAKEEP000000000001'));
        assert.equal(await accessKeys.find('AKIADROP000000000001'), undefined);
        const after = await identities.generation();
        assert.ok(after > before, 'a generation never comes back, so no cache from before the reset matches');

        // Everything can be created afresh, with nothing of what was there.
        assert.equal(await identities.createUser(user('BOB')), 'created');
        assert.equal(await identities.createGroup(group('devs')), 'created');
        assert.deepEqual(await identities.groupsForUser(ACCOUNT, 'bob'), []);
        assert.deepEqual(await identities.attachedPolicies(ACCOUNT, 'user', 'bob'), []);
        assert.deepEqual((await identities.getUser(ACCOUNT, 'bob'))?.tags, []);
        assert.deepEqual(await identities.inlinePolicies(ACCOUNT, 'group', 'devs'), []);
        assert.equal(await identities.createPolicy(policy('p'), firstVersion()), 'created');
        assert.deepEqual((await identities.getPolicy(ACCOUNT, arn))?.tags, []);
        assert.deepEqual((await identities.listPolicyVersions(ACCOUNT, arn))?.map((v) => v.versionId), ['v1']);
      }));

    it('keeps each account apart', () =>
      withStore(open, async ({ identities }) => {
        await identities.createUser(user('bob'));
        await identities.createUser(user('bob', { accountId: OTHER, id: 'AIDAOTHERBOB' }));
        await identities.createGroup(group('devs', { accountId: OTHER }));
        await identities.addUserToGroup(OTHER, 'devs', 'bob');
        assert.equal((await identities.getUser(OTHER, 'bob'))?.id, 'AIDAOTHERBOB');
        assert.deepEqual(await identities.groupsForUser(ACCOUNT, 'bob'), []);
        assert.deepEqual(names(await identities.groupsForUser(OTHER, 'bob')), ['devs']);
        assert.equal(await identities.deleteUser(ACCOUNT, 'bob'), 'deleted');
        assert.equal(await identities.deleteUser(OTHER, 'bob'), 'conflict');
      }));
  });
}
