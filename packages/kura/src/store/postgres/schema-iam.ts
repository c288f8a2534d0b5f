// IAM and STS tables on PostgreSQL, the same shapes as SQLite's. IAM is global per account (no
// region column). Names are unique case-insensitively: each named row keeps the spelling it was
// created with in `name` and a lower-cased `name_key` (folded by Kura, not by the server's locale)
// that every lookup, uniqueness check and listing order uses, compared byte by byte (COLLATE "C").
//
// Users, groups and roles share one table, so memberships, attachments, inline policies and tags
// reference a principal by one integer id with a real foreign key, and a rename rewrites one row.
// Children that make a delete a 'conflict' (members, attachments, inline policies) have plain
// foreign keys: deleting a principal that still has them fails loudly instead of orphaning rows.
// Tags and policy versions go with their owner (ON DELETE CASCADE).
//
// Attachments name the policy by ARN, not by a foreign key, because AWS managed policies
// (arn:aws:iam::aws:policy/…) have no row here; a customer policy's attachments use its stored ARN.
// Migration 3 (free-text.ts) makes a managed policy's description bytea.
//
// iam_generation is one row that every IAM write locks first and bumps when it changes anything
// (iam-generation.ts): replicas read it on every request to know when IAM state moved.

export const IAM_SCHEMA = `
CREATE TABLE iam_principals (
  id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id           text NOT NULL,
  kind                 text NOT NULL CHECK (kind IN ('user', 'group', 'role')),
  name_key             text COLLATE "C" NOT NULL,
  name                 text NOT NULL,
  unique_id            text NOT NULL,
  path                 text NOT NULL,
  arn                  text NOT NULL,
  create_date          bigint NOT NULL,
  permissions_boundary text,
  assume_role_policy   text,
  description          text,
  max_session_duration integer,
  CHECK ((kind = 'role') = (assume_role_policy IS NOT NULL AND max_session_duration IS NOT NULL))
);
CREATE UNIQUE INDEX iam_principals_by_name ON iam_principals (account_id, kind, name_key);

CREATE TABLE iam_group_members (
  group_id bigint NOT NULL REFERENCES iam_principals (id),
  user_id  bigint NOT NULL REFERENCES iam_principals (id),
  PRIMARY KEY (group_id, user_id)
);
CREATE INDEX iam_group_members_by_user ON iam_group_members (user_id, group_id);

CREATE TABLE iam_policies (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id      text NOT NULL,
  name_key        text COLLATE "C" NOT NULL,
  name            text NOT NULL,
  arn_key         text COLLATE "C" NOT NULL,
  arn             text COLLATE "C" NOT NULL,
  policy_id       text NOT NULL,
  path            text NOT NULL,
  description     text,
  create_date     bigint NOT NULL,
  update_date     bigint NOT NULL,
  default_version integer NOT NULL
);
CREATE UNIQUE INDEX iam_policies_by_name ON iam_policies (account_id, name_key);
CREATE UNIQUE INDEX iam_policies_by_arn ON iam_policies (account_id, arn_key);

CREATE TABLE iam_policy_versions (
  policy_id   bigint NOT NULL REFERENCES iam_policies (id) ON DELETE CASCADE,
  version     integer NOT NULL,
  document    text NOT NULL,
  create_date bigint NOT NULL,
  PRIMARY KEY (policy_id, version)
);

CREATE TABLE iam_attachments (
  principal_id bigint NOT NULL REFERENCES iam_principals (id),
  account_id   text NOT NULL,
  policy_arn   text COLLATE "C" NOT NULL,
  policy_name  text NOT NULL,
  PRIMARY KEY (principal_id, policy_arn)
);
CREATE INDEX iam_attachments_by_policy ON iam_attachments (account_id, policy_arn);

CREATE TABLE iam_inline_policies (
  principal_id bigint NOT NULL REFERENCES iam_principals (id),
  name_key     text COLLATE "C" NOT NULL,
  name         text NOT NULL,
  document     text NOT NULL,
  PRIMARY KEY (principal_id, name_key)
);

-- AWS compares the tag keys of users and roles case-insensitively (case preserved), so a key is
-- unique by its folded form here; customer managed policies compare tag keys exactly.
CREATE TABLE iam_principal_tags (
  principal_id bigint NOT NULL REFERENCES iam_principals (id) ON DELETE CASCADE,
  key_fold     text COLLATE "C" NOT NULL,
  tag_key      text COLLATE "C" NOT NULL,
  tag_value    text NOT NULL,
  PRIMARY KEY (principal_id, key_fold)
);

CREATE TABLE iam_policy_tags (
  policy_id bigint NOT NULL REFERENCES iam_policies (id) ON DELETE CASCADE,
  tag_key   text COLLATE "C" NOT NULL,
  tag_value text NOT NULL,
  PRIMARY KEY (policy_id, tag_key)
);

-- STS credentials, keyed like access keys. Tags keep the order they were given (a JSON array of
-- [key, value] pairs); they and the policy ARNs are only ever read whole.
CREATE TABLE sts_sessions (
  access_key_id        text PRIMARY KEY,
  account_id           text NOT NULL,
  secret_ciphertext    bytea NOT NULL,
  session_token_hash   text NOT NULL,
  kind                 text NOT NULL,
  principal_arn        text NOT NULL,
  principal_id         text NOT NULL,
  role_arn             text,
  role_name            text,
  session_name         text,
  source_principal_arn text NOT NULL,
  session_policy       text,
  session_policy_arns  text[] NOT NULL,
  source_identity      text,
  tags                 jsonb NOT NULL,
  chained              boolean NOT NULL,
  issued_at            bigint NOT NULL,
  expiration           bigint NOT NULL
);
CREATE INDEX sts_sessions_by_expiration ON sts_sessions (expiration);

-- One counter for the whole store, in the database so every replica sees the same one.
CREATE TABLE iam_generation (
  id    integer PRIMARY KEY CHECK (id = 1),
  value bigint NOT NULL
);
INSERT INTO iam_generation (id, value) VALUES (1, 0);
`;
