// ListSecrets: the account's secrets in the region, sorted (created-date ascending unless asked
// otherwise: GAPS.md), filtered (filters.ts), without those scheduled for deletion unless
// IncludePlannedDeletion, paged with sealed NextTokens (paging.ts).

import type { SecretSortKey } from '../../store/secrets.js';
import { scopeOf, type OperationHandler } from '../context.js';
import { filtersOf, matchesFilters } from './filters.js';
import { flag, optionalInteger, optionalString } from './input.js';
import { issueToken, openToken, parseAfter, scanSecrets } from './paging.js';
import { secretToWire } from './to-wire.js';

export const DEFAULT_MAX_RESULTS = 100;

export const listSecrets: OperationHandler = async (input, ctx) => {
  const filters = filtersOf(input);
  const sortBy = (optionalString(input, 'SortBy') ?? 'created-date') as SecretSortKey;
  const descending = optionalString(input, 'SortOrder') === 'desc';
  const includePlannedDeletion = flag(input, 'IncludePlannedDeletion');
  const query = { filters, sortBy, descending, includePlannedDeletion };
  const after = parseAfter(openToken(ctx, 'ListSecrets', query, input['NextToken']));
  const maxResults = optionalInteger(input, 'MaxResults') ?? DEFAULT_MAX_RESULTS;
  const page = await scanSecrets(ctx, {
    sortBy,
    descending,
    includePlannedDeletion,
    maxResults,
    filtered: filters.length > 0,
    accept: (secret) => matchesFilters(secret, filters),
    ...(after ? { after } : {}),
  });
  // Every secret's stage map in one read, by ARN: a secret replaced under its name since the page was
  // read is not taken for the one listed (it then shows no stages, as if it had none).
  const stages = await ctx.store.secrets.labelledVersions(scopeOf(ctx), page.items.map((secret) => secret.arn));
  const entries = page.items.map((secret) => secretToWire(secret, stages.get(secret.arn) ?? [], 'SecretVersionsToStages'));
  const out: Record<string, unknown> = { SecretList: entries };
  if (page.resumeAfter) out['NextToken'] = issueToken(ctx, 'ListSecrets', query, JSON.stringify(page.resumeAfter));
  return out;
};
