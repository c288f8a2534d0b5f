// Master-key rotation: re-wrap every KMS key material, secret access key and STS session secret
// from the old master key to the new one, and record the new key's check value, in one transaction
// of the store (store/rewrap.ts): a rotation cut short, by an error or a crash, leaves everything
// under the old key. Values are never re-encrypted: they are under KMS key material, which does not
// change. Running it again to the same new key finds everything done: a record that already opens
// under the new key is kept as it is.

import path from 'node:path';
import { createKeyring, KeyringError, type KeyPurpose, type Keyring } from '../crypto/keyring.js';
import { accessKeyAad } from '../crypto/credential-secrets.js';
import { materialAad } from '../services/kms/domain.js';
import { RecordedKeyMismatchError, StoreInUseError, type MasterKeyRewrap, type WrappedSecret } from '../store/rewrap.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import { masterKeyCheck } from './master-key.js';
import { openSourceStore } from './store-location.js';

export { DatabaseInUseError } from '../store/sqlite/index.js';

interface Tally {
  rewrapped: number;
  alreadyNew: number;
}

export interface RotationReport {
  materials: Tally;
  accessKeys: Tally;
  sessions: Tally;
}

/** A rotation refused or abandoned before anything changed; the message says why. */
export class RotationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RotationError';
  }
}

/** A data directory's SQLite store, or a PostgreSQL store by its URL. */
export type RotationTarget = { dataDir: string } | { url: string };

export interface RotationStore {
  readonly rewrap: MasterKeyRewrap;
  close(): Promise<void>;
}

function rewrapOne(oldRing: Keyring, newRing: Keyring, purpose: KeyPurpose, wrapped: Buffer, aad: string, what: string): Buffer | undefined {
  try {
    newRing.unwrap(purpose, wrapped, aad);
    return undefined; // already under the new key: a rotation to this key committed before
  } catch (error) {
    if (!(error instanceof KeyringError)) throw error;
  }
  let plain: Buffer;
  try {
    plain = oldRing.unwrap(purpose, wrapped, aad);
  } catch {
    throw new RotationError(`${what} opens under neither the current nor the new master key: wrong current key? Nothing was changed`);
  }
  const rewrapped = newRing.wrap(purpose, plain, aad);
  plain.fill(0);
  return rewrapped;
}

/** How a secret is wrapped (purpose and AAD), what it is called in a message, and where it is counted. */
function describe(secret: WrappedSecret, report: RotationReport): { purpose: KeyPurpose; aad: string; what: string; tally: Tally } {
  switch (secret.kind) {
    case 'kmsKeyMaterial':
      return { purpose: 'wrap-kms-material', aad: materialAad(secret.scope, secret.keyId, secret.version), what: `material ${secret.version} of key ${secret.keyId}`, tally: report.materials };
    case 'accessKey':
      return { purpose: 'wrap-access-key', aad: accessKeyAad(secret.accessKeyId), what: `access key ${secret.accessKeyId}`, tally: report.accessKeys };
    case 'stsSession':
      return { purpose: 'wrap-access-key', aad: accessKeyAad(secret.accessKeyId), what: `STS session ${secret.accessKeyId}`, tally: report.sessions };
  }
}

export async function rotateMasterKey(store: { readonly rewrap: MasterKeyRewrap }, oldKey: Buffer, newKey: Buffer): Promise<RotationReport> {
  if (oldKey.equals(newKey)) throw new RotationError('the new master key is the current one');
  const oldRing = createKeyring(oldKey);
  const newRing = createKeyring(newKey);
  const report: RotationReport = { materials: { rewrapped: 0, alreadyNew: 0 }, accessKeys: { rewrapped: 0, alreadyNew: 0 }, sessions: { rewrapped: 0, alreadyNew: 0 } };
  try {
    await store.rewrap.rewrapAll({
      currentCheck: masterKeyCheck(oldRing),
      nextCheck: masterKeyCheck(newRing),
      rewrap: (secret) => {
        const { purpose, aad, what, tally } = describe(secret, report);
        const next = rewrapOne(oldRing, newRing, purpose, secret.wrapped, aad, what);
        if (next) tally.rewrapped += 1;
        else tally.alreadyNew += 1;
        return next;
      },
    });
  } catch (error) {
    if (error instanceof RecordedKeyMismatchError) throw new RotationError(error.message);
    if (error instanceof StoreInUseError) {
      throw new RotationError(
        `${error.message}: stop every Kura server on this store (and any kura backup, migrate-store or audit reading it), ` +
          'rotate, then start the servers with the new key. Nothing was changed',
      );
    }
    throw error;
  }
  return report;
}

/**
 * Opens the store to rotate: SQLite under its process lock (a running server holds it, and is
 * refused with DatabaseInUseError); PostgreSQL with a pool of one connection, the rotation's own,
 * so that any other Kura connection to the database is someone else's.
 */
export async function openForRotation(target: RotationTarget): Promise<RotationStore> {
  if ('url' in target) return openSourceStore({ backend: 'postgres', url: target.url }, { maxConnections: 1 });
  return openSqliteStore({ path: path.join(target.dataDir, 'kura.db'), exclusive: true });
}

/** Opens the store, rotates, and closes it. */
export async function rotateStore(target: RotationTarget, oldKey: Buffer, newKey: Buffer): Promise<RotationReport> {
  const store = await openForRotation(target);
  try {
    return await rotateMasterKey(store, oldKey, newKey);
  } finally {
    await store.close();
  }
}
