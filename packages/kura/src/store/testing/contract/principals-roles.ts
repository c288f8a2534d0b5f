// Contract: IAM roles — their fields, partial updates, listing and what blocks a delete.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withStore } from './fixtures.js';
import type { OpenStore } from './fixtures.js';
import { ACCOUNT, AWS_ADMIN, DOC, OTHER, createPolicy, names, role, user } from './iam-fixtures.js';

export function principalRoleContract(open: OpenStore): void {
  describe('iam roles', () => {
    it('creates a role with every field and reads it back by its name in any case', () =>
      withStore(open, async ({ principals }) => {
        const app = role('AppRole', {
          path: '/service/', description: 'runs the app', maxSessionDuration: 43200,
          permissionsBoundary: 'arn:aws:iam::111122223333:policy/boundary', tags: [{ key: 'b', value: '2' }, { key: 'a', value: '' }],
        });
        assert.equal(await principals.createRole(app), 'created');
        assert.deepEqual(await principals.getRole(ACCOUNT, 'approle'), { ...app, tags: [{ key: 'a', value: '' }, { key: 'b', value: '2' }] });
        assert.equal(await principals.createRole(role('APPROLE')), 'exists');
        assert.equal((await principals.getRole(ACCOUNT, 'AppRole'))?.description, 'runs the app');
        assert.equal(await principals.getRole(OTHER, 'AppRole'), undefined);
        assert.equal(await principals.getRole(ACCOUNT, 'other'), undefined);
      }));

    it('lets exactly one of concurrent creates of one name win', () =>
      withStore(open, async ({ principals }) => {
        const outcomes = await Promise.all(['deploy', 'Deploy', 'DEPLOY'].map((name) => principals.createRole(role(name))));
        assert.deepEqual(outcomes.filter((o) => o === 'created').length, 1);
        assert.deepEqual(outcomes.filter((o) => o === 'exists').length, 2);
      }));

    it('updates only the fields given, and can clear the description', () =>
      withStore(open, async ({ principals }) => {
        const app = role('app', { description: 'first' });
        await principals.createRole(app);
        assert.equal(await principals.updateRole(ACCOUNT, 'APP', { maxSessionDuration: 7200 }), 'updated');
        assert.deepEqual(await principals.getRole(ACCOUNT, 'app'), { ...app, maxSessionDuration: 7200 });
        assert.equal(await principals.updateRole(ACCOUNT, 'app', { assumeRolePolicyDocument: DOC(9), description: 'second' }), 'updated');
        assert.deepEqual(await principals.getRole(ACCOUNT, 'app'), { ...app, maxSessionDuration: 7200, assumeRolePolicyDocument: DOC(9), description: 'second' });
        assert.equal(await principals.updateRole(ACCOUNT, 'app', { description: null }), 'updated');
        assert.equal((await principals.getRole(ACCOUNT, 'app'))?.description, null);
        assert.equal(await principals.updateRole(ACCOUNT, 'app', {}), 'updated');
        assert.deepEqual(await principals.getRole(ACCOUNT, 'app'), { ...app, maxSessionDuration: 7200, assumeRolePolicyDocument: DOC(9), description: null });
        assert.equal(await principals.updateRole(ACCOUNT, 'none', { description: 'x' }), 'not-found');
        assert.equal(await principals.updateRole(OTHER, 'app', { description: 'x' }), 'not-found');
      }));

    it("sets a role's or a user's permissions boundary, by its name in any case", () =>
      withStore(open, async ({ principals }) => {
        await principals.createRole(role('app'));
        await principals.createUser(user('bob', { permissionsBoundary: AWS_ADMIN }));
        const fence = 'arn:aws:iam::111122223333:policy/fence';
        assert.equal(await principals.setPermissionsBoundary(ACCOUNT, 'role', 'APP', fence), 'updated');
        assert.deepEqual(await principals.getRole(ACCOUNT, 'app'), { ...role('app'), permissionsBoundary: fence });
        assert.equal(await principals.setPermissionsBoundary(ACCOUNT, 'user', 'bob', fence), 'updated');
        assert.equal((await principals.getUser(ACCOUNT, 'bob'))?.permissionsBoundary, fence);
        assert.equal(await principals.setPermissionsBoundary(ACCOUNT, 'user', 'app', fence), 'not-found', 'a role is not a user');
        assert.equal(await principals.setPermissionsBoundary(OTHER, 'role', 'app', fence), 'not-found');
      }));

    it('lists roles by lower-cased name, with a cursor and a path prefix', () =>
      withStore(open, async ({ principals }) => {
        for (const [name, path] of [['b', '/svc/'], ['A', '/'], ['c', '/svc/'], ['D', '/svc/x/']] as const) await principals.createRole(role(name, { path }));
        const first = await principals.listRoles(ACCOUNT, { limit: 2 });
        assert.deepEqual([names(first), first.next], [['A', 'b'], 'b']);
        assert.deepEqual(names(await principals.listRoles(ACCOUNT, { after: 'b', limit: 10 })), ['c', 'D']);
        assert.deepEqual(names(await principals.listRoles(ACCOUNT, { pathPrefix: '/svc/', limit: 10 })), ['b', 'c', 'D']);
        assert.deepEqual((await principals.listRoles(ACCOUNT, { pathPrefix: '/svc/x/', limit: 10 })).items, [role('D', { path: '/svc/x/' })]);
      }));

    it('deletes a role only once it has no attached or inline policies; tags go with it', () =>
      withStore(open, async ({ principals, policies }) => {
        await principals.createRole(role('app', { tags: [{ key: 'k', value: 'v' }] }));
        const arn = await createPolicy(policies, 'mine');
        await policies.attachPolicy(ACCOUNT, 'role', 'app', arn, 10);
        await policies.attachPolicy(ACCOUNT, 'role', 'app', AWS_ADMIN, 10);
        await policies.putInlinePolicy(ACCOUNT, 'role', 'app', { policyName: 'p', document: DOC(1) });
        assert.equal(await principals.deleteRole(ACCOUNT, 'App'), 'conflict');
        await policies.detachPolicy(ACCOUNT, 'role', 'app', arn);
        assert.equal(await principals.deleteRole(ACCOUNT, 'app'), 'conflict', 'the AWS managed policy');
        await policies.detachPolicy(ACCOUNT, 'role', 'app', AWS_ADMIN);
        assert.equal(await principals.deleteRole(ACCOUNT, 'app'), 'conflict', 'the inline policy');
        await policies.deleteInlinePolicy(ACCOUNT, 'role', 'app', 'p');
        assert.equal(await principals.deleteRole(ACCOUNT, 'app'), 'deleted');
        assert.equal(await principals.getRole(ACCOUNT, 'app'), undefined);
        assert.equal(await principals.deleteRole(ACCOUNT, 'app'), 'not-found');
        assert.equal(await principals.createRole(role('app')), 'created');
        assert.deepEqual((await principals.getRole(ACCOUNT, 'app'))?.tags, []);
        assert.equal((await policies.getPolicy(ACCOUNT, arn))?.attachmentCount, 0);
      }));
  });
}
