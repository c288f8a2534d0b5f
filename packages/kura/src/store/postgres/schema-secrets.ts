// Secrets Manager's tables on PostgreSQL (schema version 4), the same shape as SQLite's
// (sqlite/secret-schema.ts says why each table, key and index is there). Names, ARNs and the scope
// columns are COLLATE "C": index order is byte order, SQLite's order. Free text a client chooses
// with no pattern in the model (description, KMS key id, rotation function, version ids, staging
// labels) is bytea holding its UTF-8 bytes, because text cannot hold U+0000 (free-text.ts); bytea
// order is byte order too, so keys and listings stay as SQLite has them. Tags are JSON text with
// U+0000 escaped (secret-rows.ts). last_accessed_key is stored: an index must hold a column to be
// sought with the list cursor's row value.

export const SECRET_SCHEMA = `
CREATE TABLE secrets (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id          text COLLATE "C" NOT NULL,
  region              text COLLATE "C" NOT NULL,
  name                text COLLATE "C" NOT NULL,
  arn                 text COLLATE "C" NOT NULL,
  description         bytea,
  kms_key_id          bytea,
  created_date        bigint NOT NULL,
  last_changed_date   bigint NOT NULL,
  last_accessed_date  bigint,
  deleted_date        bigint,
  deletion_date       bigint,
  rotation_enabled    boolean NOT NULL,
  rotation_lambda_arn bytea,
  rotation_after_days integer,
  rotation_schedule   text,
  rotation_duration   text,
  last_rotated_date   bigint,
  next_rotation_date  bigint,
  resource_policy     text,
  tags                text NOT NULL,
  revision            bigint NOT NULL,
  last_accessed_key   bigint NOT NULL GENERATED ALWAYS AS (coalesce(last_accessed_date, 0)) STORED
);
-- The unique name is also what makes concurrent creates of one name leave exactly one row.
CREATE UNIQUE INDEX secrets_by_name ON secrets (account_id, region, name);
CREATE UNIQUE INDEX secrets_by_arn ON secrets (arn);
CREATE INDEX secrets_by_created ON secrets (account_id, region, created_date, name);
CREATE INDEX secrets_by_changed ON secrets (account_id, region, last_changed_date, name);
CREATE INDEX secrets_by_accessed ON secrets (account_id, region, last_accessed_key, name);
CREATE INDEX secrets_due_deletion ON secrets (deletion_date, account_id, region, name) WHERE deletion_date IS NOT NULL;
CREATE INDEX secrets_due_rotation ON secrets (next_rotation_date, account_id, region, name)
  WHERE rotation_enabled AND deleted_date IS NULL;

CREATE TABLE secret_versions (
  secret_id          bigint NOT NULL REFERENCES secrets (id) ON DELETE CASCADE,
  version_id         bytea NOT NULL,
  created_date       bigint NOT NULL,
  last_accessed_date bigint,
  kms_key_arn        text NOT NULL,
  kind               text NOT NULL,
  sealed             bytea NOT NULL,
  PRIMARY KEY (secret_id, version_id)
);
CREATE INDEX secret_versions_by_age ON secret_versions (secret_id, created_date, version_id);

CREATE TABLE secret_version_stages (
  secret_id  bigint NOT NULL,
  stage      bytea NOT NULL,
  version_id bytea NOT NULL,
  PRIMARY KEY (secret_id, stage),
  FOREIGN KEY (secret_id, version_id) REFERENCES secret_versions (secret_id, version_id) ON DELETE CASCADE
);
CREATE INDEX secret_version_stages_by_version ON secret_version_stages (secret_id, version_id, stage);
`;
