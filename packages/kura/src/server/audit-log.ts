// The audit log: <data>/audit/audit.jsonl, one JSON line per authorization decision, appended with a
// write per record (no buffering to lose). When it passes `maxBytes` it is renamed to
// audit-<timestamp>.jsonl beside it and a new file starts. If a record cannot be written the request
// fails (fail closed), unless the server was told to keep serving (`--audit-failure log`).

import { closeSync, fstatSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { AuditRecord, AuditSink } from '../gateway/audit.js';
import type { Logger } from './logger.js';

export interface AuditLogOptions {
  dir: string;
  maxBytes?: number;
  onFailure: 'fail' | 'log';
  logger: Logger;
}

export class AuditWriteError extends Error {
  constructor(cause: unknown) {
    super(`the audit log cannot be written: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'AuditWriteError';
  }
}

export function openAuditLog(options: AuditLogOptions): AuditSink & { close(): void } {
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  const file = path.join(options.dir, 'audit.jsonl');
  let fd = openSync(file, 'a', 0o600);
  let size = fstatSync(fd).size;

  const rotate = () => {
    closeSync(fd);
    renameSync(file, path.join(options.dir, `audit-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`));
    fd = openSync(file, 'a', 0o600);
    size = 0;
  };

  return {
    record(entry: AuditRecord) {
      const line = `${JSON.stringify(entry)}\n`;
      try {
        if (size + line.length > maxBytes && size > 0) rotate();
        size += writeSync(fd, line);
      } catch (error) {
        if (options.onFailure === 'fail') throw new AuditWriteError(error);
        options.logger.log('error', 'audit record not written', { requestId: entry.requestId, error: String(error) });
      }
    },
    close() {
      closeSync(fd);
    },
  };
}
