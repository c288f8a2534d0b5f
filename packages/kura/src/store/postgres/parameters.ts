// ParameterRepository on PostgreSQL. Nothing read is kept: other replicas write to the same
// database, so every call reads what is committed now. A read is one statement (one snapshot); a
// write is one transaction whose steps are in parameter-writes.ts, except the usual PutParameter, a
// new version below the history cap, which is one statement (parameter-next-version.ts).

import type {
  LabelOutcome,
  ListQuery,
  ParameterHead,
  PathQuery,
  ParameterRepository,
  ParameterVersion,
  PutOutcome,
  PutRequest,
  Tag,
  UnlabelOutcome,
} from '../parameters.js';
import type { Scope } from '../scope.js';
import type { Database } from './database.js';
import { childPathWalk, walkAsync } from '../child-paths.js';
import { compareBytes, pathBounds } from '../parameter-paths.js';
import { PATH_SNAPSHOT, PATH_SQL, READ_SQL } from './parameter-sql.js';
import { toHead, toParameterTags, toVersion } from '../parameter-rows.js';
import type { HeadRow, ParameterTagRow, VersionRow } from '../parameter-rows.js';
import { putNextVersion } from './parameter-next-version.js';
import * as writes from './parameter-writes.js';
import { fitsInteger, fitsText } from './storable.js';

export class PgParameterRepository implements ParameterRepository {
  constructor(private readonly db: Database) {}

  async put(scope: Scope, request: PutRequest): Promise<PutOutcome> {
    // A new version below the history cap: one statement (parameter-next-version.ts says why that is safe).
    if (request.expectedLatest > 0) {
      const outcome = await putNextVersion(this.db, scope, request);
      if (outcome) return outcome;
    }
    return this.db.transaction((q) => writes.put(q, scope, request));
  }

  // A name, label or version PostgreSQL cannot hold names nothing stored (storable.ts): not found.
  async get(scope: Scope, name: string): Promise<ParameterHead | undefined> {
    if (!fitsText(name)) return undefined;
    const row = await this.db.row<HeadRow>(READ_SQL.head, [scope.accountId, scope.region, name]);
    return row && toHead(row);
  }

  async getVersion(scope: Scope, name: string, version: number): Promise<ParameterVersion | undefined> {
    if (!fitsText(name) || !fitsInteger(version)) return undefined;
    const row = await this.db.row<VersionRow>(READ_SQL.version, [scope.accountId, scope.region, name, version]);
    return row && toVersion(row);
  }

  async getLabelled(scope: Scope, name: string, label: string): Promise<ParameterVersion | undefined> {
    if (!fitsText(name) || !fitsText(label)) return undefined;
    const row = await this.db.row<VersionRow>(READ_SQL.labelled, [scope.accountId, scope.region, name, label]);
    return row && toVersion(row);
  }

  async history(scope: Scope, name: string, afterVersion: number, limit: number): Promise<ParameterVersion[]> {
    if (!fitsText(name)) return [];
    const rows = await this.db.rows<VersionRow>(READ_SQL.history, [scope.accountId, scope.region, name, afterVersion, limit]);
    return rows.map(toVersion);
  }

  async list(scope: Scope, query: ListQuery): Promise<ParameterHead[]> {
    const bounds = pathBounds(query.below ?? '/');
    const after = query.afterName;
    let rows: HeadRow[];
    if (query.oneLevel) {
      rows = await this.db.rows<HeadRow>(READ_SQL.listChildren, [scope.accountId, scope.region, bounds.path, after ?? '', query.limit]);
    } else {
      // One lower bound, the tighter of the path's and the cursor's, so the index range starts there.
      const lower = after !== undefined && compareBytes(after, bounds.lower) > 0 ? after : bounds.lower;
      rows = await this.db.rows<HeadRow>(READ_SQL.listRange, [scope.accountId, scope.region, lower, bounds.upper, query.limit]);
    }
    return rows.map(toHead);
  }

  async listPaths(scope: Scope, query: PathQuery): Promise<string[]> {
    // A path PostgreSQL cannot hold has nothing stored below it; a cursor it cannot hold was never issued.
    if (!fitsText(query.below) || (query.afterPath !== undefined && !fitsText(query.afterPath)) || query.limit <= 0) return [];
    return this.db.transaction(async (q) => {
      await q.script(PATH_SNAPSHOT);
      return walkAsync(childPathWalk(query.below, query.afterPath, query.limit), async (seek) => {
        const row = await q.row<{ parent: string }>(seek.inclusive ? PATH_SQL.seekFrom : PATH_SQL.seekAfter, [scope.accountId, scope.region, seek.low, seek.upper]);
        return row?.parent;
      });
    });
  }

  delete(scope: Scope, name: string): Promise<boolean> {
    if (!fitsText(name)) return Promise.resolve(false);
    // One statement: a transaction of its own already.
    return writes.remove(this.db, scope, name);
  }

  label(scope: Scope, name: string, version: number | undefined, labels: string[], maxPerVersion: number): Promise<LabelOutcome> {
    if (!fitsText(name)) return Promise.resolve({ outcome: 'not-found' });
    return this.db.transaction((q) => writes.label(q, scope, name, version, labels, maxPerVersion));
  }

  unlabel(scope: Scope, name: string, version: number, labels: string[]): Promise<UnlabelOutcome> {
    if (!fitsText(name)) return Promise.resolve({ outcome: 'not-found' });
    return this.db.transaction((q) => writes.unlabel(q, scope, name, version, labels));
  }

  async tags(scope: Scope, name: string): Promise<Tag[] | undefined> {
    if (!fitsText(name)) return undefined;
    return toParameterTags(await this.db.rows<ParameterTagRow>(READ_SQL.tags, [scope.accountId, scope.region, name]));
  }

  addTags(scope: Scope, name: string, tags: Tag[], maxTags: number): Promise<'ok' | 'not-found' | 'too-many'> {
    if (!fitsText(name)) return Promise.resolve('not-found');
    return this.db.transaction((q) => writes.addTags(q, scope, name, tags, maxTags));
  }

  removeTags(scope: Scope, name: string, keys: string[]): Promise<'ok' | 'not-found'> {
    if (!fitsText(name)) return Promise.resolve('not-found');
    return this.db.transaction((q) => writes.removeTags(q, scope, name, keys));
  }
}
