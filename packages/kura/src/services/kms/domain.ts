// The KMS domain: key resolution, key states, due events, the cryptography of Encrypt/Decrypt, and
// the authorization of a key once it is known. The KMS API operations and other services (SSM's
// SecureString) both go through here, so a SecureString is encrypted exactly as `aws kms encrypt`
// would encrypt it, `aws kms decrypt` opens it, and the same key policy decides both. Its interface,
// KmsDomain, is declared in services/context.ts: every operation's context carries the domain.

import { randomBytes, randomUUID } from 'node:crypto';
import { open, seal } from '../../crypto/aead.js';
import type { Keyring } from '../../crypto/keyring.js';
import type { KeyRecord, KeyRepository } from '../../store/keys.js';
import type { Scope } from '../../store/scope.js';
import { KmsFailure, type BlobOpenOptions, type KmsCaller, type KmsDomain } from '../context.js';
import { contextAad, encodeHeader, parseBlob } from './ciphertext.js';
import type { KeyRequestFacts, OpenedBlob, ResolvedKey } from './domain-types.js';
import { symmetricKeyRecord } from './key-records.js';
import { ciphertextKeyUnavailableText, keyAccessCheck } from './key-access.js';
import { aliasArn, keyArn, parseKeyRef } from './key-ref.js';
import { applyDueEvents } from './lifecycle.js';
import { createMaterialVault, MATERIAL_USAGE_LIMIT } from './materials.js';
import { managedKeyDescriptions, managedKeyPolicy } from './policies.js';

export { MATERIAL_USAGE_LIMIT, materialAad } from './materials.js';

const DAY_MS = 86_400_000;

export interface KmsDomainOptions {
  keys: KeyRepository;
  keyring: Keyring;
  now: () => Date;
  /** Test hook: lower usage bound to exercise automatic rotation. */
  materialUsageLimit?: number;
}

export function createKmsDomain(options: KmsDomainOptions): KmsDomain {
  const { keys, keyring, now } = options;
  const vault = createMaterialVault({ keys, keyring, now, usageLimit: options.materialUsageLimit ?? MATERIAL_USAGE_LIMIT });

  const arnOf = (scope: Scope, keyId: string) => keyArn(scope.region, scope.accountId, keyId);
  const notFoundKey = (arn: string) => new KmsFailure('NotFoundException', `Key '${arn}' does not exist`);
  const invalidCiphertext = () => new KmsFailure('InvalidCiphertextException', '');

  const load = (scope: Scope, keyId: string) => applyDueEvents({ keys, vault, now }, scope, keyId);

  async function createManagedKey(scope: Scope, aliasName: string, service: string): Promise<KeyRecord> {
    const keyId = randomUUID();
    const created = now();
    const outcome = await keys.create(scope, {
      key: symmetricKeyRecord(keyId, created, managedKeyPolicy(scope.accountId, scope.region, service), {
        description: managedKeyDescriptions[service] ?? `Default key for ${service}`,
        keyManager: 'AWS',
        // AWS rotates managed keys every year and the rotation cannot be turned off.
        rotationEnabled: true,
        rotationPeriodInDays: 365,
        nextRotationDate: new Date(created.getTime() + 365 * DAY_MS),
      }),
      material: { wrapped: vault.wrapNew(scope, keyId, 1), createdAt: created },
      alias: aliasName,
    });
    const keyIdInUse = outcome.outcome === 'created' ? keyId : outcome.targetKeyId;
    const key = await load(scope, keyIdInUse);
    if (!key) throw new Error(`managed key ${aliasName} vanished after creation`);
    return key;
  }

  async function resolve(scope: Scope, keyRefText: string): Promise<ResolvedKey> {
    const ref = parseKeyRef(keyRefText);
    if (!ref) throw new KmsFailure('NotFoundException', `Invalid keyId '${keyRefText}'`);
    // AWS names the region of a foreign-region ARN; another account's key is simply not there.
    if (ref.region !== undefined && ref.region !== scope.region) throw new KmsFailure('NotFoundException', `Invalid arn ${ref.region}`);
    if (ref.accountId !== undefined && ref.accountId !== scope.accountId) {
      if (ref.kind === 'key') throw notFoundKey(keyRefText);
      throw new KmsFailure('NotFoundException', `Alias ${keyRefText} is not found.`);
    }
    if (ref.kind === 'key') {
      const key = await load(scope, ref.keyId);
      if (!key) throw notFoundKey(arnOf(scope, ref.keyId));
      return { key, arn: arnOf(scope, key.keyId) };
    }
    const requestAlias = ref.aliasName;
    const alias = await keys.alias(scope, ref.aliasName);
    const key = alias ? await load(scope, alias.targetKeyId) : await managedKeyFor(scope, ref.aliasName);
    // An alias whose key's deletion just came due went with the key.
    if (!key) throw new KmsFailure('NotFoundException', `Alias ${aliasArn(scope.region, scope.accountId, requestAlias)} is not found.`);
    return { key, arn: arnOf(scope, key.keyId), requestAlias };
  }

  /** The AWS managed key a predefined alias stands for, created now; undefined for any other alias. */
  function managedKeyFor(scope: Scope, aliasName: string): Promise<KeyRecord> | undefined {
    const service = /^alias\/aws\/([a-z0-9-]+)$/.exec(aliasName)?.[1];
    if (service === undefined || !Object.hasOwn(managedKeyDescriptions, service)) return undefined;
    return createManagedKey(scope, aliasName, service);
  }

  function assertUsable({ key, arn }: ResolvedKey): void {
    if (key.keyState === 'Disabled') throw new KmsFailure('DisabledException', `${arn} is disabled.`);
    if (key.keyState === 'PendingDeletion') throw new KmsFailure('KMSInvalidStateException', `${arn} is pending deletion.`);
  }

  async function sealUnder(scope: Scope, resolved: ResolvedKey, plaintext: Buffer, context: Record<string, string>) {
    const keyId = resolved.key.keyId;
    const material = await vault.reserve(scope, keyId);
    const key = material && (await vault.material(scope, keyId, material.version));
    if (!material || !key) throw notFoundKey(resolved.arn);
    const header = encodeHeader({ keyId, materialVersion: material.version });
    const sealed = seal(key, plaintext, Buffer.concat([header, contextAad(context)]));
    return { blob: Buffer.concat([header, sealed]), materialVersion: material.version };
  }

  const keyCheck: KmsDomain['keyCheck'] = (scope, resolved, caller, action, facts) =>
    keyAccessCheck(keys, scope, resolved, caller, action, facts);

  /** Forward access: the caller's own permission, decided before the key is used. */
  async function authorize(scope: Scope, resolved: ResolvedKey, caller: KmsCaller, action: string, facts?: KeyRequestFacts): Promise<void> {
    const decision = await caller.access.check(await keyCheck(scope, resolved, caller, action, facts));
    if (!decision.allowed) throw new KmsFailure('AccessDeniedException', decision.message);
  }

  async function openBlob(scope: Scope, blob: Buffer, context: Record<string, string>, options: BlobOpenOptions = {}): Promise<OpenedBlob> {
    const { expectedKeyId, authorize: authorization } = options;
    const parsed = parseBlob(blob);
    if (!parsed) throw invalidCiphertext();
    if (expectedKeyId !== undefined && parsed.header.keyId !== expectedKeyId) {
      throw new KmsFailure('IncorrectKeyException', 'The key ID in the request does not identify a CMK that can perform this operation.');
    }
    const key = await load(scope, parsed.header.keyId);
    if (!key) {
      // AWS cannot tell "deleted" from "not yours" here and says so; callers for nobody get the old text.
      const text = authorization
        ? ciphertextKeyUnavailableText(authorization.caller.principalArn, authorization.action)
        : 'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.';
      throw new KmsFailure('AccessDeniedException', text);
    }
    const resolved = { key, arn: arnOf(scope, key.keyId) };
    if (authorization) await authorize(scope, resolved, authorization.caller, authorization.action, authorization.facts);
    assertUsable(resolved);
    const { materialVersion } = parsed.header;
    const material = await vault.material(scope, key.keyId, materialVersion);
    const plaintext = material && open(material, parsed.sealed, Buffer.concat([parsed.headerBytes, contextAad(context)]));
    if (!plaintext) throw invalidCiphertext();
    return { ...resolved, plaintext, materialVersion };
  }

  return {
    resolve,
    load,
    assertUsable,
    sealUnder,
    keyCheck,
    openBlob,
    rotate: (scope, keyId, origin) => vault.rotate(scope, keyId, origin),
    newWrappedMaterial: vault.wrapNew,
    async encrypt(scope, keyRefText, plaintext, context, caller) {
      const resolved = await resolve(scope, keyRefText);
      if (caller) await authorize(scope, resolved, caller, 'Encrypt', { encryptionContext: context, encryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
      assertUsable(resolved);
      const { blob } = await sealUnder(scope, resolved, plaintext, context);
      return { blob, keyArn: resolved.arn };
    },
    async generateDataKey(scope, keyRefText, bytes, context, caller) {
      const resolved = await resolve(scope, keyRefText);
      if (caller) await authorize(scope, resolved, caller, 'GenerateDataKey', { encryptionContext: context, encryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
      assertUsable(resolved);
      const plaintext = randomBytes(bytes);
      try {
        const { blob } = await sealUnder(scope, resolved, plaintext, context);
        return { plaintext, blob, keyArn: resolved.arn };
      } catch (error) {
        plaintext.fill(0);
        throw error;
      }
    },
    async decrypt(scope, blob, context, caller) {
      const authorization = caller && { caller, action: 'Decrypt', facts: { encryptionContext: context, encryptionAlgorithm: 'SYMMETRIC_DEFAULT' } };
      const { plaintext, arn } = await openBlob(scope, blob, context, authorization ? { authorize: authorization } : {});
      return { plaintext, keyArn: arn };
    },
  };
}
