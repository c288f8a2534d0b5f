// The KMS domain: key resolution, key states, and the cryptography of Encrypt/Decrypt. The KMS API
// operations and other services (SSM's SecureString) both go through here, so a SecureString is
// encrypted exactly as `aws kms encrypt` would encrypt it, and `aws kms decrypt` opens it.

import { randomBytes, randomUUID } from 'node:crypto';
import { open, seal } from '../../crypto/aead.js';
import type { Keyring } from '../../crypto/keyring.js';
import type { KeyRecord, KeyRepository } from '../../store/keys.js';
import type { Scope } from '../../store/scope.js';
import { KmsFailure, type KmsDomain } from '../context.js';
import { contextAad, encodeHeader, parseBlob } from './ciphertext.js';
import { aliasArn, keyArn, parseKeyRef } from './key-ref.js';
import { managedKeyDescriptions, managedKeyPolicy } from './policies.js';

/** Random 96-bit nonces stay safe for fewer than 2^32 encryptions under one key (NIST SP 800-38D). */
export const MATERIAL_USAGE_LIMIT = 2 ** 32 - 1;

export interface KmsDomainOptions {
  keys: KeyRepository;
  keyring: Keyring;
  now: () => Date;
  /** Test hook: lower usage bound to exercise automatic rotation. */
  materialUsageLimit?: number;
}

export interface ResolvedKey {
  key: KeyRecord;
  arn: string;
}

export interface KmsInternals extends KmsDomain {
  /** Finds the key a reference names; creates AWS managed keys (alias/aws/<service>) on first use. */
  resolve(scope: Scope, keyRef: string): Promise<ResolvedKey>;
  /** Throws KMS's state errors for a key that cannot be used for cryptography now. */
  assertUsable(resolved: ResolvedKey): void;
  /** A fresh 256-bit material, wrapped for storage under `keyId`. */
  newWrappedMaterial(scope: Scope, keyId: string, version: number): Buffer;
}

const materialAad = (scope: Scope, keyId: string, version: number) =>
  `kms-material:${scope.accountId}:${scope.region}:${keyId}:${version}`;

export function createKmsDomain(options: KmsDomainOptions): KmsInternals {
  const { keys, keyring, now } = options;
  const usageLimit = options.materialUsageLimit ?? MATERIAL_USAGE_LIMIT;
  // Unwrapped material stays inside this process; caching it saves an unwrap per call.
  const materialCache = new Map<string, Buffer>();

  const notFoundKey = (scope: Scope, keyId: string) =>
    new KmsFailure('NotFoundException', `Key '${keyArn(scope.region, scope.accountId, keyId)}' does not exist`);

  async function createManagedKey(scope: Scope, aliasName: string, service: string): Promise<KeyRecord> {
    const keyId = randomUUID();
    const created = now();
    const outcome = await keys.create(scope, {
      key: {
        keyId,
        description: managedKeyDescriptions[service] ?? `Default key for ${service}`,
        keyManager: 'AWS',
        keyState: 'Enabled',
        creationDate: created,
        deletionDate: null,
        policy: managedKeyPolicy(scope.accountId, scope.region, service),
        // AWS rotates managed keys every year and the rotation cannot be turned off.
        rotationEnabled: true,
        rotationPeriodInDays: 365,
      },
      material: { wrapped: wrapMaterial(scope, keyId, 1), createdAt: created },
      alias: aliasName,
    });
    const keyIdInUse = outcome.outcome === 'created' ? keyId : outcome.targetKeyId;
    const key = await keys.get(scope, keyIdInUse);
    if (!key) throw new Error(`managed key ${aliasName} vanished after creation`);
    return key;
  }

  function wrapMaterial(scope: Scope, keyId: string, version: number): Buffer {
    return keyring.wrap('wrap-kms-material', randomBytes(32), materialAad(scope, keyId, version));
  }

  async function materialFor(scope: Scope, keyId: string, version: number): Promise<Buffer | undefined> {
    const cacheKey = `${scope.accountId}/${scope.region}/${keyId}/${version}`;
    const cached = materialCache.get(cacheKey);
    if (cached) return cached;
    const record = await keys.material(scope, keyId, version);
    if (!record) return undefined;
    const plain = keyring.unwrap('wrap-kms-material', record.wrapped, materialAad(scope, keyId, version));
    materialCache.set(cacheKey, plain);
    return plain;
  }

  async function resolve(scope: Scope, keyRefText: string): Promise<ResolvedKey> {
    const ref = parseKeyRef(keyRefText);
    if (!ref) throw new KmsFailure('NotFoundException', `Invalid keyId '${keyRefText}'`);
    if ((ref.region && ref.region !== scope.region) || (ref.accountId && ref.accountId !== scope.accountId)) {
      if (ref.kind === 'key') throw notFoundKey(scope, ref.keyId);
      throw new KmsFailure('NotFoundException', `Alias ${keyRefText} is not found.`);
    }
    let keyId: string;
    if (ref.kind === 'alias') {
      const alias = await keys.alias(scope, ref.aliasName);
      if (alias) keyId = alias.targetKeyId;
      else {
        const managed = /^alias\/aws\/([a-z0-9-]+)$/.exec(ref.aliasName);
        const service = managed?.[1];
        if (service === undefined || !(service in managedKeyDescriptions)) {
          throw new KmsFailure('NotFoundException', `Alias ${aliasArn(scope.region, scope.accountId, ref.aliasName)} is not found.`);
        }
        const key = await createManagedKey(scope, ref.aliasName, service);
        return { key, arn: keyArn(scope.region, scope.accountId, key.keyId) };
      }
    } else keyId = ref.keyId;
    const key = await keys.get(scope, keyId);
    if (!key) throw notFoundKey(scope, keyId);
    return { key, arn: keyArn(scope.region, scope.accountId, key.keyId) };
  }

  function assertUsable({ key, arn }: ResolvedKey): void {
    if (key.keyState === 'Disabled') throw new KmsFailure('DisabledException', `${arn} is disabled.`);
    if (key.keyState === 'PendingDeletion') throw new KmsFailure('KMSInvalidStateException', `${arn} is pending deletion.`);
  }

  async function reserveMaterial(scope: Scope, keyId: string) {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const reserved = await keys.reserve(scope, keyId, usageLimit);
      if (reserved.outcome === 'reserved') return reserved.material;
      if (reserved.outcome === 'not-found') throw notFoundKey(scope, keyId);
      // The current material is used up: rotate to fresh material, then try again.
      const next = reserved.material.version + 1;
      await keys.addMaterial(scope, keyId, { wrapped: wrapMaterial(scope, keyId, next), createdAt: now() });
    }
    throw new Error(`could not reserve key material for ${keyId}`);
  }

  return {
    resolve,
    assertUsable,
    newWrappedMaterial: wrapMaterial,
    async encrypt(scope, keyRefText, plaintext, context) {
      const resolved = await resolve(scope, keyRefText);
      assertUsable(resolved);
      const material = await reserveMaterial(scope, resolved.key.keyId);
      const key = await materialFor(scope, resolved.key.keyId, material.version);
      if (!key) throw notFoundKey(scope, resolved.key.keyId);
      const header = encodeHeader({ keyId: resolved.key.keyId, materialVersion: material.version });
      const sealed = seal(key, plaintext, Buffer.concat([header, contextAad(context)]));
      return { blob: Buffer.concat([header, sealed]), keyArn: resolved.arn };
    },
    async decrypt(scope, blob, context) {
      const parsed = parseBlob(blob);
      if (!parsed) throw new KmsFailure('InvalidCiphertextException', '');
      const key = await keys.get(scope, parsed.header.keyId);
      if (!key) {
        throw new KmsFailure(
          'AccessDeniedException',
          'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.',
        );
      }
      const resolved = { key, arn: keyArn(scope.region, scope.accountId, key.keyId) };
      assertUsable(resolved);
      const material = await materialFor(scope, key.keyId, parsed.header.materialVersion);
      const plaintext = material && open(material, parsed.sealed, Buffer.concat([parsed.headerBytes, contextAad(context)]));
      if (!plaintext) throw new KmsFailure('InvalidCiphertextException', '');
      return { plaintext, keyArn: resolved.arn };
    },
  };
}
