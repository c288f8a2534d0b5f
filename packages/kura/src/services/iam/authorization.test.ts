// The IAM authorization table: one rule per implemented operation and no other, an operation it does
// not list refused, and the resources of the rules whose resource is not simply the named entity.
// (That every operation acts only on resources it was authorized for is gateway/authorized-resources.test.ts.)

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AccessCheck, Principal } from '../context.js';
import { authorizeIam, iamRules } from './authorization.js';
import { iamOperations } from './index.js';
import { iamModel } from './model.js';
import { allowAll } from './testing/access.js';
import { rejectsWith } from '../testing/kit.js';
import { ACCOUNT, ADMIN, createTestHarness, trustDoc, type TestHarness } from './testing/context.js';

const arn = (kind: string, pathAndName: string) => `arn:aws:iam::${ACCOUNT}:${kind}${pathAndName}`;
const POLICY = arn('policy', '/pol');

describe('IAM authorization table', () => {
  it('has exactly one rule for each implemented operation, and none for another', () => {
    assert.deepEqual([...iamRules.keys()].sort(), Object.keys(iamOperations).sort());
  });

  it('authorizes each operation as the action of the same name', () => {
    const mismatched = [...iamRules].filter(([operation, rule]) => rule.action !== `iam:${operation}`);
    assert.deepEqual(mismatched, []);
  });
});

describe('IAM authorization', () => {
  let h: TestHarness;

  /** The checks authorizeIam asks for, allowing them all. */
  async function checksOf(operation: string, input: Record<string, unknown>, principal: Principal = ADMIN): Promise<AccessCheck[]> {
    const access = allowAll();
    await authorizeIam(operation, input, { ...h.ctx, principal, access });
    return access.checks;
  }

  before(async () => {
    h = await createTestHarness();
    await h.iam('CreateUser', { UserName: 'alice', Path: '/team/' });
    await h.iam('CreateGroup', { GroupName: 'devs', Path: '/eng/' });
    await h.iam('CreateRole', { RoleName: 'deployer', Path: '/ci/', AssumeRolePolicyDocument: trustDoc({ AWS: ADMIN.arn }) });
  });
  after(() => h.close());

  describe('an operation the table does not list', () => {
    it('is refused when the IAM model has it', async () => {
      // The premise: GetAccountSummary is an IAM operation Kura does not implement.
      assert.ok(iamModel.operations['GetAccountSummary']);
      assert.equal(iamOperations['GetAccountSummary'], undefined);
      const access = allowAll();
      await assert.rejects(authorizeIam('GetAccountSummary', {}, { ...h.ctx, access }), {
        name: 'Error',
        message: 'no authorization rule for IAM operation GetAccountSummary',
      });
      assert.deepEqual(access.checks, []);
    });

    it('is refused when no model has it either', async () => {
      assert.equal(iamModel.operations['DeleteEverything'], undefined);
      const access = allowAll();
      await assert.rejects(authorizeIam('DeleteEverything', {}, { ...h.ctx, access }), {
        name: 'Error',
        message: 'no authorization rule for IAM operation DeleteEverything',
      });
      assert.deepEqual(access.checks, []);
    });
  });

  it('refuses credentials from GetSessionToken before looking anything up, as an unknown token', async () => {
    const access = allowAll();
    const principal: Principal = { ...ADMIN, kind: 'session-token', accessKeyId: 'ASIAEXAMPLESESSION01' };
    await rejectsWith(authorizeIam('GetUser', {}, { ...h.ctx, principal, access }), 'InvalidClientTokenId', 'The security token included in the request is invalid', { status: 403 });
    assert.deepEqual(access.checks, []);
  });

  it('authorizes an existing entity under its stored ARN: real path, stored case', async () => {
    assert.deepEqual(await checksOf('GetUser', { UserName: 'ALICE' }), [{ action: 'iam:GetUser', resource: arn('user', '/team/alice') }]);
    assert.deepEqual(await checksOf('GetGroup', { GroupName: 'Devs' }), [{ action: 'iam:GetGroup', resource: arn('group', '/eng/devs') }]);
    assert.deepEqual(await checksOf('DeleteRole', { RoleName: 'DEPLOYER' }), [{ action: 'iam:DeleteRole', resource: arn('role', '/ci/deployer') }]);
  });

  it('authorizes a missing entity at path /, under the name as sent', async () => {
    assert.deepEqual(await checksOf('DeleteUser', { UserName: 'Ghost' }), [{ action: 'iam:DeleteUser', resource: arn('user', '/Ghost') }]);
  });

  it('authorizes the caller when UserName is omitted', async () => {
    const bob: Principal = { arn: arn('user', '/staff/bob'), accountId: ACCOUNT, userId: 'AIDAEXAMPLEBOB000001', accessKeyId: 'AKIAEXAMPLEBOB000001', kind: 'user' };
    assert.deepEqual(await checksOf('ListAccessKeys', {}, bob), [{ action: 'iam:ListAccessKeys', resource: bob.arn }]);
  });

  it('authorizes a create on the ARN the new entity will have, never an existing one of another case', async () => {
    assert.deepEqual(await checksOf('CreateUser', { UserName: 'ALICE', Path: '/new/' }), [{ action: 'iam:CreateUser', resource: arn('user', '/new/ALICE') }]);
    assert.deepEqual(await checksOf('CreateGroup', { GroupName: 'DEVS' }), [{ action: 'iam:CreateGroup', resource: arn('group', '/DEVS') }]);
    assert.deepEqual(await checksOf('CreatePolicy', { PolicyName: 'p', Path: '/a/', PolicyDocument: '{}' }), [{ action: 'iam:CreatePolicy', resource: arn('policy', '/a/p') }]);
  });

  it('authorizes group membership on the group only', async () => {
    assert.deepEqual(await checksOf('AddUserToGroup', { GroupName: 'devs', UserName: 'alice' }), [{ action: 'iam:AddUserToGroup', resource: arn('group', '/eng/devs') }]);
  });

  it('authorizes attaching a policy on the principal, with the policy as iam:PolicyARN', async () => {
    assert.deepEqual(await checksOf('AttachRolePolicy', { RoleName: 'deployer', PolicyArn: POLICY }), [
      { action: 'iam:AttachRolePolicy', resource: arn('role', '/ci/deployer'), context: { 'iam:PolicyARN': POLICY } },
    ]);
  });

  it('authorizes setting a permissions boundary on the principal, with the policy as iam:PermissionsBoundary', async () => {
    assert.deepEqual(await checksOf('PutUserPermissionsBoundary', { UserName: 'alice', PermissionsBoundary: POLICY }), [
      { action: 'iam:PutUserPermissionsBoundary', resource: arn('user', '/team/alice'), context: { 'iam:PermissionsBoundary': POLICY } },
    ]);
    assert.deepEqual(await checksOf('PutRolePermissionsBoundary', { RoleName: 'deployer', PermissionsBoundary: POLICY }), [
      { action: 'iam:PutRolePermissionsBoundary', resource: arn('role', '/ci/deployer'), context: { 'iam:PermissionsBoundary': POLICY } },
    ]);
    assert.deepEqual(await checksOf('DeleteRolePermissionsBoundary', { RoleName: 'deployer' }), [{ action: 'iam:DeleteRolePermissionsBoundary', resource: arn('role', '/ci/deployer') }]);
    assert.deepEqual(await checksOf('DeleteUserPermissionsBoundary', { UserName: 'alice' }), [{ action: 'iam:DeleteUserPermissionsBoundary', resource: arn('user', '/team/alice') }]);
  });

  it('gives a create that sets a boundary iam:PermissionsBoundary, and one that does not none', async () => {
    assert.deepEqual(await checksOf('CreateRole', { RoleName: 'app', PermissionsBoundary: POLICY, AssumeRolePolicyDocument: '{}' }), [
      { action: 'iam:CreateRole', resource: arn('role', '/app'), context: { 'iam:PermissionsBoundary': POLICY } },
    ]);
    assert.deepEqual(await checksOf('CreateUser', { UserName: 'bob', PermissionsBoundary: POLICY }), [
      { action: 'iam:CreateUser', resource: arn('user', '/bob'), context: { 'iam:PermissionsBoundary': POLICY } },
    ]);
    assert.deepEqual(await checksOf('CreateRole', { RoleName: 'app', AssumeRolePolicyDocument: '{}' }), [{ action: 'iam:CreateRole', resource: arn('role', '/app') }]);
  });

  it('authorizes a managed policy operation on PolicyArn as sent', async () => {
    assert.deepEqual(await checksOf('GetPolicy', { PolicyArn: arn('policy', '/x/Pol') }), [{ action: 'iam:GetPolicy', resource: arn('policy', '/x/Pol') }]);
  });

  it('authorizes the account-wide listings on *', async () => {
    for (const operation of ['ListUsers', 'ListGroups', 'ListRoles', 'ListPolicies']) {
      assert.deepEqual(await checksOf(operation, {}), [{ action: `iam:${operation}`, resource: '*' }]);
    }
  });

  it('authorizes SimulatePrincipalPolicy on the simulated principal as stored, or as sent when it is not one of ours', async () => {
    const simulate = (source: string) => checksOf('SimulatePrincipalPolicy', { PolicySourceArn: source, ActionNames: ['s3:GetObject'] });
    assert.deepEqual(await simulate(arn('user', '/ALICE')), [{ action: 'iam:SimulatePrincipalPolicy', resource: arn('user', '/team/alice') }]);
    assert.deepEqual(await simulate(arn('role', '/other/Deployer')), [{ action: 'iam:SimulatePrincipalPolicy', resource: arn('role', '/ci/deployer') }]);
    const foreign = 'arn:aws:iam::999999999999:user/alice';
    assert.deepEqual(await simulate(foreign), [{ action: 'iam:SimulatePrincipalPolicy', resource: foreign }]);
  });

  describe('UpdateUser', () => {
    const update = (input: Record<string, unknown>) => checksOf('UpdateUser', { UserName: 'alice', ...input });
    const on = (resource: string) => ({ action: 'iam:UpdateUser', resource });

    it('authorizes a rename on the user and on the name it will have', async () => {
      assert.deepEqual(await update({ NewUserName: 'carol' }), [on(arn('user', '/team/alice')), on(arn('user', '/team/carol'))]);
    });

    it('authorizes a move on the user and on the path it will have', async () => {
      assert.deepEqual(await update({ NewPath: '/ops/' }), [on(arn('user', '/team/alice')), on(arn('user', '/ops/alice'))]);
    });

    it('authorizes only the user when nothing changes, or when the user does not exist', async () => {
      assert.deepEqual(await update({}), [on(arn('user', '/team/alice'))]);
      assert.deepEqual(await update({ NewUserName: 'alice', NewPath: '/team/' }), [on(arn('user', '/team/alice'))]);
      assert.deepEqual(await checksOf('UpdateUser', { UserName: 'ghost', NewUserName: 'g2' }), [on(arn('user', '/ghost'))]);
    });
  });
});
