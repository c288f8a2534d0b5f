// SecretRepository on SQLite: reads run one statement on committed data, writes go through group
// commit (secret-writes.ts). The reads a request starts with (the secret a SecretId names, and the
// secret with the version GetSecretValue opens) are kept for the write epoch (secret-cache.ts).

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
import type { Backend } from './connection.js';
import { LABELLED_VERSIONS_SQL, listSql, SECRET_READ_SQL } from './secret-sql.js';
import * as writes from './secret-writes.js';
import { cachedRead } from './epoch-cache.js';
import { createSecretCache, type SecretRead } from './secret-cache.js';

function scoped(scope: Scope, extra: Record<string, unknown>): Record<string, unknown> {
  return { account: scope.accountId, region: scope.region, ...extra };
}

/** The read statement for a selector, and its parameters beyond scope and name. */
function readStatement(selector: VersionSelector): [string, Record<string, unknown>] {
  const { versionId, stage } = selector;
  if (versionId !== undefined && stage !== undefined) return [SECRET_READ_SQL.readByIdAndStage, { versionId, stage }];
  if (versionId !== undefined) return [SECRET_READ_SQL.readById, { versionId }];
  if (stage !== undefined) return [SECRET_READ_SQL.readByStage, { stage }];
  return [SECRET_READ_SQL.readNone, {}];
}

export class SqliteSecretRepository implements SecretRepository {
  private readonly kept = createSecretCache();

  constructor(private readonly backend: Backend) {}

  /** Each read has keys of its own in the one cache: which read, the scope, then what was asked. */
  private cacheKey(scope: Scope, read: 'name' | 'arn' | 'read', ...what: string[]): string {
    return [read, scope.accountId, scope.region, ...what].join('\u0000');
  }

  create(scope: Scope, secret: NewSecret, firstVersion?: SecretVersionRecord): Promise<'created' | 'exists'> {
    return this.backend.write((c) => writes.create(c, scope, secret, firstVersion));
  }

  get(scope: Scope, name: string): Promise<SecretRecord | undefined> {
    return cachedRead(this.backend, this.kept, this.cacheKey(scope, 'name', name), (c) => {
      const row = c.sql(SECRET_READ_SQL.secret).get(scoped(scope, { name })) as SecretRow | undefined;
      return row && toSecret(row);
    });
  }

  getByArn(scope: Scope, arn: string): Promise<SecretRecord | undefined> {
    return cachedRead(this.backend, this.kept, this.cacheKey(scope, 'arn', arn), (c) => {
      const row = c.sql(SECRET_READ_SQL.byArn).get(scoped(scope, { arn })) as SecretRow | undefined;
      return row && toSecret(row);
    });
  }

  versions(scope: Scope, name: string): Promise<SecretVersionRecord[]> {
    return this.backend.read((c) => (c.sql(SECRET_READ_SQL.versions).all(scoped(scope, { name })) as SecretVersionRow[]).map(toSecretVersion));
  }

  read(scope: Scope, name: string, selector: VersionSelector): Promise<{ secret: SecretRecord; version: SecretVersionRecord | undefined } | undefined> {
    const [sql, params] = readStatement(selector);
    // The selector's parts, each marked present or absent, so no two selectors share a key.
    const key = this.cacheKey(scope, 'read', name, selector.versionId === undefined ? '-' : `+${selector.versionId}`, selector.stage === undefined ? '-' : `+${selector.stage}`);
    return cachedRead(this.backend, this.kept, key, (c): SecretRead | undefined => {
      const row = c.sql(sql).get(scoped(scope, { name, ...params })) as SecretReadRow | undefined;
      return row && toSecretRead(row);
    });
  }

  labelledVersions(scope: Scope, arns: readonly string[]): Promise<Map<string, LabelledVersion[]>> {
    if (arns.length === 0) return Promise.resolve(new Map());
    return this.backend.read((c) => {
      // Distinct: an ARN listed twice would bring its rows twice.
      const rows = c.sql(LABELLED_VERSIONS_SQL).all(scoped(scope, { arns: JSON.stringify([...new Set(arns)]) })) as LabelledVersionRow[];
      return toLabelledVersions(rows);
    });
  }

  change(scope: Scope, name: string, expected: SecretExpectation, change: SecretChange): Promise<SecretChangeOutcome> {
    return this.backend.write((c) => writes.change(c, scope, name, expected, change));
  }

  async touch(scope: Scope, name: string, versionId: string, day: Date): Promise<void> {
    const params = scoped(scope, { name, versionId, day: day.getTime() });
    // Asked first, outside the write queue: a day already recorded costs a read, not a commit.
    const stale = await this.backend.read((c) => c.sql(SECRET_READ_SQL.staleAccess).get(params) !== undefined);
    if (stale) await this.backend.write((c) => writes.touch(c, scope, name, versionId, day));
  }

  list(scope: Scope, query: SecretListQuery): Promise<SecretRecord[]> {
    return this.backend.read((c) => {
      const params = scoped(scope, { includeDeleted: query.includePlannedDeletion ? 1 : 0, limit: query.limit, ...listCursor(query) });
      return (c.sql(listSql(query)).all(params) as SecretRow[]).map(toSecret);
    });
  }

  delete(scope: Scope, name: string, expected: { arn: string; revision?: number }): Promise<boolean> {
    return this.backend.write((c) => writes.remove(c, scope, name, expected));
  }

  dueForDeletion(now: Date, limit: number): Promise<DueSecret[]> {
    return this.backend.read((c) => (c.sql(SECRET_READ_SQL.dueForDeletion).all({ now: now.getTime(), limit }) as DueSecretRow[]).map(toDueSecret));
  }

  dueForRotation(now: Date, limit: number): Promise<DueSecret[]> {
    return this.backend.read((c) => (c.sql(SECRET_READ_SQL.dueForRotation).all({ now: now.getTime(), limit }) as DueSecretRow[]).map(toDueSecret));
  }
}
