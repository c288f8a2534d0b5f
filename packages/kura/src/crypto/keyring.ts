// The server keyring: one 256-bit master key from which purpose-specific keys are derived (HKDF).
// The master key wraps KMS key material and secret access keys; it never encrypts values directly,
// so rotating it means re-wrapping those few records, not re-encrypting every parameter.

import { hkdfSync } from 'node:crypto';
import { open, seal } from './aead.js';

export type KeyPurpose = 'wrap-kms-material' | 'wrap-access-key' | 'page-tokens' | 'master-key-check';

export interface Keyring {
  wrap(purpose: KeyPurpose, plaintext: Buffer, aad: string): Buffer;
  /** Throws when the blob does not authenticate under this keyring (wrong master key, tampering). */
  unwrap(purpose: KeyPurpose, wrapped: Buffer, aad: string): Buffer;
  /** A derived key for a non-wrapping purpose (e.g. the HMAC key of page tokens). */
  derive(purpose: KeyPurpose): Buffer;
}

export class KeyringError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyringError';
  }
}

export function createKeyring(masterKey: Buffer): Keyring {
  if (masterKey.length !== 32) throw new KeyringError('the master key must be 32 bytes (256 bits)');
  const derived = new Map<KeyPurpose, Buffer>();
  const derive = (purpose: KeyPurpose): Buffer => {
    let key = derived.get(purpose);
    if (!key) {
      key = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), `kura/${purpose}/v1`, 32));
      derived.set(purpose, key);
    }
    return key;
  };
  return {
    wrap: (purpose, plaintext, aad) => seal(derive(purpose), plaintext, Buffer.from(aad, 'utf8')),
    unwrap: (purpose, wrapped, aad) => {
      const plain = open(derive(purpose), wrapped, Buffer.from(aad, 'utf8'));
      if (!plain) throw new KeyringError(`cannot unwrap ${purpose} record: wrong master key or corrupted data`);
      return plain;
    },
    derive,
  };
}
