// Contract: IAM users — case-insensitive names, listing, renaming, and what blocks a delete.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accessKey, withStore } from './fixtures.js';
import type { OpenStore } from './fixtures.js';
import { ACCOUNT, AWS_READ_ONLY, DOC, OTHER, createPolicy, group, iamArn, names, user } from './iam-fixtures.js';

export function principalUserContract(open: OpenStore): void {
  describe('iam users', () => {
    it('creates a user and reads it back by its name in any case', () =>
      withStore(open, async ({ principals }) => {
        const alice = user('Alice', { path: '/eng/', permissionsBoundary: 'arn:aws:iam::aws:policy/PowerUserAccess',
          tags: [{ key: 'team', value: 'core' }, { key: 'Env', value: 'dev' }] });
        assert.equal(await principals.createUser(alice), 'created');
        const expected = { ...alice, tags: [{ key: 'Env', value: 'dev' }, { key: 'team', value: 'core' }] };
        for (const spelling of ['Alice', 'alice', 'ALICE']) assert.deepEqual(await principals.getUser(ACCOUNT, spelling), expected);
        assert.equal(await principals.getUser(ACCOUNT, 'bob'), undefined);
        assert.equal(await principals.getUser(OTHER, 'alice'), undefined);
      }));

    it('refuses a name taken in any case, keeping the first spelling', () =>
      withStore(open, async ({ principals }) => {
        assert.equal(await principals.createUser(user('Bob')), 'created');
        assert.equal(await principals.createUser(user('bob', { id: 'AIDASECOND' })), 'exists');
        assert.equal(await principals.createUser(user('BOB')), 'exists');
        const bob = await principals.getUser(ACCOUNT, 'bob');
        assert.deepEqual([bob?.name, bob?.id], ['Bob', 'AIDABOB']);
        assert.equal(await principals.createUser(user('bob', { accountId: OTHER })), 'created', 'names are per account');
        assert.equal((await principals.getUser(OTHER, 'BOB'))?.name, 'bob');
      }));

    it('lets exactly one of concurrent creates of one name win', () =>
      withStore(open, async ({ principals }) => {
        const spellings = ['Bob', 'bob', 'BOB', 'bOb', 'boB'];
        const outcomes = await Promise.all(spellings.map((name) => principals.createUser(user(name))));
        assert.equal(outcomes.filter((o) => o === 'created').length, 1);
        assert.equal((await principals.getUser(ACCOUNT, 'bob'))?.name, spellings[outcomes.indexOf('created')]);
        assert.equal((await principals.listUsers(ACCOUNT, { limit: 10 })).items.length, 1);
      }));

    it('lists users by lower-cased name after an exclusive cursor, with next only when there is more', () =>
      withStore(open, async ({ principals }) => {
        for (const name of ['carol', 'Alice', 'bob', 'Dave', 'eve']) await principals.createUser(user(name));
        await principals.createUser(user('aaron', { accountId: OTHER }));
        const first = await principals.listUsers(ACCOUNT, { limit: 2 });
        assert.deepEqual([names(first), first.next], [['Alice', 'bob'], 'bob']);
        const second = await principals.listUsers(ACCOUNT, { after: first.next, limit: 2 });
        assert.deepEqual([names(second), second.next], [['carol', 'Dave'], 'dave']);
        const last = await principals.listUsers(ACCOUNT, { after: second.next, limit: 2 });
        assert.deepEqual(last, { items: [user('eve')] });
        assert.equal('next' in last, false);
        assert.deepEqual(await principals.listUsers(ACCOUNT, { limit: 5 }).then((p) => [names(p), p.next]), [['Alice', 'bob', 'carol', 'Dave', 'eve'], undefined]);
        assert.deepEqual(names(await principals.listUsers(ACCOUNT, { after: 'bz', limit: 10 })), ['carol', 'Dave', 'eve'], 'a cursor need not name a user');
        assert.deepEqual(await principals.listUsers(ACCOUNT, { after: 'eve', limit: 10 }), { items: [] });
        assert.deepEqual(names(await principals.listUsers(OTHER, { limit: 10 })), ['aaron']);
      }));

    it('filters a listing by path prefix, exactly and with paging', () =>
      withStore(open, async ({ principals }) => {
        const paths: Array<[string, string]> = [['a', '/'], ['b', '/eng/'], ['c', '/eng/backend/'], ['d', '/Eng/'], ['e', '/engineering/'], ['f', '/eng/']];
        for (const [name, path] of paths) await principals.createUser(user(name, { path }));
        assert.deepEqual(names(await principals.listUsers(ACCOUNT, { pathPrefix: '/eng/', limit: 10 })), ['b', 'c', 'f']);
        assert.deepEqual(names(await principals.listUsers(ACCOUNT, { pathPrefix: '/eng', limit: 10 })), ['b', 'c', 'e', 'f']);
        assert.deepEqual(names(await principals.listUsers(ACCOUNT, { pathPrefix: '/', limit: 10 })), ['a', 'b', 'c', 'd', 'e', 'f']);
        assert.deepEqual(await principals.listUsers(ACCOUNT, { pathPrefix: '/ops/', limit: 10 }), { items: [] });
        const first = await principals.listUsers(ACCOUNT, { pathPrefix: '/eng/', limit: 2 });
        assert.deepEqual([names(first), first.next], [['b', 'c'], 'c']);
        const rest = await principals.listUsers(ACCOUNT, { pathPrefix: '/eng/', after: first.next, limit: 2 });
        assert.deepEqual([names(rest), rest.next], [['f'], undefined]);
      }));

    it('renames and moves a user, keeping its memberships, policies, tags and access keys', () =>
      withStore(open, async ({ principals, policies, accessKeys }) => {
        const bob = user('bob', { tags: [{ key: 'team', value: 'core' }] });
        await principals.createUser(bob);
        await principals.createGroup(group('devs'));
        await principals.addUserToGroup(ACCOUNT, 'devs', 'bob');
        const arn = await createPolicy(policies, 'read');
        await policies.attachPolicy(ACCOUNT, 'user', 'bob', arn, 10);
        await policies.putInlinePolicy(ACCOUNT, 'user', 'bob', { policyName: 'own', document: DOC(1) });
        await accessKeys.save(accessKey('AKIABOB0000000000001', { principalArn: bob.arn, principalId: bob.id }));
        await accessKeys.save(accessKey('AKIAALICE00000000001'));

        const newArn = iamArn(ACCOUNT, 'user', '/ops/', 'Robert');
        assert.equal(await principals.updateUser(ACCOUNT, 'BOB', { newName: 'Robert', newPath: '/ops/', newArn }), 'updated');
        assert.equal(await principals.getUser(ACCOUNT, 'bob'), undefined);
        assert.deepEqual(await principals.getUser(ACCOUNT, 'robert'), { ...bob, name: 'Robert', path: '/ops/', arn: newArn });
        assert.deepEqual(names(await principals.groupsForUser(ACCOUNT, 'robert')), ['devs']);
        assert.deepEqual(names(await principals.usersInGroup(ACCOUNT, 'devs')), ['Robert']);
        assert.deepEqual(await policies.attachedPolicies(ACCOUNT, 'user', 'Robert'), [{ policyName: 'read', policyArn: arn }]);
        assert.deepEqual(await policies.inlinePolicies(ACCOUNT, 'user', 'Robert'), [{ policyName: 'own', document: DOC(1) }]);
        assert.deepEqual((await accessKeys.listForPrincipal(newArn)).map((k) => k.accessKeyId), ['AKIABOB0000000000001']);
        assert.deepEqual(await accessKeys.listForPrincipal(bob.arn), []);
        assert.ok(await accessKeys.find('AKIAALICE00000000001'), "another principal's keys stay");
        assert.equal(await principals.deleteUser(ACCOUNT, 'robert'), 'conflict', 'its keys still hold it');
      }));

    it('moves a user without renaming it, and renames without moving', () =>
      withStore(open, async ({ principals }) => {
        await principals.createUser(user('carol'));
        assert.equal(await principals.updateUser(ACCOUNT, 'carol', { newPath: '/x/', newArn: iamArn(ACCOUNT, 'user', '/x/', 'carol') }), 'updated');
        assert.deepEqual(await principals.getUser(ACCOUNT, 'carol'), user('carol', { path: '/x/' }));
        assert.equal(await principals.updateUser(ACCOUNT, 'carol', { newName: 'caroline' }), 'updated');
        assert.deepEqual(await principals.getUser(ACCOUNT, 'caroline'), { ...user('carol', { path: '/x/' }), name: 'caroline' });
        assert.equal(await principals.updateUser(ACCOUNT, 'caroline', {}), 'updated');
      }));

    it('refuses a rename onto a taken name, but allows a change of case only', () =>
      withStore(open, async ({ principals }) => {
        await principals.createUser(user('alice'));
        await principals.createUser(user('bob'));
        assert.equal(await principals.updateUser(ACCOUNT, 'alice', { newName: 'BOB' }), 'exists');
        assert.deepEqual(names(await principals.listUsers(ACCOUNT, { limit: 10 })), ['alice', 'bob']);
        assert.equal(await principals.updateUser(ACCOUNT, 'alice', { newName: 'Alice' }), 'updated');
        assert.equal((await principals.getUser(ACCOUNT, 'ALICE'))?.name, 'Alice');
        assert.equal(await principals.updateUser(ACCOUNT, 'nobody', { newName: 'x' }), 'not-found');
        assert.equal(await principals.updateUser(OTHER, 'alice', { newPath: '/x/' }), 'not-found');
      }));

    it('deletes a user only once no access key, group, attached or inline policy holds it', () =>
      withStore(open, async ({ principals, policies, accessKeys }) => {
        const bob = user('bob', { tags: [{ key: 'k', value: 'v' }] });
        await principals.createUser(bob);
        await principals.createGroup(group('devs'));
        await accessKeys.save(accessKey('AKIABOB0000000000001', { principalArn: bob.arn }));
        await principals.addUserToGroup(ACCOUNT, 'devs', 'bob');
        await policies.attachPolicy(ACCOUNT, 'user', 'bob', AWS_READ_ONLY, 10);
        await policies.putInlinePolicy(ACCOUNT, 'user', 'bob', { policyName: 'own', document: DOC(1) });

        assert.equal(await principals.deleteUser(ACCOUNT, 'Bob'), 'conflict', 'access key');
        await accessKeys.delete('AKIABOB0000000000001');
        assert.equal(await principals.deleteUser(ACCOUNT, 'bob'), 'conflict', 'group membership');
        await principals.removeUserFromGroup(ACCOUNT, 'devs', 'bob');
        assert.equal(await principals.deleteUser(ACCOUNT, 'bob'), 'conflict', 'attached policy');
        await policies.detachPolicy(ACCOUNT, 'user', 'bob', AWS_READ_ONLY);
        assert.equal(await principals.deleteUser(ACCOUNT, 'bob'), 'conflict', 'inline policy');
        assert.ok(await principals.getUser(ACCOUNT, 'bob'), 'every refusal left the user');
        await policies.deleteInlinePolicy(ACCOUNT, 'user', 'bob', 'own');
        assert.equal(await principals.deleteUser(ACCOUNT, 'bob'), 'deleted', 'tags do not hold a user');
        assert.equal(await principals.getUser(ACCOUNT, 'bob'), undefined);
        assert.equal(await principals.deleteUser(ACCOUNT, 'bob'), 'not-found');
        assert.ok(await principals.getGroup(ACCOUNT, 'devs'));

        assert.equal(await principals.createUser(user('BOB')), 'created', 'the name is free again');
        assert.deepEqual((await principals.getUser(ACCOUNT, 'bob'))?.tags, [], 'with nothing of its predecessor');
        assert.deepEqual(await policies.attachedPolicies(ACCOUNT, 'user', 'bob'), []);
        assert.deepEqual(await principals.groupsForUser(ACCOUNT, 'bob'), []);
      }));
  });
}
