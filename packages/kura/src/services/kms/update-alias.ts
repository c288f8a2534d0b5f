// UpdateAlias: points an existing alias at another key (not pending deletion; an AWS managed key's
// policy refuses it: authorization.ts).
// The key it pointed at may be in any state.

import { scopeOf, type OperationHandler } from '../context.js';
import { validateAliasName } from './aliases.js';
import { kmsErrors } from './errors.js';
import { requiredString } from './input.js';
import { aliasArn } from './key-ref.js';
import { assertNotPendingDeletion, findKeyById } from './lookup.js';

export const updateAlias: OperationHandler = async (input, ctx) => {
  const scope = scopeOf(ctx);
  const aliasName = validateAliasName(requiredString(input, 'AliasName'));
  const arn = aliasArn(scope.region, scope.accountId, aliasName);
  if (!(await ctx.store.keys.alias(scope, aliasName))) throw kmsErrors.aliasNotFound(arn);
  const resolved = await findKeyById(ctx, requiredString(input, 'TargetKeyId'));
  assertNotPendingDeletion(resolved);
  const outcome = await ctx.store.keys.updateAlias(scope, aliasName, resolved.key.keyId, ctx.now());
  if (outcome === 'not-found') throw kmsErrors.aliasNotFound(arn);
  if (outcome === 'key-not-found') throw kmsErrors.keyNotFound(resolved.arn);
  return {};
};
