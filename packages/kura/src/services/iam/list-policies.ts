// ListPolicies: AWS managed policies (Scope AWS), this account's (Scope Local), or both (All, the
// default; AWS's come first). The Marker carries the position: `aws:<index>` in the AWS list or
// `local:<name>` in the account's. PolicyUsageFilter is accepted and ignored: every managed policy
// can serve both as a permissions policy and as a boundary.

import type { ManagedPolicyRecord } from '../../store/policies.js';
import type { OperationHandler } from '../context.js';
import { underPath } from '../../identity/arns.js';
import { awsManagedPolicies } from '../../identity/aws-managed-policies.js';
import { awsPolicyAttachments } from './boundary-usage.js';
import { optionalBoolean, optionalString } from './input.js';
import { pageOutput, readPage } from './paging.js';
import { policyToWire } from './to-wire.js';

export const listPolicies: OperationHandler = async (input, ctx) => {
  const scope = optionalString(input, 'Scope') ?? 'All';
  const onlyAttached = optionalBoolean(input, 'OnlyAttached') ?? false;
  const pathPrefix = optionalString(input, 'PathPrefix');
  const query = { scope, onlyAttached, pathPrefix };
  const { after, limit } = readPage(ctx, 'ListPolicies', input, query);
  const items: ManagedPolicyRecord[] = [];
  const done = (next: string | undefined) => ({ Policies: items.map((p) => policyToWire(p)), ...pageOutput(ctx, 'ListPolicies', query, next) });

  let position = after ?? (scope === 'Local' ? 'local:' : 'aws:0');
  if (position.startsWith('aws:')) {
    const counts = await awsPolicyAttachments(ctx);
    const all = awsManagedPolicies()
      .map((p) => ({ ...p.record, attachmentCount: counts.get(p.record.arn) ?? 0 }))
      .filter((p) => underPath(p.path, pathPrefix) && (!onlyAttached || p.attachmentCount > 0));
    const start = Number(position.slice(4));
    items.push(...all.slice(start, start + limit));
    const end = start + items.length;
    if (end < all.length) return done(`aws:${end}`);
    if (scope === 'AWS') return done(undefined);
    position = 'local:';
  }
  const localAfter = position.slice('local:'.length) || undefined;
  const room = limit - items.length;
  const localQuery = { ...(pathPrefix !== undefined ? { pathPrefix } : {}), ...(localAfter !== undefined ? { after: localAfter } : {}), onlyAttached };
  if (room === 0) {
    // The page filled up with AWS policies: continue with the account's only if there are any.
    const probe = await ctx.store.policies.listPolicies(ctx.accountId, { ...localQuery, limit: 1 });
    return done(probe.items.length > 0 ? 'local:' : undefined);
  }
  const page = await ctx.store.policies.listPolicies(ctx.accountId, { ...localQuery, limit: room });
  items.push(...page.items);
  return done(page.next !== undefined ? `local:${page.next}` : undefined);
};
