// CreateKey: a symmetric encryption key (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT) with its first 256-bit
// material, its policy (the default "Enable IAM User Permissions" one unless given) and its tags.
// Other key specs, origins, custom key stores and multi-Region keys are GAPS.md entries.

import { randomUUID } from 'node:crypto';
import { scopeOf, type OperationHandler } from '../context.js';
import { kmsErrors } from './errors.js';
import { flag, optionalString, tagList } from './input.js';
import { symmetricKeyRecord } from './key-records.js';
import { keyMetadata } from './key-metadata.js';
import { validateKeyPolicy } from './key-policy.js';
import { defaultKeyPolicy } from './policies.js';
import { validateTags } from './tags.js';

export const createKey: OperationHandler = async (input, ctx) => {
  const keySpec = optionalString(input, 'KeySpec');
  const legacySpec = optionalString(input, 'CustomerMasterKeySpec');
  if (keySpec !== undefined && legacySpec !== undefined) {
    // guess: AWS refuses the deprecated member next to its replacement.
    throw kmsErrors.validation('You cannot specify KeySpec and CustomerMasterKeySpec in the same request. CustomerMasterKeySpec is deprecated.');
  }
  const spec = keySpec ?? legacySpec ?? 'SYMMETRIC_DEFAULT';
  const usage = optionalString(input, 'KeyUsage');
  if (spec !== 'SYMMETRIC_DEFAULT') {
    if (usage === undefined) throw kmsErrors.validation('You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.');
    throw kmsErrors.unsupported(`KeySpec ${spec} is not supported by Kura: only SYMMETRIC_DEFAULT keys can be created.`);
  }
  // guess: the text for a usage a symmetric key cannot have.
  if (usage !== undefined && usage !== 'ENCRYPT_DECRYPT') throw kmsErrors.validation(`KeyUsage ${usage} is not compatible with KeySpec SYMMETRIC_DEFAULT`);
  const origin = optionalString(input, 'Origin') ?? 'AWS_KMS';
  if (origin !== 'AWS_KMS') throw kmsErrors.unsupported(`Origin ${origin} is not supported by Kura: only AWS_KMS keys can be created.`);
  if (optionalString(input, 'CustomKeyStoreId') !== undefined || optionalString(input, 'XksKeyId') !== undefined) {
    throw kmsErrors.unsupported('Custom key stores are not supported by Kura.');
  }
  if (flag(input, 'MultiRegion')) throw kmsErrors.unsupported('Multi-Region keys are not supported by Kura.');

  const tags = validateTags(tagList(input, 'Tags'));
  const policyText = optionalString(input, 'Policy');
  const policy = policyText === undefined ? defaultKeyPolicy(ctx.accountId) : validateKeyPolicy(policyText);

  const scope = scopeOf(ctx);
  const keyId = randomUUID();
  const created = ctx.now();
  await ctx.store.keys.create(scope, {
    key: symmetricKeyRecord(keyId, created, policy, { description: optionalString(input, 'Description') ?? '' }),
    material: { wrapped: ctx.kms.newWrappedMaterial(scope, keyId, 1), createdAt: created },
    tags,
  });
  const key = await ctx.store.keys.get(scope, keyId);
  if (!key) throw new Error(`key ${keyId} vanished after creation`);
  return { KeyMetadata: keyMetadata(scope, key) };
};
