// Contract: IAM groups and group membership.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withStore } from './fixtures.js';
import type { OpenStore } from './fixtures.js';
import { ACCOUNT, AWS_READ_ONLY, DOC, OTHER, group, names, role, user } from './iam-fixtures.js';

export function principalGroupContract(open: OpenStore): void {
  describe('iam groups', () => {
    it('creates a group, reads it in any case and refuses the name in any case', () =>
      withStore(open, async ({ principals }) => {
        const devs = group('Devs', { path: '/eng/' });
        assert.equal(await principals.createGroup(devs), 'created');
        assert.deepEqual(await principals.getGroup(ACCOUNT, 'DEVS'), devs);
        assert.equal(await principals.createGroup(group('devs')), 'exists');
        assert.equal((await principals.getGroup(ACCOUNT, 'devs'))?.name, 'Devs');
        assert.equal(await principals.getGroup(OTHER, 'devs'), undefined);
      }));

    it('keeps the names of users, groups and roles apart', () =>
      withStore(open, async ({ principals }) => {
        assert.equal(await principals.createUser(user('app')), 'created');
        assert.equal(await principals.createGroup(group('App')), 'created');
        assert.equal(await principals.createRole(role('APP')), 'created');
        assert.deepEqual([(await principals.getUser(ACCOUNT, 'app'))?.name, (await principals.getGroup(ACCOUNT, 'app'))?.name,
          (await principals.getRole(ACCOUNT, 'app'))?.name], ['app', 'App', 'APP']);
        assert.deepEqual(names(await principals.listGroups(ACCOUNT, { limit: 10 })), ['App']);
      }));

    it('lists groups by lower-cased name, with a cursor and a path prefix', () =>
      withStore(open, async ({ principals }) => {
        for (const [name, path] of [['ops', '/'], ['Admins', '/eng/'], ['devs', '/eng/'], ['QA', '/eng/']] as const) {
          await principals.createGroup(group(name, { path }));
        }
        const first = await principals.listGroups(ACCOUNT, { limit: 3 });
        assert.deepEqual([names(first), first.next], [['Admins', 'devs', 'ops'], 'ops']);
        assert.deepEqual(await principals.listGroups(ACCOUNT, { after: first.next, limit: 3 }), { items: [group('QA', { path: '/eng/' })] });
        const eng = await principals.listGroups(ACCOUNT, { pathPrefix: '/eng/', after: 'admins', limit: 1 });
        assert.deepEqual([names(eng), eng.next], [['devs'], 'devs']);
      }));

    it('deletes a group only once it has no members, attached or inline policies', () =>
      withStore(open, async ({ principals, policies }) => {
        await principals.createGroup(group('devs'));
        await principals.createUser(user('bob'));
        await principals.addUserToGroup(ACCOUNT, 'devs', 'bob');
        await policies.attachPolicy(ACCOUNT, 'group', 'devs', AWS_READ_ONLY, 10);
        await policies.putInlinePolicy(ACCOUNT, 'group', 'devs', { policyName: 'p', document: DOC(1) });
        assert.equal(await principals.deleteGroup(ACCOUNT, 'DEVS'), 'conflict', 'a member');
        await principals.removeUserFromGroup(ACCOUNT, 'devs', 'bob');
        assert.equal(await principals.deleteGroup(ACCOUNT, 'devs'), 'conflict', 'an attached policy');
        await policies.detachPolicy(ACCOUNT, 'group', 'devs', AWS_READ_ONLY);
        assert.equal(await principals.deleteGroup(ACCOUNT, 'devs'), 'conflict', 'an inline policy');
        await policies.deleteInlinePolicy(ACCOUNT, 'group', 'devs', 'P');
        assert.equal(await principals.deleteGroup(ACCOUNT, 'devs'), 'deleted');
        assert.equal(await principals.getGroup(ACCOUNT, 'devs'), undefined);
        assert.equal(await principals.deleteGroup(ACCOUNT, 'devs'), 'not-found');
        assert.ok(await principals.getUser(ACCOUNT, 'bob'));
      }));
  });

  describe('iam group membership', () => {
    it('adds users to groups, by names in any case, once', () =>
      withStore(open, async ({ principals }) => {
        for (const name of ['carol', 'Alice', 'bob']) await principals.createUser(user(name));
        for (const name of ['ops', 'Devs', 'admins']) await principals.createGroup(group(name));
        for (const [g, u] of [['devs', 'carol'], ['DEVS', 'alice'], ['devs', 'Bob'], ['ops', 'bob'], ['Admins', 'bob'], ['devs', 'bob']]) {
          assert.equal(await principals.addUserToGroup(ACCOUNT, g ?? '', u ?? ''), 'added');
        }
        assert.deepEqual(names(await principals.usersInGroup(ACCOUNT, 'devs')), ['Alice', 'bob', 'carol']);
        assert.deepEqual(await principals.usersInGroup(ACCOUNT, 'devs').then((users) => users[0]), user('Alice'));
        assert.deepEqual(names(await principals.groupsForUser(ACCOUNT, 'BOB')), ['admins', 'Devs', 'ops']);
        assert.deepEqual(await principals.groupsForUser(ACCOUNT, 'bob').then((groups) => groups[0]), group('admins'));
        assert.deepEqual(await principals.usersInGroup(ACCOUNT, 'admins').then(names), ['bob']);
      }));

    it('reports a missing group or user, changing nothing', () =>
      withStore(open, async ({ principals }) => {
        await principals.createUser(user('bob'));
        await principals.createGroup(group('devs'));
        await principals.createUser(user('eve', { accountId: OTHER }));
        assert.equal(await principals.addUserToGroup(ACCOUNT, 'nope', 'bob'), 'group-not-found');
        assert.equal(await principals.addUserToGroup(ACCOUNT, 'nope', 'nobody'), 'group-not-found');
        assert.equal(await principals.addUserToGroup(ACCOUNT, 'devs', 'nobody'), 'user-not-found');
        assert.equal(await principals.addUserToGroup(ACCOUNT, 'devs', 'eve'), 'user-not-found', 'users of another account');
        assert.equal(await principals.removeUserFromGroup(ACCOUNT, 'nope', 'bob'), 'group-not-found');
        assert.equal(await principals.removeUserFromGroup(ACCOUNT, 'devs', 'nobody'), 'user-not-found');
        assert.deepEqual(await principals.usersInGroup(ACCOUNT, 'devs'), []);
        assert.deepEqual(await principals.groupsForUser(ACCOUNT, 'nobody'), []);
        assert.deepEqual(await principals.usersInGroup(ACCOUNT, 'nope'), []);
      }));

    it('removes a user from a group, and removing a non-member is harmless', () =>
      withStore(open, async ({ principals }) => {
        await principals.createUser(user('bob'));
        await principals.createUser(user('carol'));
        await principals.createGroup(group('devs'));
        await principals.addUserToGroup(ACCOUNT, 'devs', 'bob');
        await principals.addUserToGroup(ACCOUNT, 'devs', 'carol');
        assert.equal(await principals.removeUserFromGroup(ACCOUNT, 'Devs', 'BOB'), 'removed');
        assert.deepEqual(names(await principals.usersInGroup(ACCOUNT, 'devs')), ['carol']);
        assert.deepEqual(await principals.groupsForUser(ACCOUNT, 'bob'), []);
        assert.equal(await principals.removeUserFromGroup(ACCOUNT, 'devs', 'bob'), 'removed');
        assert.deepEqual(names(await principals.usersInGroup(ACCOUNT, 'devs')), ['carol']);
      }));
  });
}
