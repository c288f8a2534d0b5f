// DeleteAlias: removes an alias; the key it named is untouched.

import { scopeOf, type OperationHandler } from '../context.js';
import { validateAliasName } from './aliases.js';
import { kmsErrors } from './errors.js';
import { requiredString } from './input.js';
import { aliasArn } from './key-ref.js';

export const deleteAlias: OperationHandler = async (input, ctx) => {
  const scope = scopeOf(ctx);
  const aliasName = validateAliasName(requiredString(input, 'AliasName'));
  if (!(await ctx.store.keys.deleteAlias(scope, aliasName))) throw kmsErrors.aliasNotFound(aliasArn(scope.region, scope.accountId, aliasName));
  return {};
};
