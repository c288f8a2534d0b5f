// Usage counts the store does not index: how many users and roles use a managed policy as their
// permissions boundary, and how many entities attach each AWS managed policy (the store counts
// attachments only for customer policies). Both scan the account's users, groups and roles
// (bounded by the account quotas); they run for GetPolicy, ListPolicies and DeletePolicy only,
// never on the request path of other services.

import type { ListPage } from '../../store/iam-types.js';
import type { GroupRecord, RoleRecord, UserRecord } from '../../store/principals.js';
import type { OperationContext } from '../context.js';

const PAGE = 1000;

async function scan<T>(list: (after: string | undefined) => Promise<ListPage<T>>, visit: (item: T) => Promise<void> | void): Promise<void> {
  let after: string | undefined;
  do {
    const page = await list(after);
    for (const item of page.items) await visit(item);
    after = page.next;
  } while (after !== undefined);
}

const q = (after: string | undefined) => ({ limit: PAGE, ...(after !== undefined ? { after } : {}) });

export async function boundaryUsage(ctx: OperationContext, policyArn: string): Promise<number> {
  let count = 0;
  const visit = (e: UserRecord | RoleRecord) => {
    if (e.permissionsBoundary === policyArn) count += 1;
  };
  await scan((after) => ctx.store.principals.listUsers(ctx.accountId, q(after)), visit);
  await scan((after) => ctx.store.principals.listRoles(ctx.accountId, q(after)), visit);
  return count;
}

/** How many users, groups and roles attach each AWS managed policy (`arn:aws:iam::aws:policy/…`). */
export async function awsPolicyAttachments(ctx: OperationContext): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const count = async (kind: 'user' | 'group' | 'role', name: string) => {
    for (const p of (await ctx.store.policies.attachedPolicies(ctx.accountId, kind, name)) ?? []) {
      if (p.policyArn.startsWith('arn:aws:iam::aws:')) counts.set(p.policyArn, (counts.get(p.policyArn) ?? 0) + 1);
    }
  };
  await scan((after) => ctx.store.principals.listUsers(ctx.accountId, q(after)), (u: UserRecord) => count('user', u.name));
  await scan((after) => ctx.store.principals.listGroups(ctx.accountId, q(after)), (g: GroupRecord) => count('group', g.name));
  await scan((after) => ctx.store.principals.listRoles(ctx.accountId, q(after)), (r: RoleRecord) => count('role', r.name));
  return counts;
}
