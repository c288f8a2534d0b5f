import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { accessKeyAad, sessionTokenHash } from '../crypto/credential-secrets.js';
import { createKeyring } from '../crypto/keyring.js';
import { bootstrapAdmin } from '../identity/bootstrap-admin.js';
import { createIdentityResolver } from '../identity/credentials.js';
import { createKmsDomain } from '../services/kms/domain.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import { session } from '../store/testing/contract/iam-fixtures.js';
import { masterKeyCheck } from './master-key.js';
import { rotateStore, RotationError } from './rotate-master-key.js';

const scope = { accountId: '123456789012', region: 'us-east-1' };
const context = { PARAMETER_ARN: 'arn:aws:ssm:us-east-1:123456789012:parameter/x' };
const SESSION = { accessKeyId: 'ASIAROTATE', token: 'rotate-session-token', secret: 'rotate-session-secret' };
const MAIN = fileURLToPath(new URL('../cli/main.ts', import.meta.url));
const rotateDataDir = (dataDir: string, oldKey: Buffer, newKey: Buffer) => rotateStore({ dataDir }, oldKey, newKey);

async function seed(dataDir: string, master: Buffer) {
  const store = openSqliteStore({ path: path.join(dataDir, 'kura.db') });
  const keyring = createKeyring(master);
  const kms = createKmsDomain({ keys: store.keys, keyring, now: () => new Date() });
  const blobs = [];
  for (const region of ['us-east-1', 'eu-west-1']) blobs.push({ region, blob: (await kms.encrypt({ ...scope, region }, 'alias/aws/ssm', Buffer.from(`v-${region}`), context)).blob });
  await bootstrapAdmin({ store, keyring, accountId: scope.accountId, given: { accessKeyId: 'AKIAROTATE', secretAccessKey: 'rotate-secret' }, envFile: path.join(dataDir, 'admin.env'), now: new Date() });
  await store.sessions.save(
    session(SESSION.accessKeyId, {
      secretCiphertext: keyring.wrap('wrap-access-key', Buffer.from(SESSION.secret), accessKeyAad(SESSION.accessKeyId)),
      sessionTokenHash: sessionTokenHash(SESSION.token),
      issuedAt: new Date(),
      expiration: new Date(Date.now() + 3_600_000),
    }),
  );
  await store.close();
  return blobs;
}

/** What the store gives with `master`: the values KMS decrypts, the administrator's secret and (unless told not to) the session's. */
async function readsWith(dataDir: string, master: Buffer, blobs: Array<{ region: string; blob: Buffer }>, options = { session: true }) {
  const store = openSqliteStore({ path: path.join(dataDir, 'kura.db') });
  const keyring = createKeyring(master);
  try {
    const kms = createKmsDomain({ keys: store.keys, keyring, now: () => new Date() });
    const values = [];
    for (const { region, blob } of blobs) values.push((await kms.decrypt({ ...scope, region }, blob, context)).plaintext.toString());
    const resolve = createIdentityResolver({ store, keyring });
    const admin = await resolve('AKIAROTATE', undefined, new Date());
    const viaSession = options.session ? await resolve(SESSION.accessKeyId, SESSION.token, new Date()) : undefined;
    return { values, secret: admin?.secretAccessKey, sessionSecret: viaSession?.secretAccessKey };
  } finally {
    await store.close();
  }
}

describe('master-key rotation', () => {
  test('re-wraps key material, access keys and STS sessions: old ciphertexts decrypt under the new key, not the old', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kura-rotate-'));
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const blobs = await seed(dir, oldKey);
    const report = await rotateDataDir(dir, oldKey, newKey);
    assert.deepEqual(report, { materials: { rewrapped: 2, alreadyNew: 0 }, accessKeys: { rewrapped: 1, alreadyNew: 0 }, sessions: { rewrapped: 1, alreadyNew: 0 } });
    assert.deepEqual(await readsWith(dir, newKey, blobs), { values: ['v-us-east-1', 'v-eu-west-1'], secret: 'rotate-secret', sessionSecret: SESSION.secret });
    await assert.rejects(readsWith(dir, oldKey, blobs));
  });

  test('can run again to the same new key, finding it done, and refuses a wrong current key', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kura-rotate-'));
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    await seed(dir, oldKey);
    await rotateDataDir(dir, oldKey, newKey);
    const again = await rotateDataDir(dir, oldKey, newKey);
    assert.deepEqual(again, { materials: { rewrapped: 0, alreadyNew: 2 }, accessKeys: { rewrapped: 0, alreadyNew: 1 }, sessions: { rewrapped: 0, alreadyNew: 1 } });
    await assert.rejects(rotateDataDir(dir, randomBytes(32), randomBytes(32)), RotationError);
    await assert.rejects(rotateDataDir(dir, newKey, newKey), /current one/);
  });

  test("replaces the check value the store recorded: a server with the new key is let in, one with the old key is not", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kura-rotate-'));
    const [oldKey, newKey] = [randomBytes(32), randomBytes(32)];
    await seed(dir, oldKey);
    const checkWith = async (key: Buffer) => {
      const store = openSqliteStore({ path: path.join(dir, 'kura.db') });
      try {
        return await store.meta.checkMasterKey(masterKeyCheck(createKeyring(key)));
      } finally {
        await store.close();
      }
    };
    assert.equal(await checkWith(oldKey), 'recorded', 'as a first start does');
    await rotateDataDir(dir, oldKey, newKey);
    assert.equal(await checkWith(newKey), 'matches');
    assert.equal(await checkWith(oldKey), 'differs');
    await assert.rejects(rotateDataDir(dir, randomBytes(32), randomBytes(32)), /written with another master key than the one given as current/);
  });

  test('is one transaction: a record that opens under neither key leaves every record and the check value as they were', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kura-rotate-'));
    const [oldKey, newKey] = [randomBytes(32), randomBytes(32)];
    const blobs = await seed(dir, oldKey);
    const store = openSqliteStore({ path: path.join(dir, 'kura.db') });
    try {
      assert.equal(await store.meta.checkMasterKey(masterKeyCheck(createKeyring(oldKey))), 'recorded');
      // A session is re-wrapped last: key material and the access key were re-wrapped before it failed.
      const garbled = { ...(await store.sessions.find(SESSION.accessKeyId))!, secretCiphertext: randomBytes(60) };
      await store.sessions.save(garbled);
    } finally {
      await store.close();
    }
    await assert.rejects(rotateDataDir(dir, oldKey, newKey), /STS session ASIAROTATE opens under neither the current nor the new master key/);
    const after = openSqliteStore({ path: path.join(dir, 'kura.db') });
    try {
      assert.equal(await after.meta.checkMasterKey(masterKeyCheck(createKeyring(oldKey))), 'matches');
    } finally {
      await after.close();
    }
    assert.deepEqual(await readsWith(dir, oldKey, blobs, { session: false }), { values: ['v-us-east-1', 'v-eu-west-1'], secret: 'rotate-secret', sessionSecret: undefined });
  });

  test('kura rotate-master-key --generate replaces <data>/master.key once the store is under the new key, and prints no key', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kura-rotate-'));
    const oldKey = randomBytes(32);
    const keyFile = path.join(dir, 'master.key');
    writeFileSync(keyFile, `${oldKey.toString('base64')}\n`, { mode: 0o600 });
    const blobs = await seed(dir, oldKey);
    const run = spawnSync(process.execPath, ['--import', 'tsx', MAIN, 'rotate-master-key', '--data', dir, '--generate'], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(run.status, 0, run.stderr);
    const newKey = Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64');
    assert.equal(newKey.length, 32);
    assert.ok(!newKey.equals(oldKey));
    assert.equal(existsSync(path.join(dir, 'master.key.new')), false, 'moved into place');
    assert.equal(run.stdout, [
      're-wrapped 2 key materials, 1 access keys and 1 STS sessions (0 were already under the new key)',
      `the store in ${dir} is under the new master key`,
      `the new master key replaced ${keyFile}; back it up apart from the data`,
      '',
    ].join('\n'));
    for (const key of [oldKey, newKey]) assert.ok(!run.stdout.includes(key.toString('base64')) && !run.stderr.includes(key.toString('base64')));
    assert.deepEqual(await readsWith(dir, newKey, blobs), { values: ['v-us-east-1', 'v-eu-west-1'], secret: 'rotate-secret', sessionSecret: SESSION.secret });
  });
});
