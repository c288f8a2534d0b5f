// Put/Delete{User,Role}PermissionsBoundary: the boundary is set or replaced, checked as
// CreateUser/CreateRole check one, counted by GetPolicy, and limits the entity from then on; deleting
// it gives the entity's own policies back their full reach.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ACCOUNT, allowAllDoc, createTestHarness, doc, rejectsWith, trustDoc, ADMIN, userPrincipal, type TestHarness } from './testing/context.js';

type Bounded = { Arn: string; UserId: string; PermissionsBoundary?: { PermissionsBoundaryType: string; PermissionsBoundaryArn: string } };
const READ_ONLY = 'arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess';

describe('IAM permissions boundaries set after creation', () => {
  let h: TestHarness;
  let fence: string;
  before(async () => {
    h = await createTestHarness();
    fence = ((await h.iam('CreatePolicy', { PolicyName: 'fence', PolicyDocument: doc([{ Effect: 'Allow', Action: 'ssm:GetParameter', Resource: '*' }]) }))['Policy'] as { Arn: string }).Arn;
    await h.iam('CreateUser', { UserName: 'alice' });
    await h.iam('PutUserPolicy', { UserName: 'alice', PolicyName: 'all', PolicyDocument: allowAllDoc });
    await h.iam('CreateRole', { RoleName: 'task', AssumeRolePolicyDocument: trustDoc({ AWS: ADMIN.arn }), PermissionsBoundary: READ_ONLY });
  });
  after(() => h.close());

  const userBoundary = async (name: string) => ((await h.iam('GetUser', { UserName: name }))['User'] as Bounded).PermissionsBoundary;
  const roleBoundary = async (name: string) => ((await h.iam('GetRole', { RoleName: name }))['Role'] as Bounded).PermissionsBoundary;

  it("sets a user's boundary, which then limits what its policies allow", async () => {
    const user = (await h.iam('GetUser', { UserName: 'alice' }))['User'] as Bounded;
    const access = () => h.as(userPrincipal(user)).access;
    const listUsers = { action: 'iam:ListUsers', resource: '*' };
    assert.equal((await access()?.check(listUsers))?.allowed, true, 'allowed before the boundary');
    assert.deepEqual(await h.iam('PutUserPermissionsBoundary', { UserName: 'ALICE', PermissionsBoundary: fence }), {});
    assert.deepEqual(await userBoundary('alice'), { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: fence });
    assert.equal((await access()?.check(listUsers))?.allowed, false, 'outside the boundary');
    assert.equal((await access()?.check({ action: 'ssm:GetParameter', resource: `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/x` }))?.allowed, true, 'inside it');
    assert.equal(((await h.iam('GetPolicy', { PolicyArn: fence }))['Policy'] as { PermissionsBoundaryUsageCount: number }).PermissionsBoundaryUsageCount, 1);
  });

  it("replaces a role's boundary", async () => {
    await h.iam('PutRolePermissionsBoundary', { RoleName: 'task', PermissionsBoundary: fence });
    assert.deepEqual(await roleBoundary('task'), { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: fence });
  });

  it("deletes a boundary: the user's own policies decide again, the policy is no longer counted, and a second delete is quiet", async () => {
    const user = (await h.iam('GetUser', { UserName: 'alice' }))['User'] as Bounded;
    const listUsers = { action: 'iam:ListUsers', resource: '*' };
    await h.iam('PutUserPermissionsBoundary', { UserName: 'alice', PermissionsBoundary: fence });
    assert.equal((await h.as(userPrincipal(user)).access?.check(listUsers))?.allowed, false, 'outside the boundary');
    assert.deepEqual(await h.iam('DeleteUserPermissionsBoundary', { UserName: 'alice' }), {});
    assert.equal(await userBoundary('alice'), undefined);
    assert.equal((await h.as(userPrincipal(user)).access?.check(listUsers))?.allowed, true, 'no boundary any more');
    assert.deepEqual(await h.iam('DeleteUserPermissionsBoundary', { UserName: 'alice' }), {}, 'a user without a boundary: success, as on AWS');
    await h.iam('CreateRole', { RoleName: 'bounded', AssumeRolePolicyDocument: trustDoc({ AWS: ADMIN.arn }), PermissionsBoundary: fence });
    assert.deepEqual(await h.iam('DeleteRolePermissionsBoundary', { RoleName: 'bounded' }), {});
    assert.equal(await roleBoundary('bounded'), undefined);
    await h.iam('DeleteRole', { RoleName: 'bounded' });
    await rejectsWith(h.iam('DeleteRolePermissionsBoundary', { RoleName: 'ghost' }), 'NoSuchEntity', 404, 'The role with name ghost cannot be found.');
    await rejectsWith(h.iam('DeleteUserPermissionsBoundary', { UserName: 'ghost' }), 'NoSuchEntity', 404, 'The user with name ghost cannot be found.');
    await h.iam('PutUserPermissionsBoundary', { UserName: 'alice', PermissionsBoundary: fence });
  });

  it('refuses an entity or a policy that does not exist, and an ARN that is not a policy, changing nothing', async () => {
    await rejectsWith(h.iam('PutUserPermissionsBoundary', { UserName: 'ghost', PermissionsBoundary: fence }), 'NoSuchEntity', 404, 'The user with name ghost cannot be found.');
    await rejectsWith(h.iam('PutRolePermissionsBoundary', { RoleName: 'ghost', PermissionsBoundary: fence }), 'NoSuchEntity', 404, 'The role with name ghost cannot be found.');
    const missing = `arn:aws:iam::${ACCOUNT}:policy/nope`;
    await rejectsWith(h.iam('PutRolePermissionsBoundary', { RoleName: 'task', PermissionsBoundary: missing }), 'NoSuchEntity', 404, `Scope ARN: ${missing} does not exist or is not attachable.`);
    const roleArn = `arn:aws:iam::${ACCOUNT}:role/task`;
    await rejectsWith(h.iam('PutUserPermissionsBoundary', { UserName: 'alice', PermissionsBoundary: roleArn }), 'InvalidInput', 400, `ARN ${roleArn} is not valid.`);
    assert.equal((await roleBoundary('task'))?.PermissionsBoundaryArn, fence);
    assert.equal((await userBoundary('alice'))?.PermissionsBoundaryArn, fence);
  });
});
