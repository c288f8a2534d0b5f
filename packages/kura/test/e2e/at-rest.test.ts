// Nothing in plaintext at rest: canary values written through the API (SecureStrings, KMS
// plaintexts and data keys, Secrets Manager values) never appear in any file under
// the data directory (database, WAL, shared memory, journals), nor in the logs; on PostgreSQL
// (KURA_E2E_STORE=postgres), nor in any row of the database, read back with pg_dump. The master key
// itself is never in the store either.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { CreateKeyCommand, EncryptCommand, GenerateDataKeyCommand, KMSClient, ReEncryptCommand } from '@aws-sdk/client-kms';
import { CreateSecretCommand, GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient, UpdateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { startKura, type RunningKura } from './harness.js';
import { onPostgres, storeContents } from './store.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/** The forms a value could take on disk: raw UTF-8, UTF-16, base64, hex. */
function needles(secret: Buffer): Buffer[] {
  return [secret, Buffer.from(secret.toString('utf8'), 'utf16le'), Buffer.from(secret.toString('base64')), Buffer.from(secret.toString('hex'))];
}

/** Whether the store holds the value in any of the forms `needles` lists. */
async function storeHolds(kura: RunningKura, value: Buffer): Promise<boolean> {
  const store = await storeContents(kura.dataDir);
  return store.some(({ bytes }) => needles(value).some((needle) => bytes.includes(needle)));
}

async function assertNowhere(kura: RunningKura, secrets: Buffer[], skip: string[] = []) {
  const files = filesUnder(kura.dataDir).filter((f) => !skip.includes(path.basename(f)));
  const store = await storeContents(kura.dataDir);
  if (!onPostgres) assert.ok(files.some((f) => f.endsWith('kura.db')), 'the database file is scanned');
  assert.ok(store.length > 0 && store.every(({ bytes }) => bytes.length > 0), 'the store is scanned');
  const blobs = [
    ...files.filter((f) => !store.some((s) => s.where === f)).map((f) => ({ where: f, bytes: readFileSync(f) })),
    ...store,
    { where: 'stdout', bytes: Buffer.from(kura.stdout()) },
    { where: 'stderr', bytes: Buffer.from(kura.stderr()) },
  ];
  for (const secret of secrets) {
    for (const needle of needles(secret)) {
      for (const { where, bytes } of blobs) assert.equal(bytes.indexOf(needle), -1, `a canary was found in ${where}`);
    }
  }
  // The key that unwraps everything lives in master.key (or the environment), never beside what it protects.
  const masterKey = Buffer.from(readFileSync(path.join(kura.dataDir, 'master.key'), 'utf8').trim(), 'base64');
  assert.equal(masterKey.length, 32);
  assert.equal(await storeHolds(kura, masterKey), false, 'the master key is not in the store');
}

describe('nothing in plaintext at rest', () => {
  let kura: RunningKura;
  const canaries = Array.from({ length: 5 }, () => `canary-${randomBytes(12).toString('hex')}`);
  before(async () => {
    kura = await startKura({ args: ['--log-level', 'debug'], keepDataDir: true });
  });
  after(async () => {
    await kura.stop();
    rmSync(kura.dataDir, { recursive: true, force: true });
  });

  test('SecureString values, old versions included, and the admin secret are never stored in the clear', async () => {
    const ssm = new SSMClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials });
    for (const [i, canary] of canaries.entries()) {
      await ssm.send(new PutParameterCommand({ Name: `/canary/${i}`, Value: canary, Type: 'SecureString' }));
      await ssm.send(new PutParameterCommand({ Name: '/canary/versions', Value: canary, Type: 'SecureString', Overwrite: true }));
    }
    // A plain String is stored as it is: finding it proves the scan can see values at all.
    const visible = `visible-${randomBytes(8).toString('hex')}`;
    await ssm.send(new PutParameterCommand({ Name: '/canary/plain', Value: visible, Type: 'String' }));
    // Failed writes carry values too: they must not leak either.
    await assert.rejects(ssm.send(new PutParameterCommand({ Name: '/canary/0', Value: canaries[0], Type: 'SecureString' })));
    await assert.rejects(ssm.send(new PutParameterCommand({ Name: '/canary/p', Value: canaries[1], Type: 'SecureString', AllowedPattern: '^x$' })));
    const back = await ssm.send(new GetParameterCommand({ Name: '/canary/versions', WithDecryption: true }));
    assert.equal(back.Parameter?.Value, canaries.at(-1));
    ssm.destroy();
    // While running (WAL not yet checkpointed) and after a clean stop (checkpointed into the database).
    await assertNowhere(kura, [...canaries.map((c) => Buffer.from(c)), Buffer.from(kura.credentials.secretAccessKey)]);
    await kura.stop();
    await assertNowhere(kura, [...canaries.map((c) => Buffer.from(c)), Buffer.from(kura.credentials.secretAccessKey)]);
    assert.ok(await storeHolds(kura, Buffer.from(visible)), 'the plain String is found by the same scan');
  });

  test('KMS plaintexts and data keys are never stored or logged', async () => {
    const restarted = await startKura({ args: ['--log-level', 'debug'], dataDir: kura.dataDir, credentials: kura.credentials });
    const kms = new KMSClient({ endpoint: restarted.url, region: restarted.region, credentials: restarted.credentials });
    const key = await kms.send(new CreateKeyCommand({ Description: 'at-rest' }));
    const keyId = key.KeyMetadata?.KeyId;
    const secrets: Buffer[] = [];
    for (let i = 0; i < 3; i += 1) {
      const plaintext = Buffer.from(`kms-canary-${randomBytes(12).toString('hex')}`);
      secrets.push(plaintext);
      const sealed = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext, EncryptionContext: { purpose: 'at-rest' } }));
      await kms.send(new ReEncryptCommand({ CiphertextBlob: sealed.CiphertextBlob, SourceEncryptionContext: { purpose: 'at-rest' }, DestinationKeyId: keyId, DestinationEncryptionContext: { purpose: 'moved' } }));
      const dataKey = await kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256' }));
      secrets.push(Buffer.from(dataKey.Plaintext!));
    }
    kms.destroy();
    await restarted.stop();
    await assertNowhere(restarted, secrets);
  });

  test('Secrets Manager values, every version, string and binary, under the default and a customer key, are never stored or logged', async () => {
    const restarted = await startKura({ args: ['--log-level', 'debug'], dataDir: kura.dataDir, credentials: kura.credentials });
    const sm = new SecretsManagerClient({ endpoint: restarted.url, region: restarted.region, credentials: restarted.credentials });
    const kms = new KMSClient({ endpoint: restarted.url, region: restarted.region, credentials: restarted.credentials });
    const keyId = (await kms.send(new CreateKeyCommand({ Description: 'secrets at rest' }))).KeyMetadata?.KeyId;
    const secrets: Buffer[] = [];
    const canary = () => {
      const value = Buffer.from(`sm-canary-${randomBytes(12).toString('hex')}`);
      secrets.push(value);
      return value;
    };
    await sm.send(new CreateSecretCommand({ Name: 'canary/json', SecretString: JSON.stringify({ password: canary().toString() }) }));
    await sm.send(new CreateSecretCommand({ Name: 'canary/custom', KmsKeyId: keyId, SecretString: canary().toString() }));
    await sm.send(new CreateSecretCommand({ Name: 'canary/binary', SecretBinary: canary() }));
    for (let i = 0; i < 3; i += 1) {
      await sm.send(new PutSecretValueCommand({ SecretId: 'canary/json', SecretString: canary().toString() }));
      await sm.send(new UpdateSecretCommand({ SecretId: 'canary/custom', SecretString: canary().toString() }));
    }
    // A refused write carries a value too (an existing version's token with another value).
    const token = (await sm.send(new GetSecretValueCommand({ SecretId: 'canary/json' }))).VersionId;
    await assert.rejects(sm.send(new PutSecretValueCommand({ SecretId: 'canary/json', SecretString: canary().toString(), ClientRequestToken: token })));
    assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: 'canary/custom' }))).SecretString, secrets.at(-2)?.toString());
    sm.destroy();
    kms.destroy();
    await assertNowhere(restarted, secrets);
    await restarted.stop();
    await assertNowhere(restarted, secrets);
  });
});
