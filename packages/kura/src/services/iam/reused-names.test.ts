// Credentials follow an entity, not its name. A role or user deleted and created again under the
// same name is a new entity (a new unique id): sessions and keys issued for the old one get
// nothing from the new one, whatever it is allowed; a group deleted and created again does not
// inherit the old group's members. Regression tests for sessions that looked their permissions up
// by name and so acquired the rights of whoever took the name next.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Principal } from '../context.js';
import { createPolicyCache, policiesFor } from '../../identity/principal-policies.js';
import { evaluating } from './testing/access.js';
import { ACCOUNT, ADMIN, createTestHarness, doc, rejectsWith, sessionPrincipal, trustDoc, userPrincipal, type TestHarness } from './testing/context.js';

type Creds = { Credentials: { AccessKeyId: string } };

const ADMIN_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess';
const SECRET = `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/prod/db/password`;
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const READ_ONLY = doc([{ Effect: 'Allow', Action: 'ssm:DescribeParameters', Resource: '*' }]);
const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const noIdentityPolicy = (arn: string, action: string, resource: string) =>
  `User: ${arn} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`;

describe('credentials follow an entity, not its name', () => {
  let h: TestHarness;
  before(async () => {
    h = await createTestHarness();
  });
  after(() => h.close());

  const decide = async (who: Principal, action: string, resource: string) => evaluating(h.store, who).check({ action, resource });
  const sessionOf = async (out: Record<string, unknown>) => {
    const session = await h.store.sessions.find((out as unknown as Creds).Credentials.AccessKeyId);
    assert.ok(session);
    return session;
  };
  const assume = async (who: Principal, role: string, name: string) => sessionOf(await h.sts('AssumeRole', { RoleArn: roleArn(role), RoleSessionName: name }, h.as(who)));
  const createRole = async (name: string, trusted: string = ADMIN.arn) => {
    await h.iam('CreateRole', { RoleName: name, AssumeRolePolicyDocument: trustDoc({ AWS: trusted }) });
  };
  const deleteRole = async (name: string, inline: string) => {
    await h.iam('DeleteRolePolicy', { RoleName: name, PolicyName: inline });
    await h.iam('DeleteRole', { RoleName: name });
  };

  it('a session of a deleted role gets nothing from a new role of the same name; a new session does', async () => {
    await createRole('R');
    await h.iam('PutRolePolicy', { RoleName: 'R', PolicyName: 'read', PolicyDocument: READ_ONLY });
    const old = sessionPrincipal(await assume(ADMIN, 'R', 'before'));
    assert.equal((await decide(old, 'ssm:DescribeParameters', '*')).allowed, true);

    await deleteRole('R', 'read');
    await createRole('R');
    await h.iam('AttachRolePolicy', { RoleName: 'R', PolicyArn: ADMIN_ACCESS });

    for (const [action, resource] of [['ssm:GetParameter', SECRET], ['kms:Decrypt', KEY], ['ssm:DescribeParameters', '*']] as const) {
      const denied = await decide(old, action, resource);
      assert.deepEqual([denied.decision, denied.message], ['ImplicitDeny', noIdentityPolicy(old.arn, action, resource)]);
    }
    const fresh = sessionPrincipal(await assume(ADMIN, 'R', 'after'));
    assert.equal((await decide(fresh, 'ssm:GetParameter', SECRET)).allowed, true);
    assert.equal((await decide(fresh, 'kms:Decrypt', KEY)).allowed, true);
  });

  it('the old session is refused even by a key policy that names its role', async () => {
    await createRole('K');
    await h.iam('PutRolePolicy', { RoleName: 'K', PolicyName: 'read', PolicyDocument: READ_ONLY });
    const old = sessionPrincipal(await assume(ADMIN, 'K', 'before'));
    await deleteRole('K', 'read');
    await createRole('K');
    // Written for the new role K; by ARN it names every session of a role called K.
    const byKey = { kind: 'kms-key' as const, document: doc([{ Effect: 'Allow', Principal: { AWS: roleArn('K') }, Action: 'kms:Decrypt', Resource: '*' }]) };
    const denied = await evaluating(h.store, old).check({ action: 'kms:Decrypt', resource: KEY, resourcePolicy: byKey });
    assert.equal(denied.decision, 'ImplicitDeny');
    const fresh = sessionPrincipal(await assume(ADMIN, 'K', 'after'));
    assert.equal((await evaluating(h.store, fresh).check({ action: 'kms:Decrypt', resource: KEY, resourcePolicy: byKey })).allowed, true);
  });

  it('a chained session is bound to the role it assumed last, by id', async () => {
    await createRole('first');
    await h.iam('PutRolePolicy', { RoleName: 'first', PolicyName: 'hop', PolicyDocument: doc([{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }]) });
    await createRole('second', roleArn('first'));
    await h.iam('PutRolePolicy', { RoleName: 'second', PolicyName: 'read', PolicyDocument: READ_ONLY });
    const hop = sessionPrincipal(await assume(ADMIN, 'first', 'hop'));
    const chained = sessionPrincipal(await assume(hop, 'second', 'chained'));
    // The first role changing does not touch a session of the second.
    await deleteRole('first', 'hop');
    await createRole('first');
    assert.equal((await decide(chained, 'ssm:DescribeParameters', '*')).allowed, true);
    // The old session of the first role may not use the second's trust in a role called first.
    await rejectsWith(
      h.sts('AssumeRole', { RoleArn: roleArn('second'), RoleSessionName: 'again' }, h.as(hop)),
      'AccessDenied',
      403,
      noIdentityPolicy(hop.arn, 'sts:AssumeRole', roleArn('second')),
    );
    // The second role deleted and created again with more rights: the chained session gets none.
    await deleteRole('second', 'read');
    await createRole('second', roleArn('first'));
    await h.iam('AttachRolePolicy', { RoleName: 'second', PolicyArn: ADMIN_ACCESS });
    assert.equal((await decide(chained, 'ssm:DescribeParameters', '*')).decision, 'ImplicitDeny');
  });

  it('a GetSessionToken session of a deleted user gets nothing from a new user of the same name', async () => {
    const created = (await h.iam('CreateUser', { UserName: 'U' }))['User'] as { Arn: string; UserId: string };
    await h.iam('PutUserPolicy', { UserName: 'U', PolicyName: 'read', PolicyDocument: READ_ONLY });
    const key = (await h.iam('CreateAccessKey', { UserName: 'U' }))['AccessKey'] as { AccessKeyId: string };
    const old = sessionPrincipal(await sessionOf(await h.sts('GetSessionToken', {}, h.as(userPrincipal(created, key.AccessKeyId)))));
    assert.equal((await decide(old, 'ssm:DescribeParameters', '*')).allowed, true);

    await h.iam('DeleteAccessKey', { UserName: 'U', AccessKeyId: key.AccessKeyId });
    await h.iam('DeleteUserPolicy', { UserName: 'U', PolicyName: 'read' });
    await h.iam('DeleteUser', { UserName: 'U' });
    const again = (await h.iam('CreateUser', { UserName: 'U' }))['User'] as { Arn: string; UserId: string };
    await h.iam('AttachUserPolicy', { UserName: 'U', PolicyArn: ADMIN_ACCESS });

    assert.equal(again.Arn, created.Arn);
    assert.notEqual(again.UserId, created.UserId);
    const denied = await decide(old, 'ssm:GetParameter', SECRET);
    assert.deepEqual([denied.decision, denied.message], ['ImplicitDeny', noIdentityPolicy(created.Arn, 'ssm:GetParameter', SECRET)]);
    // A key of the old user (it cannot outlive the user through IAM; here its record says so).
    assert.equal((await decide(userPrincipal(created, 'AKIAOLDUSERKEY000001'), 'ssm:GetParameter', SECRET)).allowed, false);
    assert.equal((await decide(userPrincipal(again, 'AKIANEWUSERKEY000001'), 'ssm:GetParameter', SECRET)).allowed, true);
    // Operations on "the caller" (UserName omitted) do not land on the new user either, even past
    // authorization (here allowed outright): the old caller is missing, as a deleted user is.
    const asOld = { principal: userPrincipal(created, 'AKIAOLDUSERKEY000001') };
    for (const [operation, input] of [['GetUser', {}], ['CreateAccessKey', {}], ['ListAccessKeys', {}]] as const) {
      await rejectsWith(h.iam(operation, input, asOld), 'NoSuchEntity', 404, 'The user with name U cannot be found.');
    }
    assert.equal(((await h.iam('ListAccessKeys', { UserName: 'U' }))['AccessKeyMetadata'] as unknown[]).length, 0);
  });

  it('a group deleted and created again has none of the old group’s members', async () => {
    const user = (await h.iam('CreateUser', { UserName: 'member' }))['User'] as { Arn: string; UserId: string };
    await h.iam('CreateGroup', { GroupName: 'G' });
    await h.iam('PutGroupPolicy', { GroupName: 'G', PolicyName: 'read', PolicyDocument: READ_ONLY });
    await h.iam('AddUserToGroup', { GroupName: 'G', UserName: 'member' });
    const member = userPrincipal(user, 'AKIAMEMBER0000000001');
    assert.equal((await decide(member, 'ssm:DescribeParameters', '*')).allowed, true);

    await h.iam('RemoveUserFromGroup', { GroupName: 'G', UserName: 'member' });
    await h.iam('DeleteGroupPolicy', { GroupName: 'G', PolicyName: 'read' });
    await h.iam('DeleteGroup', { GroupName: 'G' });
    await h.iam('CreateGroup', { GroupName: 'G' });
    await h.iam('AttachGroupPolicy', { GroupName: 'G', PolicyArn: ADMIN_ACCESS });

    assert.deepEqual(await h.store.principals.groupsForUser(ACCOUNT, 'member'), []);
    assert.equal((await decide(member, 'ssm:GetParameter', SECRET)).decision, 'ImplicitDeny');
    assert.equal((await decide(member, 'ssm:DescribeParameters', '*')).decision, 'ImplicitDeny');
  });

  it('never serves a cached set to another entity under the same name', async () => {
    const user = (await h.iam('CreateUser', { UserName: 'cached' }))['User'] as { UserId: string };
    await h.iam('AttachUserPolicy', { UserName: 'cached', PolicyArn: ADMIN_ACCESS });
    const cache = createPolicyCache();
    const subject = { kind: 'user' as const, accountId: ACCOUNT, userName: 'cached', userId: user.UserId };
    assert.equal((await policiesFor(h.store, subject, { cache })).identity.length, 1);
    // Same generation, same name, another id: built afresh, and it is not the user found there.
    assert.deepEqual(await policiesFor(h.store, { ...subject, userId: 'AIDAOTHERUSER0000001' }, { cache }), { identity: [], principalGone: true });
  });
});
