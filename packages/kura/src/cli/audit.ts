// `kura audit`: print the audit log's events as JSON lines, oldest first. With a PostgreSQL store it
// reads the one stream every replica writes to (it needs only the store's URL); otherwise the files
// of a data directory. Events carry no secret (gateway/request-audit.ts says what is left out); the
// store URL's password is never printed.

import { once } from 'node:events';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AuditReadError, readAudit, type AuditRange, type AuditSource } from '../server/audit-read.js';
import { storeUrlProblem } from '../server/store-url.js';

export const HELP = `Usage: kura audit [--store URL | --data DIR] [--since TIME] [--until TIME] [--replica NAME]

Prints the audit log's events (CloudTrail records, one JSON object per line), oldest first.

  --store URL      read the events of every server on this PostgreSQL store (default: KURA_STORE)
  --data DIR       read the audit files of this data directory (default ./.kura, when no store is named)
  --since TIME     only events at or after TIME
  --until TIME     only events before TIME
  --replica NAME   only the events of this server (additionalEventData.replica)

TIME is a UTC time such as 2026-03-01T12:00:00Z (or 2026-03-01), or a span before now: 90s, 15m,
2h, 7d. Example: kura audit --since 1h | jq 'select(.errorCode)'
`;

class UsageError extends Error {}

const SPAN = /^(\d{1,9})([smhd])$/;
const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const ISO_TIME = /^\d{4}-\d\d-\d\d(?:T\d\d:\d\d(?::\d\d(?:\.\d{1,3})?)?(?:Z|[+-]\d\d:\d\d))?$/;

/** A time option as epoch ms: an ISO time (a date alone is midnight UTC) or a span before now. */
export function parseTime(option: string, value: string, now: number): number {
  const span = SPAN.exec(value);
  if (span) return now - Number(span[1]) * (UNIT_MS[span[2] ?? 's'] ?? 1_000);
  const time = ISO_TIME.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(time)) throw new UsageError(`${option} takes a UTC time such as 2026-03-01T12:00:00Z or a span such as 15m, 2h, 7d; not '${value.slice(0, 64)}'`);
  return time;
}

export function parseAuditArgs(args: string[], env: NodeJS.ProcessEnv, now: number): { source: AuditSource; range: AuditRange } | 'help' {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      store: { type: 'string' },
      data: { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      replica: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  if (values.store !== undefined && values.data !== undefined) throw new UsageError('give --store or --data, not both');
  // An explicit --data reads the files even where KURA_STORE is set (a server run with --audit-log file).
  const storeUrl = values.store ?? (values.data === undefined ? env.KURA_STORE || undefined : undefined);
  if (storeUrl !== undefined) {
    const problem = storeUrlProblem(storeUrl);
    if (problem) throw new UsageError(`${values.store !== undefined ? '--store' : 'KURA_STORE'} ${problem}`);
  }
  const range: AuditRange = {
    ...(values.since !== undefined ? { since: parseTime('--since', values.since, now) } : {}),
    ...(values.until !== undefined ? { until: parseTime('--until', values.until, now) } : {}),
    ...(values.replica !== undefined ? { replica: values.replica } : {}),
  };
  if (range.since !== undefined && range.until !== undefined && range.since >= range.until) throw new UsageError('--since must be before --until');
  return { source: storeUrl !== undefined ? { storeUrl } : { dataDir: path.resolve(values.data ?? '.kura') }, range };
}

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseAuditArgs(args, process.env, Date.now());
  } catch (error) {
    if (error instanceof UsageError || (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      process.stderr.write(`kura audit: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  if (parsed === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  let reading = true;
  // A reader that went away (`kura audit | head`) ends the output, not with an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') reading = false;
    else throw error;
  });
  let unreadable = 0;
  try {
    for await (const text of readAudit(parsed.source, parsed.range)) {
      let line: string;
      try {
        // Written again from its parsed form: one line each, control characters escaped, whatever was stored.
        line = `${JSON.stringify(JSON.parse(text))}\n`;
      } catch {
        unreadable += 1;
        continue;
      }
      if (!process.stdout.write(line)) await once(process.stdout, 'drain').catch(() => (reading = false));
      if (!reading) break;
    }
    if (unreadable > 0) process.stderr.write(`kura audit: ${unreadable} stored event(s) are not JSON and were left out\n`);
    return 0;
  } catch (error) {
    if (error instanceof AuditReadError) {
      process.stderr.write(`kura audit: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
