import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { seedWorld } from './testing/seed-kit.js';

const KEY_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const SEED = `kms:
  keys:
    - keyId: ${KEY_ID}
      description: app key
      aliases: [alias/app]
      tags: {team: payments}
ssm:
  parameters:
    - {name: /app/db/host, type: String, value: db.internal, description: the host}
    - {name: /app/db/password, type: SecureString, keyId: alias/app, valueFromEnv: DB_PASSWORD, tags: {secret: "yes"}}
    - {name: /app/db/hosts, type: StringList, value: [a, b]}
`;
const ENV = { DB_PASSWORD: 's3cret' };

describe('applying KMS keys and parameters', () => {
  test('creates what is declared, through the operations: the key with its id, the alias, the SecureString under that key', async () => {
    const world = await seedWorld();
    const lines = await world.apply({ 'seed.yaml': SEED }, { env: ENV });
    assert.deepEqual(lines, [
      `seed: KMS key ${KEY_ID}: created`,
      `seed: alias/app: created, names KMS key ${KEY_ID}`,
      'seed: /app/db/host: created (version 1)',
      'seed: /app/db/password: created (version 1)',
      'seed: /app/db/hosts: created (version 1)',
    ]);
    const got = await world.api.call('ssm', 'GetParameter', { Name: '/app/db/password', WithDecryption: true }, 'us-east-1');
    assert.equal((got.Parameter as { Value: string }).Value, 's3cret');
    const described = await world.api.call('ssm', 'DescribeParameters', {}, 'us-east-1');
    assert.deepEqual(
      (described.Parameters as Array<{ Name: string; KeyId?: string }>).map((p) => [p.Name, p.KeyId]),
      [['/app/db/host', undefined], ['/app/db/hosts', undefined], ['/app/db/password', 'alias/app']],
    );
    const key = await world.api.call('kms', 'DescribeKey', { KeyId: 'alias/app' }, 'us-east-1');
    assert.deepEqual([(key.KeyMetadata as { KeyId: string }).KeyId, (key.KeyMetadata as { Description: string }).Description], [KEY_ID, 'app key']);
    // The SecureString is KMS ciphertext under the seeded key, as `aws kms decrypt` opens it.
    const stored = await world.api.call('ssm', 'GetParameter', { Name: '/app/db/password' }, 'us-east-1');
    const blob = Buffer.from((stored.Parameter as { Value: string }).Value, 'base64');
    const opened = await world.api.call('kms', 'Decrypt', { CiphertextBlob: blob, EncryptionContext: { PARAMETER_ARN: 'arn:aws:ssm:us-east-1:000000000000:parameter/app/db/password' } }, 'us-east-1');
    assert.deepEqual([opened.KeyId, Buffer.from(opened.Plaintext as Buffer).toString()], [`arn:aws:kms:us-east-1:000000000000:key/${KEY_ID}`, 's3cret']);
    // Each write is one audit event, as the administrator, by the seed.
    const put = world.events.find((e) => e.eventName === 'PutParameter');
    assert.deepEqual([put?.userIdentity.arn, put?.userAgent, put?.additionalEventData.replica], ['arn:aws:iam::000000000000:user/admin', 'kura-seed', 'test-replica']);
    assert.ok(world.events.some((e) => e.eventName === 'CreateKey' && e.eventSource === 'kms.amazonaws.com'));
    // Its input is the event's requestParameters, as a request's: the value hidden.
    const secure = world.events.find((e) => e.eventName === 'PutParameter' && e.requestParameters?.['name'] === '/app/db/password');
    assert.deepEqual(secure?.requestParameters, { name: '/app/db/password', value: 'HIDDEN_DUE_TO_SECURITY_REASONS', type: 'SecureString', keyId: 'alias/app', tags: [{ key: 'secret', value: 'yes' }] });
    assert.ok(!JSON.stringify(world.events).includes('s3cret'));
  });

  test('applied again, it changes nothing and reports nothing', async () => {
    const world = await seedWorld();
    await world.apply({ 'seed.yaml': SEED }, { env: ENV });
    const writes = () => world.events.filter((e) => e.readOnly === false).length;
    const before = writes();
    assert.deepEqual(await world.apply({ 'seed.yaml': SEED }, { env: ENV }), []);
    assert.equal(writes(), before, 'no write on the second start');
  });

  test('drift is reported by name and corrected; what the seed does not name stays', async () => {
    const world = await seedWorld();
    await world.apply({ 'seed.yaml': SEED }, { env: ENV });
    const call = (operation: string, input: Record<string, unknown>) => world.api.call(operation.startsWith('Put') || operation.startsWith('Get') || operation.startsWith('Add') ? 'ssm' : 'kms', operation, input, 'us-east-1');
    await call('PutParameter', { Name: '/app/db/password', Value: 'changed', Type: 'SecureString', Overwrite: true });
    await call('PutParameter', { Name: '/app/db/password', Value: 'changed again', Type: 'SecureString', Overwrite: true, KeyId: 'alias/aws/ssm' });
    await call('PutParameter', { Name: '/app/db/host', Value: 'db.internal', Type: 'String', Overwrite: true, Description: 'edited' });
    await call('PutParameter', { Name: '/app/extra', Value: 'mine', Type: 'String' });
    await call('AddTagsToResource', { ResourceType: 'Parameter', ResourceId: '/app/db/password', Tags: [{ Key: 'secret', Value: 'no' }, { Key: 'owner', Value: 'me' }] });
    await call('UpdateKeyDescription', { KeyId: KEY_ID, Description: 'edited' });
    await call('DisableKey', { KeyId: KEY_ID });
    const lines = await world.apply({ 'seed.yaml': SEED }, { env: ENV });
    assert.deepEqual(lines, [
      `seed: KMS key ${KEY_ID}: description and state differ, updated`,
      'seed: /app/db/host: description differs, new version 3',
      'seed: /app/db/password: value and key differ, new version 4',
      'seed: /app/db/password: tags differ (secret), updated',
    ]);
    const value = await call('GetParameter', { Name: '/app/db/password', WithDecryption: true });
    assert.equal((value.Parameter as { Value: string }).Value, 's3cret');
    assert.equal(((await call('GetParameter', { Name: '/app/extra' })).Parameter as { Value: string }).Value, 'mine', 'a parameter the seed does not name stays');
    // A seeded key is enabled unless the seed says `enabled: false`.
    assert.equal(((await call('DescribeKey', { KeyId: KEY_ID })).KeyMetadata as { KeyState: string }).KeyState, 'Enabled');
    assert.deepEqual(await world.apply({ 'seed.yaml': SEED }, { env: ENV }), [], 'and then it matches');
  });

  test('a key scheduled for deletion is kept and enabled again', async () => {
    const world = await seedWorld();
    const seed = `kms:\n  keys:\n    - {keyId: ${KEY_ID}}\n`;
    await world.apply({ 'a.yaml': seed });
    await world.api.call('kms', 'ScheduleKeyDeletion', { KeyId: KEY_ID, PendingWindowInDays: 7 }, 'us-east-1');
    assert.deepEqual(await world.apply({ 'a.yaml': seed }), [`seed: KMS key ${KEY_ID}: was scheduled for deletion, deletion cancelled`, `seed: KMS key ${KEY_ID}: state differs, updated`]);
    assert.equal(((await world.api.call('kms', 'DescribeKey', { KeyId: KEY_ID }, 'us-east-1')).KeyMetadata as { KeyState: string }).KeyState, 'Enabled');
  });

  test('fixed material (--dev) gives ciphertexts another server with the same seed opens; other material is refused', async () => {
    const material = Buffer.alloc(32, 9).toString('base64');
    const seed = `kms:\n  keys:\n    - {keyId: ${KEY_ID}, material: "${material}"}\n`;
    const one = await seedWorld();
    await one.apply({ 'a.yaml': seed }, { dev: true });
    const sealed = await one.api.call('kms', 'Encrypt', { KeyId: KEY_ID, Plaintext: Buffer.from('hello') }, 'us-east-1');
    const two = await seedWorld();
    await two.apply({ 'a.yaml': seed }, { dev: true });
    const opened = await two.api.call('kms', 'Decrypt', { CiphertextBlob: sealed.CiphertextBlob }, 'us-east-1');
    assert.equal(Buffer.from(opened.Plaintext as Buffer).toString(), 'hello');
    await assert.rejects(two.apply({ 'a.yaml': seed.replace(material, Buffer.alloc(32, 1).toString('base64')) }, { dev: true }), {
      message: `the seed cannot be applied: a.yaml: kms.keys[0].material: KMS key ${KEY_ID} exists with other material, which cannot change (its ciphertexts depend on it); start from an empty data directory or POST /_kura/reset`,
    });
  });

  test('an alias that names another key is moved to the seed\'s key', async () => {
    const world = await seedWorld();
    await world.apply({ 'a.yaml': SEED }, { env: ENV });
    const other = ((await world.api.call('kms', 'CreateKey', {}, 'us-east-1')).KeyMetadata as { KeyId: string }).KeyId;
    await world.api.call('kms', 'UpdateAlias', { AliasName: 'alias/app', TargetKeyId: other }, 'us-east-1');
    const lines = await world.apply({ 'a.yaml': SEED }, { env: ENV });
    assert.deepEqual(lines, [`seed: alias/app: named KMS key ${other}, now names ${KEY_ID}`]);
  });

  test('two servers applying one seed at once on one store do not conflict', async () => {
    const world = await seedWorld();
    await Promise.all([world.apply({ 'a.yaml': SEED }, { env: ENV }), world.apply({ 'a.yaml': SEED }, { env: ENV })]);
    assert.deepEqual(await world.apply({ 'a.yaml': SEED }, { env: ENV }), []);
    const history = await world.api.call('ssm', 'GetParameterHistory', { Name: '/app/db/host' }, 'us-east-1');
    assert.equal((history.Parameters as unknown[]).length, 1, 'created once');
  });
});
