// Schema migrations, applied in order, each in its own IMMEDIATE transaction, recorded in
// schema_migrations. A data file written by a newer Kura is refused rather than half-understood.

import type BetterSqlite3 from 'better-sqlite3';
import { IAM_SCHEMA } from './iam-schema.js';
import { SECRET_SCHEMA } from './secret-schema.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

// Parameters get a surrogate integer id so the per-version, label and tag rows stay small and a
// re-created parameter (new id) can never meet rows of its deleted namesake. Names use the BINARY
// collation, so index order is byte order, which is the order the list port promises.
const INITIAL_SCHEMA = `
CREATE TABLE parameters (
  id             INTEGER PRIMARY KEY,
  account_id     TEXT NOT NULL,
  region         TEXT NOT NULL,
  name           TEXT NOT NULL COLLATE BINARY,
  parent         TEXT NOT NULL COLLATE BINARY,
  display_name   TEXT NOT NULL,
  latest_version INTEGER NOT NULL
);
CREATE UNIQUE INDEX parameters_by_name ON parameters (account_id, region, name);
CREATE INDEX parameters_by_parent ON parameters (account_id, region, parent, name);

CREATE TABLE parameter_versions (
  parameter_id       INTEGER NOT NULL REFERENCES parameters (id) ON DELETE CASCADE,
  version            INTEGER NOT NULL,
  type               TEXT NOT NULL,
  value              BLOB NOT NULL,
  key_id             TEXT,
  description        TEXT,
  allowed_pattern    TEXT,
  data_type          TEXT NOT NULL,
  tier               TEXT NOT NULL,
  policies           TEXT,
  last_modified_date INTEGER NOT NULL,
  last_modified_user TEXT NOT NULL,
  PRIMARY KEY (parameter_id, version)
);

CREATE TABLE parameter_labels (
  parameter_id INTEGER NOT NULL,
  label        TEXT NOT NULL,
  version      INTEGER NOT NULL,
  PRIMARY KEY (parameter_id, label),
  FOREIGN KEY (parameter_id, version) REFERENCES parameter_versions (parameter_id, version) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX parameter_labels_by_version ON parameter_labels (parameter_id, version, label);

CREATE TABLE parameter_tags (
  parameter_id INTEGER NOT NULL REFERENCES parameters (id) ON DELETE CASCADE,
  key          TEXT NOT NULL COLLATE BINARY,
  value        TEXT NOT NULL,
  PRIMARY KEY (parameter_id, key)
) WITHOUT ROWID;

CREATE TABLE kms_keys (
  account_id              TEXT NOT NULL,
  region                  TEXT NOT NULL,
  key_id                  TEXT NOT NULL,
  description             TEXT NOT NULL,
  key_manager             TEXT NOT NULL,
  key_state               TEXT NOT NULL,
  creation_date           INTEGER NOT NULL,
  deletion_date           INTEGER,
  policy                  TEXT NOT NULL,
  rotation_enabled        INTEGER NOT NULL,
  rotation_period_in_days INTEGER,
  current_material        INTEGER NOT NULL,
  PRIMARY KEY (account_id, region, key_id)
);

CREATE TABLE kms_key_materials (
  account_id  TEXT NOT NULL,
  region      TEXT NOT NULL,
  key_id      TEXT NOT NULL,
  version     INTEGER NOT NULL,
  wrapped     BLOB NOT NULL,
  created_at  INTEGER NOT NULL,
  usage_count INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (account_id, region, key_id, version),
  FOREIGN KEY (account_id, region, key_id) REFERENCES kms_keys (account_id, region, key_id) ON DELETE CASCADE
);

CREATE TABLE kms_aliases (
  account_id        TEXT NOT NULL,
  region            TEXT NOT NULL,
  alias_name        TEXT NOT NULL,
  target_key_id     TEXT NOT NULL,
  creation_date     INTEGER NOT NULL,
  last_updated_date INTEGER NOT NULL,
  PRIMARY KEY (account_id, region, alias_name),
  FOREIGN KEY (account_id, region, target_key_id) REFERENCES kms_keys (account_id, region, key_id) ON DELETE CASCADE
);
CREATE INDEX kms_aliases_by_target ON kms_aliases (account_id, region, target_key_id);

CREATE TABLE access_keys (
  access_key_id     TEXT PRIMARY KEY,
  account_id        TEXT NOT NULL,
  principal_arn     TEXT NOT NULL,
  principal_id      TEXT NOT NULL,
  secret_ciphertext BLOB NOT NULL,
  status            TEXT NOT NULL,
  create_date       INTEGER NOT NULL
);
CREATE INDEX access_keys_by_principal ON access_keys (principal_arn, create_date, access_key_id);
`;

// The KMS API (issue 3). Existing keys were all symmetric AWS_KMS keys, which the column defaults
// say. Before this migration only a usage-limit rotation added material, so versions above 1 are
// marked USAGE_LIMIT rather than a second INITIAL. Keys with rotation on get the next rotation date
// that CreateKey gives them (creation + period), so the invariant "rotation on ⇒ a date" holds; a
// date already past is simply due. The alias index gains alias_name so listing one key's aliases
// reads them in order, without a sort.
const KMS_API = `
ALTER TABLE kms_keys ADD COLUMN key_spec TEXT NOT NULL DEFAULT 'SYMMETRIC_DEFAULT';
ALTER TABLE kms_keys ADD COLUMN key_usage TEXT NOT NULL DEFAULT 'ENCRYPT_DECRYPT';
ALTER TABLE kms_keys ADD COLUMN origin TEXT NOT NULL DEFAULT 'AWS_KMS';
ALTER TABLE kms_keys ADD COLUMN next_rotation_date INTEGER;
UPDATE kms_keys SET next_rotation_date = creation_date + rotation_period_in_days * 86400000
  WHERE rotation_enabled <> 0 AND rotation_period_in_days IS NOT NULL;

ALTER TABLE kms_key_materials ADD COLUMN origin TEXT NOT NULL DEFAULT 'INITIAL';
UPDATE kms_key_materials SET origin = 'USAGE_LIMIT' WHERE version > 1;

CREATE TABLE kms_key_tags (
  account_id TEXT NOT NULL,
  region     TEXT NOT NULL,
  key_id     TEXT NOT NULL,
  tag_key    TEXT NOT NULL COLLATE BINARY,
  tag_value  TEXT NOT NULL,
  PRIMARY KEY (account_id, region, key_id, tag_key),
  FOREIGN KEY (account_id, region, key_id) REFERENCES kms_keys (account_id, region, key_id) ON DELETE CASCADE
) WITHOUT ROWID;

DROP INDEX kms_aliases_by_target;
CREATE INDEX kms_aliases_by_target_name ON kms_aliases (account_id, region, target_key_id, alias_name);
`;

// KeyRecord.pendingWindowInDays. Until now ScheduleKeyDeletion's window (7–30) rode in the
// millisecond field of deletion_date (services/kms/key-metadata.ts), so it is recovered from there.
// A deletion date without one (scheduled by an older Kura) gets 30, the window AWS uses when none
// is asked for, so that "deletion scheduled ⇒ a window" holds for every row. The date itself is
// left as clients have already seen it.
const KMS_PENDING_WINDOW = `
ALTER TABLE kms_keys ADD COLUMN pending_window_in_days INTEGER;
UPDATE kms_keys SET pending_window_in_days =
  CASE WHEN deletion_date % 1000 BETWEEN 7 AND 30 THEN deletion_date % 1000 ELSE 30 END
  WHERE deletion_date IS NOT NULL;
`;

// What the store knows about itself (meta.ts): the master key's check value, each periodic job's last run.
const META_SCHEMA = `
CREATE TABLE kura_meta (
  key   TEXT PRIMARY KEY,
  value BLOB NOT NULL
) WITHOUT ROWID;
CREATE TABLE kura_jobs (
  name     TEXT PRIMARY KEY,
  last_run INTEGER NOT NULL
) WITHOUT ROWID;
`;

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial schema', sql: INITIAL_SCHEMA },
  { version: 2, name: 'kms api: key spec, origins, rotation date, key tags', sql: KMS_API },
  { version: 3, name: 'kms: pending deletion window', sql: KMS_PENDING_WINDOW },
  { version: 4, name: 'iam and sts', sql: IAM_SCHEMA },
  { version: 5, name: 'store meta: master key check, periodic jobs', sql: META_SCHEMA },
  { version: 6, name: 'secrets manager', sql: SECRET_SCHEMA },
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export class SchemaTooNewError extends Error {
  constructor(found: number, known: number) {
    super(`the data file has schema version ${found}, newer than this Kura understands (${known}); refusing to open it`);
    this.name = 'SchemaTooNewError';
  }
}

export function migrate(db: BetterSqlite3.Database, migrations: readonly Migration[] = MIGRATIONS): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} must have version ${i + 1}`);
  });
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  )`);
  const newest = () => (db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
  const found = newest();
  if (found > migrations.length) throw new SchemaTooNewError(found, migrations.length);
  for (const m of migrations) {
    if (m.version <= found) continue;
    // The check repeats inside the write lock: another process may have migrated since we looked.
    db.transaction(() => {
      if (db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(m.version)) return;
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, Date.now());
    }).immediate();
  }
}
