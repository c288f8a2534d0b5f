// Opening a caller's ciphertext blob, shared by Decrypt and ReEncrypt: the key comes from the blob;
// a KeyId in the request must name that same key (IncorrectKeyException otherwise). The caller must
// be allowed `action` on that key (its key policy decides with IAM) before the blob is opened.

import { scopeOf, type OperationContext } from '../context.js';
import type { KeyRequestFacts, OpenedBlob } from './domain-types.js';
import { kmsCall } from './errors.js';
import { callerOf, findKey } from './lookup.js';

/** `action` is the IAM action checked on the blob's key: Decrypt, ReEncryptFrom. */
export async function openCiphertext(
  ctx: OperationContext,
  blob: Buffer,
  context: Record<string, string>,
  keyRef: string | undefined,
  action: string,
  facts: KeyRequestFacts = {},
): Promise<OpenedBlob> {
  const expected = keyRef === undefined ? undefined : await findKey(ctx, keyRef);
  const requestAlias = expected?.requestAlias;
  return kmsCall(() =>
    ctx.kms.openBlob(scopeOf(ctx), blob, context, {
      ...(expected ? { expectedKeyId: expected.key.keyId } : {}),
      authorize: {
        caller: callerOf(ctx),
        action,
        facts: { encryptionContext: context, ...(requestAlias !== undefined ? { requestAlias } : {}), ...facts },
      },
    }),
  );
}
