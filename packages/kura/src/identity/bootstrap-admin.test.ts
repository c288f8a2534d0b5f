import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { createKeyring } from '../crypto/keyring.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import { bootstrapAdmin, type AdminKeyPair } from './bootstrap-admin.js';

const ACCOUNT = '123456789012';
const now = new Date('2026-01-01T00:00:00Z');
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Start-up as serve.ts does it: the key, then the IAM user it stands for. */
async function startUp(store: ReturnType<typeof openSqliteStore>, given?: AdminKeyPair) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kura-admin-'));
  dirs.push(dataDir);
  return bootstrapAdmin({ store, keyring: createKeyring(randomBytes(32)), accountId: ACCOUNT, given, envFile: path.join(dataDir, 'admin.env'), now });
}

const userId = async (store: ReturnType<typeof openSqliteStore>) => (await store.principals.getUser(ACCOUNT, 'admin'))?.id;
const keyIds = async (store: ReturnType<typeof openSqliteStore>) =>
  (await store.accessKeys.listForPrincipal(`arn:aws:iam::${ACCOUNT}:user/admin`)).map((k) => k.principalId);

describe('the bootstrap administrator’s key stands for the admin user’s unique id', () => {
  test('a first start binds the generated key and the new user to one id', async () => {
    const store = openSqliteStore({ path: ':memory:' });
    const admin = await startUp(store);
    assert.match(admin.principalId, /^AIDA[A-Z2-7]{17}$/);
    assert.equal(await userId(store), admin.principalId);
    assert.deepEqual(await keyIds(store), [admin.principalId]);
    await store.close();
  });

  test('a key made again for an existing admin user is bound to that user', async () => {
    const store = openSqliteStore({ path: ':memory:' });
    const first = await startUp(store);
    // The administrator deleted its own key through IAM; the user stays.
    await store.accessKeys.delete(first.accessKeyId);
    for (const given of [undefined, { accessKeyId: 'AKIAFROMENV000000001', secretAccessKey: 'env-secret' }]) {
      const again = await startUp(store, given);
      assert.equal(again.principalId, first.principalId);
      assert.deepEqual(await keyIds(store), [first.principalId]);
    }
    await store.close();
  });

  test('a stored key bound to another id than the user’s (left by earlier versions) is bound to the user', async () => {
    const store = openSqliteStore({ path: ':memory:' });
    const first = await startUp(store);
    const key = await store.accessKeys.find(first.accessKeyId);
    assert.ok(key);
    await store.accessKeys.save({ ...key, principalId: 'AIDASTALEKEYID0000001' });
    const again = await startUp(store);
    assert.deepEqual([again.accessKeyId, again.principalId], [first.accessKeyId, first.principalId]);
    assert.deepEqual(await keyIds(store), [first.principalId]);
    await store.close();
  });

  test('replicas starting at the same moment on an empty store end with their keys bound to the one user', async () => {
    const given = { accessKeyId: 'AKIASAMEONEVERYREPLI', secretAccessKey: 'same-secret-on-every-replica' };
    for (let round = 0; round < 20; round++) {
      const store = openSqliteStore({ path: ':memory:' });
      // Each picks an id while no user exists; one of them creates the user first.
      const started = await Promise.all([startUp(store, given), startUp(store, given), startUp(store, given)]);
      const id = await userId(store);
      assert.deepEqual(await keyIds(store), [id], `round ${round}: the key stands for the user there is`);
      assert.deepEqual(started.map((a) => a.principalId), [id, id, id]);
      await store.close();
    }
  });
});

describe('the bootstrap administrator’s key pair and user', () => {
  const arns = async (store: ReturnType<typeof openSqliteStore>) => (await store.policies.attachedPolicies(ACCOUNT, 'user', 'admin'))?.map((p) => p.policyArn);
  const keys = async (store: ReturnType<typeof openSqliteStore>) =>
    (await store.accessKeys.listForPrincipal(`arn:aws:iam::${ACCOUNT}:user/admin`)).map((k) => k.accessKeyId);

  test('a first start generates a pair, writes it owner-only to the env file, and makes user/admin with AdministratorAccess', async () => {
    const store = openSqliteStore({ path: ':memory:' });
    const admin = await startUp(store);
    assert.equal(admin.source, 'generated');
    assert.equal(statSync(admin.envFile).mode & 0o777, 0o600);
    assert.match(readFileSync(admin.envFile, 'utf8'), new RegExp(`^AWS_ACCESS_KEY_ID=${admin.accessKeyId}\nAWS_SECRET_ACCESS_KEY=[A-Za-z0-9+/=]{40}\n$`));
    assert.equal(admin.principalArn, `arn:aws:iam::${ACCOUNT}:user/admin`);
    assert.deepEqual(await arns(store), ['arn:aws:iam::aws:policy/AdministratorAccess']);
    await store.close();
  });

  test('a later start keeps the stored key and leaves the user’s policies as an operator set them', async () => {
    const store = openSqliteStore({ path: ':memory:' });
    const first = await startUp(store);
    await store.policies.detachPolicy(ACCOUNT, 'user', 'admin', 'arn:aws:iam::aws:policy/AdministratorAccess');
    const again = await startUp(store);
    assert.deepEqual([again.source, again.accessKeyId], ['stored', first.accessKeyId]);
    assert.deepEqual(await arns(store), []);
    await store.close();
  });

  test('a given pair becomes the only administrator key', async () => {
    const store = openSqliteStore({ path: ':memory:' });
    await startUp(store);
    const given = await startUp(store, { accessKeyId: 'AKIAFROMENV000000001', secretAccessKey: 'env-secret' });
    assert.deepEqual([given.source, given.accessKeyId], ['environment', 'AKIAFROMENV000000001']);
    assert.deepEqual(await keys(store), ['AKIAFROMENV000000001']);
    await store.close();
  });
});
