// Opening the PostgreSQL store: a pool, the migrations (once across replicas), and the
// repositories over it. Unlike SQLite's, this store keeps nothing it read: any number of Kura
// processes share the database, so every request reads what is committed now.

import type { Store, StoreHealth } from '../store.js';
import { PgAccessKeyRepository } from './access-keys.js';
import { PgAuditEventRepository } from './audit-events.js';
import { Database, type DatabaseOptions } from './database.js';
import { PgKeyRepository } from './keys.js';
import { PgMetaRepository } from './meta.js';
import { migrate } from './migrations.js';
import { PgParameterRepository } from './parameters.js';
import { PgPolicyRepository } from './policies.js';
import { PgPrincipalRepository } from './principals.js';
import { PgSecretRepository } from './secrets.js';
import { RESET_STATEMENTS } from './reset.js';
import { PgRewrap } from './rewrap.js';
import { PgSessionRepository } from './sessions.js';
import { PgTransfer } from './transfer.js';

export type PostgresStoreOptions = DatabaseOptions;

/** How long /_kura/health waits for PostgreSQL's answer before it reports the store down. */
const HEALTH_TIMEOUT_MS = 2_000;

export class PostgresStore implements Store {
  readonly parameters: PgParameterRepository;
  readonly keys: PgKeyRepository;
  readonly accessKeys: PgAccessKeyRepository;
  readonly principals: PgPrincipalRepository;
  readonly policies: PgPolicyRepository;
  readonly sessions: PgSessionRepository;
  readonly secrets: PgSecretRepository;
  readonly meta: PgMetaRepository;
  readonly auditEvents: PgAuditEventRepository;
  /** Raw records for copying the whole store (kura migrate-store, kura backup); not a Store port. */
  readonly transfer: PgTransfer;
  /** Re-wrapping under a new master key (kura rotate-master-key); not a Store port. */
  readonly rewrap: PgRewrap;
  private closed = false;

  constructor(readonly db: Database) {
    this.parameters = new PgParameterRepository(db);
    this.keys = new PgKeyRepository(db);
    this.accessKeys = new PgAccessKeyRepository(db);
    this.principals = new PgPrincipalRepository(db);
    this.policies = new PgPolicyRepository(db);
    this.sessions = new PgSessionRepository(db);
    this.secrets = new PgSecretRepository(db);
    this.meta = new PgMetaRepository(db);
    this.auditEvents = new PgAuditEventRepository(db);
    this.transfer = new PgTransfer(db);
    this.rewrap = new PgRewrap(db);
  }

  /**
   * Whether PostgreSQL answers now, known within HEALTH_TIMEOUT_MS: a load balancer's check must not
   * wait out the request bound (a request may wait that long for the database to come back).
   */
  async health(): Promise<StoreHealth> {
    if (this.closed) return { ok: false, backend: 'postgres' };
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), HEALTH_TIMEOUT_MS)));
    const answered = this.db.row('SELECT 1').then(
      () => true,
      () => false,
    );
    const ok = await Promise.race([answered, late]);
    clearTimeout(timer);
    return { ok, backend: 'postgres' };
  }

  reset(keep: { accessKeyIds: string[] }): Promise<void> {
    return this.db.transaction(async (q) => {
      for (const statement of RESET_STATEMENTS) await q.run(statement);
      await q.run('DELETE FROM access_keys WHERE NOT (access_key_id = ANY($1::text[]))', [keep.accessKeyIds]);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.db.close();
  }
}

export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const db = new Database(options);
  try {
    await migrate(db);
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
  return new PostgresStore(db);
}
