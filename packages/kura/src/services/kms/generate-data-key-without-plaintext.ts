// GenerateDataKeyWithoutPlaintext: only the sealed data key; the clear copy is wiped here.

import type { OperationHandler } from '../context.js';
import { generateDataKeyFor } from './data-keys.js';

export const generateDataKeyWithoutPlaintext: OperationHandler = async (input, ctx) => {
  const dataKey = await generateDataKeyFor(input, ctx, 'GenerateDataKeyWithoutPlaintext');
  dataKey.plaintext.fill(0);
  return { CiphertextBlob: dataKey.blob, KeyId: dataKey.resolved.arn, KeyMaterialId: dataKey.keyMaterialId };
};
