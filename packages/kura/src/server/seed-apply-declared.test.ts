// Applying what teams routinely declare: KMS key rotation, parameter labels and permissions
// boundaries. Created through the operations, a second apply writes and reports nothing, drift is
// reported by name and corrected, and what the seed does not name stays.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { seedWorld, type SeedWorld } from './testing/seed-kit.js';

const KEY_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const OTHER_KEY = '6b3f1a2c-9d4e-4f5a-8b7c-0d1e2f3a4b5c';
const R = 'us-east-1';
const KEYS = `kms:
  keys:
    - {keyId: ${KEY_ID}, rotation: {enabled: true, periodDays: 180}}
    - {keyId: ${OTHER_KEY}, enabled: false, rotation: {enabled: true}}
`;
const PARAMETERS = `ssm:
  parameters:
    - {name: /app/db/host, type: String, value: db.internal, labels: [prod, live]}
`;
const ALLOW = (action: string) => `{Version: '2012-10-17', Statement: [{Effect: Allow, Action: '${action}', Resource: '*'}]}`;
const IAM = `iam:
  policies:
    - {name: fence, document: ${ALLOW('ssm:GetParameter')}}
  users:
    - {name: ci, permissionsBoundary: fence}
  roles:
    - name: task
      assumeRolePolicy: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: 'sts:AssumeRole'}]}
      permissionsBoundary: 'arn:\${AWS::Partition}:iam::aws:policy/AmazonSSMReadOnlyAccess'
`;

const writes = (world: SeedWorld) => world.events.filter((e) => e.readOnly === false).map((e) => e.eventName);
const rotation = async (world: SeedWorld, keyId: string) => {
  const out = await world.api.call('kms', 'GetKeyRotationStatus', { KeyId: keyId }, R);
  return [out.KeyRotationEnabled, out.RotationPeriodInDays];
};
const labels = async (world: SeedWorld, name: string) =>
  ((await world.api.call('ssm', 'GetParameterHistory', { Name: name }, R)).Parameters as Array<{ Version: number; Labels?: string[] }>).map((v) => [v.Version, [...(v.Labels ?? [])].sort()]);
const boundary = async (world: SeedWorld, kind: 'User' | 'Role', name: string) =>
  ((await world.api.call('iam', `Get${kind}`, { [`${kind}Name`]: name }, R))[kind] as { PermissionsBoundary?: { PermissionsBoundaryArn: string } }).PermissionsBoundary?.PermissionsBoundaryArn;

describe('applying key rotation', () => {
  test('turned on at creation, with the period; a disabled key rotates too; a second apply writes nothing', async () => {
    const world = await seedWorld();
    assert.deepEqual(await world.apply({ 'a.yaml': KEYS }), [`seed: KMS key ${KEY_ID}: created`, `seed: KMS key ${OTHER_KEY}: created`]);
    assert.deepEqual(await rotation(world, KEY_ID), [true, 180]);
    assert.deepEqual(await rotation(world, OTHER_KEY), [true, 365], "KMS's default period");
    assert.equal(((await world.api.call('kms', 'DescribeKey', { KeyId: OTHER_KEY }, R)).KeyMetadata as { KeyState: string }).KeyState, 'Disabled');
    assert.ok(world.events.some((e) => e.eventName === 'EnableKeyRotation' && e.userAgent === 'kura-seed'));
    const before = writes(world).length;
    assert.deepEqual(await world.apply({ 'a.yaml': KEYS }), []);
    assert.equal(writes(world).length, before, 'no write on the second start');
  });

  test('drift is reported and corrected; a period the seed does not name is left; a disabled key is reported and left', async () => {
    const world = await seedWorld();
    await world.apply({ 'a.yaml': KEYS });
    await world.api.call('kms', 'EnableKeyRotation', { KeyId: KEY_ID, RotationPeriodInDays: 400 }, R);
    await world.api.call('kms', 'EnableKey', { KeyId: OTHER_KEY }, R);
    await world.api.call('kms', 'EnableKeyRotation', { KeyId: OTHER_KEY, RotationPeriodInDays: 90 }, R);
    assert.deepEqual(await world.apply({ 'a.yaml': KEYS }), [`seed: KMS key ${KEY_ID}: rotation differs, updated`, `seed: KMS key ${OTHER_KEY}: state differs, updated`]);
    assert.deepEqual(await rotation(world, KEY_ID), [true, 180]);
    assert.deepEqual(await rotation(world, OTHER_KEY), [true, 90], 'any period matches when the seed names none');
    // Turned off while the seed wants it off: the key is enabled, rotation changed, then it is disabled.
    const off = KEYS.replace('rotation: {enabled: true}}', 'rotation: {enabled: false}}');
    await world.api.call('kms', 'EnableKey', { KeyId: OTHER_KEY }, R);
    assert.deepEqual(await world.apply({ 'a.yaml': off }), [`seed: KMS key ${OTHER_KEY}: state and rotation differ, updated`]);
    assert.deepEqual(await rotation(world, OTHER_KEY), [false, undefined]);
    // A disabled key's rotation cannot change (KMS refuses): reported, left, and nothing written.
    const before = writes(world).length;
    assert.deepEqual(await world.apply({ 'a.yaml': KEYS }), [`seed: KMS key ${OTHER_KEY}: rotation differs; KMS changes rotation only on an enabled key (the seed says enabled: false), left as it is`]);
    assert.equal(writes(world).length, before);
  });
});

describe('applying parameter labels', () => {
  test('put on the version the seed writes, moved there from another version; other labels stay', async () => {
    const world = await seedWorld();
    assert.deepEqual(await world.apply({ 'a.yaml': PARAMETERS }), ['seed: /app/db/host: created (version 1)', 'seed: /app/db/host: labels differ (prod, live), put on version 1']);
    assert.deepEqual(await labels(world, '/app/db/host'), [[1, ['live', 'prod']]]);
    const before = writes(world).length;
    assert.deepEqual(await world.apply({ 'a.yaml': PARAMETERS }), []);
    assert.equal(writes(world).length, before, 'no write on the second start');

    // Drift: a new value (version 2), a label moved away, one of the team's own added.
    await world.api.call('ssm', 'PutParameter', { Name: '/app/db/host', Value: 'elsewhere', Type: 'String', Overwrite: true }, R);
    await world.api.call('ssm', 'LabelParameterVersion', { Name: '/app/db/host', ParameterVersion: 2, Labels: ['prod', 'mine'] }, R);
    assert.deepEqual(await world.apply({ 'a.yaml': PARAMETERS }), ['seed: /app/db/host: value differs, new version 3', 'seed: /app/db/host: labels differ (prod, live), put on version 3']);
    assert.deepEqual(await labels(world, '/app/db/host'), [[1, []], [2, ['mine']], [3, ['live', 'prod']]]);
    assert.deepEqual(await world.apply({ 'a.yaml': PARAMETERS }), []);
  });
});

describe('applying permissions boundaries', () => {
  test("set at creation, a policy of the seed by name or an AWS managed one; drift corrected; dropped from the seed, left", async () => {
    const world = await seedWorld();
    const fence = 'arn:aws:iam::000000000000:policy/fence';
    const readOnly = 'arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess';
    assert.deepEqual(await world.apply({ 'a.yaml': IAM }), ['seed: policy fence: created', 'seed: user ci: created', 'seed: role task: created']);
    assert.deepEqual([await boundary(world, 'User', 'ci'), await boundary(world, 'Role', 'task')], [fence, readOnly]);
    assert.deepEqual(await world.apply({ 'a.yaml': IAM }), []);

    await world.api.call('iam', 'PutUserPermissionsBoundary', { UserName: 'ci', PermissionsBoundary: readOnly }, R);
    await world.api.call('iam', 'PutRolePermissionsBoundary', { RoleName: 'task', PermissionsBoundary: fence }, R);
    world.events.length = 0;
    assert.deepEqual(await world.apply({ 'a.yaml': IAM }), ['seed: user ci: permissions boundary differs, updated', 'seed: role task: permissions boundary differs, updated']);
    assert.deepEqual(writes(world), ['PutUserPermissionsBoundary', 'PutRolePermissionsBoundary']);
    assert.deepEqual([await boundary(world, 'User', 'ci'), await boundary(world, 'Role', 'task')], [fence, readOnly]);

    // A seed that no longer names a boundary leaves it: nothing the seed does not name is touched.
    assert.deepEqual(await world.apply({ 'a.yaml': IAM.replace('permissionsBoundary: fence', 'path: /') }), []);
    assert.equal(await boundary(world, 'User', 'ci'), fence);
  });
});

describe('applying a binary secret', () => {
  test('created with SecretBinary, compared as bytes, a string put back to bytes; the value never in the audit', async () => {
    const bytes = Buffer.from([0, 1, 2, 250, 255]);
    const seed = `secretsmanager:\n  secrets:\n    - {name: app/cert, valueBinaryFromEnv: CERT}\n`;
    const env = { CERT: bytes.toString('base64') };
    const world = await seedWorld();
    assert.deepEqual(await world.apply({ 'a.yaml': seed }, { env }), ['seed: secret app/cert: created']);
    const value = async () => world.api.call('secretsmanager', 'GetSecretValue', { SecretId: 'app/cert' }, R);
    assert.deepEqual(Buffer.from((await value()).SecretBinary as Uint8Array), bytes);
    const before = writes(world).length;
    assert.deepEqual(await world.apply({ 'a.yaml': seed }, { env }), []);
    assert.equal(writes(world).length, before, 'no write on the second start');

    // The same bytes as a string are not the value: a string is not its bytes.
    await world.api.call('secretsmanager', 'PutSecretValue', { SecretId: 'app/cert', SecretString: bytes.toString('latin1'), ClientRequestToken: 'c0ffee00-0000-4000-8000-000000000003' }, R);
    const lines = await world.apply({ 'a.yaml': seed }, { env });
    assert.match(lines.join('\n'), /^seed: secret app\/cert: value differs, new version [0-9a-f-]{36}$/);
    const current = await value();
    assert.deepEqual([Buffer.from(current.SecretBinary as Uint8Array), current.SecretString], [bytes, undefined]);
    assert.ok(!JSON.stringify(world.events).includes(env.CERT), 'the value is never in an audit event');
  });
});
