import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ACCOUNT, createTestHarness, rejectsWith, type TestHarness } from './testing/context.js';

type Group = { GroupName: string; GroupId: string; Arn: string; Path: string };

describe('IAM groups', () => {
  let h: TestHarness;
  before(async () => {
    h = await createTestHarness();
    await h.iam('CreateUser', { UserName: 'ann' });
  });
  after(() => h.close());

  it('creates a group with an AGPA id and its path in the ARN', async () => {
    const group = (await h.iam('CreateGroup', { GroupName: 'devs', Path: '/eng/' }))['Group'] as Group;
    assert.match(group.GroupId, /^AGPA[A-Z2-7]{17}$/);
    assert.equal(group.Arn, `arn:aws:iam::${ACCOUNT}:group/eng/devs`);
  });

  it('refuses a group name that differs only by case', async () => {
    await rejectsWith(h.iam('CreateGroup', { GroupName: 'DEVS' }), 'EntityAlreadyExists', 409, 'Group with name DEVS already exists.');
  });

  it('adds a member once, shows it in GetGroup and ListGroupsForUser', async () => {
    await h.iam('AddUserToGroup', { GroupName: 'devs', UserName: 'ann' });
    await h.iam('AddUserToGroup', { GroupName: 'Devs', UserName: 'ANN' });
    const out = await h.iam('GetGroup', { GroupName: 'devs' });
    assert.deepEqual((out['Users'] as Array<{ UserName: string }>).map((u) => u.UserName), ['ann']);
    const groups = (await h.iam('ListGroupsForUser', { UserName: 'ann' }))['Groups'] as Group[];
    assert.deepEqual(groups.map((g) => g.GroupName), ['devs']);
  });

  it('reports a missing group or user when adding', async () => {
    await rejectsWith(h.iam('AddUserToGroup', { GroupName: 'nogroup', UserName: 'ann' }), 'NoSuchEntity', 404, 'The group with name nogroup cannot be found.');
    await rejectsWith(h.iam('AddUserToGroup', { GroupName: 'devs', UserName: 'nouser' }), 'NoSuchEntity', 404, 'The user with name nouser cannot be found.');
  });

  it('limits a user to 10 groups', async () => {
    await h.iam('CreateUser', { UserName: 'joiner' });
    for (let i = 0; i < 10; i += 1) {
      await h.iam('CreateGroup', { GroupName: `g${i}` });
      await h.iam('AddUserToGroup', { GroupName: `g${i}`, UserName: 'joiner' });
    }
    await h.iam('CreateGroup', { GroupName: 'g10' });
    await rejectsWith(h.iam('AddUserToGroup', { GroupName: 'g10', UserName: 'joiner' }), 'LimitExceeded', 409, 'Cannot exceed quota for GroupsPerUser: 10');
  });

  it('refuses to delete a group with members, attached or inline policies', async () => {
    await rejectsWith(h.iam('DeleteGroup', { GroupName: 'devs' }), 'DeleteConflict', 409, 'Cannot delete entity, must remove users from group first.');
    await h.iam('RemoveUserFromGroup', { GroupName: 'devs', UserName: 'ann' });
    await h.iam('AttachGroupPolicy', { GroupName: 'devs', PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' });
    await rejectsWith(h.iam('DeleteGroup', { GroupName: 'devs' }), 'DeleteConflict', 409, 'Cannot delete entity, must detach all policies first.');
    await h.iam('DetachGroupPolicy', { GroupName: 'devs', PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' });
    await h.iam('PutGroupPolicy', { GroupName: 'devs', PolicyName: 'p', PolicyDocument: '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}' });
    await rejectsWith(h.iam('DeleteGroup', { GroupName: 'devs' }), 'DeleteConflict', 409, 'Cannot delete entity, must delete policies first.');
    await h.iam('DeleteGroupPolicy', { GroupName: 'devs', PolicyName: 'p' });
    await h.iam('DeleteGroup', { GroupName: 'devs' });
    await rejectsWith(h.iam('GetGroup', { GroupName: 'devs' }), 'NoSuchEntity', 404, 'The group with name devs cannot be found.');
  });

  it('reports removing a non-member as a missing user', async () => {
    await h.iam('CreateGroup', { GroupName: 'empty' });
    await rejectsWith(h.iam('RemoveUserFromGroup', { GroupName: 'empty', UserName: 'ann' }), 'NoSuchEntity', 404, 'The user with name ann cannot be found.');
  });

  it('lists groups by path prefix', async () => {
    await h.iam('CreateGroup', { GroupName: 'ops', Path: '/ops/' });
    const groups = (await h.iam('ListGroups', { PathPrefix: '/ops/' }))['Groups'] as Group[];
    assert.deepEqual(groups.map((g) => g.GroupName), ['ops']);
  });
});
