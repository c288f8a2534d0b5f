// Master-key rotation: re-wrap every KMS key material and secret access key from the old master key
// to the new one. Values are never re-encrypted: they are under KMS key material, which does not
// change. Safe to interrupt and run again: a record that already opens under the new key is skipped.

import { createKeyring, KeyringError, type Keyring } from '../crypto/keyring.js';
import { accessKeyAad } from '../crypto/credential-secrets.js';
import { materialAad } from '../services/kms/domain.js';
import path from 'node:path';
import { openSqliteStore } from '../store/sqlite/index.js';

export { DatabaseInUseError } from '../store/sqlite/index.js';
import type { Store } from '../store/store.js';

export interface RotationReport {
  materials: { rewrapped: number; alreadyNew: number };
  accessKeys: { rewrapped: number; alreadyNew: number };
}

export class RotationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RotationError';
  }
}

function rewrapOne(oldRing: Keyring, newRing: Keyring, purpose: 'wrap-kms-material' | 'wrap-access-key', wrapped: Buffer, aad: string, what: string) {
  try {
    newRing.unwrap(purpose, wrapped, aad);
    return undefined; // already under the new key (an earlier, interrupted run got here)
  } catch (error) {
    if (!(error instanceof KeyringError)) throw error;
  }
  let plain: Buffer;
  try {
    plain = oldRing.unwrap(purpose, wrapped, aad);
  } catch {
    throw new RotationError(`${what} opens under neither the current nor the new master key: wrong current key?`);
  }
  const rewrapped = newRing.wrap(purpose, plain, aad);
  plain.fill(0);
  return rewrapped;
}

export async function rotateMasterKey(store: Store, oldKey: Buffer, newKey: Buffer): Promise<RotationReport> {
  if (oldKey.equals(newKey)) throw new RotationError('the new master key is the current one');
  const oldRing = createKeyring(oldKey);
  const newRing = createKeyring(newKey);
  const report: RotationReport = { materials: { rewrapped: 0, alreadyNew: 0 }, accessKeys: { rewrapped: 0, alreadyNew: 0 } };
  // Writes issued together share one commit in the store's write queue: no fsync per record.
  const writes: Promise<unknown>[] = [];
  for (const m of await store.keys.allMaterials()) {
    const aad = materialAad(m.scope, m.keyId, m.version);
    const next = rewrapOne(oldRing, newRing, 'wrap-kms-material', m.wrapped, aad, `material ${m.version} of key ${m.keyId}`);
    if (next) {
      writes.push(store.keys.rewrap(m.scope, m.keyId, m.version, next));
      report.materials.rewrapped += 1;
    } else report.materials.alreadyNew += 1;
  }
  for (const k of await store.accessKeys.all()) {
    const next = rewrapOne(oldRing, newRing, 'wrap-access-key', k.secretCiphertext, accessKeyAad(k.accessKeyId), `access key ${k.accessKeyId}`);
    if (next) {
      writes.push(store.accessKeys.save({ ...k, secretCiphertext: next }));
      report.accessKeys.rewrapped += 1;
    } else report.accessKeys.alreadyNew += 1;
  }
  await Promise.all(writes);
  return report;
}

/** Opens the data directory's store, rotates, and closes it. */
export async function rotateDataDir(dataDir: string, oldKey: Buffer, newKey: Buffer): Promise<RotationReport> {
  const store = openSqliteStore({ path: path.join(dataDir, 'kura.db'), exclusive: true });
  try {
    return await rotateMasterKey(store, oldKey, newKey);
  } finally {
    await store.close();
  }
}
