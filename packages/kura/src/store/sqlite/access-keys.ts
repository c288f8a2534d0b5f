// AccessKeyRepository on SQLite. Access keys are global (not per region), keyed by their id.

import type { AccessKeyRecord, AccessKeyRepository } from '../access-keys.js';
import { ACCESS_KEY_COLUMNS, toAccessKey, type AccessKeyRow } from '../access-key-rows.js';
import type { Backend } from './connection.js';
import { cachedRead, createRecordCache } from './epoch-cache.js';

const COLUMNS = ACCESS_KEY_COLUMNS;

const SQL = {
  find: `SELECT ${COLUMNS} FROM access_keys WHERE access_key_id = ?`,
  save: `INSERT INTO access_keys (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (access_key_id) DO UPDATE SET account_id = excluded.account_id, principal_arn = excluded.principal_arn,
      principal_id = excluded.principal_id, secret_ciphertext = excluded.secret_ciphertext, status = excluded.status,
      create_date = excluded.create_date`,
  listForPrincipal: `SELECT ${COLUMNS} FROM access_keys WHERE principal_arn = ? ORDER BY create_date, access_key_id`,
  delete: 'DELETE FROM access_keys WHERE access_key_id = ?',
  all: `SELECT ${COLUMNS} FROM access_keys ORDER BY access_key_id`,
} as const;

export class SqliteAccessKeyRepository implements AccessKeyRepository {
  // Every signed request looks its key up: kept for the write epoch (epoch-cache.ts), absent ones too.
  private readonly found = createRecordCache<AccessKeyRecord>();

  constructor(private readonly backend: Backend) {}

  find(accessKeyId: string): Promise<AccessKeyRecord | undefined> {
    return cachedRead(this.backend, this.found, accessKeyId, (c) => {
      const row = c.sql(SQL.find).get(accessKeyId) as AccessKeyRow | undefined;
      return row && toAccessKey(row);
    });
  }

  save(record: AccessKeyRecord): Promise<void> {
    return this.backend.write((c) => {
      c.sql(SQL.save).run(record.accessKeyId, record.accountId, record.principalArn, record.principalId,
        record.secretCiphertext, record.status, record.createDate.getTime());
    });
  }

  listForPrincipal(principalArn: string): Promise<AccessKeyRecord[]> {
    return this.backend.read((c) => (c.sql(SQL.listForPrincipal).all(principalArn) as AccessKeyRow[]).map(toAccessKey));
  }

  delete(accessKeyId: string): Promise<boolean> {
    return this.backend.write((c) => c.sql(SQL.delete).run(accessKeyId).changes > 0);
  }

  all(): Promise<AccessKeyRecord[]> {
    return this.backend.read((c) => (c.sql(SQL.all).all() as AccessKeyRow[]).map(toAccessKey));
  }
}
