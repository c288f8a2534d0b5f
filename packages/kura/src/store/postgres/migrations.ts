// Schema migrations for PostgreSQL, versioned like SQLite's and recorded in schema_migrations. Any
// number of replicas may start at the same moment: each takes a transaction-scoped advisory lock
// first, so exactly one applies what is missing and the others find it done. A database written by
// a newer Kura is refused rather than half-understood.

import type { Database } from './database.js';
import { AUDIT_SCHEMA } from './audit-events.js';
import { FREE_TEXT_AS_BYTES } from './free-text.js';
import { IAM_SCHEMA } from './schema-iam.js';
import { KMS_SCHEMA } from './schema-kms.js';
import { META_SCHEMA } from './meta.js';
import { PARAMETER_SCHEMA, PARENT_INDEX_FIRST } from './schema-parameters.js';
import { SECRET_SCHEMA } from './schema-secrets.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial', sql: [PARAMETER_SCHEMA, KMS_SCHEMA, IAM_SCHEMA, META_SCHEMA].join('\n') },
  { version: 2, name: 'audit events', sql: AUDIT_SCHEMA },
  { version: 3, name: 'free text that may hold U+0000 as UTF-8 bytes', sql: FREE_TEXT_AS_BYTES },
  { version: 4, name: 'secrets manager', sql: SECRET_SCHEMA },
  { version: 5, name: 'parameter listing index led by the parent', sql: PARENT_INDEX_FIRST },
];

export const SCHEMA_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));

/** An arbitrary constant of Kura's: the advisory lock every replica's migration waits on. */
const MIGRATION_LOCK = 0x6b757261; // "kura"

export class SchemaTooNewError extends Error {
  constructor(readonly found: number) {
    super(
      `the database's schema is version ${found}, written by a newer Kura; this Kura understands up to version ${SCHEMA_VERSION}. ` +
        'Upgrade this Kura (every replica runs the same version once the rolling upgrade is done), or point it at another database.',
    );
    this.name = 'SchemaTooNewError';
  }
}

/** Applies the missing migrations, once across replicas; returns the schema version now in force. */
export async function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): Promise<number> {
  const known = Math.max(...migrations.map((m) => m.version));
  // Unbounded: a migration may rewrite a large table, and a replica starting meanwhile waits for the
  // lock below; neither may be cut short by the bound meant for requests.
  return db.transaction(async (q) => {
    await q.run('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await q.run('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)');
    const found = (await q.row<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations'))?.v ?? 0;
    if (found > known) throw new SchemaTooNewError(found);
    for (const migration of migrations) {
      if (migration.version <= found) continue;
      // Several statements in one simple query: not a prepared statement, so it takes no values.
      await q.script(migration.sql);
      await q.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [migration.version, migration.name, Date.now()]);
    }
    return Math.max(found, known);
  }, { unbounded: true });
}
