// Per-account entity quotas (AWS's defaults, IAM quotas page). Counting reads at most `quota` names
// from the store, so a create stays cheap however large the account is.

import type { ListPage } from '../../store/iam-types.js';
import type { OperationContext } from '../context.js';
import { iamErrors } from './errors.js';

export const ACCOUNT_QUOTAS = {
  UsersPerAccount: 5000,
  GroupsPerAccount: 300,
  RolesPerAccount: 1000,
  PoliciesPerAccount: 1500,
} as const;

type QuotaName = keyof typeof ACCOUNT_QUOTAS;

const listers: Record<QuotaName, (ctx: OperationContext, limit: number) => Promise<ListPage<unknown>>> = {
  UsersPerAccount: (ctx, limit) => ctx.store.principals.listUsers(ctx.accountId, { limit }),
  GroupsPerAccount: (ctx, limit) => ctx.store.principals.listGroups(ctx.accountId, { limit }),
  RolesPerAccount: (ctx, limit) => ctx.store.principals.listRoles(ctx.accountId, { limit }),
  PoliciesPerAccount: (ctx, limit) => ctx.store.policies.listPolicies(ctx.accountId, { limit }),
};

/** Fails with LimitExceeded when the account already holds its quota of this kind of entity. */
export async function checkAccountQuota(ctx: OperationContext, name: QuotaName): Promise<void> {
  const quota = ACCOUNT_QUOTAS[name];
  const page = await listers[name](ctx, quota);
  if (page.items.length >= quota) throw iamErrors.quota(name, quota);
}
