// ListAccessKeys: a user's keys (the caller's when UserName is omitted), never their secrets.

import type { OperationHandler } from '../context.js';
import { keyMetadata } from './access-key-store.js';
import { optionalString } from './input.js';
import { requireUserOrCaller } from './lookup.js';
import { pageOfList } from './paging.js';

export const listAccessKeys: OperationHandler = async (input, ctx) => {
  const user = await requireUserOrCaller(ctx, optionalString(input, 'UserName'));
  const keys = (await ctx.store.accessKeys.listForPrincipal(user.arn)).sort(
    (a, b) => a.createDate.getTime() - b.createDate.getTime() || a.accessKeyId.localeCompare(b.accessKeyId),
  );
  const { items, paging } = pageOfList(ctx, 'ListAccessKeys', input, { user: user.id }, keys);
  return { AccessKeyMetadata: items.map((k) => keyMetadata(user, k)), ...paging };
};
