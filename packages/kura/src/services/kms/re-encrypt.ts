// ReEncrypt: opens a blob and seals its plaintext under the destination key (possibly the same key,
// now with its newest material and another context) without the plaintext leaving the server.

import { scopeOf, type OperationHandler } from '../context.js';
import { assertAlgorithm, SYMMETRIC_DEFAULT } from './algorithms.js';
import { kmsCall } from './errors.js';
import { encryptionContext, flag, optionalString, requiredBlob, requiredString } from './input.js';
import { keyMaterialId } from './key-metadata.js';
import { assertEnabled, assertNotDryRun, findKey, kmsOf } from './lookup.js';
import { openCiphertext } from './open-ciphertext.js';

export const reEncrypt: OperationHandler = async (input, ctx) => {
  const destination = await findKey(ctx, requiredString(input, 'DestinationKeyId'));
  assertEnabled(destination);
  assertAlgorithm(input, 'DestinationEncryptionAlgorithm', destination.key);
  const source = await openCiphertext(
    ctx,
    requiredBlob(input, 'CiphertextBlob'),
    encryptionContext(input, 'SourceEncryptionContext'),
    optionalString(input, 'SourceKeyId'),
    'ReEncryptFrom',
  );
  try {
    assertAlgorithm(input, 'SourceEncryptionAlgorithm', source.key);
    assertNotDryRun(flag(input, 'DryRun'));
    const context = encryptionContext(input, 'DestinationEncryptionContext');
    const sealed = await kmsCall(() => kmsOf(ctx).sealUnder(scopeOf(ctx), destination, source.plaintext, context));
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
