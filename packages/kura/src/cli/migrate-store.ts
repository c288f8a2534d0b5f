// `kura migrate-store`: copy a whole store between SQLite and PostgreSQL (either way), verified.

import { parseArgs } from 'node:util';
import { isOperatorError, migrateStore, summaryLines, verifyStoreCopy, type MigrateReport } from '../server/migrate-store.js';

export const HELP = `Usage: kura migrate-store --from STORE --to STORE [--force]
       kura migrate-store --from STORE --to STORE --verify-only

Copies everything in one Kura store into another: parameters with every version, labels and tags;
KMS keys with every material version, aliases and tags; access keys; IAM users, groups, roles,
memberships, managed policies with their versions, attachments, inline policies and tags; STS
sessions that have not expired; and the master key check value. Nothing is decrypted: values stay
ciphertext and keys stay wrapped, so the target is served with the same master key. The copy is one
transaction, then read back from the target and compared with the source: counts and a checksum
of every record.

A STORE is a PostgreSQL URL (postgres://user@host:5432/db?sslmode=verify-full; the password is
never printed), a data directory (its kura.db; created for a target), or a kura.db file (such as one
that kura backup wrote). Stop the servers first: a server on a SQLite store holds its lock and the
copy is refused; one still writing to a PostgreSQL source would write after the copy's snapshot.

  --from STORE     the store to copy
  --to STORE       where to copy it; refused if it holds anything, unless --force
  --force          delete everything the target holds first
  --verify-only    copy nothing: compare the two stores (counts and checksums)
`;

function printReport(report: MigrateReport, verb: string): void {
  process.stdout.write(`${verb} ${report.from} → ${report.to}\n`);
  for (const line of summaryLines(report.copied)) process.stdout.write(`${line}\n`);
  process.stdout.write(`verified: counts and checksums agree on both sides (checksum ${report.copied.checksum})\n`);
}

export async function run(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        force: { type: 'boolean' },
        'verify-only': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    process.stderr.write(`kura migrate-store: ${(error as Error).message}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (!values.from || !values.to) {
    process.stderr.write('kura migrate-store: --from STORE and --to STORE are required\n');
    return 2;
  }
  if (values.force && values['verify-only']) {
    process.stderr.write('kura migrate-store: --verify-only changes nothing: it takes no --force\n');
    return 2;
  }
  try {
    if (values['verify-only']) {
      printReport(await verifyStoreCopy({ from: values.from, to: values.to }), 'compared');
    } else {
      const report = await migrateStore({ from: values.from, to: values.to, force: values.force === true });
      printReport(report, 'copied');
      if (report.replaced) process.stdout.write('(everything the target held before was deleted first: --force)\n');
    }
    return 0;
  } catch (error) {
    if (!isOperatorError(error)) throw error;
    process.stderr.write(`kura migrate-store: ${error.message}\n`);
    return 1;
  }
}
