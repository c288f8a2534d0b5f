// The audit log kept in the store (PostgreSQL), where every replica's events are one stream. Each
// request's event is committed before its response, as the file's line is written before it; the
// events of one event-loop turn go together, so concurrent requests share one INSERT and one
// commit. While a batch is being committed, the next one gathers: under load, batches grow instead
// of queueing statements.
//
// Failing closed is the file's behaviour (audit-log.ts): when a batch cannot be committed, its
// requests fail, its events are kept, and every later request is refused before its operation runs
// until the kept events are committed. With `--audit-failure log` they are dropped and logged.

import type { AuditEvent, AuditTrail } from '../gateway/audit.js';
import type { AuditEventRepository, StoredAuditEvent } from '../store/audit.js';
import { StoreUnavailableError } from '../store/unavailable.js';
import { AuditWriteError } from './audit-log.js';
import { storeAuditLookup } from './audit-lookup.js';
import type { Logger } from './logger.js';

export interface StoreAuditOptions {
  /** With `readNewest`, the trail is read back too (LookupEvents: every replica's events). */
  events: Pick<AuditEventRepository, 'append'> & Partial<Pick<AuditEventRepository, 'readNewest'>>;
  onFailure: 'fail' | 'log';
  logger: Logger;
}

/** Kept while the store refuses, at most (then newer events are dropped, and counted): as the file's bound. */
const MAX_KEPT_CHARS = 4 * 1024 * 1024;

/** Someone waiting for the next batch: a request's write (with its event), or a readiness check. */
interface Waiter {
  event?: StoredAuditEvent;
  requestId?: string;
  resolve(): void;
  reject(error: unknown): void;
}

export function toStored(event: AuditEvent): StoredAuditEvent {
  return { time: Date.parse(event.eventTime), replica: event.additionalEventData.replica, event: JSON.stringify(event) };
}

export function openStoreAuditTrail(options: StoreAuditOptions): AuditTrail & { close(): Promise<void> } {
  let waiting: Waiter[] = [];
  /** Events of failed batches, oldest first, committed ahead of the next batch's. */
  let kept: StoredAuditEvent[] = [];
  let keptChars = 0;
  let dropped = 0;
  let committing: Promise<void> | undefined;
  let scheduled = false;
  let closed = false;

  const keep = (events: readonly StoredAuditEvent[]) => {
    for (const event of events) {
      if (keptChars + event.event.length > MAX_KEPT_CHARS) dropped += 1;
      else {
        kept.push(event);
        keptChars += event.event.length;
      }
    }
  };

  const commit = async (batch: Waiter[]) => {
    const fresh = batch.flatMap((w) => (w.event ? [w.event] : []));
    const events = kept.length > 0 ? [...kept, ...fresh] : fresh;
    try {
      await options.events.append(events);
    } catch (error) {
      if (options.onFailure === 'fail') {
        // A batch is one statement: none of it was committed. Keep it all for the next attempt.
        kept = [];
        keptChars = 0;
        keep(events);
        // A database out of reach stays that failure, which clients are told to retry (503).
        const failure = error instanceof StoreUnavailableError ? error : new AuditWriteError(error);
        for (const waiter of batch) waiter.reject(failure);
        return;
      }
      kept = [];
      keptChars = 0;
      options.logger.log('error', 'audit records not written', { requestIds: batch.flatMap((w) => (w.requestId ? [w.requestId] : [])), error: String(error) });
      for (const waiter of batch) waiter.resolve();
      return;
    }
    kept = [];
    keptChars = 0;
    if (dropped > 0) {
      options.logger.log('error', 'audit records were dropped while the audit log could not be written', { dropped });
      dropped = 0;
    }
    for (const waiter of batch) waiter.resolve();
  };

  /** Commits everything waiting, one batch at a time; what arrives meanwhile goes in the next. */
  const run = () => {
    scheduled = false;
    const batch = waiting;
    waiting = [];
    committing = commit(batch).finally(() => {
      committing = undefined;
      if (waiting.length > 0) schedule();
    });
  };

  const schedule = () => {
    if (scheduled || committing) return;
    scheduled = true;
    // After the turn: every request that finishes in this turn of the event loop joins the batch.
    setImmediate(run);
  };

  const enqueue = (event: StoredAuditEvent | undefined, requestId?: string) =>
    new Promise<void>((resolve, reject) => {
      if (closed) {
        reject(new AuditWriteError(new Error('the audit log is closed')));
        return;
      }
      waiting.push({ ...(event ? { event } : {}), ...(requestId ? { requestId } : {}), resolve, reject });
      schedule();
    });

  return {
    write: (event) => enqueue(toStored(event), event.requestID),
    // Nothing kept, nothing to prove. Otherwise the next batch tries the kept events again, and
    // says whether they are committed now.
    ready: () => (kept.length === 0 ? Promise.resolve() : enqueue(undefined)),
    ...(options.events.readNewest ? { lookup: storeAuditLookup({ readNewest: options.events.readNewest.bind(options.events) }) } : {}),
    async close() {
      closed = true;
      while (committing || scheduled || waiting.length > 0) {
        if (!committing && !scheduled) run();
        await committing?.catch(() => undefined);
        if (scheduled) await new Promise((resolve) => setImmediate(resolve));
      }
      if (kept.length > 0) {
        try {
          await options.events.append(kept);
        } catch (error) {
          options.logger.log('error', 'audit records lost at shutdown', { events: kept.length, error: String(error) });
        }
      }
    },
  };
}
