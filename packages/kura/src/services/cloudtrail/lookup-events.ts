// CloudTrail LookupEvents over Kura's audit log: every request the server (or, on a shared
// PostgreSQL store, every replica) answered, newest first, as CloudTrail event records. The log is
// read through ctx.auditLookup (server/audit-lookup*.ts). A NextToken seals the reader's position
// (crypto/page-tokens.ts), bound to the caller and the lookup attribute, time range and category,
// so a token used with other parameters is InvalidNextTokenException, as the API reference says.
// A lookup looks at most SCAN_FACTOR × MaxResults events per page and may then answer a short (even
// empty) page with a NextToken, so no request is unbounded however rare the matching events are.

import { scopeOf, type OperationContext, type TokenBinding } from '../context.js';
import { ctErrors } from './errors.js';
import { lookupEvent, matches, readRecord, type LookupAttribute, type LookupKey } from './lookup-record.js';

export const SCAN_FACTOR = 200;
const DEFAULT_MAX_RESULTS = 50;

function lookupAttribute(input: Record<string, unknown>): LookupAttribute | undefined {
  const list = input.LookupAttributes;
  if (!Array.isArray(list) || list.length === 0) return undefined;
  if (list.length > 1) throw ctErrors.tooManyAttributes();
  // The model has validated both members (required, the key's enum, the value's length).
  const { AttributeKey, AttributeValue } = list[0] as { AttributeKey: LookupKey; AttributeValue: string };
  if (AttributeKey === 'ReadOnly' && AttributeValue !== 'true' && AttributeValue !== 'false') throw ctErrors.readOnlyValue();
  return { key: AttributeKey, value: AttributeValue };
}

const time = (value: unknown) => (value instanceof Date ? value.getTime() : undefined);

export async function lookupEvents(input: Record<string, unknown>, ctx: OperationContext): Promise<Record<string, unknown>> {
  const attribute = lookupAttribute(input);
  const since = time(input.StartTime);
  const until = time(input.EndTime);
  if (since !== undefined && until !== undefined && since > until) throw ctErrors.timeRange();
  const maxResults = typeof input.MaxResults === 'number' ? input.MaxResults : DEFAULT_MAX_RESULTS;
  const reader = ctx.auditLookup;
  if (!reader) throw ctErrors.unsupported();
  // Kura records management events only: an Insights lookup finds none (GAPS.md).
  if (input.EventCategory === 'insight') return { Events: [] };

  const binding: TokenBinding = { operation: 'cloudtrail:LookupEvents', principalArn: ctx.principal.arn, scope: scopeOf(ctx), query: [attribute ?? null, since ?? null, until ?? null] };
  let after: string | undefined;
  if (input.NextToken !== undefined) {
    after = typeof input.NextToken === 'string' ? ctx.tokens.open(binding, input.NextToken) : undefined;
    if (after === undefined) throw ctErrors.nextToken();
  }
  const page = await reader.newest({
    ...(since !== undefined ? { since } : {}),
    ...(until !== undefined ? { until } : {}),
    ...(after !== undefined ? { after } : {}),
    accept: (parsed) => {
      const record = readRecord(parsed);
      return record !== undefined && matches(record, attribute);
    },
    limit: maxResults,
    scanLimit: SCAN_FACTOR * maxResults,
  });
  const events = page.events.flatMap((text) => {
    const record = readRecord(JSON.parse(text) as unknown);
    return record ? [lookupEvent(record)] : [];
  });
  return { Events: events, ...(page.next !== undefined ? { NextToken: ctx.tokens.issue(binding, page.next) } : {}) };
}
