// Secrets Manager's tables (schema version 6). A secret gets a surrogate id, so its version and
// stage rows stay small and a secret created again under a deleted one's name (a new id) can never
// meet the old one's rows; versions go with their secret and stages with their version (ON DELETE
// CASCADE), so deleting a secret is one statement. Names and text keys use the BINARY collation:
// index order is byte order, the order the port lists in.
//
// A stage row says which version holds the stage: its key (secret, stage) makes "the version with
// AWSCURRENT" one index lookup and lets a stage be on one version of a secret at most, whatever a
// writer asks. Every list order has its index (secret-list.ts); last_accessed_key is the access
// date with NULL as 0 (the port's order), a generated column because an index on the expression
// itself cannot be sought with the cursor's row value. The schedulers' two queries across all
// scopes each have a partial index holding only the secrets they look for. Versions keep their
// rowid: a sealed value of up to 64 KiB is no row for a WITHOUT ROWID table's b-tree.

export const SECRET_SCHEMA = `
CREATE TABLE secrets (
  id                  INTEGER PRIMARY KEY,
  account_id          TEXT NOT NULL,
  region              TEXT NOT NULL,
  name                TEXT NOT NULL COLLATE BINARY,
  arn                 TEXT NOT NULL COLLATE BINARY,
  description         TEXT,
  kms_key_id          TEXT,
  created_date        INTEGER NOT NULL,
  last_changed_date   INTEGER NOT NULL,
  last_accessed_date  INTEGER,
  deleted_date        INTEGER,
  deletion_date       INTEGER,
  rotation_enabled    INTEGER NOT NULL,
  rotation_lambda_arn TEXT,
  rotation_after_days INTEGER,
  rotation_schedule   TEXT,
  rotation_duration   TEXT,
  last_rotated_date   INTEGER,
  next_rotation_date  INTEGER,
  resource_policy     TEXT,
  tags                TEXT NOT NULL,
  revision            INTEGER NOT NULL,
  last_accessed_key   INTEGER NOT NULL GENERATED ALWAYS AS (coalesce(last_accessed_date, 0)) VIRTUAL
);
CREATE UNIQUE INDEX secrets_by_name ON secrets (account_id, region, name);
CREATE UNIQUE INDEX secrets_by_arn ON secrets (arn);
CREATE INDEX secrets_by_created ON secrets (account_id, region, created_date, name);
CREATE INDEX secrets_by_changed ON secrets (account_id, region, last_changed_date, name);
CREATE INDEX secrets_by_accessed ON secrets (account_id, region, last_accessed_key, name);
CREATE INDEX secrets_due_deletion ON secrets (deletion_date, account_id, region, name) WHERE deletion_date IS NOT NULL;
CREATE INDEX secrets_due_rotation ON secrets (next_rotation_date, account_id, region, name)
  WHERE rotation_enabled = 1 AND deleted_date IS NULL;

CREATE TABLE secret_versions (
  secret_id          INTEGER NOT NULL REFERENCES secrets (id) ON DELETE CASCADE,
  version_id         TEXT NOT NULL COLLATE BINARY,
  created_date       INTEGER NOT NULL,
  last_accessed_date INTEGER,
  kms_key_arn        TEXT NOT NULL,
  kind               TEXT NOT NULL,
  sealed             BLOB NOT NULL,
  PRIMARY KEY (secret_id, version_id)
);
CREATE INDEX secret_versions_by_age ON secret_versions (secret_id, created_date, version_id);

CREATE TABLE secret_version_stages (
  secret_id  INTEGER NOT NULL,
  stage      TEXT NOT NULL COLLATE BINARY,
  version_id TEXT NOT NULL COLLATE BINARY,
  PRIMARY KEY (secret_id, stage),
  FOREIGN KEY (secret_id, version_id) REFERENCES secret_versions (secret_id, version_id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX secret_version_stages_by_version ON secret_version_stages (secret_id, version_id, stage);
`;
