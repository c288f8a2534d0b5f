// GenerateRandom: 1–1024 random bytes from the platform CSPRNG (the wire layer enforces the range).

import { randomBytes } from 'node:crypto';
import type { OperationHandler } from '../context.js';
import { assertNoRecipient } from './algorithms.js';
import { kmsErrors } from './errors.js';
import { optionalInteger, optionalString } from './input.js';

export const generateRandom: OperationHandler = async (input) => {
  assertNoRecipient(input);
  if (optionalString(input, 'CustomKeyStoreId') !== undefined) throw kmsErrors.unsupported('Custom key stores are not supported by Kura.');
  const count = optionalInteger(input, 'NumberOfBytes');
  if (count === undefined) throw kmsErrors.validation('NumberOfBytes is required.');
  return { Plaintext: randomBytes(count) };
};
