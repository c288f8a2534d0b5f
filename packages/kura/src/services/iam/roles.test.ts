import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ACCOUNT, createTestHarness, doc, rejectsWith, trustDoc, type TestHarness } from './testing/context.js';

type Role = { RoleName: string; RoleId: string; Arn: string; AssumeRolePolicyDocument: string; MaxSessionDuration: number; Description?: string; RoleLastUsed?: unknown };

const ecsTrust = trustDoc({ Service: 'ecs-tasks.amazonaws.com' });

describe('IAM roles', () => {
  let h: TestHarness;
  before(async () => {
    h = await createTestHarness();
  });
  after(() => h.close());

  it('creates a role with an AROA id, default MaxSessionDuration, and the trust policy URL-encoded', async () => {
    const role = (await h.iam('CreateRole', { RoleName: 'go-ecs-sample', AssumeRolePolicyDocument: ecsTrust, Path: '/app/' }))['Role'] as Role;
    assert.match(role.RoleId, /^AROA[A-Z2-7]{17}$/);
    assert.equal(role.Arn, `arn:aws:iam::${ACCOUNT}:role/app/go-ecs-sample`);
    assert.equal(role.MaxSessionDuration, 3600);
    assert.equal(role.AssumeRolePolicyDocument, encodeURIComponent(ecsTrust));
    assert.equal(decodeURIComponent(role.AssumeRolePolicyDocument), ecsTrust);
    assert.equal(role.RoleLastUsed, undefined);
  });

  it('refuses a role name that differs only by case', async () => {
    await rejectsWith(h.iam('CreateRole', { RoleName: 'GO-ECS-SAMPLE', AssumeRolePolicyDocument: ecsTrust }), 'EntityAlreadyExists', 409, 'Role with name GO-ECS-SAMPLE already exists.');
  });

  it('gets a role with RoleLastUsed and the encoded document', async () => {
    const role = (await h.iam('GetRole', { RoleName: 'go-ecs-sample' }))['Role'] as Role;
    assert.deepEqual(role.RoleLastUsed, {});
    assert.equal(decodeURIComponent(role.AssumeRolePolicyDocument), ecsTrust);
    await rejectsWith(h.iam('GetRole', { RoleName: 'nope' }), 'NoSuchEntity', 404, 'The role with name nope cannot be found.');
  });

  it('refuses a trust policy that is not JSON', async () => {
    await rejectsWith(h.iam('CreateRole', { RoleName: 'bad', AssumeRolePolicyDocument: '{not json' }), 'MalformedPolicyDocument', 400, 'This policy contains invalid Json');
  });

  it('refuses a trust policy with a Resource', async () => {
    const text = doc([{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole', Resource: '*' }]);
    await rejectsWith(h.iam('CreateRole', { RoleName: 'bad', AssumeRolePolicyDocument: text }), 'MalformedPolicyDocument', 400, 'Has prohibited field Resource');
  });

  it('refuses a trust policy naming a user or role that does not exist', async () => {
    const arn = `arn:aws:iam::${ACCOUNT}:user/ghost`;
    await rejectsWith(h.iam('CreateRole', { RoleName: 'bad', AssumeRolePolicyDocument: trustDoc({ AWS: arn }) }), 'MalformedPolicyDocument', 400, `Invalid principal in policy: "AWS":"${arn}"`);
  });

  it('accepts a trust policy naming the account or an existing user', async () => {
    await h.iam('CreateRole', { RoleName: 'acct', AssumeRolePolicyDocument: trustDoc({ AWS: `arn:aws:iam::${ACCOUNT}:root` }) });
    await h.iam('CreateRole', { RoleName: 'admin-only', AssumeRolePolicyDocument: trustDoc({ AWS: `arn:aws:iam::${ACCOUNT}:user/admin` }) });
  });

  it('refuses a trust policy over 2048 characters without whitespace', async () => {
    const services = Array.from({ length: 90 }, (_, i) => `svc${i}.amazonaws.com`);
    const text = trustDoc({ Service: services });
    await rejectsWith(h.iam('CreateRole', { RoleName: 'big', AssumeRolePolicyDocument: text }), 'LimitExceeded', 409, 'Cannot exceed quota for ACLSizePerRole: 2048');
  });

  it('replaces the trust policy with UpdateAssumeRolePolicy, validating it', async () => {
    const next = trustDoc({ AWS: `arn:aws:iam::${ACCOUNT}:root` });
    await h.iam('UpdateAssumeRolePolicy', { RoleName: 'go-ecs-sample', PolicyDocument: next });
    const role = (await h.iam('GetRole', { RoleName: 'go-ecs-sample' }))['Role'] as Role;
    assert.equal(decodeURIComponent(role.AssumeRolePolicyDocument), next);
    await rejectsWith(h.iam('UpdateAssumeRolePolicy', { RoleName: 'go-ecs-sample', PolicyDocument: '[]' }), 'MalformedPolicyDocument', 400);
    await rejectsWith(h.iam('UpdateAssumeRolePolicy', { RoleName: 'nope', PolicyDocument: next }), 'NoSuchEntity', 404, 'The role with name nope cannot be found.');
  });

  it('updates description and maximum session duration', async () => {
    await h.iam('UpdateRole', { RoleName: 'go-ecs-sample', Description: 'task role', MaxSessionDuration: 7200 });
    const role = (await h.iam('GetRole', { RoleName: 'go-ecs-sample' }))['Role'] as Role;
    assert.equal(role.Description, 'task role');
    assert.equal(role.MaxSessionDuration, 7200);
    await rejectsWith(h.iam('UpdateRole', { RoleName: 'nope', Description: 'x' }), 'NoSuchEntity', 404);
  });

  it('lists roles without tags or RoleLastUsed', async () => {
    const roles = (await h.iam('ListRoles', { PathPrefix: '/app/' }))['Roles'] as Role[];
    assert.deepEqual(roles.map((r) => r.RoleName), ['go-ecs-sample']);
    assert.equal(roles[0]?.RoleLastUsed, undefined);
  });

  it('tags and untags a role, keys compared case-insensitively', async () => {
    await h.iam('TagRole', { RoleName: 'go-ecs-sample', Tags: [{ Key: 'team', Value: 'a' }] });
    await h.iam('TagRole', { RoleName: 'go-ecs-sample', Tags: [{ Key: 'Team', Value: 'b' }] });
    const tags = (await h.iam('ListRoleTags', { RoleName: 'go-ecs-sample' }))['Tags'] as Array<{ Key: string; Value: string }>;
    assert.equal(tags.length, 1);
    assert.equal(tags[0]?.Value, 'b');
    await h.iam('UntagRole', { RoleName: 'go-ecs-sample', TagKeys: ['TEAM'] });
    assert.deepEqual((await h.iam('ListRoleTags', { RoleName: 'go-ecs-sample' }))['Tags'], []);
    await rejectsWith(h.iam('TagRole', { RoleName: 'nope', Tags: [{ Key: 'a', Value: 'b' }] }), 'NoSuchEntity', 404, 'The role with name nope cannot be found.');
  });

  it('limits a role to 50 tags', async () => {
    const tags = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    await h.iam('TagRole', { RoleName: 'acct', Tags: tags });
    await rejectsWith(h.iam('TagRole', { RoleName: 'acct', Tags: [{ Key: 'one-more', Value: 'v' }] }), 'LimitExceeded', 409);
  });

  it('refuses to delete a role with attached or inline policies', async () => {
    await h.iam('AttachRolePolicy', { RoleName: 'go-ecs-sample', PolicyArn: 'arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess' });
    await rejectsWith(h.iam('DeleteRole', { RoleName: 'go-ecs-sample' }), 'DeleteConflict', 409, 'Cannot delete entity, must detach all policies first.');
    await h.iam('DetachRolePolicy', { RoleName: 'go-ecs-sample', PolicyArn: 'arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess' });
    await h.iam('PutRolePolicy', { RoleName: 'go-ecs-sample', PolicyName: 'p', PolicyDocument: doc({ Effect: 'Allow', Action: 'ssm:GetParameters', Resource: '*' }) });
    await rejectsWith(h.iam('DeleteRole', { RoleName: 'go-ecs-sample' }), 'DeleteConflict', 409, 'Cannot delete entity, must delete policies first.');
    await h.iam('DeleteRolePolicy', { RoleName: 'go-ecs-sample', PolicyName: 'p' });
    await h.iam('DeleteRole', { RoleName: 'go-ecs-sample' });
    await rejectsWith(h.iam('DeleteRole', { RoleName: 'go-ecs-sample' }), 'NoSuchEntity', 404, 'The role with name go-ecs-sample cannot be found.');
  });
});
