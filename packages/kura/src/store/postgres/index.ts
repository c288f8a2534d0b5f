// The PostgreSQL backend of the store ports: for several Kura replicas on one database.

export { openPostgresStore, PostgresStore } from './open.js';
export type { PostgresStoreOptions } from './open.js';
export { SchemaTooNewError, SCHEMA_VERSION } from './migrations.js';
export { openPostgresAuditReader } from './audit-events.js';
