// ListKeys: every key of the account and region (AWS managed ones included), by key id.

import { scopeOf, type OperationHandler } from '../context.js';
import { keyArn } from './key-ref.js';
import { pageOf, pageRequest } from './paging.js';

export const listKeys: OperationHandler = async (input, ctx) => {
  const scope = scopeOf(ctx);
  const request = pageRequest(ctx, input, 'ListKeys', {}, { limit: 100, max: 1000 });
  const listed = await ctx.store.keys.list(scope, request.after, request.limit + 1);
  const { items, ...page } = pageOf(ctx, 'ListKeys', {}, request, listed, (key) => key.keyId);
  // A key whose deletion came due but was not touched since is gone: loading it applies that.
  const now = ctx.now().getTime();
  const present = [];
  for (const key of items) {
    const due = key.keyState === 'PendingDeletion' && key.deletionDate !== null && key.deletionDate.getTime() <= now;
    if (!due || (await ctx.kms.load(scope, key.keyId))) present.push(key);
  }
  return { Keys: present.map((key) => ({ KeyId: key.keyId, KeyArn: keyArn(scope.region, scope.accountId, key.keyId) })), ...page };
};
