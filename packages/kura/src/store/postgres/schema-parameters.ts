// The Parameter Store's tables on PostgreSQL, the same shape as SQLite's. A parameter gets a
// surrogate id so its version, label and tag rows stay small and a re-created parameter (new id) can
// never meet rows of its deleted namesake. Names, parents, labels and tag keys use the "C" collation:
// index order is then byte order, the order the port lists names, labels and tags in, whatever the
// database's default collation is. Versions, labels and tags go with their parameter (ON DELETE
// CASCADE), and labels with their version, so a delete is one statement. Migration 3 (free-text.ts)
// makes a version's description and allowed pattern bytea.

export const PARAMETER_SCHEMA = `
CREATE TABLE parameters (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id     text NOT NULL,
  region         text NOT NULL,
  name           text COLLATE "C" NOT NULL,
  parent         text COLLATE "C" NOT NULL,
  display_name   text NOT NULL,
  latest_version integer NOT NULL
);
-- The unique name is also what makes concurrent creates of one name leave exactly one row.
CREATE UNIQUE INDEX parameters_by_name ON parameters (account_id, region, name);
CREATE INDEX parameters_by_parent ON parameters (account_id, region, parent, name);

CREATE TABLE parameter_versions (
  parameter_id       bigint NOT NULL REFERENCES parameters (id) ON DELETE CASCADE,
  version            integer NOT NULL,
  type               text NOT NULL,
  value              bytea NOT NULL,
  key_id             text,
  description        text,
  allowed_pattern    text,
  data_type          text NOT NULL,
  tier               text NOT NULL,
  policies           text,
  last_modified_date bigint NOT NULL,
  last_modified_user text NOT NULL,
  PRIMARY KEY (parameter_id, version)
);

CREATE TABLE parameter_labels (
  parameter_id bigint NOT NULL,
  label        text COLLATE "C" NOT NULL,
  version      integer NOT NULL,
  PRIMARY KEY (parameter_id, label),
  FOREIGN KEY (parameter_id, version) REFERENCES parameter_versions (parameter_id, version) ON DELETE CASCADE
);
CREATE INDEX parameter_labels_by_version ON parameter_labels (parameter_id, version, label);

CREATE TABLE parameter_tags (
  parameter_id bigint NOT NULL REFERENCES parameters (id) ON DELETE CASCADE,
  key          text COLLATE "C" NOT NULL,
  value        text NOT NULL,
  PRIMARY KEY (parameter_id, key)
);
`;

// The one-level listing index puts `parent` first. With (account, region, parent, name), a lookup by
// name alone matched the index's leading columns too, and until the table's first ANALYZE the planner
// could pick it and scan a whole account's names for one row (0.8 ms instead of 0.02 ms at 3,000
// parameters). With `parent` first, only the unique name index serves a lookup by name, whatever the
// statistics say; a listing still finds (parent, account, region) equal and walks names in order.
export const PARENT_INDEX_FIRST = `
DROP INDEX parameters_by_parent;
CREATE INDEX parameters_by_parent ON parameters (parent, account_id, region, name);
`;
