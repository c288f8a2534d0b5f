// DescribeKey: the key's metadata in any state, by any identifier form. Naming a predefined AWS
// alias (alias/aws/ssm) creates its AWS managed key, as AWS does.

import { scopeOf, type OperationHandler } from '../context.js';
import { requiredString } from './input.js';
import { keyMetadata } from './key-metadata.js';
import { authorizeKey, findKey } from './lookup.js';

export const describeKey: OperationHandler = async (input, ctx) => {
  const resolved = await findKey(ctx, requiredString(input, 'KeyId'));
  // Authorized here, not before the handler: only now is the key behind an alias known.
  await authorizeKey(ctx, resolved, 'DescribeKey');
  const { key } = resolved;
  return { KeyMetadata: keyMetadata(scopeOf(ctx), key) };
};
