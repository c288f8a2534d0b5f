// The bootstrap administrator: the IAM user `admin` of the served account with AdministratorAccess
// attached, and its access key pair. Being an IAM user, AWS's rules apply to it unchanged: its
// requests are authorized by its policies, it can be named in trust policies, and `iam:GetUser`
// describes it. The pair is the one the operator gave (the server reads it from
// KURA_ADMIN_ACCESS_KEY_ID / KURA_ADMIN_SECRET_ACCESS_KEY), else the one stored, else one generated
// at the first start and written to an env file (mode 0600). The secret is stored only wrapped by
// the keyring.

import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { accessKeyAad } from '../crypto/credential-secrets.js';
import type { Keyring } from '../crypto/keyring.js';
import type { Store } from '../store/store.js';
import { entityArn } from './arns.js';
import { ADMINISTRATOR_ACCESS_ARN } from './aws-managed-policies.js';
import { MAX_ATTACHED_POLICIES } from './quotas.js';

export const ADMIN_USER_NAME = 'admin';

export const adminUserArn = (accountId: string) => entityArn(accountId, 'user', '/', ADMIN_USER_NAME);

export interface AdminKeyPair {
  accessKeyId: string;
  secretAccessKey: string;
}

interface AdminKey {
  accessKeyId: string;
  principalArn: string;
  principalId: string;
}

/** Where the administrator's pair came from; a generated or stored one is in `envFile`. */
export type AdminBootstrap = AdminKey & ({ source: 'environment' } | { source: 'generated' | 'stored'; envFile: string });

export interface AdminBootstrapOptions {
  store: Pick<Store, 'accessKeys' | 'principals' | 'policies'>;
  keyring: Keyring;
  accountId: string;
  /** The pair the operator gave, if any: from now on the administrator's only key. */
  given: AdminKeyPair | undefined;
  /** Where a generated pair is written. */
  envFile: string;
  now: Date;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const randomId = (prefix: string, length: number) =>
  prefix + Array.from(randomBytes(length), (b) => BASE32[b % 32]).join('');

/** Makes sure the administrator's IAM user exists, then settles its key pair, bound to the user's unique id. */
export async function bootstrapAdmin(options: AdminBootstrapOptions): Promise<AdminBootstrap> {
  return adminKeyPair(options);
}

async function adminKeyPair(options: AdminBootstrapOptions): Promise<AdminBootstrap> {
  const { store, keyring, accountId, given } = options;
  const principalArn = adminUserArn(accountId);
  const existing = await store.accessKeys.listForPrincipal(principalArn);
  // A key stands for its user's unique id, not for a name. The administrator's key is bound to the
  // `admin` user there is, if any (ensureAdminUser leaves an existing one as it is); else to the id
  // its keys carry, or a new one, which ensureAdminUser then gives the user it creates.
  const user = await store.principals.getUser(accountId, ADMIN_USER_NAME);
  const candidate = user?.id ?? existing[0]?.principalId ?? randomId('AIDA', 17);
  // The user before the keys: replicas starting at the same moment on an empty store each pick a
  // candidate id, one of them creates the user, and each binds its keys to the id of the user that
  // exists then. A key saved first could stand, for a moment or for good, for an id no user has.
  await ensureAdminUser(store, { accountId, userId: candidate, now: options.now });
  const principalId = (await store.principals.getUser(accountId, ADMIN_USER_NAME))?.id ?? candidate;
  // Earlier versions could leave a stored key bound to another id than the user's (the key was
  // made again while the user stayed); such a key would now stand for nobody.
  for (const key of existing) if (key.principalId !== principalId) await store.accessKeys.save({ ...key, principalId });
  const save = (accessKeyId: string, secret: string) =>
    store.accessKeys.save({
      accessKeyId,
      accountId,
      principalArn,
      principalId,
      secretCiphertext: keyring.wrap('wrap-access-key', Buffer.from(secret, 'utf8'), accessKeyAad(accessKeyId)),
      status: 'Active',
      createDate: options.now,
    });

  if (given) {
    // The operator's pair is the source of truth: earlier administrator keys stop working.
    for (const old of existing) if (old.accessKeyId !== given.accessKeyId) await store.accessKeys.delete(old.accessKeyId);
    await save(given.accessKeyId, given.secretAccessKey);
    return { accessKeyId: given.accessKeyId, principalArn, principalId, source: 'environment' };
  }
  const first = existing[0];
  if (first) return { accessKeyId: first.accessKeyId, principalArn, principalId, source: 'stored', envFile: options.envFile };
  const accessKeyId = randomId('AKIA', 16);
  const secret = randomBytes(30).toString('base64');
  await save(accessKeyId, secret);
  writeFileSync(options.envFile, `AWS_ACCESS_KEY_ID=${accessKeyId}\nAWS_SECRET_ACCESS_KEY=${secret}\n`, { mode: 0o600 });
  return { accessKeyId, principalArn, principalId, source: 'generated', envFile: options.envFile };
}

/**
 * Creates `user/admin` (id `userId`) with AdministratorAccess attached unless it exists. An
 * existing administrator is left as it is: an operator may have changed its policies on purpose.
 * Also what the --dev reset runs, to make the user again for the key it keeps.
 */
export async function ensureAdminUser(store: Pick<Store, 'principals' | 'policies'>, options: { accountId: string; userId: string; now: Date }): Promise<'created' | 'exists'> {
  const { accountId, userId, now } = options;
  const outcome = await store.principals.createUser({
    accountId,
    name: ADMIN_USER_NAME,
    id: userId,
    path: '/',
    arn: adminUserArn(accountId),
    createDate: now,
    permissionsBoundary: null,
    tags: [],
  });
  if (outcome === 'created') {
    await store.policies.attachPolicy(accountId, 'user', ADMIN_USER_NAME, ADMINISTRATOR_ACCESS_ARN, MAX_ATTACHED_POLICIES);
  }
  return outcome;
}
