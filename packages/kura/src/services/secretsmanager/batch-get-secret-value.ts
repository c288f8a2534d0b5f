// BatchGetSecretValue: the current values of up to 20 secrets, named by SecretIdList or found by
// Filters (one or the other). secretsmanager:BatchGetSecretValue is authorized first (on `*`); then
// each secret needs secretsmanager:GetSecretValue as if read alone (and the filters
// secretsmanager:ListSecrets), as AWS documents. A secret that cannot be read (denied, missing,
// scheduled for deletion, its key refusing) becomes an entry of Errors instead of failing the call.

import { ServiceError } from '../../wire/errors.js';
import type { OperationContext, OperationHandler } from '../context.js';
import { secretCheck } from './authorization.js';
import { smErrors } from './errors.js';
import { filtersOf, matchesFilters } from './filters.js';
import { optionalInteger, stringList, type Input } from './input.js';
import { issueToken, openToken, parseAfter, scanSecrets } from './paging.js';
import { readValue } from './read-value.js';
import { requireSecret } from './resolve.js';

const DEFAULT_MAX_RESULTS = 20;

type Entry = { value: Record<string, unknown> } | { error: Record<string, unknown> };

async function readOne(ctx: OperationContext, input: Input, secretId: string): Promise<Entry> {
  try {
    const decision = await ctx.access.check(await secretCheck(ctx, input, secretId, 'GetSecretValue'));
    if (!decision.allowed) throw smErrors.accessDenied(decision.message);
    const { secret } = await requireSecret(ctx, input, secretId);
    return { value: await readValue(ctx, secret, {}) };
  } catch (error) {
    if (!(error instanceof ServiceError) || error.fault === 'server') throw error;
    return { error: { SecretId: secretId, ErrorCode: error.code, Message: error.message } };
  }
}

function outputOf(entries: Entry[]): Record<string, unknown> {
  const values: Record<string, unknown>[] = [];
  const errors: Record<string, unknown>[] = [];
  for (const entry of entries) {
    if ('value' in entry) values.push(entry.value);
    else errors.push(entry.error);
  }
  return { SecretValues: values, Errors: errors };
}

export const batchGetSecretValue: OperationHandler = async (input, ctx) => {
  const ids = stringList(input, 'SecretIdList');
  const filters = filtersOf(input);
  const maxResults = optionalInteger(input, 'MaxResults');
  // guesses: moto's texts for these two rules (GAPS.md).
  if ((ids.length > 0) === (input['Filters'] !== undefined)) throw smErrors.invalidParameter("Either 'SecretIdList' or 'Filters' must be provided, but not both.");
  if (ids.length > 0) {
    if (maxResults !== undefined) throw smErrors.invalidParameter("'Filters' not specified. 'Filters' must also be specified when 'MaxResults' is provided.");
    const entries: Entry[] = [];
    for (const id of new Set(ids)) entries.push(await readOne(ctx, input, id));
    return outputOf(entries);
  }
  await ctx.access.require({ action: 'secretsmanager:ListSecrets', resource: '*' });
  const query = { filters };
  const after = parseAfter(openToken(ctx, 'BatchGetSecretValue', query, input['NextToken']));
  const page = await scanSecrets(ctx, {
    sortBy: 'created-date',
    descending: false,
    includePlannedDeletion: false,
    maxResults: maxResults ?? DEFAULT_MAX_RESULTS,
    filtered: filters.length > 0,
    accept: (secret) => matchesFilters(secret, filters),
    ...(after ? { after } : {}),
  });
  const entries: Entry[] = [];
  for (const secret of page.items) entries.push(await readOne(ctx, input, secret.arn));
  const out = outputOf(entries);
  if (page.resumeAfter) out['NextToken'] = issueToken(ctx, 'BatchGetSecretValue', query, JSON.stringify(page.resumeAfter));
  return out;
};
