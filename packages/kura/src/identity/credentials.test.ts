import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { accessKeyAad, sessionTokenHash } from '../crypto/credential-secrets.js';
import { createKeyring } from '../crypto/keyring.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import { CredentialsRejected, createIdentityResolver } from './credentials.js';
import { createPolicyResolver } from './principal-policies.js';

const ACCOUNT = '123456789012';
const issued = new Date('2026-01-01T00:00:00Z');
const expires = new Date('2026-01-01T01:00:00Z');

async function setup() {
  const store = openSqliteStore({ path: ':memory:' });
  const keyring = createKeyring(randomBytes(32));
  await store.accessKeys.save({
    accessKeyId: 'AKIAUSER0000000000001',
    accountId: ACCOUNT,
    principalArn: `arn:aws:iam::${ACCOUNT}:user/alice`,
    principalId: 'AIDAALICE',
    secretCiphertext: keyring.wrap('wrap-access-key', Buffer.from('alice-secret'), accessKeyAad('AKIAUSER0000000000001')),
    status: 'Active',
    createDate: issued,
  });
  await store.sessions.save({
    accessKeyId: 'ASIASESSION000000001',
    accountId: ACCOUNT,
    secretCiphertext: keyring.wrap('wrap-access-key', Buffer.from('session-secret'), accessKeyAad('ASIASESSION000000001')),
    sessionTokenHash: sessionTokenHash('the-token'),
    kind: 'assumed-role',
    principalArn: `arn:aws:sts::${ACCOUNT}:assumed-role/app/task`,
    principalId: 'AROAAPP:task',
    roleArn: `arn:aws:iam::${ACCOUNT}:role/app`,
    roleName: 'app',
    sessionName: 'task',
    sourcePrincipalArn: `arn:aws:iam::${ACCOUNT}:user/alice`,
    sessionPolicy: null,
    sessionPolicyArns: [],
    sourceIdentity: null,
    tags: [],
    chained: false,
    issuedAt: issued,
    expiration: expires,
  });
  return { store, keyring, resolve: createIdentityResolver({ store, keyring }) };
}

const failsAs = (kind: CredentialsRejected['kind']) => (error: unknown) => error instanceof CredentialsRejected && error.kind === kind;

describe('identity resolution', () => {
  test('a session with its token, before expiry, acts as the role session', async () => {
    const { store, resolve } = await setup();
    const identity = await resolve('ASIASESSION000000001', 'the-token', new Date(expires.getTime() - 1000));
    assert.equal(identity?.secretAccessKey, 'session-secret');
    assert.deepEqual([identity?.principal.kind, identity?.principal.roleArn, identity?.principal.arn], [
      'assumed-role',
      `arn:aws:iam::${ACCOUNT}:role/app`,
      `arn:aws:sts::${ACCOUNT}:assumed-role/app/task`,
    ]);
    await store.close();
  });

  test('session credentials are refused from the second they expire, with ExpiredToken', async () => {
    const { store, resolve } = await setup();
    await assert.rejects(resolve('ASIASESSION000000001', 'the-token', expires), failsAs('expired-token'));
    await assert.rejects(resolve('ASIASESSION000000001', 'the-token', new Date(expires.getTime() + 1000)), failsAs('expired-token'));
    await store.close();
  });

  test('a missing or wrong session token is an invalid token', async () => {
    const { store, resolve } = await setup();
    await assert.rejects(resolve('ASIASESSION000000001', undefined, issued), failsAs('invalid-token'));
    await assert.rejects(resolve('ASIASESSION000000001', 'the-tokem', issued), failsAs('invalid-token'));
    await store.close();
  });

  test('a long-term key presented with a session token is refused; unknown keys resolve to nothing', async () => {
    const { store, resolve } = await setup();
    assert.equal((await resolve('AKIAUSER0000000000001', undefined, issued))?.secretAccessKey, 'alice-secret');
    await assert.rejects(resolve('AKIAUSER0000000000001', 'the-token', issued), failsAs('invalid-token'));
    assert.equal(await resolve('AKIANOBODY', undefined, issued), undefined);
    await store.close();
  });

  test('a long-term key and the --dev pair stand for their user’s unique id, not only its name', async () => {
    const { store, keyring } = await setup();
    const devPrincipal = { arn: `arn:aws:iam::${ACCOUNT}:user/admin`, accountId: ACCOUNT, userId: 'AIDAADMIN' };
    const resolve = createIdentityResolver({ store, keyring, devCredentials: { accessKeyId: 'test', secretAccessKey: 'test', principal: devPrincipal } });
    assert.deepEqual((await resolve('test', undefined, issued))?.subject, { kind: 'user', userName: 'admin', userId: 'AIDAADMIN' });
    const key = await resolve('AKIAUSER0000000000001', undefined, issued);
    assert.deepEqual(key?.subject, { kind: 'user', userName: 'alice', userId: 'AIDAALICE' });
    // Another user called alice (deleted and created again: a new id) is not the key's owner.
    const user = { accountId: ACCOUNT, name: 'alice', path: '/', arn: `arn:aws:iam::${ACCOUNT}:user/alice`, createDate: issued, permissionsBoundary: null, tags: [] };
    await store.principals.createUser({ ...user, id: 'AIDAANOTHERALICE' });
    await store.policies.attachPolicy(ACCOUNT, 'user', 'alice', 'arn:aws:iam::aws:policy/AdministratorAccess', 10);
    assert.ok(key);
    assert.deepEqual(await createPolicyResolver(store)(key), { identity: [], principalGone: true });
    await store.close();
  });
});
