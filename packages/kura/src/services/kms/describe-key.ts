// DescribeKey: the key's metadata in any state, by any identifier form. Naming a predefined AWS
// alias (alias/aws/ssm) creates its AWS managed key, as AWS does.

import { scopeOf, type OperationHandler } from '../context.js';
import { requiredString } from './input.js';
import { keyMetadata } from './key-metadata.js';
import { findKey } from './lookup.js';

export const describeKey: OperationHandler = async (input, ctx) => {
  const { key } = await findKey(ctx, requiredString(input, 'KeyId'));
  return { KeyMetadata: keyMetadata(scopeOf(ctx), key) };
};
