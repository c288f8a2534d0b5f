import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ADMIN, ACCOUNT, createTestHarness, rejectsWith, sessionPrincipal, type TestHarness } from './testing/context.js';

type User = { UserName: string; UserId: string; Arn: string; Path: string; CreateDate: Date; Tags?: unknown; PermissionsBoundary?: unknown };

describe('IAM users', () => {
  let h: TestHarness;
  before(async () => {
    h = await createTestHarness();
  });
  after(() => h.close());

  it('creates a user with an AIDA id, a path in its ARN and the creation time', async () => {
    const out = await h.iam('CreateUser', { UserName: 'alice', Path: '/team/', Tags: [{ Key: 'env', Value: 'dev' }] });
    const user = out['User'] as User;
    assert.match(user.UserId, /^AIDA[A-Z2-7]{17}$/);
    assert.equal(user.Arn, `arn:aws:iam::${ACCOUNT}:user/team/alice`);
    assert.equal(user.Path, '/team/');
    assert.deepEqual(user.CreateDate, h.clock.now);
    assert.deepEqual(user.Tags, [{ Key: 'env', Value: 'dev' }]);
  });

  it('refuses a second user whose name differs only by case, with AWS text', async () => {
    await rejectsWith(h.iam('CreateUser', { UserName: 'ALICE' }), 'EntityAlreadyExists', 409, 'User with name ALICE already exists.');
  });

  it('finds a user by a differently cased name and returns the stored spelling', async () => {
    const user = (await h.iam('GetUser', { UserName: 'Alice' }))['User'] as User;
    assert.equal(user.UserName, 'alice');
  });

  it('answers GetUser without a name with the calling user', async () => {
    const user = (await h.iam('GetUser', {}))['User'] as User;
    assert.equal(user.Arn, ADMIN.arn);
    assert.equal(user.UserId, ADMIN.userId);
  });

  it('refuses GetUser without a name from a role session', async () => {
    const session = sessionPrincipal({
      accessKeyId: 'ASIAEXAMPLE000000001',
      accountId: ACCOUNT,
      secretCiphertext: Buffer.alloc(0),
      sessionTokenHash: '',
      kind: 'assumed-role',
      principalArn: `arn:aws:sts::${ACCOUNT}:assumed-role/r/s`,
      principalId: 'AROAEXAMPLE:s',
      roleArn: `arn:aws:iam::${ACCOUNT}:role/r`,
      roleName: 'r',
      sessionName: 's',
      sourcePrincipalArn: ADMIN.arn,
      sessionPolicy: null,
      sessionPolicyArns: [],
      sourceIdentity: null,
      tags: [],
      chained: false,
      issuedAt: h.clock.now,
      expiration: h.clock.now,
    });
    await rejectsWith(h.iam('GetUser', {}, { principal: session }), 'ValidationError', 400, 'Must specify userName when calling with non-User credentials');
  });

  it('reports a missing user as NoSuchEntity 404 with AWS text', async () => {
    await rejectsWith(h.iam('GetUser', { UserName: 'nobody' }), 'NoSuchEntity', 404, 'The user with name nobody cannot be found.');
  });

  it('lists users by path prefix with Marker paging', async () => {
    for (const name of ['u1', 'u2', 'u3']) await h.iam('CreateUser', { UserName: name, Path: '/paged/' });
    const first = await h.iam('ListUsers', { PathPrefix: '/paged/', MaxItems: 2 });
    assert.deepEqual((first['Users'] as User[]).map((u) => u.UserName), ['u1', 'u2']);
    assert.equal(first['IsTruncated'], true);
    const second = await h.iam('ListUsers', { PathPrefix: '/paged/', MaxItems: 2, Marker: first['Marker'] });
    assert.deepEqual((second['Users'] as User[]).map((u) => u.UserName), ['u3']);
    assert.equal(second['IsTruncated'], false);
    // Listings leave tags and boundaries out, as AWS does.
    assert.equal((second['Users'] as User[])[0]?.Tags, undefined);
  });

  it('refuses a Marker issued for another query', async () => {
    const first = await h.iam('ListUsers', { PathPrefix: '/paged/', MaxItems: 1 });
    await rejectsWith(h.iam('ListUsers', { PathPrefix: '/', MaxItems: 1, Marker: first['Marker'] }), 'ValidationError', 400, 'Invalid Marker.');
  });

  it('renames and moves a user, and its access keys follow the new ARN', async () => {
    await h.iam('CreateUser', { UserName: 'bob' });
    const key = (await h.iam('CreateAccessKey', { UserName: 'bob' }))['AccessKey'] as { AccessKeyId: string };
    await h.iam('UpdateUser', { UserName: 'bob', NewUserName: 'robert', NewPath: '/ops/' });
    const user = (await h.iam('GetUser', { UserName: 'robert' }))['User'] as User;
    assert.equal(user.Arn, `arn:aws:iam::${ACCOUNT}:user/ops/robert`);
    const stored = await h.store.accessKeys.find(key.AccessKeyId);
    assert.equal(stored?.principalArn, user.Arn);
    await rejectsWith(h.iam('GetUser', { UserName: 'bob' }), 'NoSuchEntity', 404);
  });

  it('refuses to rename a user onto an existing name', async () => {
    await rejectsWith(h.iam('UpdateUser', { UserName: 'robert', NewUserName: 'Alice' }), 'EntityAlreadyExists', 409, 'User with name Alice already exists.');
  });

  it('refuses to update a missing user', async () => {
    await rejectsWith(h.iam('UpdateUser', { UserName: 'ghost', NewPath: '/x/' }), 'NoSuchEntity', 404, 'The user with name ghost cannot be found.');
  });

  it('refuses to delete a user with access keys, then groups, then attached, then inline policies', async () => {
    await h.iam('CreateUser', { UserName: 'carol' });
    const key = (await h.iam('CreateAccessKey', { UserName: 'carol' }))['AccessKey'] as { AccessKeyId: string };
    await rejectsWith(h.iam('DeleteUser', { UserName: 'carol' }), 'DeleteConflict', 409, 'Cannot delete entity, must delete access keys first.');
    await h.iam('DeleteAccessKey', { UserName: 'carol', AccessKeyId: key.AccessKeyId });

    await h.iam('CreateGroup', { GroupName: 'carols' });
    await h.iam('AddUserToGroup', { GroupName: 'carols', UserName: 'carol' });
    await rejectsWith(h.iam('DeleteUser', { UserName: 'carol' }), 'DeleteConflict', 409, 'Cannot delete entity, must remove users from group first.');
    await h.iam('RemoveUserFromGroup', { GroupName: 'carols', UserName: 'carol' });

    await h.iam('AttachUserPolicy', { UserName: 'carol', PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' });
    await rejectsWith(h.iam('DeleteUser', { UserName: 'carol' }), 'DeleteConflict', 409, 'Cannot delete entity, must detach all policies first.');
    await h.iam('DetachUserPolicy', { UserName: 'carol', PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' });

    await h.iam('PutUserPolicy', { UserName: 'carol', PolicyName: 'p', PolicyDocument: '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}' });
    await rejectsWith(h.iam('DeleteUser', { UserName: 'carol' }), 'DeleteConflict', 409, 'Cannot delete entity, must delete policies first.');
    await h.iam('DeleteUserPolicy', { UserName: 'carol', PolicyName: 'p' });

    await h.iam('DeleteUser', { UserName: 'carol' });
    await rejectsWith(h.iam('GetUser', { UserName: 'carol' }), 'NoSuchEntity', 404);
  });

  it('refuses to delete a missing user', async () => {
    await rejectsWith(h.iam('DeleteUser', { UserName: 'ghost' }), 'NoSuchEntity', 404, 'The user with name ghost cannot be found.');
  });

  it('accepts a permissions boundary that names an existing managed policy', async () => {
    const out = await h.iam('CreateUser', { UserName: 'bounded', PermissionsBoundary: 'arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess' });
    assert.deepEqual((out['User'] as User).PermissionsBoundary, {
      PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
      PermissionsBoundaryArn: 'arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess',
    });
  });

  it('refuses a permissions boundary that names no policy', async () => {
    const arn = `arn:aws:iam::${ACCOUNT}:policy/missing`;
    await rejectsWith(h.iam('CreateUser', { UserName: 'b2', PermissionsBoundary: arn }), 'NoSuchEntity', 404, `Scope ARN: ${arn} does not exist or is not attachable.`);
    const roleArn = `arn:aws:iam::${ACCOUNT}:role/x`;
    await rejectsWith(h.iam('CreateUser', { UserName: 'b2', PermissionsBoundary: roleArn }), 'InvalidInput', 400, `ARN ${roleArn} is not valid.`);
  });

  it('refuses tags whose keys differ only by case, and reserved aws: keys', async () => {
    const tags = [
      { Key: 'Env', Value: 'a' },
      { Key: 'env', Value: 'b' },
    ];
    await rejectsWith(h.iam('CreateUser', { UserName: 't1', Tags: tags }), 'InvalidInput', 400, 'Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    await rejectsWith(h.iam('CreateUser', { UserName: 't1', Tags: [{ Key: 'aws:x', Value: '1' }] }), 'InvalidInput', 400, /aws:/);
  });
});
