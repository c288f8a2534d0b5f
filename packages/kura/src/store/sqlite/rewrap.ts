// Master-key rotation on SQLite (store/rewrap.ts): one write of the queue, so one transaction (a
// savepoint of its batch): a failure anywhere leaves every record and the check value as they were.
// The command opens the store with its process lock, so no server runs on it meanwhile.

import { KEY_CHECK } from '../meta.js';
import { checkRecorded, credentialSecret, materialSecret, type CredentialRow, type CredentialTable, type MasterKeyRewrap, type MaterialRow, type RewrapPlan } from '../rewrap.js';
import type { Backend, Connection } from './connection.js';

function rewrapSecrets(c: Connection, plan: RewrapPlan, table: CredentialTable): void {
  const update = c.sql(`UPDATE ${table} SET secret_ciphertext = ? WHERE access_key_id = ?`);
  // Read whole before writing: better-sqlite3 cannot write while a statement iterates.
  for (const row of c.sql(`SELECT access_key_id, secret_ciphertext FROM ${table} ORDER BY access_key_id`).all() as CredentialRow[]) {
    const next = plan.rewrap(credentialSecret(table, row));
    if (next) update.run(next, row.access_key_id);
  }
}

export class SqliteRewrap implements MasterKeyRewrap {
  constructor(private readonly backend: Backend) {}

  rewrapAll(plan: RewrapPlan): Promise<void> {
    return this.backend.write((c) => {
      checkRecorded(c.column('SELECT value FROM kura_meta WHERE key = ?').get(KEY_CHECK) as Buffer | undefined, plan);
      c.sql('INSERT INTO kura_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(KEY_CHECK, plan.nextCheck);
      const update = c.sql('UPDATE kms_key_materials SET wrapped = ? WHERE account_id = ? AND region = ? AND key_id = ? AND version = ?');
      const materials = c.sql('SELECT account_id, region, key_id, version, wrapped FROM kms_key_materials ORDER BY account_id, region, key_id, version').all() as MaterialRow[];
      for (const m of materials) {
        const next = plan.rewrap(materialSecret(m));
        if (next) update.run(next, m.account_id, m.region, m.key_id, m.version);
      }
      rewrapSecrets(c, plan, 'access_keys');
      rewrapSecrets(c, plan, 'sts_sessions');
    });
  }
}
