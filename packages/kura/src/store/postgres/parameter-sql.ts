// The parameter read statements (their rows are mapped by ../parameter-rows.ts, shared with
// SQLite). Each read is one statement, so it sees one committed snapshot: a head and its labels, or
// a page of heads, can never mix two writes. Every statement starts from an index on parameters
// ((account, region, name) or (account, region, parent, name)), so each costs O(log n + rows
// returned). The description and allowed pattern are bytea (migration 3): they arrive as Buffers.

// Labels come sorted by the database: the column's "C" collation is byte order.
const VERSION_COLUMNS = `v.version, v.type, v.value, v.key_id, v.description, v.allowed_pattern, v.data_type,
  v.tier, v.policies, v.last_modified_date, v.last_modified_user,
  ARRAY(SELECT l.label FROM parameter_labels l
    WHERE l.parameter_id = v.parameter_id AND l.version = v.version ORDER BY l.label) AS labels`;

const HEAD_FROM = `SELECT p.name, p.display_name, ${VERSION_COLUMNS}
  FROM parameters p JOIN parameter_versions v ON v.parameter_id = p.id AND v.version = p.latest_version`;

const VERSION_FROM = `SELECT ${VERSION_COLUMNS}
  FROM parameters p JOIN parameter_versions v ON v.parameter_id = p.id`;

const SCOPED = 'p.account_id = $1 AND p.region = $2';

export const READ_SQL = {
  /** $3 name */
  head: `${HEAD_FROM} WHERE ${SCOPED} AND p.name = $3`,
  /** Recursive listing, a range scan between two exclusive bounds: $3 lower, $4 upper, $5 limit. */
  listRange: `${HEAD_FROM} WHERE ${SCOPED} AND p.name > $3 AND p.name < $4 ORDER BY p.name LIMIT $5`,
  /** One-level listing, a range scan within one parent: $3 parent, $4 lower (exclusive), $5 limit. */
  listChildren: `${HEAD_FROM} WHERE ${SCOPED} AND p.parent = $3 AND p.name > $4 ORDER BY p.name LIMIT $5`,
  /** $3 name, $4 version */
  version: `${VERSION_FROM} WHERE ${SCOPED} AND p.name = $3 AND v.version = $4`,
  /** $3 name, $4 label: the label row names the version, so only that version row is read. */
  labelled: `SELECT ${VERSION_COLUMNS} FROM parameters p
    JOIN parameter_labels lb ON lb.parameter_id = p.id
    JOIN parameter_versions v ON v.parameter_id = p.id AND v.version = lb.version
    WHERE ${SCOPED} AND p.name = $3 AND lb.label = $4`,
  /** $3 name, $4 after (exclusive), $5 limit */
  history: `${VERSION_FROM} WHERE ${SCOPED} AND p.name = $3 AND v.version > $4 ORDER BY v.version LIMIT $5`,
  /** One row with a NULL key when the parameter exists without tags; no rows when it does not exist. */
  tags: `SELECT t.key, t.value FROM parameters p LEFT JOIN parameter_tags t ON t.parameter_id = p.id
    WHERE ${SCOPED} AND p.name = $3 ORDER BY t.key`,
} as const;

/**
 * The child-path walk's two seeks (../child-paths.ts), $3 low, $4 upper (exclusive): the smallest
 * parent after (or from) $3. An index-only scan of (parent, account, region, name) from $3: the
 * scope is checked in the index, so another account's or region's parents within the range are
 * stepped over (plans.test.ts checks the plan).
 */
export const PATH_SQL = {
  seekAfter: `SELECT parent FROM parameters WHERE account_id = $1 AND region = $2 AND parent > $3 AND parent < $4 ORDER BY parent LIMIT 1`,
  seekFrom: `SELECT parent FROM parameters WHERE account_id = $1 AND region = $2 AND parent >= $3 AND parent < $4 ORDER BY parent LIMIT 1`,
} as const;

/** The walk's seeks share one snapshot: a page never mixes two states of the tree. */
export const PATH_SNAPSHOT = 'SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY';
