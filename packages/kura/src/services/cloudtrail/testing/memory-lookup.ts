// An audit log in memory behind the AuditLookup port, for the handler and SDK tests: records in the
// order written (oldest first), read newest first with the server readers' rules (range, accept,
// limit, scan bound); a position is an index.

import type { AuditLookup } from '../../context.js';

export function memoryLookup(records: object[]): AuditLookup {
  const texts = records.map((r) => JSON.stringify(r));
  return {
    async newest(query) {
      const events: string[] = [];
      let scanned = 0;
      for (let i = (query.after === undefined ? texts.length : Number(query.after)) - 1; i >= 0; i -= 1) {
        const text = texts[i] ?? '';
        const parsed = JSON.parse(text) as { eventTime: string };
        const time = Date.parse(parsed.eventTime);
        scanned += 1;
        if ((query.since === undefined || time >= query.since) && (query.until === undefined || time <= query.until) && query.accept(parsed)) events.push(text);
        if (events.length === query.limit || scanned >= query.scanLimit) return { events, next: String(i) };
      }
      return { events };
    },
  };
}
