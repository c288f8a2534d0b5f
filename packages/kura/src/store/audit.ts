// The audit events a store keeps itself, when it is shared by several Kura replicas (PostgreSQL):
// every replica appends its requests' events here, so an operator reads all replicas' decisions as
// one stream ordered by time. The store keeps each event as the JSON text the server made; it
// neither reads nor changes it (the event's shape is the gateway's, gateway/audit.ts).
// A store without this port (SQLite, one process) leaves the audit log to a file of its server.

/** One event as the store keeps it. */
export interface StoredAuditEvent {
  /** The event's time, epoch milliseconds: what reads select and order by. */
  time: number;
  /** The replica that made the decision the event records. */
  replica: string;
  /** The event, one JSON object as text on one line (as JSON.stringify writes it: no raw line break). */
  event: string;
}

/** Where a page ends: the next page starts after it. Opaque to callers. */
export interface AuditCursor {
  time: number;
  seq: number;
}

export interface AuditEventQuery {
  /** Events at or after this time (epoch ms). */
  since?: number;
  /** Events before this time (epoch ms). */
  until?: number;
  /** Only this replica's events. */
  replica?: string;
  /** The previous page's `next`. */
  after?: AuditCursor;
  /** Events per page, at most. */
  limit: number;
}

export interface AuditEventPage {
  /** Oldest first; events of one time in the order they were appended. */
  events: StoredAuditEvent[];
  /** Present when more events may follow: pass it as `after` for the next page. */
  next?: AuditCursor;
}

/** One event with its place in the stream, for a reader that pages from any event (LookupEvents). */
export interface PositionedAuditEvent extends StoredAuditEvent {
  position: AuditCursor;
}

export interface NewestAuditQuery {
  /** Events at or after this time (epoch ms). */
  since?: number;
  /** Events before this time (epoch ms). */
  until?: number;
  /** Only events older than this position (an event's `position`). */
  before?: AuditCursor;
  /** Events at most. */
  limit: number;
}

export interface AuditEventRepository {
  /** Appends the events together: all of them or none. An event text with a raw line break is refused. */
  append(events: readonly StoredAuditEvent[]): Promise<void>;
  /** One page of the events in the query's range. */
  read(query: AuditEventQuery): Promise<AuditEventPage>;
  /** Events in the query's range older than `before`, newest first: events of one time newest appended first. */
  readNewest(query: NewestAuditQuery): Promise<PositionedAuditEvent[]>;
}
