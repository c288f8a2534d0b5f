// Pagination of ListSecrets, BatchGetSecretValue (by filters) and ListSecretVersionIds. A NextToken
// seals the position after the last item scanned (crypto/page-tokens.ts), bound to the caller, the
// scope and the query, so a forged, altered, replayed or foreign token is InvalidNextTokenException.
// A scan with filters looks at most SCAN_FACTOR × MaxResults secrets per page and may then return a
// short (even empty) page with a token, so no request is unbounded.

import type { SecretListQuery, SecretRecord, SecretSortKey } from '../../store/secrets.js';
import { scopeOf, type OperationContext, type TokenBinding } from '../context.js';
import { smErrors } from './errors.js';
import { isExpired, purgeExpired } from './resolve.js';

export const SCAN_FACTOR = 50;
const BATCH = 100;

function binding(ctx: OperationContext, operation: string, query: unknown): TokenBinding {
  return { operation, principalArn: ctx.principal.arn, scope: scopeOf(ctx), query };
}

export function openToken(ctx: OperationContext, operation: string, query: unknown, token: unknown): string | undefined {
  if (token === undefined) return undefined;
  const position = typeof token === 'string' ? ctx.tokens.open(binding(ctx, operation, query), token) : undefined;
  if (position === undefined) throw smErrors.invalidNextToken();
  return position;
}

export function issueToken(ctx: OperationContext, operation: string, query: unknown, position: string): string {
  return ctx.tokens.issue(binding(ctx, operation, query), position);
}

type After = NonNullable<SecretListQuery['after']>;

/** A secret's place in the listing order: the sort column's value (a missing date sorts as 0), then the name. */
export function positionOf(secret: SecretRecord, sortBy: SecretSortKey): After {
  const time = (date: Date | null) => (date === null ? 0 : date.getTime());
  switch (sortBy) {
    case 'name':
      return { key: secret.name, name: secret.name };
    case 'created-date':
      return { key: time(secret.createdDate), name: secret.name };
    case 'last-changed-date':
      return { key: time(secret.lastChangedDate), name: secret.name };
    case 'last-accessed-date':
      return { key: time(secret.lastAccessedDate), name: secret.name };
  }
}

export function parseAfter(position: string | undefined): After | undefined {
  if (position === undefined) return undefined;
  const parsed = JSON.parse(position) as After;
  return parsed;
}

export interface SecretScan {
  sortBy: SecretSortKey;
  descending: boolean;
  includePlannedDeletion: boolean;
  after?: After;
  maxResults: number;
  /** Whether a listed secret belongs on the page. */
  accept: (secret: SecretRecord) => boolean;
  /** False when every secret is accepted: the scan never looks past one page. */
  filtered: boolean;
}

export async function scanSecrets(ctx: OperationContext, scan: SecretScan): Promise<{ items: SecretRecord[]; resumeAfter?: After }> {
  const { sortBy, descending, includePlannedDeletion, maxResults, accept, filtered } = scan;
  const budget = filtered ? SCAN_FACTOR * maxResults : maxResults;
  const items: SecretRecord[] = [];
  const now = ctx.now();
  let after = scan.after;
  let scanned = 0;
  const list = (limit: number) => ctx.store.secrets.list(scopeOf(ctx), { sortBy, descending, includePlannedDeletion, limit, ...(after ? { after } : {}) });
  let want = maxResults + 1;
  for (;;) {
    const batch = await list(want);
    for (const [index, secret] of batch.entries()) {
      scanned += 1;
      after = positionOf(secret, sortBy);
      // A secret whose recovery window has ended is gone: listed by nobody, and removed now.
      if (isExpired(secret, now)) {
        await purgeExpired(ctx, secret);
        continue;
      }
      if (accept(secret)) items.push(secret);
      if (items.length === maxResults) {
        const more = index < batch.length - 1 || (await list(1)).length > 0;
        return more ? { items, resumeAfter: after } : { items };
      }
    }
    if (batch.length < want) return { items };
    if (scanned >= budget) return after === undefined ? { items } : { items, resumeAfter: after };
    want = Math.min(BATCH, budget - scanned);
  }
}
