// The audit log: <data>/audit/audit.jsonl, one JSON line per request (a CloudTrail-shaped event,
// gateway/audit.ts), appended with one write per request and no buffering to lose. When it passes
// `maxBytes` it is renamed to audit-<timestamp>.jsonl beside it and a new file starts.
//
// When a line cannot be written (a full disk) and the server fails closed (the default), the request
// fails, the line is kept, and every later request is refused before its operation runs until the
// kept lines reach the file: no operation runs unaudited while the log is failing. With
// `--audit-failure log` the line is dropped, the failure logged, and the server goes on serving.

import { closeSync, existsSync, fstatSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { AuditEvent, AuditTrail } from '../gateway/audit.js';
import { fileAuditLookup } from './audit-lookup-files.js';
import type { Logger } from './logger.js';

export interface AuditLogOptions {
  dir: string;
  maxBytes?: number;
  onFailure: 'fail' | 'log';
  logger: Logger;
  /** The write call; tests stand in a full disk. */
  writeSync?: (fd: number, data: string | Buffer) => number;
}

export class AuditWriteError extends Error {
  constructor(cause: unknown) {
    super(`the audit log cannot be written: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'AuditWriteError';
  }
}

/** Lines kept while the log is failing, at most (then newer ones are dropped, and counted). */
const MAX_KEPT_BYTES = 4 * 1024 * 1024;

const DONE = Promise.resolve();

/** The outcome of synchronous work as a promise: resolved, or rejected with what it threw. */
function settled(work: () => void): Promise<void> {
  try {
    work();
    return DONE;
  } catch (error) {
    return Promise.reject(error);
  }
}

export function openAuditLog(options: AuditLogOptions): AuditTrail & { close(): void } {
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  const write = options.writeSync ?? ((fd: number, data: string | Buffer) => (typeof data === 'string' ? writeSync(fd, data) : writeSync(fd, data)));
  mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  const file = path.join(options.dir, 'audit.jsonl');
  let fd = openSync(file, 'a', 0o600);
  let size = fstatSync(fd).size;
  /** Bytes not yet in the file, oldest first: empty unless a write failed. */
  let unwritten: Buffer = Buffer.alloc(0);
  let dropped = 0;

  const rotate = () => {
    // A free name: two rotations within one millisecond must not overwrite the first one's file.
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    let rotated = path.join(options.dir, `audit-${stamp}.jsonl`);
    for (let n = 1; existsSync(rotated); n += 1) rotated = path.join(options.dir, `audit-${stamp}-${n}.jsonl`);
    // Renamed first: if that fails, the current file stays in use and nothing is lost.
    renameSync(file, rotated);
    const next = openSync(file, 'a', 0o600);
    closeSync(fd);
    fd = next;
    size = 0;
  };

  /** Writes everything unwritten; throws with the rest still kept (a short write keeps its tail). */
  const flush = () => {
    if (size > 0 && size + unwritten.length > maxBytes) rotate();
    while (unwritten.length > 0) {
      const written = write(fd, unwritten);
      size += written;
      unwritten = unwritten.subarray(written);
    }
    if (dropped > 0) {
      options.logger.log('error', 'audit records were dropped while the audit log could not be written', { dropped });
      dropped = 0;
    }
  };

  /** Queues a line behind those kept, within the bound. */
  const keep = (line: Buffer) => {
    if (unwritten.length + line.length > MAX_KEPT_BYTES) {
      // Full of kept lines: try to make room first (the disk may be back).
      try {
        flush();
      } catch {
        // Still failing: counted below.
      }
    }
    if (unwritten.length === 0) unwritten = line;
    else if (unwritten.length + line.length <= MAX_KEPT_BYTES) unwritten = Buffer.concat([unwritten, line]);
    else dropped += 1;
  };

  const failed = (error: unknown, requestId?: string) => {
    if (options.onFailure === 'fail') throw new AuditWriteError(error);
    unwritten = Buffer.alloc(0);
    options.logger.log('error', 'audit record not written', { ...(requestId ? { requestId } : {}), error: String(error) });
  };

  const append = (event: AuditEvent) => {
    const line = `${JSON.stringify(event)}\n`;
    if (unwritten.length === 0) {
      // The usual case: nothing is kept from a failure, and the line goes to the file as it is.
      let written = 0;
      try {
        if (size > 0 && size + line.length > maxBytes) rotate();
        written = write(fd, line);
        size += written;
      } catch {
        // Kept below; flush() tries again and reports the failure if it lasts.
      }
      if (written === Buffer.byteLength(line)) return;
      unwritten = Buffer.from(line).subarray(written);
    } else keep(Buffer.from(line));
    try {
      flush();
    } catch (error) {
      failed(error, event.requestID);
    }
  };

  const check = () => {
    if (unwritten.length === 0) return;
    try {
      flush();
    } catch (error) {
      failed(error);
    }
  };

  return {
    // Written synchronously: the returned promise is settled already, whatever the outcome.
    write: (event: AuditEvent) => settled(() => append(event)),
    ready: () => settled(check),
    lookup: fileAuditLookup(options.dir),
    close() {
      try {
        flush();
      } catch (error) {
        options.logger.log('error', 'audit records lost at shutdown', { bytes: unwritten.length, error: String(error) });
      }
      closeSync(fd);
    },
  };
}
