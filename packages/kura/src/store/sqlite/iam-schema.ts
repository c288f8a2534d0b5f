// Migration 4: IAM and STS. IAM is global per account (no region column). Names are unique
// case-insensitively: each named row keeps the spelling it was created with in `name` and a
// lower-cased `name_key` that every lookup, uniqueness check and listing order uses.
//
// Users, groups and roles share one table, so memberships, attachments, inline policies and tags
// reference a principal by one integer id with a real foreign key, and a rename rewrites one row.
// Children that make a delete a 'conflict' (members, attachments, inline policies) have plain
// foreign keys: deleting a principal that still has them fails loudly instead of orphaning rows.
// Tags and policy versions go with their owner (ON DELETE CASCADE).
//
// Attachments name the policy by ARN, not by a foreign key, because AWS managed policies
// (arn:aws:iam::aws:policy/…) have no row here; a customer policy's attachments use its stored ARN.

export const IAM_SCHEMA = `
CREATE TABLE iam_principals (
  id                   INTEGER PRIMARY KEY,
  account_id           TEXT NOT NULL,
  kind                 TEXT NOT NULL CHECK (kind IN ('user', 'group', 'role')),
  name_key             TEXT NOT NULL COLLATE BINARY,
  name                 TEXT NOT NULL,
  unique_id            TEXT NOT NULL,
  path                 TEXT NOT NULL,
  arn                  TEXT NOT NULL,
  create_date          INTEGER NOT NULL,
  permissions_boundary TEXT,
  assume_role_policy   TEXT,
  description          TEXT,
  max_session_duration INTEGER,
  CHECK ((kind = 'role') = (assume_role_policy IS NOT NULL AND max_session_duration IS NOT NULL))
);
CREATE UNIQUE INDEX iam_principals_by_name ON iam_principals (account_id, kind, name_key);

CREATE TABLE iam_group_members (
  group_id INTEGER NOT NULL REFERENCES iam_principals (id),
  user_id  INTEGER NOT NULL REFERENCES iam_principals (id),
  PRIMARY KEY (group_id, user_id)
) WITHOUT ROWID;
CREATE INDEX iam_group_members_by_user ON iam_group_members (user_id, group_id);

CREATE TABLE iam_policies (
  id              INTEGER PRIMARY KEY,
  account_id      TEXT NOT NULL,
  name_key        TEXT NOT NULL COLLATE BINARY,
  name            TEXT NOT NULL,
  arn_key         TEXT NOT NULL COLLATE BINARY,
  arn             TEXT NOT NULL,
  policy_id       TEXT NOT NULL,
  path            TEXT NOT NULL,
  description     TEXT,
  create_date     INTEGER NOT NULL,
  update_date     INTEGER NOT NULL,
  default_version INTEGER NOT NULL
);
CREATE UNIQUE INDEX iam_policies_by_name ON iam_policies (account_id, name_key);
CREATE UNIQUE INDEX iam_policies_by_arn ON iam_policies (account_id, arn_key);

CREATE TABLE iam_policy_versions (
  policy_id   INTEGER NOT NULL REFERENCES iam_policies (id) ON DELETE CASCADE,
  version     INTEGER NOT NULL,
  document    TEXT NOT NULL,
  create_date INTEGER NOT NULL,
  PRIMARY KEY (policy_id, version)
);

CREATE TABLE iam_attachments (
  principal_id INTEGER NOT NULL REFERENCES iam_principals (id),
  account_id   TEXT NOT NULL,
  policy_arn   TEXT NOT NULL COLLATE BINARY,
  policy_name  TEXT NOT NULL,
  PRIMARY KEY (principal_id, policy_arn)
) WITHOUT ROWID;
CREATE INDEX iam_attachments_by_policy ON iam_attachments (account_id, policy_arn);

CREATE TABLE iam_inline_policies (
  principal_id INTEGER NOT NULL REFERENCES iam_principals (id),
  name_key     TEXT NOT NULL COLLATE BINARY,
  name         TEXT NOT NULL,
  document     TEXT NOT NULL,
  PRIMARY KEY (principal_id, name_key)
);

-- AWS compares the tag keys of users and roles case-insensitively (case preserved), so a key is
-- unique by its folded form here; customer managed policies compare tag keys exactly.
CREATE TABLE iam_principal_tags (
  principal_id INTEGER NOT NULL REFERENCES iam_principals (id) ON DELETE CASCADE,
  key_fold     TEXT NOT NULL COLLATE BINARY,
  tag_key      TEXT NOT NULL,
  tag_value    TEXT NOT NULL,
  PRIMARY KEY (principal_id, key_fold)
) WITHOUT ROWID;

CREATE TABLE iam_policy_tags (
  policy_id INTEGER NOT NULL REFERENCES iam_policies (id) ON DELETE CASCADE,
  tag_key   TEXT NOT NULL COLLATE BINARY,
  tag_value TEXT NOT NULL,
  PRIMARY KEY (policy_id, tag_key)
) WITHOUT ROWID;

-- STS credentials, keyed like access keys. Lists ride as JSON: they are only ever read whole.
CREATE TABLE sts_sessions (
  access_key_id        TEXT PRIMARY KEY,
  account_id           TEXT NOT NULL,
  secret_ciphertext    BLOB NOT NULL,
  session_token_hash   TEXT NOT NULL,
  kind                 TEXT NOT NULL,
  principal_arn        TEXT NOT NULL,
  principal_id         TEXT NOT NULL,
  role_arn             TEXT,
  role_name            TEXT,
  session_name         TEXT,
  source_principal_arn TEXT NOT NULL,
  session_policy       TEXT,
  session_policy_arns  TEXT NOT NULL,
  source_identity      TEXT,
  tags                 TEXT NOT NULL,
  chained              INTEGER NOT NULL,
  issued_at            INTEGER NOT NULL,
  expiration           INTEGER NOT NULL
);
CREATE INDEX sts_sessions_by_expiration ON sts_sessions (expiration);

-- One counter for the whole store, in the database so every replica sees the same one.
CREATE TABLE iam_generation (
  id    INTEGER PRIMARY KEY CHECK (id = 1),
  value INTEGER NOT NULL
);
INSERT INTO iam_generation (id, value) VALUES (1, 0);
`;
