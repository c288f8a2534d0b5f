// Encrypt: up to 4096 bytes (the wire layer enforces the bound without echoing the value) under
// the key's current material, with the encryption context bound as AAD.

import { scopeOf, type OperationHandler } from '../context.js';
import { assertAlgorithm, SYMMETRIC_DEFAULT } from './algorithms.js';
import { kmsCall } from './errors.js';
import { encryptionContext, flag, requiredBlob, requiredString } from './input.js';
import { assertEnabled, assertNotDryRun, findKey, kmsOf } from './lookup.js';

export const encrypt: OperationHandler = async (input, ctx) => {
  const resolved = await findKey(ctx, requiredString(input, 'KeyId'));
  assertEnabled(resolved);
  assertAlgorithm(input, 'EncryptionAlgorithm', resolved.key);
  assertNotDryRun(flag(input, 'DryRun'));
  const plaintext = requiredBlob(input, 'Plaintext');
  const context = encryptionContext(input, 'EncryptionContext');
  const { blob } = await kmsCall(() => kmsOf(ctx).sealUnder(scopeOf(ctx), resolved, plaintext, context));
  return { CiphertextBlob: blob, KeyId: resolved.arn, EncryptionAlgorithm: SYMMETRIC_DEFAULT };
};
