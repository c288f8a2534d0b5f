// kura migrate-store's and kura backup's command lines: each wrong input and the exact words the
// operator reads, with the exit code (2: a usage error; 1: a store that cannot be used as asked).

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { run as backup } from './backup.js';
import { HELP, run as migrateStore } from './migrate-store.js';

const dir = mkdtempSync(path.join(tmpdir(), 'kura-cli-migrate-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a command in-process; its exit code and what it wrote. */
async function capture(command: (args: string[]) => Promise<number>, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = { stdout: '', stderr: '' };
  const [stdout, stderr] = [process.stdout.write, process.stderr.write];
  process.stdout.write = ((chunk: string) => ((out.stdout += chunk), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => ((out.stderr += chunk), true)) as typeof process.stderr.write;
  try {
    return { code: await command(args), ...out };
  } finally {
    process.stdout.write = stdout;
    process.stderr.write = stderr;
  }
}

describe('kura migrate-store command line', () => {
  it('prints its help', async () => {
    assert.deepEqual(await capture(migrateStore, ['--help']), { code: 0, stdout: HELP, stderr: '' });
  });

  for (const [args, message] of [
    [[], 'kura migrate-store: --from STORE and --to STORE are required\n'],
    [['--from', 'a'], 'kura migrate-store: --from STORE and --to STORE are required\n'],
    [['--from', 'a', '--to', 'b', '--force', '--verify-only'], 'kura migrate-store: --verify-only changes nothing: it takes no --force\n'],
    [['--frm', 'a'], "kura migrate-store: Unknown option '--frm'\n"],
  ] as const) {
    it(`refuses ${JSON.stringify(args)} as a usage error`, async () => {
      assert.deepEqual(await capture(migrateStore, [...args]), { code: 2, stdout: '', stderr: message });
    });
  }

  it('names a store it cannot use, with exit code 1', async () => {
    const missing = path.join(dir, 'missing');
    assert.deepEqual(await capture(migrateStore, ['--from', missing, '--to', path.join(dir, 'to')]), {
      code: 1,
      stdout: '',
      stderr: `kura migrate-store: no Kura data at ${missing}: there is no ${missing}/kura.db\n`,
    });
    assert.deepEqual(await capture(migrateStore, ['--from', missing, '--to', 'mysql://u:pw@h/db']), {
      code: 1,
      stdout: '',
      stderr: 'kura migrate-store: a store is a PostgreSQL URL (postgres://…), a data directory or a kura.db file\n',
    });
    assert.deepEqual(await capture(migrateStore, ['--from', 'postgres://u:pw@[bad/db', '--to', missing]), {
      code: 1,
      stdout: '',
      stderr: 'kura migrate-store: the store URL must be a PostgreSQL URL such as postgres://user@host:5432/db?sslmode=verify-full\n',
    });
  });
});

describe('kura backup command line', () => {
  it('takes a SQLite data directory or a PostgreSQL store, not both', async () => {
    assert.deepEqual(await capture(backup, ['--out', 'x.db', '--data', dir, '--store', 'postgres://h/db']), {
      code: 2,
      stdout: '',
      stderr: 'kura backup: give --data (a SQLite store) or --store (a PostgreSQL one), not both\n',
    });
  });

  it('refuses a store URL that is not PostgreSQL, without repeating it', async () => {
    assert.deepEqual(await capture(backup, ['--out', 'x.db', '--store', 'postgres://u:secret@[bad']), {
      code: 2,
      stdout: '',
      stderr: 'kura backup: the store URL must be a PostgreSQL URL such as postgres://user@host:5432/db?sslmode=verify-full\n',
    });
  });
});
