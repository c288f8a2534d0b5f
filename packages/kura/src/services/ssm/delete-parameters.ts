// DeleteParameters: up to ten names; each is either deleted or listed as invalid, echoed as given.
// A malformed name is just invalid here: one bad entry does not fail the batch.

import { ServiceError } from '../../wire/errors.js';
import { scopeOf, type OperationHandler } from '../context.js';
import { stringList } from './input.js';
import { canonicalName, validateReadName } from './names.js';

export const deleteParameters: OperationHandler = async (input, ctx) => {
  const deleted: string[] = [];
  const invalid: string[] = [];
  for (const name of new Set(stringList(input, 'Names'))) {
    let canonical: string;
    try {
      canonical = canonicalName(validateReadName(name));
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      invalid.push(name);
      continue;
    }
    if (await ctx.store.parameters.delete(scopeOf(ctx), canonical)) deleted.push(name);
    else invalid.push(name);
  }
  return { DeletedParameters: deleted, InvalidParameters: invalid };
};
