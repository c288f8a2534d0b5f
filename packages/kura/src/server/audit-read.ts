// Reading the audit log back, for `kura audit`: from the PostgreSQL store, where every replica's
// events are one stream (it needs only the store's URL: no master key, no migration, nothing
// written), or from a data directory's files (SQLite, or a server started with --audit-log file).
// Either way the events come oldest first, each as one JSON text, within a time range and
// optionally of one replica.

import { createReadStream, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { AuditEvent } from '../gateway/audit.js';
import type { AuditCursor } from '../store/audit.js';
import { openPostgresAuditReader } from '../store/postgres/index.js';
import { redactStoreUrl } from './store-url.js';

export interface AuditRange {
  /** At or after, epoch ms. */
  since?: number;
  /** Before, epoch ms. */
  until?: number;
  replica?: string;
}

export type AuditSource = { storeUrl: string; schema?: string } | { dataDir: string };

/** A failure the operator can act on, said in one line (never with the store URL's password). */
export class AuditReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditReadError';
  }
}

const PAGE = 1000;

/** The events of the range, oldest first, as stored (one JSON object per text). */
export function readAudit(source: AuditSource, range: AuditRange): AsyncGenerator<string> {
  return 'storeUrl' in source ? readFromStore(source, range) : readFromFiles(source.dataDir, range);
}

async function* readFromStore(source: { storeUrl: string; schema?: string }, range: AuditRange): AsyncGenerator<string> {
  const reader = openPostgresAuditReader({ url: source.storeUrl, ...(source.schema !== undefined ? { schema: source.schema } : {}) });
  try {
    let after: AuditCursor | undefined;
    do {
      let page;
      try {
        page = await reader.read({ ...range, limit: PAGE, ...(after ? { after } : {}) });
      } catch (error) {
        throw storeFailure(source.storeUrl, error);
      }
      for (const stored of page.events) yield stored.event;
      after = page.next;
    } while (after);
  } finally {
    await reader.close();
  }
}

function storeFailure(url: string, error: unknown): Error {
  const code = (error as { code?: unknown }).code;
  if (code === '42P01') {
    return new AuditReadError(`the PostgreSQL store ${redactStoreUrl(url)} has no audit events: no Kura that keeps them there has started on it yet`);
  }
  return new AuditReadError(`cannot read the audit events from ${redactStoreUrl(url)}: ${error instanceof Error ? error.message : String(error)}`);
}

/** The data directory's audit files, oldest first: the rotated ones by their time (and number), then the current one. */
export function auditFiles(dataDir: string): string[] {
  return auditFilesIn(path.join(dataDir, 'audit'));
}

/** The audit files of an audit directory (audit-log.ts's `dir`), oldest first. */
export function auditFilesIn(dir: string): string[] {
  if (!existsSync(dir)) throw new AuditReadError(`no audit log in ${dir}`);
  const rotated = readdirSync(dir)
    .map((name) => ({ name, match: /^audit-(.+?)(?:-(\d+))?\.jsonl$/.exec(name) }))
    .flatMap(({ name, match }) => (match?.[1] ? [{ name, stamp: match[1], n: Number(match[2] ?? 0) }] : []))
    .sort((a, b) => (a.stamp < b.stamp ? -1 : a.stamp > b.stamp ? 1 : a.n - b.n))
    .map((f) => path.join(dir, f.name));
  const current = path.join(dir, 'audit.jsonl');
  return existsSync(current) ? [...rotated, current] : rotated;
}

async function* readFromFiles(dataDir: string, range: AuditRange): AsyncGenerator<string> {
  for (const file of auditFiles(dataDir)) {
    const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
    for await (const line of lines) {
      if (line === '') continue;
      let event: Partial<AuditEvent>;
      try {
        event = JSON.parse(line) as Partial<AuditEvent>;
      } catch {
        // A line cut short by a crash: not an event, and nothing to print.
        continue;
      }
      if (inRange(event, range)) yield line;
    }
  }
}

function inRange(event: Partial<AuditEvent>, range: AuditRange): boolean {
  const time = Date.parse(event.eventTime ?? '');
  if (Number.isNaN(time)) return false;
  if (range.since !== undefined && time < range.since) return false;
  if (range.until !== undefined && time >= range.until) return false;
  return range.replica === undefined || event.additionalEventData?.replica === range.replica;
}
