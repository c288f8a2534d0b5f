// Opening a caller's ciphertext blob, shared by Decrypt and ReEncrypt: the key comes from the blob;
// a KeyId in the request must name that same key (IncorrectKeyException otherwise).

import { KmsFailure, scopeOf, type OperationContext } from '../context.js';
import type { OpenedBlob } from './domain.js';
import { asServiceError, kmsErrors } from './errors.js';
import { findKey, kmsOf } from './lookup.js';

/** `action` is the IAM action a missing key is reported against: Decrypt, ReEncryptFrom. */
export async function openCiphertext(
  ctx: OperationContext,
  blob: Buffer,
  context: Record<string, string>,
  keyRef: string | undefined,
  action: string,
): Promise<OpenedBlob> {
  const expected = keyRef === undefined ? undefined : (await findKey(ctx, keyRef)).key.keyId;
  try {
    return await kmsOf(ctx).openBlob(scopeOf(ctx), blob, context, expected);
  } catch (error) {
    // The blob names a key that is not here: AWS cannot tell "deleted" from "not yours" and says so.
    if (error instanceof KmsFailure && error.code === 'AccessDeniedException') throw kmsErrors.ciphertextKeyUnavailable(ctx.principal.arn, action);
    throw asServiceError(error);
  }
}
