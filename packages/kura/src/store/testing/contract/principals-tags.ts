// Contract: tags of users and roles (keys compared without regard to case).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withStore } from './fixtures.js';
import type { OpenStore } from './fixtures.js';
import { ACCOUNT, OTHER, role, user } from './iam-fixtures.js';

export function principalTagContract(open: OpenStore): void {
  describe('iam tags of users and roles', () => {
    it('tags users and roles with keys that ignore case, the latest spelling and value winning', () =>
      withStore(open, async ({ principals }) => {
        await principals.createUser(user('bob', { tags: [{ key: 'Department', value: 'finance' }] }));
        await principals.createRole(role('app'));
        assert.equal(await principals.tag(ACCOUNT, 'user', 'BOB', [{ key: 'department', value: 'hr' }, { key: 'team', value: 'x' }], 50), 'ok');
        assert.deepEqual((await principals.getUser(ACCOUNT, 'bob'))?.tags, [{ key: 'department', value: 'hr' }, { key: 'team', value: 'x' }]);
        const duplicates = [{ key: 'Env', value: 'dev' }, { key: 'ENV', value: 'prod' }];
        assert.equal(await principals.tag(ACCOUNT, 'role', 'App', duplicates, 50), 'ok');
        assert.deepEqual((await principals.getRole(ACCOUNT, 'app'))?.tags, [{ key: 'ENV', value: 'prod' }]);
        assert.equal(await principals.untag(ACCOUNT, 'role', 'app', ['env']), 'ok');
        assert.deepEqual((await principals.getRole(ACCOUNT, 'app'))?.tags, []);
      }));

    it('refuses to go above the tag limit and changes nothing, while overwrites do not count', () =>
      withStore(open, async ({ principals }) => {
        await principals.createUser(user('bob', { tags: [{ key: 'a', value: '1' }, { key: 'b', value: '2' }] }));
        assert.equal(await principals.tag(ACCOUNT, 'user', 'bob', [{ key: 'B', value: 'two' }, { key: 'c', value: '3' }, { key: 'd', value: '4' }], 3), 'too-many');
        assert.deepEqual((await principals.getUser(ACCOUNT, 'bob'))?.tags, [{ key: 'a', value: '1' }, { key: 'b', value: '2' }]);
        assert.equal(await principals.tag(ACCOUNT, 'user', 'bob', [{ key: 'A', value: 'one' }, { key: 'c', value: '3' }], 3), 'ok');
        assert.deepEqual((await principals.getUser(ACCOUNT, 'bob'))?.tags, [{ key: 'A', value: 'one' }, { key: 'b', value: '2' }, { key: 'c', value: '3' }]);
      }));

    it('reports what is not there to tag, ignoring absent keys on untag', () =>
      withStore(open, async ({ principals }) => {
        await principals.createUser(user('bob', { tags: [{ key: 'a', value: '1' }] }));
        assert.equal(await principals.tag(ACCOUNT, 'user', 'nobody', [{ key: 'a', value: '1' }], 50), 'not-found');
        assert.equal(await principals.tag(ACCOUNT, 'role', 'bob', [{ key: 'a', value: '1' }], 50), 'not-found');
        assert.equal(await principals.tag(OTHER, 'user', 'bob', [{ key: 'a', value: '1' }], 50), 'not-found');
        assert.equal(await principals.untag(ACCOUNT, 'user', 'nobody', ['a']), 'not-found');
        assert.equal(await principals.untag(ACCOUNT, 'user', 'bob', ['zzz']), 'ok');
        assert.equal(await principals.untag(ACCOUNT, 'user', 'bob', []), 'ok');
        assert.deepEqual((await principals.getUser(ACCOUNT, 'bob'))?.tags, [{ key: 'a', value: '1' }]);
      }));
  });
}
