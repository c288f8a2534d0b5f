// Where a store is, for the commands that open one themselves (`kura migrate-store`, `kura backup`):
// a PostgreSQL URL, or SQLite as a data directory (its kura.db) or as a database file (one that
// `kura backup` wrote). Opening takes the same locks a server takes: SQLite's process lock, so a
// server running on the file is detected and refused; PostgreSQL needs none (the transfer reads
// one snapshot and writes in one transaction). What is ever shown of a URL is its redacted copy.

import { existsSync, mkdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { openPostgresStore, SchemaTooNewError as PostgresSchemaTooNewError, type PostgresStore } from '../store/postgres/index.js';
import { Database } from '../store/postgres/database.js';
import { holdsKuraSchema } from '../store/postgres/transfer.js';
import { DatabaseInUseError, openSqliteStore, SchemaTooNewError as SqliteSchemaTooNewError, type SqliteStore } from '../store/sqlite/index.js';
import { redactStoreUrl, storeUrlProblem } from './store-url.js';

export type StoreLocation = { backend: 'postgres'; url: string } | { backend: 'sqlite'; file: string; dataDir?: string };

export type OpenedStore = SqliteStore | PostgresStore;

/** A store that cannot be opened for a reason the operator has to fix; the message says which. */
export class StoreLocationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreLocationError';
  }
}

const isPostgres = (value: string) => /^postgres(ql)?:\/\//i.test(value);

/** Reads `value` as a PostgreSQL URL, an existing database file, or a data directory. */
export function parseStoreLocation(value: string, cwd = process.cwd()): StoreLocation {
  if (isPostgres(value)) {
    const problem = storeUrlProblem(value);
    if (problem) throw new StoreLocationError(`the store URL ${problem}`);
    return { backend: 'postgres', url: value };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) throw new StoreLocationError('a store is a PostgreSQL URL (postgres://…), a data directory or a kura.db file');
  const resolved = path.resolve(cwd, value);
  if (existsSync(resolved) && statSync(resolved).isFile()) return { backend: 'sqlite', file: resolved };
  return { backend: 'sqlite', file: path.join(resolved, 'kura.db'), dataDir: resolved };
}

/** How a location is named in messages: never with a password. */
export function describeStoreLocation(location: StoreLocation): string {
  return location.backend === 'postgres' ? `PostgreSQL ${redactStoreUrl(location.url)}` : `SQLite ${location.file}`;
}

/** Whether two locations name the same store (copying a store onto itself would empty it). */
export function sameStore(a: StoreLocation, b: StoreLocation): boolean {
  if (a.backend === 'sqlite' && b.backend === 'sqlite') {
    const real = (file: string) => (existsSync(file) ? realpathSync(file) : path.resolve(file));
    return real(a.file) === real(b.file);
  }
  if (a.backend === 'postgres' && b.backend === 'postgres') {
    const key = (value: string) => {
      const url = new URL(value);
      return [url.hostname.toLowerCase(), url.port || '5432', decodeURIComponent(url.pathname), url.searchParams.get('options') ?? ''].join('\n');
    };
    return key(a.url) === key(b.url);
  }
  return false;
}

/** Turns what opening a store can throw into a StoreLocationError naming the store; rethrows the rest. */
function explain(location: StoreLocation, error: unknown): never {
  const name = describeStoreLocation(location);
  if (error instanceof DatabaseInUseError) {
    throw new StoreLocationError(`${name} is in use by another Kura process, a running server most likely (its lock file ${error.databasePath}.lock is held): stop it first`);
  }
  if (error instanceof SqliteSchemaTooNewError || error instanceof PostgresSchemaTooNewError) throw new StoreLocationError(`${name}: ${error.message}`);
  if (location.backend === 'postgres' && error instanceof Error && !(error instanceof StoreLocationError)) {
    throw new StoreLocationError(`cannot open ${name}: ${error.message}`);
  }
  throw error;
}

/**
 * Opens the store to copy from: it must hold Kura's data already (nothing is created there).
 * `maxConnections` bounds a PostgreSQL store's pool (kura rotate-master-key uses one connection).
 */
export async function openSourceStore(location: StoreLocation, options: { maxConnections?: number } = {}): Promise<OpenedStore> {
  try {
    if (location.backend === 'sqlite') {
      if (!existsSync(location.file)) throw new StoreLocationError(`no Kura data at ${location.dataDir ?? location.file}: there is no ${location.file}`);
      return openSqliteStore({ path: location.file, exclusive: true });
    }
    const probe = new Database({ url: location.url });
    try {
      if (!(await holdsKuraSchema(probe))) throw new StoreLocationError(`no Kura data in ${describeStoreLocation(location)}: it has no Kura tables`);
    } finally {
      await probe.close();
    }
    return await openPostgresStore({ url: location.url, ...options });
  } catch (error) {
    return explain(location, error);
  }
}

/** Opens the store to copy into, creating its data directory or its tables when missing. */
export async function openTargetStore(location: StoreLocation): Promise<OpenedStore> {
  try {
    if (location.backend === 'sqlite') {
      if (location.dataDir !== undefined) mkdirSync(location.dataDir, { recursive: true, mode: 0o700 });
      return openSqliteStore({ path: location.file, exclusive: true });
    }
    return await openPostgresStore({ url: location.url });
  } catch (error) {
    return explain(location, error);
  }
}
