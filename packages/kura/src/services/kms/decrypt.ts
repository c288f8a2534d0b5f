// Decrypt: the key and material version come from the blob, so old ciphertexts still decrypt after
// rotation. A wrong or missing context and any altered byte are InvalidCiphertextException. The
// caller needs kms:Decrypt on the blob's key, checked once the blob names it (open-ciphertext.ts).

import type { OperationHandler } from '../context.js';
import { assertAlgorithm, assertNoRecipient, SYMMETRIC_DEFAULT } from './algorithms.js';
import { encryptionContext, flag, optionalString, requiredBlob } from './input.js';
import { keyMaterialId } from './key-metadata.js';
import { assertNotDryRun } from './lookup.js';
import { openCiphertext } from './open-ciphertext.js';

export const decrypt: OperationHandler = async (input, ctx) => {
  assertNoRecipient(input);
  const context = encryptionContext(input, 'EncryptionContext');
  const algorithm = optionalString(input, 'EncryptionAlgorithm') ?? SYMMETRIC_DEFAULT;
  const opened = await openCiphertext(ctx, requiredBlob(input, 'CiphertextBlob'), context, optionalString(input, 'KeyId'), 'Decrypt', {
    encryptionAlgorithm: algorithm,
  });
  try {
    assertAlgorithm(input, 'EncryptionAlgorithm', opened.key);
    assertNotDryRun(flag(input, 'DryRun'));
  } catch (error) {
    opened.plaintext.fill(0);
    throw error;
  }
  return {
    KeyId: opened.arn,
    Plaintext: opened.plaintext,
    EncryptionAlgorithm: SYMMETRIC_DEFAULT,
    KeyMaterialId: keyMaterialId(opened.key.keyId, opened.materialVersion),
  };
};
