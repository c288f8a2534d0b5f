// `kura backup`: a consistent copy of the data store, taken while the server (or replicas) run.

import path from 'node:path';
import { parseArgs } from 'node:util';
import { backupDataDir, backupPostgresStore } from '../server/backup.js';
import { summaryLines } from '../server/migrate-store.js';
import { redactStoreUrl, storeUrlProblem } from '../server/store-url.js';

export const HELP = `Usage: kura backup --out FILE [--data DIR | --store URL]

Writes a consistent copy of Kura's database (safe while the server runs) to FILE, mode 0600.
The copy holds SecureStrings only as ciphertext; decrypting them needs the master key, which is
NOT in the copy: back the master key up separately (see docs/operations.md).

With a PostgreSQL store the copy is a SQLite database file holding every record of one snapshot
of the database (safe while replicas serve), verified by count and checksum. Restore it with
kura migrate-store --from FILE --to postgres://… (or serve it as <data>/kura.db).

  --data DIR   the data directory (default ./.kura)
  --store URL  a PostgreSQL store (also KURA_STORE, unless --data is given); the password is never printed
  --out FILE   where to write the copy (must not exist)
`;

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { data: { type: 'string' }, store: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (!values.out) {
    process.stderr.write('kura backup: --out FILE is required\n');
    return 2;
  }
  if (values.store !== undefined && values.data !== undefined) {
    process.stderr.write('kura backup: give --data (a SQLite store) or --store (a PostgreSQL one), not both\n');
    return 2;
  }
  // KURA_STORE as `kura serve` reads it, unless --data names a SQLite store explicitly.
  const storeUrl = values.store ?? (values.data === undefined ? process.env.KURA_STORE || undefined : undefined);
  if (storeUrl !== undefined) return backupPostgres(storeUrl, path.resolve(values.out));
  try {
    const { pages } = await backupDataDir(path.resolve(values.data ?? '.kura'), path.resolve(values.out));
    process.stdout.write(`backed up ${pages} pages to ${path.resolve(values.out)}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`kura backup: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

async function backupPostgres(url: string, out: string): Promise<number> {
  const problem = storeUrlProblem(url);
  if (problem) {
    process.stderr.write(`kura backup: the store URL ${problem}\n`);
    return 2;
  }
  try {
    const summary = await backupPostgresStore(url, out);
    process.stdout.write(`backed up PostgreSQL ${redactStoreUrl(url)} to ${out}\n`);
    for (const line of summaryLines(summary)) process.stdout.write(`${line}\n`);
    process.stdout.write(`verified: counts and checksums agree on both sides (checksum ${summary.checksum})\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`kura backup: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
