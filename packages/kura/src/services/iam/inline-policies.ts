// Put/Get/Delete/List of inline policies, one implementation for users, groups and roles; the
// operation files (put-user-policy.ts, …) bind the kind and the member names.

import type { OperationContext, OperationHandler } from '../context.js';
import { titleOf, iamErrors, type EntityKind } from './errors.js';
import { requiredString, type Input } from './input.js';
import { requireEntity } from './lookup.js';
import { pageOfList } from './paging.js';
import { validateInlinePolicy } from './policy-docs.js';
import { encodeDocument } from './to-wire.js';

const nameMember = (kind: EntityKind) => `${titleOf(kind)}Name`;

export function putInlinePolicy(kind: EntityKind): OperationHandler {
  return async (input: Input, ctx: OperationContext) => {
    const entityName = requiredString(input, nameMember(kind));
    const policyName = requiredString(input, 'PolicyName');
    const document = requiredString(input, 'PolicyDocument');
    const existing = await ctx.store.policies.inlinePolicies(ctx.accountId, kind, entityName);
    if (existing === undefined) throw iamErrors.noSuchEntity(kind, entityName);
    validateInlinePolicy(document, kind, entityName, policyName, existing);
    const outcome = await ctx.store.policies.putInlinePolicy(ctx.accountId, kind, entityName, { policyName, document });
    if (outcome === 'principal-not-found') throw iamErrors.noSuchEntity(kind, entityName);
    return {};
  };
}

export function getInlinePolicy(kind: EntityKind): OperationHandler {
  return async (input, ctx) => {
    const entityName = requiredString(input, nameMember(kind));
    const policyName = requiredString(input, 'PolicyName');
    const policy = await ctx.store.policies.getInlinePolicy(ctx.accountId, kind, entityName, policyName);
    if (!policy) {
      await requireEntity(ctx, kind, entityName);
      throw iamErrors.noSuchInlinePolicy(kind, policyName);
    }
    // The entity's name as stored: the request may spell it in another case.
    const entity =
      kind === 'user'
        ? await ctx.store.principals.getUser(ctx.accountId, entityName)
        : kind === 'group'
          ? await ctx.store.principals.getGroup(ctx.accountId, entityName)
          : await ctx.store.principals.getRole(ctx.accountId, entityName);
    return { [nameMember(kind)]: entity?.name ?? entityName, PolicyName: policy.policyName, PolicyDocument: encodeDocument(policy.document) };
  };
}

export function deleteInlinePolicy(kind: EntityKind): OperationHandler {
  return async (input, ctx) => {
    const entityName = requiredString(input, nameMember(kind));
    const policyName = requiredString(input, 'PolicyName');
    const outcome = await ctx.store.policies.deleteInlinePolicy(ctx.accountId, kind, entityName, policyName);
    if (outcome === 'not-found') {
      await requireEntity(ctx, kind, entityName);
      throw iamErrors.noSuchInlinePolicy(kind, policyName);
    }
    return {};
  };
}

export function listInlinePolicies(kind: EntityKind, operation: string): OperationHandler {
  return async (input, ctx) => {
    const entityName = requiredString(input, nameMember(kind));
    const policies = await ctx.store.policies.inlinePolicies(ctx.accountId, kind, entityName);
    if (policies === undefined) throw iamErrors.noSuchEntity(kind, entityName);
    const names = policies.map((p) => p.policyName);
    const { items, paging } = pageOfList(ctx, operation, input, { entity: entityName.toLowerCase() }, names);
    return { PolicyNames: items, ...paging };
  };
}
