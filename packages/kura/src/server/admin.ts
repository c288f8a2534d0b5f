// The bootstrap administrator: an IAM user `admin` of the served account with full access. Its key
// pair comes from KURA_ADMIN_ACCESS_KEY_ID / KURA_ADMIN_SECRET_ACCESS_KEY, or is generated once and
// written to <data>/admin.env (mode 0600). The secret is stored only wrapped by the keyring.

import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Keyring } from '../crypto/keyring.js';
import { accessKeyAad } from '../crypto/credential-secrets.js';
import type { Store } from '../store/store.js';
import { ConfigError } from './config.js';

export interface AdminBootstrap {
  accessKeyId: string;
  principalArn: string;
  principalId: string;
  source: 'environment' | 'generated' | 'stored';
  /** Where a generated pair was written. */
  envFile?: string;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const randomId = (prefix: string, length: number) =>
  prefix + Array.from(randomBytes(length), (b) => BASE32[b % 32]).join('');

export const adminArn = (accountId: string) => `arn:aws:iam::${accountId}:user/admin`;

export async function bootstrapAdmin(options: {
  store: Store;
  keyring: Keyring;
  accountId: string;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  now: Date;
}): Promise<AdminBootstrap> {
  const { store, keyring, accountId, env } = options;
  const principalArn = adminArn(accountId);
  const existing = await store.accessKeys.listForPrincipal(principalArn);
  // A key stands for its user's unique id, not for a name. The administrator's key is bound to the
  // `admin` user there is, if any (ensureBootstrapAdmin leaves an existing one as it is); else to
  // the id its keys carry, or a new one, which ensureBootstrapAdmin then gives the user it creates.
  const user = await store.identities.getUser(accountId, 'admin');
  const principalId = user?.id ?? existing[0]?.principalId ?? randomId('AIDA', 17);
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

  // An empty variable counts as unset, as a shell's `VAR=` usually means "no value".
  const envId = env.KURA_ADMIN_ACCESS_KEY_ID || undefined;
  const envSecret = env.KURA_ADMIN_SECRET_ACCESS_KEY || undefined;
  if (envId !== undefined || envSecret !== undefined) {
    if (!envId || !envSecret) throw new ConfigError('set both KURA_ADMIN_ACCESS_KEY_ID and KURA_ADMIN_SECRET_ACCESS_KEY, or neither');
    // The environment is the source of truth: earlier administrator keys stop working.
    for (const old of existing) if (old.accessKeyId !== envId) await store.accessKeys.delete(old.accessKeyId);
    await save(envId, envSecret);
    return { accessKeyId: envId, principalArn, principalId, source: 'environment' };
  }
  const first = existing[0];
  if (first) return { accessKeyId: first.accessKeyId, principalArn, principalId, source: 'stored', envFile: path.join(options.dataDir, 'admin.env') };
  const accessKeyId = randomId('AKIA', 16);
  const secret = randomBytes(30).toString('base64');
  await save(accessKeyId, secret);
  const envFile = path.join(options.dataDir, 'admin.env');
  writeFileSync(envFile, `AWS_ACCESS_KEY_ID=${accessKeyId}\nAWS_SECRET_ACCESS_KEY=${secret}\n`, { mode: 0o600 });
  return { accessKeyId, principalArn, principalId, source: 'generated', envFile };
}
