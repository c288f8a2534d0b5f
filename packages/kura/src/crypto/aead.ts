// AES-256-GCM with a random 96-bit nonce. Output layout: nonce (12) | ciphertext | tag (16).
// Every use binds its context as additional authenticated data, so a blob moved to another
// purpose, key or record fails to open instead of decrypting.

import { createCipheriv, createDecipheriv, randomFillSync } from 'node:crypto';

const NONCE = 12;
const TAG = 16;

// Nonces come from a pool of CSPRNG output refilled 256 at a time: one call into the random
// generator costs about as much as a whole small seal. Each nonce is handed out once; nonces are
// public (they head every blob), so keeping the pool in memory reveals nothing.
const POOL_NONCES = 256;
const pool = Buffer.alloc(NONCE * POOL_NONCES);
let poolOffset = pool.length;

function nextNonce(): Buffer {
  if (poolOffset === pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  // A view: it is copied into the blob before seal() returns, and the pool is refilled only after
  // every nonce of it has been handed out.
  const nonce = pool.subarray(poolOffset, poolOffset + NONCE);
  poolOffset += NONCE;
  return nonce;
}

export function seal(key: Buffer, plaintext: Buffer, aad: Buffer): Buffer {
  if (key.length !== 32) throw new Error('AES-256-GCM needs a 32-byte key');
  const nonce = nextNonce();
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]);
}

/** Returns undefined for any blob that does not authenticate: callers decide what that means. */
export function open(key: Buffer, sealed: Buffer, aad: Buffer): Buffer | undefined {
  if (key.length !== 32 || sealed.length < NONCE + TAG) return undefined;
  const nonce = sealed.subarray(0, NONCE);
  const tag = sealed.subarray(sealed.length - TAG);
  const body = sealed.subarray(NONCE, sealed.length - TAG);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce);
    decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    return undefined;
  }
}

export const AEAD_OVERHEAD = NONCE + TAG;
