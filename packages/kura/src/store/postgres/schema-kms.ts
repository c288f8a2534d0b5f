// The KMS tables and the access keys, as SQLite has them after all its migrations (initial schema,
// the KMS API additions, the pending deletion window). Identifiers that a port lists in order
// (key ids, alias names, tag keys, access key ids) are COLLATE "C", so PostgreSQL's order is byte
// order, as SQLite's BINARY collation; the scope columns are too, so the rewrap listing's order
// matches SQLite's as well. Times are epoch milliseconds.
//
// usage_count is bigint: a key's usage bound may be close to 2^32 encryptions (random-nonce GCM),
// beyond integer. The column defaults are the ones SQLite's ALTER TABLEs gave to rows written by an
// older Kura; every insert here names every column, so they only keep the two schemas alike.
// Migration 3 (free-text.ts) makes a key's description and its tag keys and values bytea.

export const KMS_SCHEMA = `
CREATE TABLE kms_keys (
  account_id              text COLLATE "C" NOT NULL,
  region                  text COLLATE "C" NOT NULL,
  key_id                  text COLLATE "C" NOT NULL,
  description             text NOT NULL,
  key_spec                text NOT NULL DEFAULT 'SYMMETRIC_DEFAULT',
  key_usage               text NOT NULL DEFAULT 'ENCRYPT_DECRYPT',
  origin                  text NOT NULL DEFAULT 'AWS_KMS',
  key_manager             text NOT NULL,
  key_state               text NOT NULL,
  creation_date           bigint NOT NULL,
  deletion_date           bigint,
  pending_window_in_days  integer,
  policy                  text NOT NULL,
  rotation_enabled        boolean NOT NULL,
  rotation_period_in_days integer,
  next_rotation_date      bigint,
  current_material        integer NOT NULL,
  PRIMARY KEY (account_id, region, key_id)
);

CREATE TABLE kms_key_materials (
  account_id  text COLLATE "C" NOT NULL,
  region      text COLLATE "C" NOT NULL,
  key_id      text COLLATE "C" NOT NULL,
  version     integer NOT NULL,
  wrapped     bytea NOT NULL,
  created_at  bigint NOT NULL,
  usage_count bigint NOT NULL DEFAULT 0,
  origin      text NOT NULL DEFAULT 'INITIAL',
  PRIMARY KEY (account_id, region, key_id, version),
  FOREIGN KEY (account_id, region, key_id) REFERENCES kms_keys (account_id, region, key_id) ON DELETE CASCADE
);

CREATE TABLE kms_aliases (
  account_id        text COLLATE "C" NOT NULL,
  region            text COLLATE "C" NOT NULL,
  alias_name        text COLLATE "C" NOT NULL,
  target_key_id     text COLLATE "C" NOT NULL,
  creation_date     bigint NOT NULL,
  last_updated_date bigint NOT NULL,
  PRIMARY KEY (account_id, region, alias_name),
  FOREIGN KEY (account_id, region, target_key_id) REFERENCES kms_keys (account_id, region, key_id) ON DELETE CASCADE
);
-- One key's aliases in name order (ListAliases with KeyId), and the cascade from a deleted key.
CREATE INDEX kms_aliases_by_target_name ON kms_aliases (account_id, region, target_key_id, alias_name);

CREATE TABLE kms_key_tags (
  account_id text COLLATE "C" NOT NULL,
  region     text COLLATE "C" NOT NULL,
  key_id     text COLLATE "C" NOT NULL,
  tag_key    text COLLATE "C" NOT NULL,
  tag_value  text NOT NULL,
  PRIMARY KEY (account_id, region, key_id, tag_key),
  FOREIGN KEY (account_id, region, key_id) REFERENCES kms_keys (account_id, region, key_id) ON DELETE CASCADE
);

CREATE TABLE access_keys (
  access_key_id     text COLLATE "C" PRIMARY KEY,
  account_id        text NOT NULL,
  principal_arn     text COLLATE "C" NOT NULL,
  principal_id      text NOT NULL,
  secret_ciphertext bytea NOT NULL,
  status            text NOT NULL,
  create_date       bigint NOT NULL
);
CREATE INDEX access_keys_by_principal ON access_keys (principal_arn, create_date, access_key_id);
`;
