// The audit log read back newest first, for CloudTrail LookupEvents (services/context.ts's
// AuditLookup): from the store, where every replica's events are one stream (PostgreSQL), or from
// this server's own files (audit-lookup-files.ts). Both hand their events, newest first, to one
// page builder, each with a position the next page resumes from; the position names an event,
// never "the n-th newest", so a page's token stays right while newer events are appended.

import type { AuditLookup, AuditLookupPage, AuditLookupQuery } from '../services/context.js';
import type { AuditCursor, AuditEventRepository } from '../store/audit.js';

/** One event as a reader meets it; `text` undefined when it is only passed over (out of range, damaged). */
export interface Candidate {
  text?: string;
  parsed?: unknown;
  /** Where the next page starts: just older than this event. */
  position: string;
}

/** The page: the first `limit` accepted events, or what `scanLimit` events looked at gave. */
export async function lookupPage(candidates: AsyncIterable<Candidate>, query: AuditLookupQuery): Promise<AuditLookupPage> {
  const events: string[] = [];
  let scanned = 0;
  for await (const candidate of candidates) {
    scanned += 1;
    if (candidate.text !== undefined && query.accept(candidate.parsed)) events.push(candidate.text);
    // Stopping here closes the reader (the generator's finally): no file stays open.
    if (events.length === query.limit || scanned >= query.scanLimit) return { events, next: candidate.position };
  }
  return { events };
}

/** JSON text to a value, or undefined for a damaged line (a crash's cut, an operator's edit). */
export function parseEvent(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const BATCH = 100;

function cursorOf(position: string | undefined): AuditCursor | undefined {
  if (position === undefined) return undefined;
  const [time, seq] = position.split('.').map(Number);
  // Positions are sealed in page tokens (services/cloudtrail): one that does not parse is ours, damaged.
  if (time === undefined || seq === undefined || !Number.isSafeInteger(time) || !Number.isSafeInteger(seq)) throw new Error('an audit position is damaged');
  return { time, seq };
}

async function* storeCandidates(events: Pick<AuditEventRepository, 'readNewest'>, query: AuditLookupQuery): AsyncGenerator<Candidate> {
  let before = cursorOf(query.after);
  // The store's range ends before `until`; LookupEvents' EndTime includes its own millisecond.
  const until = query.until !== undefined ? query.until + 1 : undefined;
  for (;;) {
    const batch = await events.readNewest({
      ...(query.since !== undefined ? { since: query.since } : {}),
      ...(until !== undefined ? { until } : {}),
      ...(before ? { before } : {}),
      limit: Math.min(BATCH, query.scanLimit),
    });
    for (const event of batch) {
      before = event.position;
      yield { text: event.event, parsed: parseEvent(event.event), position: `${event.position.time}.${event.position.seq}` };
    }
    if (batch.length < Math.min(BATCH, query.scanLimit)) return;
  }
}

/** LookupEvents over the store's events: every replica's. */
export function storeAuditLookup(events: Pick<AuditEventRepository, 'readNewest'>): AuditLookup {
  return { newest: (query) => lookupPage(storeCandidates(events, query), query) };
}
