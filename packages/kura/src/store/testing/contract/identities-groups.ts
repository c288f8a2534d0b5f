// Contract: IAM groups and group membership.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withStore } from './fixtures.js';
import type { OpenStore } from './fixtures.js';
import { ACCOUNT, AWS_READ_ONLY, DOC, OTHER, group, names, role, user } from './iam-fixtures.js';

export function identityGroupContract(open: OpenStore): void {
  describe('iam groups', () => {
    it('creates a group, reads it in any case and refuses the name in any case', () =>
      withStore(open, async ({ identities }) => {
        const devs = group('Devs', { path: '/eng/' });
        assert.equal(await identities.createGroup(devs), 'created');
        assert.deepEqual(await identities.getGroup(ACCOUNT, 'DEVS'), devs);
        assert.equal(await identities.createGroup(group('devs')), 'exists');
        assert.equal((await identities.getGroup(ACCOUNT, 'devs'))?.name, 'Devs');
        assert.equal(await identities.getGroup(OTHER, 'devs'), undefined);
      }));

    it('keeps the names of users, groups and roles apart', () =>
      withStore(open, async ({ identities }) => {
        assert.equal(await identities.createUser(user('app')), 'created');
        assert.equal(await identities.createGroup(group('App')), 'created');
        assert.equal(await identities.createRole(role('APP')), 'created');
        assert.deepEqual([(await identities.getUser(ACCOUNT, 'app'))?.name, (await identities.getGroup(ACCOUNT, 'app'))?.name,
          (await identities.getRole(ACCOUNT, 'app'))?.name], ['app', 'App', 'APP']);
        assert.deepEqual(names(await identities.listGroups(ACCOUNT, { limit: 10 })), ['App']);
      }));

    it('lists groups by lower-cased name, with a cursor and a path prefix', () =>
      withStore(open, async ({ identities }) => {
        for (const [name, path] of [['ops', '/'], ['Admins', '/eng/'], ['devs', '/eng/'], ['QA', '/eng/']] as const) {
          await identities.createGroup(group(name, { path }));
        }
        const first = await identities.listGroups(ACCOUNT, { limit: 3 });
        assert.deepEqual([names(first), first.next], [['Admins', 'devs', 'ops'], 'ops']);
        assert.deepEqual(await identities.listGroups(ACCOUNT, { after: first.next, limit: 3 }), { items: [group('QA', { path: '/eng/' })] });
        const eng = await identities.listGroups(ACCOUNT, { pathPrefix: '/eng/', after: 'admins', limit: 1 });
        assert.deepEqual([names(eng), eng.next], [['devs'], 'devs']);
      }));

    it('deletes a group only once it has no members, attached or inline policies', () =>
      withStore(open, async ({ identities }) => {
        await identities.createGroup(group('devs'));
        await identities.createUser(user('bob'));
        await identities.addUserToGroup(ACCOUNT, 'devs', 'bob');
        await identities.attachPolicy(ACCOUNT, 'group', 'devs', AWS_READ_ONLY, 10);
        await identities.putInlinePolicy(ACCOUNT, 'group', 'devs', { policyName: 'p', document: DOC(1) });
        assert.equal(await identities.deleteGroup(ACCOUNT, 'DEVS'), 'conflict', 'a member');
        await identities.removeUserFromGroup(ACCOUNT, 'devs', 'bob');
        assert.equal(await identities.deleteGroup(ACCOUNT, 'devs'), 'conflict', 'an attached policy');
        await identities.detachPolicy(ACCOUNT, 'group', 'devs', AWS_READ_ONLY);
        assert.equal(await identities.deleteGroup(ACCOUNT, 'devs'), 'conflict', 'an inline policy');
        await identities.deleteInlinePolicy(ACCOUNT, 'group', 'devs', 'P');
        assert.equal(await identities.deleteGroup(ACCOUNT, 'devs'), 'deleted');
        assert.equal(await identities.getGroup(ACCOUNT, 'devs'), undefined);
        assert.equal(await identities.deleteGroup(ACCOUNT, 'devs'), 'not-found');
        assert.ok(await identities.getUser(ACCOUNT, 'bob'));
      }));
  });

  describe('iam group membership', () => {
    it('adds users to groups, by names in any case, once', () =>
      withStore(open, async ({ identities }) => {
        for (const name of ['carol', 'Alice', 'bob']) await identities.createUser(user(name));
        for (const name of ['ops', 'Devs', 'admins']) await identities.createGroup(group(name));
        for (const [g, u] of [['devs', 'carol'], ['DEVS', 'alice'], ['devs', 'Bob'], ['ops', 'bob'], ['Admins', 'bob'], ['devs', 'bob']]) {
          assert.equal(await identities.addUserToGroup(ACCOUNT, g ?? '', u ?? ''), 'added');
        }
        assert.deepEqual(names(await identities.usersInGroup(ACCOUNT, 'devs')), ['Alice', 'bob', 'carol']);
        assert.deepEqual(await identities.usersInGroup(ACCOUNT, 'devs').then((users) => users[0]), user('Alice'));
        assert.deepEqual(names(await identities.groupsForUser(ACCOUNT, 'BOB')), ['admins', 'Devs', 'ops']);
        assert.deepEqual(await identities.groupsForUser(ACCOUNT, 'bob').then((groups) => groups[0]), group('admins'));
        assert.deepEqual(await identities.usersInGroup(ACCOUNT, 'admins').then(names), ['bob']);
      }));

    it('reports a missing group or user, changing nothing', () =>
      withStore(open, async ({ identities }) => {
        await identities.createUser(user('bob'));
        await identities.createGroup(group('devs'));
        await identities.createUser(user('eve', { accountId: OTHER }));
        assert.equal(await identities.addUserToGroup(ACCOUNT, 'nope', 'bob'), 'group-not-found');
        assert.equal(await identities.addUserToGroup(ACCOUNT, 'nope', 'nobody'), 'group-not-found');
        assert.equal(await identities.addUserToGroup(ACCOUNT, 'devs', 'nobody'), 'user-not-found');
        assert.equal(await identities.addUserToGroup(ACCOUNT, 'devs', 'eve'), 'user-not-found', 'users of another account');
        assert.equal(await identities.removeUserFromGroup(ACCOUNT, 'nope', 'bob'), 'group-not-found');
        assert.equal(await identities.removeUserFromGroup(ACCOUNT, 'devs', 'nobody'), 'user-not-found');
        assert.deepEqual(await identities.usersInGroup(ACCOUNT, 'devs'), []);
        assert.deepEqual(await identities.groupsForUser(ACCOUNT, 'nobody'), []);
        assert.deepEqual(await identities.usersInGroup(ACCOUNT, 'nope'), []);
      }));

    it('removes a user from a group, and removing a non-member is harmless', () =>
      withStore(open, async ({ identities }) => {
        await identities.createUser(user('bob'));
        await identities.createUser(user('carol'));
        await identities.createGroup(group('devs'));
        await identities.addUserToGroup(ACCOUNT, 'devs', 'bob');
        await identities.addUserToGroup(ACCOUNT, 'devs', 'carol');
        assert.equal(await identities.removeUserFromGroup(ACCOUNT, 'Devs', 'BOB'), 'removed');
        assert.deepEqual(names(await identities.usersInGroup(ACCOUNT, 'devs')), ['carol']);
        assert.deepEqual(await identities.groupsForUser(ACCOUNT, 'bob'), []);
        assert.equal(await identities.removeUserFromGroup(ACCOUNT, 'devs', 'bob'), 'removed');
        assert.deepEqual(names(await identities.usersInGroup(ACCOUNT, 'devs')), ['carol']);
      }));
  });
}
