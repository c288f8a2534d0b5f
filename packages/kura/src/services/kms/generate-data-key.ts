// GenerateDataKey: a data key in the clear and sealed under the KMS key (envelope encryption).

import type { OperationHandler } from '../context.js';
import { assertNoRecipient } from './algorithms.js';
import { generateDataKeyFor } from './data-keys.js';

export const generateDataKey: OperationHandler = async (input, ctx) => {
  assertNoRecipient(input);
  const dataKey = await generateDataKeyFor(input, ctx, 'GenerateDataKey');
  return { CiphertextBlob: dataKey.blob, Plaintext: dataKey.plaintext, KeyId: dataKey.resolved.arn, KeyMaterialId: dataKey.keyMaterialId };
};
