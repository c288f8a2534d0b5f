// LookupEvents over this server's audit files (audit-log.ts: audit.jsonl, and the rotated
// audit-<timestamp>.jsonl beside it), newest first: each file is read backwards from its end, a
// chunk at a time, so a page costs what it reads, not the log's size.
//
// A position is the file's inode and the byte offset where the event's line starts. Rotation renames
// audit.jsonl, which keeps its inode, so a token taken before a rotation still finds its file and
// offset after it; events appended later are past every offset already handed out.
// Files are in time order, and lines within a file too (one process appends, stamping each event as
// it writes it): reading stops at the first event older than the range. A wall clock stepped back
// while the server ran can hide the events written before the step (GAPS.md).

import { open, stat } from 'node:fs/promises';
import type { AuditLookup, AuditLookupQuery } from '../services/context.js';
import { lookupPage, parseEvent, type Candidate } from './audit-lookup.js';
import { auditFilesIn } from './audit-read.js';

const CHUNK = 64 * 1024;
const NEWLINE = 0x0a;

/** The lines of `file` before byte `end`, last first, each with the offset it starts at. */
export async function* linesBackward(file: string, end: number): AsyncGenerator<{ text: string; start: number }> {
  const handle = await open(file, 'r');
  try {
    let position = end;
    /** Bytes from `position` on that belong to a line whose start is not read yet. */
    let tail = Buffer.alloc(0);
    while (position > 0) {
      const size = Math.min(CHUNK, position);
      position -= size;
      const chunk = Buffer.alloc(size);
      let read = 0;
      while (read < size) {
        const { bytesRead } = await handle.read(chunk, read, size - read, position + read);
        if (bytesRead === 0) break;
        read += bytesRead;
      }
      const buffer = tail.length > 0 ? Buffer.concat([chunk.subarray(0, read), tail]) : chunk.subarray(0, read);
      let cut = buffer.length;
      while (cut > 0) {
        const at = buffer.lastIndexOf(NEWLINE, cut - 1);
        if (at < 0) break;
        if (cut > at + 1) yield { text: buffer.toString('utf8', at + 1, cut), start: position + at + 1 };
        cut = at;
      }
      tail = Buffer.from(buffer.subarray(0, cut));
    }
    if (tail.length > 0) yield { text: tail.toString('utf8'), start: 0 };
  } finally {
    await handle.close();
  }
}

function parsePosition(position: string | undefined): { inode: string; offset: number } | undefined {
  if (position === undefined) return undefined;
  const [inode, offset] = position.split(':');
  if (inode === undefined || offset === undefined || !/^\d+$/.test(inode) || !/^\d+$/.test(offset)) throw new Error('an audit position is damaged');
  return { inode, offset: Number(offset) };
}

async function* fileCandidates(dir: string, query: AuditLookupQuery): AsyncGenerator<Candidate> {
  const after = parsePosition(query.after);
  let started = after === undefined;
  for (const file of auditFilesIn(dir).reverse()) {
    let info;
    try {
      info = await stat(file, { bigint: true });
    } catch {
      // Rotated away since it was listed: its events are under its new name, read when listed again.
      continue;
    }
    const inode = info.ino.toString();
    let end = Number(info.size);
    if (!started) {
      if (!after || inode !== after.inode) continue;
      started = true;
      end = Math.min(after.offset, end);
    }
    for await (const line of linesBackward(file, end)) {
      const position = `${inode}:${line.start}`;
      const parsed = parseEvent(line.text);
      const eventTime = (parsed as { eventTime?: unknown } | undefined)?.eventTime;
      const time = typeof eventTime === 'string' ? Date.parse(eventTime) : Number.NaN;
      if (Number.isNaN(time) || (query.until !== undefined && time > query.until)) {
        yield { position };
        continue;
      }
      if (query.since !== undefined && time < query.since) return;
      yield { text: line.text, parsed, position };
    }
  }
}

/** LookupEvents over the audit files in `dir` (audit-log.ts's): this server's events only. */
export function fileAuditLookup(dir: string): AuditLookup {
  return { newest: (query) => lookupPage(fileCandidates(dir, query), query) };
}
