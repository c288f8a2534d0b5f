// ParameterRepository on SQLite: reads query committed data directly, writes go through group commit.

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
import type { Backend, Connection } from './connection.js';
import { cachedRead, EpochCache } from './epoch-cache.js';
import { createHeadCache } from './head-cache.js';
import { childPathWalk, walkSync } from '../child-paths.js';
import { compareBytes, pathBounds } from '../parameter-paths.js';
import { PATH_SQL, READ_SQL } from './parameter-sql.js';
import { toHead, toParameterTags, toVersion } from '../parameter-rows.js';
import type { HeadRow, ParameterTagRow, VersionRow } from '../parameter-rows.js';
import * as writes from './parameter-writes.js';

function scoped(scope: Scope, extra: Record<string, unknown>): Record<string, unknown> {
  return { account: scope.accountId, region: scope.region, ...extra };
}

/** Pages of child paths (listPaths), kept like heads: 20,000 paths and 4 MiB of their text in all. */
function createPathCache(): EpochCache<readonly string[] | null> {
  return new EpochCache<readonly string[] | null>(
    {
      measure: (entry) => ({ items: Math.max(1, entry?.length ?? 0), bytes: (entry ?? []).reduce((sum, path) => sum + path.length, 0) }),
      freeze: (entry) => void (entry && Object.freeze(entry)),
    },
    { maxItems: 20_000, maxBytes: 4 * 1024 * 1024 },
  );
}

export class SqliteParameterRepository implements ParameterRepository {
  private readonly heads = createHeadCache();
  private readonly paths = createPathCache();

  constructor(private readonly backend: Backend) {}

  put(scope: Scope, request: PutRequest): Promise<PutOutcome> {
    return this.backend.write((c) => writes.put(c, scope, request));
  }

  /** Heads and pages have keys of their own in the one cache: `head` or `list`, then what was asked. */
  private cacheKey(scope: Scope, read: 'head' | 'list' | 'paths', what: string): string {
    return `${scope.accountId}\u0000${scope.region}\u0000${read}\u0000${what}`;
  }

  get(scope: Scope, name: string): Promise<ParameterHead | undefined> {
    return cachedRead(this.backend, this.heads, this.cacheKey(scope, 'head', name), (c) => {
      const row = c.sql(READ_SQL.head).get(scoped(scope, { name })) as HeadRow | undefined;
      return row && toHead(row);
    });
  }

  getVersion(scope: Scope, name: string, version: number): Promise<ParameterVersion | undefined> {
    return this.backend.read((c) => {
      const row = c.sql(READ_SQL.version).get(scoped(scope, { name, version })) as VersionRow | undefined;
      return row && toVersion(row);
    });
  }

  getLabelled(scope: Scope, name: string, label: string): Promise<ParameterVersion | undefined> {
    return this.backend.read((c) => {
      const row = c.sql(READ_SQL.labelled).get(scoped(scope, { name, label })) as VersionRow | undefined;
      return row && toVersion(row);
    });
  }

  history(scope: Scope, name: string, afterVersion: number, limit: number): Promise<ParameterVersion[]> {
    return this.backend.read((c) => {
      const rows = c.sql(READ_SQL.history).all(scoped(scope, { name, after: afterVersion, limit })) as VersionRow[];
      return rows.map(toVersion);
    });
  }

  list(scope: Scope, query: ListQuery): Promise<ParameterHead[]> {
    const key = this.cacheKey(scope, 'list', JSON.stringify([query.below ?? null, query.oneLevel === true, query.afterName ?? null, query.limit]));
    // A page is never absent (at worst empty), so the read always yields an array.
    return cachedRead(this.backend, this.heads, key, (c) => this.readList(c, scope, query)) as Promise<ParameterHead[]>;
  }

  private readList(c: Connection, scope: Scope, query: ListQuery): ParameterHead[] {
    const bounds = pathBounds(query.below ?? '/');
    const after = query.afterName;
    let rows: HeadRow[];
    if (query.oneLevel) {
      const lower = after ?? '';
      rows = c.sql(READ_SQL.listChildren).all(scoped(scope, { parent: bounds.path, lower, limit: query.limit })) as HeadRow[];
    } else {
      // One exclusive lower bound, computed here: given two, SQLite would seek on one and filter
      // on the other, which would scan every name between them.
      const lower = after !== undefined && compareBytes(after, bounds.lower) > 0 ? after : bounds.lower;
      rows = c.sql(READ_SQL.listRange).all(scoped(scope, { lower, upper: bounds.upper, limit: query.limit })) as HeadRow[];
    }
    return rows.map(toHead);
  }

  listPaths(scope: Scope, query: PathQuery): Promise<string[]> {
    const key = this.cacheKey(scope, 'paths', JSON.stringify([query.below, query.afterPath ?? null, query.limit]));
    const read = (c: Connection): string[] =>
      walkSync(childPathWalk(query.below, query.afterPath, query.limit), (seek) => {
        const row = c.sql(seek.inclusive ? PATH_SQL.seekFrom : PATH_SQL.seekAfter).get(scoped(scope, { low: seek.low, upper: seek.upper })) as { parent: string } | undefined;
        return row?.parent;
      });
    // Like a list page, never absent (at worst empty).
    return cachedRead(this.backend, this.paths, key, read) as Promise<string[]>;
  }

  delete(scope: Scope, name: string): Promise<boolean> {
    return this.backend.write((c) => writes.remove(c, scope, name));
  }

  label(scope: Scope, name: string, version: number | undefined, labels: string[], maxPerVersion: number): Promise<LabelOutcome> {
    return this.backend.write((c) => writes.label(c, scope, name, version, labels, maxPerVersion));
  }

  unlabel(scope: Scope, name: string, version: number, labels: string[]): Promise<UnlabelOutcome> {
    return this.backend.write((c) => writes.unlabel(c, scope, name, version, labels));
  }

  tags(scope: Scope, name: string): Promise<Tag[] | undefined> {
    return this.backend.read((c) => {
      return toParameterTags(c.sql(READ_SQL.tags).all(scoped(scope, { name })) as ParameterTagRow[]);
    });
  }

  addTags(scope: Scope, name: string, tags: Tag[], maxTags: number): Promise<'ok' | 'not-found' | 'too-many'> {
    return this.backend.write((c) => writes.addTags(c, scope, name, tags, maxTags));
  }

  removeTags(scope: Scope, name: string, keys: string[]): Promise<'ok' | 'not-found'> {
    return this.backend.write((c) => writes.removeTags(c, scope, name, keys));
  }
}
