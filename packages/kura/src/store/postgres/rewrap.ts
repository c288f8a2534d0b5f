// Master-key rotation on PostgreSQL (store/rewrap.ts): one transaction, without the request bound
// on its statements. The check value is locked and replaced first: a replica starting meanwhile
// waits on that row, and then finds the new value, so one with the old key refuses to start. A
// replica already running would go on wrapping new records under the old key, so the rotation is
// refused while any other connection of Kura's is open to the database; a replica whose pool
// closed its last idle connection is not seen, which is why the operator stops every replica first.

import { KEY_CHECK } from '../meta.js';
import {
  checkRecorded,
  credentialSecret,
  materialSecret,
  StoreInUseError,
  type CredentialRow,
  type CredentialTable,
  type MasterKeyRewrap,
  type MaterialRow,
  type RewrapPlan,
} from '../rewrap.js';
import type { Database, Queryable } from './database.js';

/**
 * Other connections named as this one is (`kura`, unless the URL names it otherwise) to this
 * database: Kura's replicas and commands, whatever schema they use. This one is the rotation's only
 * connection (it opens the store with a pool of one).
 */
const OTHER_KURA_CONNECTIONS = `
  SELECT coalesce(host(client_addr), 'a local socket') AS client FROM pg_stat_activity
  WHERE datname = current_database() AND application_name = current_setting('application_name')
    AND backend_type = 'client backend' AND pid <> pg_backend_pid()
  ORDER BY client`;

/** Each secret of `table`, written back when it changes; rows are locked from the read on (FOR UPDATE). */
async function rewrapSecrets(q: Queryable, plan: RewrapPlan, table: CredentialTable): Promise<void> {
  const rows = await q.rows<CredentialRow>(`SELECT access_key_id, secret_ciphertext FROM ${table} ORDER BY access_key_id FOR UPDATE`);
  for (const row of rows) {
    const next = plan.rewrap(credentialSecret(table, row));
    if (next) await q.run(`UPDATE ${table} SET secret_ciphertext = $2 WHERE access_key_id = $1`, [row.access_key_id, next]);
  }
}

export class PgRewrap implements MasterKeyRewrap {
  constructor(private readonly db: Database) {}

  async rewrapAll(plan: RewrapPlan): Promise<void> {
    await this.db.transaction(
      async (q) => {
        const recorded = await q.row<{ value: Buffer }>('SELECT value FROM kura_meta WHERE key = $1 FOR UPDATE', [KEY_CHECK]);
        checkRecorded(recorded?.value, plan);
        await q.run('INSERT INTO kura_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value', [KEY_CHECK, plan.nextCheck]);
        const others = await q.rows<{ client: string }>(OTHER_KURA_CONNECTIONS);
        if (others.length > 0) throw new StoreInUseError(others.map((row) => row.client));
        const materials = await q.rows<MaterialRow>(
          'SELECT account_id, region, key_id, version, wrapped FROM kms_key_materials ORDER BY account_id, region, key_id, version FOR UPDATE',
        );
        for (const m of materials) {
          const next = plan.rewrap(materialSecret(m));
          if (next) {
            await q.run('UPDATE kms_key_materials SET wrapped = $5 WHERE account_id = $1 AND region = $2 AND key_id = $3 AND version = $4', [
              m.account_id,
              m.region,
              m.key_id,
              m.version,
              next,
            ]);
          }
        }
        await rewrapSecrets(q, plan, 'access_keys');
        await rewrapSecrets(q, plan, 'sts_sessions');
      },
      { unbounded: true },
    );
  }
}
