// SecretRepository on PostgreSQL. Nothing read is kept: other replicas write the same secrets, so
// every call reads what is committed now, in one statement. Creates and changes are transactions
// (secret-writes.ts); a delete and a touch are single statements, each a transaction of its own.

import { listCursor } from '../secret-list.js';
import { toDueSecret, toLabelledVersions, toSecret, toSecretRead, toSecretVersion } from '../secret-rows.js';
import type { DueSecretRow, LabelledVersionRow, SecretReadRow, SecretRow, SecretVersionRow } from '../secret-rows.js';
import type {
  DueSecret,
  LabelledVersion,
  NewSecret,
  SecretChange,
  SecretChangeOutcome,
  SecretExpectation,
  SecretListQuery,
  SecretRecord,
  SecretRepository,
  SecretVersionRecord,
  VersionSelector,
} from '../secrets.js';
import type { Scope } from '../scope.js';
import type { Database } from './database.js';
import { utf8 } from './free-text.js';
import { listSql, listValues, SECRET_READ_SQL } from './secret-sql.js';
import * as writes from './secret-writes.js';
import { fitsText } from './storable.js';

const SQL = {
  // Versions, and through them stages, go with the secret (ON DELETE CASCADE).
  delete: 'DELETE FROM secrets WHERE account_id = $1 AND region = $2 AND name = $3 AND arn = $4',
  deleteAt: 'DELETE FROM secrets WHERE account_id = $1 AND region = $2 AND name = $3 AND arn = $4 AND revision = $5',
  // Two statements, each locking one row for its own instant: a touch never holds a secret and a
  // version at once, so it cannot deadlock with a change that holds the secret and deletes versions.
  // A row already at `day` or later is not matched, so nothing is written (a read stays a read).
  touchSecret: `UPDATE secrets SET last_accessed_date = $4 WHERE account_id = $1 AND region = $2 AND name = $3
    AND coalesce(last_accessed_date, -1) < $4`,
  touchVersion: `UPDATE secret_versions v SET last_accessed_date = $4 FROM secrets s
    WHERE s.account_id = $1 AND s.region = $2 AND s.name = $3 AND v.secret_id = s.id AND v.version_id = $5
    AND coalesce(v.last_accessed_date, -1) < $4`,
} as const;

/** The read statement for a selector, and its values after scope and name. */
function readStatement(selector: VersionSelector): [string, unknown[]] {
  const { versionId, stage } = selector;
  if (versionId !== undefined && stage !== undefined) return [SECRET_READ_SQL.readByIdAndStage, [utf8(versionId), utf8(stage)]];
  if (versionId !== undefined) return [SECRET_READ_SQL.readById, [utf8(versionId)]];
  if (stage !== undefined) return [SECRET_READ_SQL.readByStage, [utf8(stage)]];
  return [SECRET_READ_SQL.readNone, []];
}

export class PgSecretRepository implements SecretRepository {
  constructor(private readonly db: Database) {}

  create(scope: Scope, secret: NewSecret, firstVersion?: SecretVersionRecord): Promise<'created' | 'exists'> {
    return writes.create(this.db, scope, secret, firstVersion);
  }

  // A name or ARN PostgreSQL cannot hold names nothing stored (storable.ts): not found.
  async get(scope: Scope, name: string): Promise<SecretRecord | undefined> {
    if (!fitsText(name)) return undefined;
    const row = await this.db.row<SecretRow>(SECRET_READ_SQL.secret, [scope.accountId, scope.region, name]);
    return row && toSecret(row);
  }

  async getByArn(scope: Scope, arn: string): Promise<SecretRecord | undefined> {
    if (!fitsText(arn)) return undefined;
    const row = await this.db.row<SecretRow>(SECRET_READ_SQL.byArn, [scope.accountId, scope.region, arn]);
    return row && toSecret(row);
  }

  async versions(scope: Scope, name: string): Promise<SecretVersionRecord[]> {
    if (!fitsText(name)) return [];
    return (await this.db.rows<SecretVersionRow>(SECRET_READ_SQL.versions, [scope.accountId, scope.region, name])).map(toSecretVersion);
  }

  async read(scope: Scope, name: string, selector: VersionSelector): Promise<{ secret: SecretRecord; version: SecretVersionRecord | undefined } | undefined> {
    if (!fitsText(name)) return undefined;
    const [sql, values] = readStatement(selector);
    const row = await this.db.row<SecretReadRow>(sql, [scope.accountId, scope.region, name, ...values]);
    return row && toSecretRead(row);
  }

  async labelledVersions(scope: Scope, arns: readonly string[]): Promise<Map<string, LabelledVersion[]>> {
    // An ARN PostgreSQL cannot hold names no stored secret.
    const storable = arns.filter(fitsText);
    if (storable.length === 0) return new Map();
    return toLabelledVersions(await this.db.rows<LabelledVersionRow>(SECRET_READ_SQL.labelledVersions, [scope.accountId, scope.region, storable]));
  }

  change(scope: Scope, name: string, expected: SecretExpectation, change: SecretChange): Promise<SecretChangeOutcome> {
    if (!fitsText(name) || !fitsText(expected.arn)) return Promise.resolve('not-found');
    return writes.change(this.db, scope, name, expected, change);
  }

  async touch(scope: Scope, name: string, versionId: string, day: Date): Promise<void> {
    if (!fitsText(name)) return;
    const values = [scope.accountId, scope.region, name, day.getTime()];
    await this.db.run(SQL.touchSecret, values);
    await this.db.run(SQL.touchVersion, [...values, utf8(versionId)]);
  }

  async list(scope: Scope, query: SecretListQuery): Promise<SecretRecord[]> {
    const cursor = listCursor(query);
    // A cursor is a stored secret's name, and no stored name holds U+0000: one that does is a caller's bug.
    if (cursor && !fitsText(cursor.name)) throw new RangeError('a list cursor holds no U+0000');
    const rows = await this.db.rows<SecretRow>(listSql(query), listValues(query, [scope.accountId, scope.region], cursor));
    return rows.map(toSecret);
  }

  async delete(scope: Scope, name: string, expected: { arn: string; revision?: number }): Promise<boolean> {
    if (!fitsText(name) || !fitsText(expected.arn)) return false;
    const values = [scope.accountId, scope.region, name, expected.arn];
    const deleted = expected.revision === undefined ? await this.db.run(SQL.delete, values) : await this.db.run(SQL.deleteAt, [...values, expected.revision]);
    return deleted > 0;
  }

  async dueForDeletion(now: Date, limit: number): Promise<DueSecret[]> {
    return (await this.db.rows<DueSecretRow>(SECRET_READ_SQL.dueForDeletion, [now.getTime(), limit])).map(toDueSecret);
  }

  async dueForRotation(now: Date, limit: number): Promise<DueSecret[]> {
    return (await this.db.rows<DueSecretRow>(SECRET_READ_SQL.dueForRotation, [now.getTime(), limit])).map(toDueSecret);
  }
}
