// Encrypt: up to 4096 bytes (the wire layer enforces the bound without echoing the value) under
// the key's current material, with the encryption context bound as AAD.

import { scopeOf, type OperationHandler } from '../context.js';
import { assertAlgorithm, SYMMETRIC_DEFAULT } from './algorithms.js';
import { kmsCall } from './errors.js';
import { encryptionContext, flag, optionalString, requiredBlob, requiredString } from './input.js';
import { assertEnabled, assertNotDryRun, authorizeKey, findKey } from './lookup.js';

export const encrypt: OperationHandler = async (input, ctx) => {
  const resolved = await findKey(ctx, requiredString(input, 'KeyId'));
  const context = encryptionContext(input, 'EncryptionContext');
  const algorithm = optionalString(input, 'EncryptionAlgorithm') ?? SYMMETRIC_DEFAULT;
  await authorizeKey(ctx, resolved, 'Encrypt', { encryptionContext: context, encryptionAlgorithm: algorithm });
  assertEnabled(resolved);
  assertAlgorithm(input, 'EncryptionAlgorithm', resolved.key);
  assertNotDryRun(flag(input, 'DryRun'));
  const plaintext = requiredBlob(input, 'Plaintext');
  const { blob } = await kmsCall(() => ctx.kms.sealUnder(scopeOf(ctx), resolved, plaintext, context));
  return { CiphertextBlob: blob, KeyId: resolved.arn, EncryptionAlgorithm: SYMMETRIC_DEFAULT };
};
