// ListPolicyVersions: newest first, as AWS lists them, without documents.

import type { OperationHandler } from '../context.js';
import { iamErrors } from './errors.js';
import { requiredString } from './input.js';
import { requirePolicy } from './lookup.js';
import { pageOfList } from './paging.js';
import { versionToWire } from './to-wire.js';

const versionNumber = (id: string) => Number(id.slice(1));

export const listPolicyVersions: OperationHandler = async (input, ctx) => {
  const arn = requiredString(input, 'PolicyArn');
  const { awsVersion } = await requirePolicy(ctx, arn);
  const versions = awsVersion ? [awsVersion] : await ctx.store.policies.listPolicyVersions(ctx.accountId, arn);
  if (!versions) throw iamErrors.noSuchPolicy(arn);
  const ordered = [...versions].sort((a, b) => versionNumber(b.versionId) - versionNumber(a.versionId));
  const { items, paging } = pageOfList(ctx, 'ListPolicyVersions', input, { arn }, ordered);
  return { Versions: items.map((v) => versionToWire(v, false)), ...paging };
};
