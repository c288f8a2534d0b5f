import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { createKeyring } from '../crypto/keyring.js';
import { bootstrapAdmin } from '../identity/bootstrap-admin.js';
import { createIdentityResolver } from '../identity/credentials.js';
import { createKmsDomain } from '../services/kms/domain.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import { rotateDataDir, RotationError } from './rotate-master-key.js';

const scope = { accountId: '123456789012', region: 'us-east-1' };
const context = { PARAMETER_ARN: 'arn:aws:ssm:us-east-1:123456789012:parameter/x' };

async function seed(dataDir: string, master: Buffer) {
  const store = openSqliteStore({ path: path.join(dataDir, 'kura.db') });
  const keyring = createKeyring(master);
  const kms = createKmsDomain({ keys: store.keys, keyring, now: () => new Date() });
  const blobs = [];
  for (const region of ['us-east-1', 'eu-west-1']) blobs.push({ region, blob: (await kms.encrypt({ ...scope, region }, 'alias/aws/ssm', Buffer.from(`v-${region}`), context)).blob });
  await bootstrapAdmin({ store, keyring, accountId: scope.accountId, given: { accessKeyId: 'AKIAROTATE', secretAccessKey: 'rotate-secret' }, envFile: path.join(dataDir, 'admin.env'), now: new Date() });
  await store.close();
  return blobs;
}

async function readsWith(dataDir: string, master: Buffer, blobs: Array<{ region: string; blob: Buffer }>) {
  const store = openSqliteStore({ path: path.join(dataDir, 'kura.db') });
  const keyring = createKeyring(master);
  try {
    const kms = createKmsDomain({ keys: store.keys, keyring, now: () => new Date() });
    const values = [];
    for (const { region, blob } of blobs) values.push((await kms.decrypt({ ...scope, region }, blob, context)).plaintext.toString());
    const admin = await createIdentityResolver({ store, keyring })('AKIAROTATE', undefined, new Date());
    return { values, secret: admin?.secretAccessKey };
  } finally {
    await store.close();
  }
}

describe('master-key rotation', () => {
  test('re-wraps key material and access keys: old ciphertexts decrypt under the new key, not the old', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kura-rotate-'));
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const blobs = await seed(dir, oldKey);
    const report = await rotateDataDir(dir, oldKey, newKey);
    assert.deepEqual(report, { materials: { rewrapped: 2, alreadyNew: 0 }, accessKeys: { rewrapped: 1, alreadyNew: 0 } });
    assert.deepEqual(await readsWith(dir, newKey, blobs), { values: ['v-us-east-1', 'v-eu-west-1'], secret: 'rotate-secret' });
    await assert.rejects(readsWith(dir, oldKey, blobs));
  });

  test('can run again after an interruption, and refuses a wrong current key', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kura-rotate-'));
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    await seed(dir, oldKey);
    await rotateDataDir(dir, oldKey, newKey);
    const again = await rotateDataDir(dir, oldKey, newKey);
    assert.deepEqual(again, { materials: { rewrapped: 0, alreadyNew: 2 }, accessKeys: { rewrapped: 0, alreadyNew: 1 } });
    await assert.rejects(rotateDataDir(dir, randomBytes(32), randomBytes(32)), RotationError);
    await assert.rejects(rotateDataDir(dir, newKey, newKey), /current one/);
  });
});
