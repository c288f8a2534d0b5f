import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { createKeyring } from '../crypto/keyring.js';
import { ensureBootstrapAdmin } from '../services/iam/bootstrap-admin.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import { bootstrapAdmin } from './admin.js';

const ACCOUNT = '123456789012';
const now = new Date('2026-01-01T00:00:00Z');
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Start-up as serve.ts does it: the key, then the IAM user it stands for. */
async function startUp(store: ReturnType<typeof openSqliteStore>, env: NodeJS.ProcessEnv = {}) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kura-admin-'));
  dirs.push(dataDir);
  const admin = await bootstrapAdmin({ store, keyring: createKeyring(randomBytes(32)), accountId: ACCOUNT, dataDir, env, now });
  await ensureBootstrapAdmin(store, { accountId: ACCOUNT, userId: admin.principalId, now });
  return admin;
}

const userId = async (store: ReturnType<typeof openSqliteStore>) => (await store.identities.getUser(ACCOUNT, 'admin'))?.id;
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
    for (const env of [{}, { KURA_ADMIN_ACCESS_KEY_ID: 'AKIAFROMENV000000001', KURA_ADMIN_SECRET_ACCESS_KEY: 'env-secret' }]) {
      const again = await startUp(store, env);
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
});
