// The data key of GenerateDataKey and GenerateDataKeyWithoutPlaintext: fresh random bytes, returned
// sealed under the KMS key (and, for GenerateDataKey, also in the clear for the caller's envelope).

import { randomBytes } from 'node:crypto';
import { scopeOf, type OperationContext } from '../context.js';
import type { ResolvedKey } from './domain-types.js';
import { kmsCall, kmsErrors } from './errors.js';
import { encryptionContext, flag, optionalInteger, optionalString, requiredString, type Input } from './input.js';
import { keyMaterialId } from './key-metadata.js';
import { SYMMETRIC_DEFAULT } from './algorithms.js';
import { assertEnabled, assertNotDryRun, authorizeKey, findKey } from './lookup.js';

const SPEC_BYTES: Record<string, number> = { AES_256: 32, AES_128: 16 };

export interface DataKey {
  resolved: ResolvedKey;
  plaintext: Buffer;
  blob: Buffer;
  keyMaterialId: string;
}

/** `action`: GenerateDataKey or GenerateDataKeyWithoutPlaintext, each its own IAM action. */
export async function generateDataKeyFor(input: Input, ctx: OperationContext, action: string): Promise<DataKey> {
  const spec = optionalString(input, 'KeySpec');
  const count = optionalInteger(input, 'NumberOfBytes');
  // guess: moto's text, for both "neither" and "both".
  if ((spec === undefined) === (count === undefined)) throw kmsErrors.validation('Please specify either number of bytes or key spec.');
  const length = spec !== undefined ? (SPEC_BYTES[spec] ?? 32) : (count ?? 32);
  const resolved = await findKey(ctx, requiredString(input, 'KeyId'));
  const context = encryptionContext(input, 'EncryptionContext');
  await authorizeKey(ctx, resolved, action, { encryptionContext: context, encryptionAlgorithm: SYMMETRIC_DEFAULT });
  assertEnabled(resolved);
  assertNotDryRun(flag(input, 'DryRun'));
  const plaintext = randomBytes(length);
  try {
    const sealed = await kmsCall(() => ctx.kms.sealUnder(scopeOf(ctx), resolved, plaintext, context));
    return { resolved, plaintext, blob: sealed.blob, keyMaterialId: keyMaterialId(resolved.key.keyId, sealed.materialVersion) };
  } catch (error) {
    plaintext.fill(0);
    throw error;
  }
}
