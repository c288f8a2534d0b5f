// AccessKeyRepository on PostgreSQL. Access keys are global (not per region), keyed by their id.
// Unlike SQLite's, nothing found is kept: a key deactivated or deleted through one replica must
// fail the very next request signed with it on every other replica, so each lookup reads the row.

import type { AccessKeyRecord, AccessKeyRepository } from '../access-keys.js';
import { ACCESS_KEY_COLUMNS, toAccessKey, type AccessKeyRow } from '../access-key-rows.js';
import type { Database } from './database.js';

const COLUMNS = ACCESS_KEY_COLUMNS;

const SQL = {
  find: `SELECT ${COLUMNS} FROM access_keys WHERE access_key_id = $1`,
  // One statement: of two replicas saving one id at once, the later save wins whole, never a mix.
  save: `INSERT INTO access_keys (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)
    ON CONFLICT (access_key_id) DO UPDATE SET account_id = excluded.account_id, principal_arn = excluded.principal_arn,
      principal_id = excluded.principal_id, secret_ciphertext = excluded.secret_ciphertext, status = excluded.status,
      create_date = excluded.create_date`,
  listForPrincipal: `SELECT ${COLUMNS} FROM access_keys WHERE principal_arn = $1 ORDER BY create_date, access_key_id`,
  delete: 'DELETE FROM access_keys WHERE access_key_id = $1',
  all: `SELECT ${COLUMNS} FROM access_keys ORDER BY access_key_id`,
} as const;

export class PgAccessKeyRepository implements AccessKeyRepository {
  constructor(private readonly db: Database) {}

  async find(accessKeyId: string): Promise<AccessKeyRecord | undefined> {
    const row = await this.db.row<AccessKeyRow>(SQL.find, [accessKeyId]);
    return row && toAccessKey(row);
  }

  async save(record: AccessKeyRecord): Promise<void> {
    await this.db.run(SQL.save, [
      record.accessKeyId, record.accountId, record.principalArn, record.principalId,
      record.secretCiphertext, record.status, record.createDate.getTime(),
    ]);
  }

  async listForPrincipal(principalArn: string): Promise<AccessKeyRecord[]> {
    return (await this.db.rows<AccessKeyRow>(SQL.listForPrincipal, [principalArn])).map(toAccessKey);
  }

  async delete(accessKeyId: string): Promise<boolean> {
    return (await this.db.run(SQL.delete, [accessKeyId])) > 0;
  }

  async all(): Promise<AccessKeyRecord[]> {
    return (await this.db.rows<AccessKeyRow>(SQL.all)).map(toAccessKey);
  }
}
