import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { seedWorld } from './testing/seed-kit.js';

const ALLOW = (action: string) => `{Version: '2012-10-17', Statement: [{Effect: Allow, Action: '${action}', Resource: '*'}]}`;
const SEED = `iam:
  policies:
    - {name: app-read, document: ${ALLOW('ssm:GetParameter')}}
  groups:
    - {name: readers, managedPolicies: [app-read]}
  users:
    - name: ci
      groups: [readers]
      tags: {team: ci}
      inlinePolicies: {assume: ${ALLOW('sts:AssumeRole')}}
      accessKeys: [{accessKeyId: AKIAKURASEEDCI000001, secretAccessKeyFromEnv: CI_SECRET}]
  roles:
    - name: task
      description: the task role
      assumeRolePolicy: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {AWS: 'arn:aws:iam::000000000000:user/ci'}, Action: 'sts:AssumeRole'}]}
      managedPolicies: [app-read, 'arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess']
secretsmanager:
  secrets:
    - {name: app/db, value: {username: app, password: pw}, description: db, tags: {team: payments}}
`;
const ENV = { CI_SECRET: 'ci-secret-key-for-tests-only-0123456789' };
const R = 'us-east-1';

describe('applying IAM and secrets', () => {
  test('creates the policies, group, user with its fixed key, role and secret; a second apply changes nothing', async () => {
    const world = await seedWorld();
    assert.deepEqual(await world.apply({ 'a.yaml': SEED }, { env: ENV }), [
      'seed: policy app-read: created',
      'seed: group readers: created',
      'seed: group readers: arn:aws:iam::000000000000:policy/app-read attached',
      'seed: user ci: created',
      'seed: user ci: added to group readers',
      'seed: user ci: inline policy assume created',
      'seed: user ci: access key AKIAKURASEEDCI000001 created',
      'seed: role task: created',
      'seed: role task: arn:aws:iam::000000000000:policy/app-read attached',
      'seed: role task: arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess attached',
      'seed: secret app/db: created',
    ]);
    // The fixed pair is the user's: SigV4 finds it, bound to the user's unique id.
    const key = await world.store.accessKeys.find('AKIAKURASEEDCI000001');
    const user = await world.store.principals.getUser('000000000000', 'ci');
    assert.deepEqual([key?.principalArn, key?.principalId, key?.status], [user?.arn, user?.id, 'Active']);
    const value = await world.api.call('secretsmanager', 'GetSecretValue', { SecretId: 'app/db' }, R);
    assert.equal(value.SecretString, '{"username":"app","password":"pw"}');
    assert.ok(world.events.some((e) => e.eventName === 'CreateAccessKey' && e.userAgent === 'kura-seed'));
    assert.deepEqual(await world.apply({ 'a.yaml': SEED }, { env: ENV }), []);
  });

  test('drift in IAM and secrets is reported and corrected; extras stay', async () => {
    const world = await seedWorld();
    await world.apply({ 'a.yaml': SEED }, { env: ENV });
    const iam = (operation: string, input: Record<string, unknown>) => world.api.call('iam', operation, input, R);
    await iam('CreatePolicyVersion', { PolicyArn: 'arn:aws:iam::000000000000:policy/app-read', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }), SetAsDefault: true });
    await iam('RemoveUserFromGroup', { GroupName: 'readers', UserName: 'ci' });
    await iam('DetachRolePolicy', { RoleName: 'task', PolicyArn: 'arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess' });
    await iam('AttachRolePolicy', { RoleName: 'task', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' });
    await iam('UpdateRole', { RoleName: 'task', Description: 'edited' });
    await iam('UpdateAssumeRolePolicy', { RoleName: 'task', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] }) });
    await iam('PutUserPolicy', { UserName: 'ci', PolicyName: 'assume', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] }) });
    await iam('UpdateAccessKey', { UserName: 'ci', AccessKeyId: 'AKIAKURASEEDCI000001', Status: 'Inactive' });
    await world.api.call('secretsmanager', 'PutSecretValue', { SecretId: 'app/db', SecretString: 'changed', ClientRequestToken: 'c0ffee00-0000-4000-8000-000000000001' }, R);
    const lines = await world.apply({ 'a.yaml': SEED }, { env: ENV });
    assert.equal(lines.length, 7, lines.join('\n'));
    assert.match(lines[0] ?? '', /^seed: policy app-read: document differs, new default version v3$/);
    assert.deepEqual(lines.slice(1, 6), [
      'seed: user ci: added to group readers',
      'seed: user ci: inline policy assume differs, replaced',
      'seed: user ci: access key AKIAKURASEEDCI000001 status differs, replaced',
      'seed: role task: trust policy and description differ, updated',
      'seed: role task: arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess attached',
    ]);
    assert.match(lines[6] ?? '', /^seed: secret app\/db: value differs, new version [0-9a-f-]{36}$/);
    const attached = await iam('ListAttachedRolePolicies', { RoleName: 'task' });
    assert.ok((attached.AttachedPolicies as Array<{ PolicyArn: string }>).some((p) => p.PolicyArn.endsWith('AdministratorAccess')), 'an attachment the seed does not name stays');
    assert.deepEqual(await world.apply({ 'a.yaml': SEED }, { env: ENV }), []);
  });

  test('an access key id that belongs to another user stops the seed, naming where it was declared', async () => {
    const world = await seedWorld();
    const seed = (user: string) => `iam:\n  users:\n    - name: ${user}\n      accessKeys: [{accessKeyId: AKIAKURASEEDCI000001, secretAccessKey: 'ci-secret-key-for-tests-only-0123456789'}]\n`;
    await world.apply({ 'a.yaml': seed('one') });
    await assert.rejects(world.apply({ 'b.yaml': seed('two') }), {
      message: 'the seed cannot be applied: b.yaml: iam.users[0].accessKeys[0].accessKeyId: access key AKIAKURASEEDCI000001 belongs to arn:aws:iam::000000000000:user/one, not to user two',
    });
  });

  test('an operation that refuses stops the seed with its own words', async () => {
    const world = await seedWorld();
    const seed = `iam:\n  roles:\n    - name: r\n      assumeRolePolicy: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {AWS: 'arn:aws:iam::000000000000:user/nobody'}, Action: 'sts:AssumeRole'}]}\n`;
    await assert.rejects(world.apply({ 'a.yaml': seed }), {
      message: 'the seed cannot be applied: a.yaml: iam.roles[0]: MalformedPolicyDocument: Invalid principal in policy: "AWS":"arn:aws:iam::000000000000:user/nobody"',
    });
  });

  test('reset brings the store back to exactly the seeded state, the administrator kept', async () => {
    const world = await seedWorld();
    await world.apply({ 'a.yaml': SEED }, { env: ENV, dev: true });
    await world.api.call('ssm', 'PutParameter', { Name: '/extra', Value: 'x', Type: 'String' }, R);
    await world.api.call('iam', 'CreateUser', { UserName: 'extra' }, R);
    await world.api.call('secretsmanager', 'PutSecretValue', { SecretId: 'app/db', SecretString: 'changed', ClientRequestToken: 'c0ffee00-0000-4000-8000-000000000002' }, R);
    world.events.length = 0;
    await world.seeding().reset({ method: 'POST', rawHeaders: [], rawUrl: '/_kura/reset', remoteAddress: '127.0.0.1' });
    await assert.rejects(world.api.call('ssm', 'GetParameter', { Name: '/extra' }, R), { code: 'ParameterNotFound' });
    const users = ((await world.api.call('iam', 'ListUsers', {}, R)).Users as Array<{ UserName: string }>).map((u) => u.UserName);
    assert.deepEqual(users.sort(), ['admin', 'ci']);
    const versions = await world.api.call('secretsmanager', 'ListSecretVersionIds', { SecretId: 'app/db' }, R);
    assert.equal((versions.Versions as unknown[]).length, 1, 'the secret as first seeded, one version');
    assert.ok(await world.store.accessKeys.find('AKIAADMINSEEDTEST001'), "the administrator's key stays");
    const reset = world.events.find((e) => e.eventName === 'Reset');
    assert.deepEqual([reset?.eventSource, reset?.sourceIPAddress, reset?.readOnly], ['kura', '127.0.0.1', false]);
    assert.deepEqual(await world.apply({ 'a.yaml': SEED }, { env: ENV, dev: true }), []);
  });
});
