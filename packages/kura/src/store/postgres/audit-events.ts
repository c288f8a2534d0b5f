// AuditEventRepository on PostgreSQL: one table that every replica appends its requests' events
// to, read back by time. Appending is the cost every request pays, so the table has one index
// only, its primary key (event time, then the order of appending), which is also what reads
// select a range by and page through. A batch is one INSERT of arrays: one statement (prepared
// once per connection) and one commit, however many events it carries.

import type { AuditEventPage, AuditEventQuery, AuditEventRepository, NewestAuditQuery, PositionedAuditEvent, StoredAuditEvent } from '../audit.js';
import { Database, type Queryable } from './database.js';

// `seq` orders the events of one millisecond (of one second, as CloudTrail's times are written)
// in the order they were appended; the event is kept as the text the server made, not parsed
// (jsonb would cost every request a parse; `event::jsonb` reads it as JSON in SQL).
export const AUDIT_SCHEMA = `
CREATE TABLE audit_events (
  event_time bigint NOT NULL,
  seq        bigint GENERATED ALWAYS AS IDENTITY,
  replica    text NOT NULL,
  event      text NOT NULL,
  PRIMARY KEY (event_time, seq)
);
`;

// The events travel as one text, one per line: JSON.stringify never writes a raw line break (it
// escapes control characters inside strings), so a line is an event. A text parameter is sent as
// it is, where a text[] would be quoted and escaped character by character on both sides.
const APPEND = `INSERT INTO audit_events (event_time, replica, event)
  SELECT * FROM unnest($1::bigint[], $2::text[], string_to_array($3::text, E'\\n'))`;

// The cursor as a row comparison, which the primary key's index answers directly.
const READ = `SELECT event_time, seq, replica, event FROM audit_events
  WHERE (event_time, seq) > ($1, $2) AND event_time >= $3 AND event_time < $4 AND ($5::text IS NULL OR replica = $5)
  ORDER BY event_time, seq LIMIT $6`;

// Newest first, from a position backwards: the same index, scanned backwards.
const READ_NEWEST = `SELECT event_time, seq, replica, event FROM audit_events
  WHERE (event_time, seq) < ($1, $2) AND event_time >= $3 AND event_time < $4
  ORDER BY event_time DESC, seq DESC LIMIT $5`;

interface AuditRow {
  event_time: number;
  seq: number;
  replica: string;
  event: string;
}

/** Further than any event time Kura writes (epoch ms), within PostgreSQL's bigint. */
const END_OF_TIME = Number.MAX_SAFE_INTEGER;

export class PgAuditEventRepository implements AuditEventRepository {
  constructor(private readonly db: Queryable) {}

  async append(events: readonly StoredAuditEvent[]): Promise<void> {
    if (events.length === 0) return;
    const texts = events.map((e) => e.event);
    if (texts.some((text) => text.includes('\n'))) throw new Error('an audit event is not one line of JSON');
    await this.db.run(APPEND, [events.map((e) => e.time), events.map((e) => e.replica), texts.join('\n')]);
  }

  async read(query: AuditEventQuery): Promise<AuditEventPage> {
    if (!Number.isInteger(query.limit) || query.limit < 1) throw new RangeError(`an audit page holds at least one event, not ${query.limit}`);
    // Without a cursor, from the range's start: sequence numbers start at 1, so (since, 0) is before
    // every event of that millisecond.
    const since = query.since ?? 0;
    const from = query.after ?? { time: since, seq: 0 };
    // One more than a page: whether a next page exists is known without reading it.
    const rows = await this.db.rows<AuditRow>(READ, [from.time, from.seq, since, query.until ?? END_OF_TIME, query.replica ?? null, query.limit + 1]);
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      events: page.map((row) => ({ time: row.event_time, replica: row.replica, event: row.event })),
      ...(rows.length > query.limit && last ? { next: { time: last.event_time, seq: last.seq } } : {}),
    };
  }

  async readNewest(query: NewestAuditQuery): Promise<PositionedAuditEvent[]> {
    if (!Number.isInteger(query.limit) || query.limit < 1) throw new RangeError(`an audit page holds at least one event, not ${query.limit}`);
    const until = query.until ?? END_OF_TIME;
    // Without a position, from the range's end: (until, 0) is after every event before `until`.
    const before = query.before ?? { time: until, seq: 0 };
    const rows = await this.db.rows<AuditRow>(READ_NEWEST, [before.time, before.seq, query.since ?? 0, until, query.limit]);
    return rows.map((row) => ({ time: row.event_time, replica: row.replica, event: row.event, position: { time: row.event_time, seq: row.seq } }));
  }
}

/**
 * The audit events alone, for a reader that needs nothing else of the store (`kura audit`): no
 * migration is run and no master key is needed. Reading changes nothing in the database.
 */
export function openPostgresAuditReader(options: { url: string; schema?: string }): Pick<AuditEventRepository, 'read'> & { close(): Promise<void> } {
  const db = new Database({ url: options.url, maxConnections: 1, ...(options.schema !== undefined ? { schema: options.schema } : {}) });
  const events = new PgAuditEventRepository(db);
  return { read: (query) => events.read(query), close: () => db.close() };
}
