// ReEncrypt: opens a blob and seals its plaintext under the destination key (possibly the same key,
// now with its newest material and another context) without the plaintext leaving the server. Two
// permissions: kms:ReEncryptFrom on the blob's key, kms:ReEncryptTo on the destination,
// each under its own key policy, each with its own encryption context.

import { scopeOf, type OperationHandler } from '../context.js';
import { assertAlgorithm, SYMMETRIC_DEFAULT } from './algorithms.js';
import { parseBlob } from './ciphertext.js';
import { kmsCall } from './errors.js';
import { encryptionContext, flag, optionalString, requiredBlob, requiredString } from './input.js';
import { keyMaterialId } from './key-metadata.js';
import { assertEnabled, assertNotDryRun, authorizeKey, findKey } from './lookup.js';
import { openCiphertext } from './open-ciphertext.js';

export const reEncrypt: OperationHandler = async (input, ctx) => {
  // The blob is read first: a missing one is a validation error, which comes before any lookup.
  const blob = requiredBlob(input, 'CiphertextBlob');
  const destination = await findKey(ctx, requiredString(input, 'DestinationKeyId'));
  const destinationContext = encryptionContext(input, 'DestinationEncryptionContext');
  // Both checks see whether the re-encryption stays on one key; the blob's header names its key
  // (an unreadable header fails to open below, before anything is authorized).
  const sameKey = { 'kms:ReEncryptOnSameKey': String(parseBlob(blob)?.header.keyId === destination.key.keyId) };
  const source = await openCiphertext(ctx, blob, encryptionContext(input, 'SourceEncryptionContext'), optionalString(input, 'SourceKeyId'), 'ReEncryptFrom', {
    encryptionAlgorithm: optionalString(input, 'SourceEncryptionAlgorithm') ?? SYMMETRIC_DEFAULT,
    extra: sameKey,
  });
  try {
    await authorizeKey(ctx, destination, 'ReEncryptTo', {
      encryptionContext: destinationContext,
      encryptionAlgorithm: optionalString(input, 'DestinationEncryptionAlgorithm') ?? SYMMETRIC_DEFAULT,
      extra: sameKey,
    });
    assertEnabled(destination);
    assertAlgorithm(input, 'DestinationEncryptionAlgorithm', destination.key);
    assertAlgorithm(input, 'SourceEncryptionAlgorithm', source.key);
    assertNotDryRun(flag(input, 'DryRun'));
    const sealed = await kmsCall(() => ctx.kms.sealUnder(scopeOf(ctx), destination, source.plaintext, destinationContext));
    return {
      CiphertextBlob: sealed.blob,
      SourceKeyId: source.arn,
      KeyId: destination.arn,
      SourceEncryptionAlgorithm: SYMMETRIC_DEFAULT,
      DestinationEncryptionAlgorithm: SYMMETRIC_DEFAULT,
      SourceKeyMaterialId: keyMaterialId(source.key.keyId, source.materialVersion),
      DestinationKeyMaterialId: keyMaterialId(destination.key.keyId, sealed.materialVersion),
    };
  } finally {
    source.plaintext.fill(0);
  }
};
