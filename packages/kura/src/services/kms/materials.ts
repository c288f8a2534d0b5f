// KMS key material: 256-bit AES keys, stored only wrapped by the server keyring, unwrapped inside
// this process when a blob is sealed or opened. Also the per-version usage bound: random 96-bit GCM
// nonces stay safe for fewer than 2^32 encryptions under one key (NIST SP 800-38D), so a version
// that reaches the bound is replaced by fresh material before the next encryption.

import { randomBytes } from 'node:crypto';
import type { Keyring } from '../../crypto/keyring.js';
import type { KeyMaterial, KeyRepository, MaterialOrigin } from '../../store/keys.js';
import type { Scope } from '../../store/scope.js';
import { KmsFailure } from '../context.js';
import { keyArn } from './key-ref.js';

export const MATERIAL_USAGE_LIMIT = 2 ** 32 - 1;
/** Rotations that lose the version race this often in a row mean something is wrong, not busy. */
const ROTATE_ATTEMPTS = 8;

/** The keyring AAD of a wrapped material: a wrapped blob moved to another key or version fails to open. */
export const materialAad = (scope: Scope, keyId: string, version: number) =>
  `kms-material:${scope.accountId}:${scope.region}:${keyId}:${version}`;

export interface MaterialVault {
  /** Fresh material for `keyId` version `version`, already wrapped for storage. */
  wrapNew(scope: Scope, keyId: string, version: number): Buffer;
  /** The unwrapped material of one version, or undefined when the store has no such version. */
  material(scope: Scope, keyId: string, version: number): Promise<Buffer | undefined>;
  /** Counts one encryption against the key's current material, rotating first if it is used up. */
  reserve(scope: Scope, keyId: string): Promise<KeyMaterial | undefined>;
  /**
   * Adds a new version and makes it current; returns the current version. With `seenVersion`, does
   * nothing if the key has already moved past it (another request rotated first).
   */
  rotate(scope: Scope, keyId: string, origin: MaterialOrigin, seenVersion?: number): Promise<number>;
  /** Drops and zeroes cached material of a key that no longer exists. */
  forget(scope: Scope, keyId: string): void;
}

export function createMaterialVault(options: {
  keys: KeyRepository;
  keyring: Keyring;
  now: () => Date;
  usageLimit: number;
}): MaterialVault {
  const { keys, keyring, now, usageLimit } = options;
  // Unwrapped material never leaves this process; caching it saves an unwrap per call.
  const cache = new Map<string, Buffer>();
  const prefix = (scope: Scope, keyId: string) => `${scope.accountId}/${scope.region}/${keyId}/`;

  const wrapNew = (scope: Scope, keyId: string, version: number): Buffer => {
    const plain = randomBytes(32);
    const wrapped = keyring.wrap('wrap-kms-material', plain, materialAad(scope, keyId, version));
    plain.fill(0);
    return wrapped;
  };

  // The wrapping binds the version number, so the version is chosen here, before the store sees
  // it. Within this process rotations of one key queue up, so they never race each other; another
  // process (a replica on the same database) can still take the number first, and then the store
  // answers 'version-taken' and the rotation is decided again on what that process wrote.
  const locks = new Map<string, Promise<unknown>>();
  async function serialized<T>(lockKey: string, work: () => Promise<T>): Promise<T> {
    const run = (locks.get(lockKey) ?? Promise.resolve()).then(work, work);
    const tail = run.catch(() => undefined);
    locks.set(lockKey, tail);
    try {
      return await run;
    } finally {
      if (locks.get(lockKey) === tail) locks.delete(lockKey);
    }
  }

  /** Adds a version unless the key already moved past `seenVersion` (a concurrent rotation won). */
  function rotate(scope: Scope, keyId: string, origin: MaterialOrigin, seenVersion?: number): Promise<number> {
    return serialized(prefix(scope, keyId), async () => {
      for (let attempt = 0; attempt < ROTATE_ATTEMPTS; attempt += 1) {
        const key = await keys.get(scope, keyId);
        if (!key) throw new KmsFailure('NotFoundException', `Key '${keyArn(scope.region, scope.accountId, keyId)}' does not exist`);
        // Material versions only grow and the newest is always current.
        const newest = key.currentMaterial;
        if (seenVersion !== undefined && newest > seenVersion) return newest;
        const version = newest + 1;
        const outcome = await keys.addMaterial(scope, keyId, { version, wrapped: wrapNew(scope, keyId, version), createdAt: now(), origin });
        if (outcome === 'added') return version;
        if (outcome === 'not-found') throw new KmsFailure('NotFoundException', `Key '${keyArn(scope.region, scope.accountId, keyId)}' does not exist`);
        // 'version-taken': another process rotated meanwhile; with `seenVersion` that rotation is
        // the one this call wanted, otherwise (on demand) this call still adds its own version.
      }
      throw new Error(`key ${keyId}: material versions kept being taken by other writers`);
    });
  }

  return {
    wrapNew,
    rotate,
    async material(scope, keyId, version) {
      const cacheKey = `${prefix(scope, keyId)}${version}`;
      const cached = cache.get(cacheKey);
      if (cached) return cached;
      const record = await keys.material(scope, keyId, version);
      if (!record) return undefined;
      const plain = keyring.unwrap('wrap-kms-material', record.wrapped, materialAad(scope, keyId, version));
      cache.set(cacheKey, plain);
      return plain;
    },
    async reserve(scope, keyId) {
      // Each failed attempt means the key got fresh material meanwhile, so this only loops while
      // other encryptions keep using up whole versions (possible only with a test-sized bound).
      for (let attempt = 0; attempt < 64; attempt += 1) {
        const reserved = await keys.reserve(scope, keyId, usageLimit);
        if (reserved.outcome === 'reserved') return reserved.material;
        if (reserved.outcome === 'not-found') return undefined;
        // The current material is used up: rotate (once, however many requests noticed) and retry.
        await rotate(scope, keyId, 'USAGE_LIMIT', reserved.material.version);
      }
      throw new Error(`could not reserve key material for ${keyId}`);
    },
    forget(scope, keyId) {
      const start = prefix(scope, keyId);
      for (const [cacheKey, plain] of cache) {
        if (cacheKey.startsWith(start)) {
          plain.fill(0);
          cache.delete(cacheKey);
        }
      }
    },
  };
}
