// Contract: IAM users — case-insensitive names, listing, renaming, and what blocks a delete.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accessKey, withStore } from './fixtures.js';
import type { OpenStore } from './fixtures.js';
import { ACCOUNT, AWS_READ_ONLY, DOC, OTHER, createPolicy, group, iamArn, names, user } from './iam-fixtures.js';

export function identityUserContract(open: OpenStore): void {
  describe('iam users', () => {
    it('creates a user and reads it back by its name in any case', () =>
      withStore(open, async ({ identities }) => {
        const alice = user('Alice', { path: '/eng/', permissionsBoundary: 'arn:aws:iam::aws:policy/PowerUserAccess',
          tags: [{ key: 'team', value: 'core' }, { key: 'Env', value: 'dev' }] });
        assert.equal(await identities.createUser(alice), 'created');
        const expected = { ...alice, tags: [{ key: 'Env', value: 'dev' }, { key: 'team', value: 'core' }] };
        for (const spelling of ['Alice', 'alice', 'ALICE']) assert.deepEqual(await identities.getUser(ACCOUNT, spelling), expected);
        assert.equal(await identities.getUser(ACCOUNT, 'bob'), undefined);
        assert.equal(await identities.getUser(OTHER, 'alice'), undefined);
      }));

    it('refuses a name taken in any case, keeping the first spelling', () =>
      withStore(open, async ({ identities }) => {
        assert.equal(await identities.createUser(user('Bob')), 'created');
        assert.equal(await identities.createUser(user('bob', { id: 'AIDASECOND' })), 'exists');
        assert.equal(await identities.createUser(user('BOB')), 'exists');
        const bob = await identities.getUser(ACCOUNT, 'bob');
        assert.deepEqual([bob?.name, bob?.id], ['Bob', 'AIDABOB']);
        assert.equal(await identities.createUser(user('bob', { accountId: OTHER })), 'created', 'names are per account');
        assert.equal((await identities.getUser(OTHER, 'BOB'))?.name, 'bob');
      }));

    it('lets exactly one of concurrent creates of one name win', () =>
      withStore(open, async ({ identities }) => {
        const spellings = ['Bob', 'bob', 'BOB', 'bOb', 'boB'];
        const outcomes = await Promise.all(spellings.map((name) => identities.createUser(user(name))));
        assert.equal(outcomes.filter((o) => o === 'created').length, 1);
        assert.equal((await identities.getUser(ACCOUNT, 'bob'))?.name, spellings[outcomes.indexOf('created')]);
        assert.equal((await identities.listUsers(ACCOUNT, { limit: 10 })).items.length, 1);
      }));

    it('lists users by lower-cased name after an exclusive cursor, with next only when there is more', () =>
      withStore(open, async ({ identities }) => {
        for (const name of ['carol', 'Alice', 'bob', 'Dave', 'eve']) await identities.createUser(user(name));
        await identities.createUser(user('aaron', { accountId: OTHER }));
        const first = await identities.listUsers(ACCOUNT, { limit: 2 });
        assert.deepEqual([names(first), first.next], [['Alice', 'bob'], 'bob']);
        const second = await identities.listUsers(ACCOUNT, { after: first.next, limit: 2 });
        assert.deepEqual([names(second), second.next], [['carol', 'Dave'], 'dave']);
        const last = await identities.listUsers(ACCOUNT, { after: second.next, limit: 2 });
        assert.deepEqual(last, { items: [user('eve')] });
        assert.equal('next' in last, false);
        assert.deepEqual(await identities.listUsers(ACCOUNT, { limit: 5 }).then((p) => [names(p), p.next]), [['Alice', 'bob', 'carol', 'Dave', 'eve'], undefined]);
        assert.deepEqual(names(await identities.listUsers(ACCOUNT, { after: 'bz', limit: 10 })), ['carol', 'Dave', 'eve'], 'a cursor need not name a user');
        assert.deepEqual(await identities.listUsers(ACCOUNT, { after: 'eve', limit: 10 }), { items: [] });
        assert.deepEqual(names(await identities.listUsers(OTHER, { limit: 10 })), ['aaron']);
      }));

    it('filters a listing by path prefix, exactly and with paging', () =>
      withStore(open, async ({ identities }) => {
        const paths: Array<[string, string]> = [['a', '/'], ['b', '/eng/'], ['c', '/eng/backend/'], ['d', '/Eng/'], ['e', '/engineering/'], ['f', '/eng/']];
        for (const [name, path] of paths) await identities.createUser(user(name, { path }));
        assert.deepEqual(names(await identities.listUsers(ACCOUNT, { pathPrefix: '/eng/', limit: 10 })), ['b', 'c', 'f']);
        assert.deepEqual(names(await identities.listUsers(ACCOUNT, { pathPrefix: '/eng', limit: 10 })), ['b', 'c', 'e', 'f']);
        assert.deepEqual(names(await identities.listUsers(ACCOUNT, { pathPrefix: '/', limit: 10 })), ['a', 'b', 'c', 'd', 'e', 'f']);
        assert.deepEqual(await identities.listUsers(ACCOUNT, { pathPrefix: '/ops/', limit: 10 }), { items: [] });
        const first = await identities.listUsers(ACCOUNT, { pathPrefix: '/eng/', limit: 2 });
        assert.deepEqual([names(first), first.next], [['b', 'c'], 'c']);
        const rest = await identities.listUsers(ACCOUNT, { pathPrefix: '/eng/', after: first.next, limit: 2 });
        assert.deepEqual([names(rest), rest.next], [['f'], undefined]);
      }));

    it('renames and moves a user, keeping its memberships, policies, tags and access keys', () =>
      withStore(open, async ({ identities, accessKeys }) => {
        const bob = user('bob', { tags: [{ key: 'team', value: 'core' }] });
        await identities.createUser(bob);
        await identities.createGroup(group('devs'));
        await identities.addUserToGroup(ACCOUNT, 'devs', 'bob');
        const arn = await createPolicy(identities, 'read');
        await identities.attachPolicy(ACCOUNT, 'user', 'bob', arn, 10);
        await identities.putInlinePolicy(ACCOUNT, 'user', 'bob', { policyName: 'own', document: DOC(1) });
        await accessKeys.save(accessKey('AKIABOB0000000000001', { principalArn: bob.arn, principalId: bob.id }));
        await accessKeys.save(accessKey('AKIAALICE00000000001'));

        const newArn = iamArn(ACCOUNT, 'user', '/ops/', 'Robert');
        assert.equal(await identities.updateUser(ACCOUNT, 'BOB', { newName: 'Robert', newPath: '/ops/', newArn }), 'updated');
        assert.equal(await identities.getUser(ACCOUNT, 'bob'), undefined);
        assert.deepEqual(await identities.getUser(ACCOUNT, 'robert'), { ...bob, name: 'Robert', path: '/ops/', arn: newArn });
        assert.deepEqual(names(await identities.groupsForUser(ACCOUNT, 'robert')), ['devs']);
        assert.deepEqual(names(await identities.usersInGroup(ACCOUNT, 'devs')), ['Robert']);
        assert.deepEqual(await identities.attachedPolicies(ACCOUNT, 'user', 'Robert'), [{ policyName: 'read', policyArn: arn }]);
        assert.deepEqual(await identities.inlinePolicies(ACCOUNT, 'user', 'Robert'), [{ policyName: 'own', document: DOC(1) }]);
        assert.deepEqual((await accessKeys.listForPrincipal(newArn)).map((k) => k.accessKeyId), ['AKIABOB0000000000001']);
        assert.deepEqual(await accessKeys.listForPrincipal(bob.arn), []);
        assert.ok(await accessKeys.find('AKIAALICE00000000001'), "another principal's keys stay");
        assert.equal(await identities.deleteUser(ACCOUNT, 'robert'), 'conflict', 'its keys still hold it');
      }));

    it('moves a user without renaming it, and renames without moving', () =>
      withStore(open, async ({ identities }) => {
        await identities.createUser(user('carol'));
        assert.equal(await identities.updateUser(ACCOUNT, 'carol', { newPath: '/x/', newArn: iamArn(ACCOUNT, 'user', '/x/', 'carol') }), 'updated');
        assert.deepEqual(await identities.getUser(ACCOUNT, 'carol'), user('carol', { path: '/x/' }));
        assert.equal(await identities.updateUser(ACCOUNT, 'carol', { newName: 'caroline' }), 'updated');
        assert.deepEqual(await identities.getUser(ACCOUNT, 'caroline'), { ...user('carol', { path: '/x/' }), name: 'caroline' });
        assert.equal(await identities.updateUser(ACCOUNT, 'caroline', {}), 'updated');
      }));

    it('refuses a rename onto a taken name, but allows a change of case only', () =>
      withStore(open, async ({ identities }) => {
        await identities.createUser(user('alice'));
        await identities.createUser(user('bob'));
        assert.equal(await identities.updateUser(ACCOUNT, 'alice', { newName: 'BOB' }), 'exists');
        assert.deepEqual(names(await identities.listUsers(ACCOUNT, { limit: 10 })), ['alice', 'bob']);
        assert.equal(await identities.updateUser(ACCOUNT, 'alice', { newName: 'Alice' }), 'updated');
        assert.equal((await identities.getUser(ACCOUNT, 'ALICE'))?.name, 'Alice');
        assert.equal(await identities.updateUser(ACCOUNT, 'nobody', { newName: 'x' }), 'not-found');
        assert.equal(await identities.updateUser(OTHER, 'alice', { newPath: '/x/' }), 'not-found');
      }));

    it('deletes a user only once no access key, group, attached or inline policy holds it', () =>
      withStore(open, async ({ identities, accessKeys }) => {
        const bob = user('bob', { tags: [{ key: 'k', value: 'v' }] });
        await identities.createUser(bob);
        await identities.createGroup(group('devs'));
        await accessKeys.save(accessKey('AKIABOB0000000000001', { principalArn: bob.arn }));
        await identities.addUserToGroup(ACCOUNT, 'devs', 'bob');
        await identities.attachPolicy(ACCOUNT, 'user', 'bob', AWS_READ_ONLY, 10);
        await identities.putInlinePolicy(ACCOUNT, 'user', 'bob', { policyName: 'own', document: DOC(1) });

        assert.equal(await identities.deleteUser(ACCOUNT, 'Bob'), 'conflict', 'access key');
        await accessKeys.delete('AKIABOB0000000000001');
        assert.equal(await identities.deleteUser(ACCOUNT, 'bob'), 'conflict', 'group membership');
        await identities.removeUserFromGroup(ACCOUNT, 'devs', 'bob');
        assert.equal(await identities.deleteUser(ACCOUNT, 'bob'), 'conflict', 'attached policy');
        await identities.detachPolicy(ACCOUNT, 'user', 'bob', AWS_READ_ONLY);
        assert.equal(await identities.deleteUser(ACCOUNT, 'bob'), 'conflict', 'inline policy');
        assert.ok(await identities.getUser(ACCOUNT, 'bob'), 'every refusal left the user');
        await identities.deleteInlinePolicy(ACCOUNT, 'user', 'bob', 'own');
        assert.equal(await identities.deleteUser(ACCOUNT, 'bob'), 'deleted', 'tags do not hold a user');
        assert.equal(await identities.getUser(ACCOUNT, 'bob'), undefined);
        assert.equal(await identities.deleteUser(ACCOUNT, 'bob'), 'not-found');
        assert.ok(await identities.getGroup(ACCOUNT, 'devs'));

        assert.equal(await identities.createUser(user('BOB')), 'created', 'the name is free again');
        assert.deepEqual((await identities.getUser(ACCOUNT, 'bob'))?.tags, [], 'with nothing of its predecessor');
        assert.deepEqual(await identities.attachedPolicies(ACCOUNT, 'user', 'bob'), []);
        assert.deepEqual(await identities.groupsForUser(ACCOUNT, 'bob'), []);
      }));
  });
}
