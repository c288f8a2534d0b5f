// The SQLite backend of the store ports: the default for a single Kura process.

export { openSqliteStore } from './open.js';
export { DatabaseInUseError } from './lock.js';
export type { SqliteInfo, SqliteStore, SqliteStoreOptions } from './open.js';
export { SchemaTooNewError, SCHEMA_VERSION } from './migrations.js';
export { StoreClosedError, StoreFailedError } from './write-queue.js';
