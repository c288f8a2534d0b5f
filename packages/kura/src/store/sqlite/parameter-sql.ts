// The parameter read queries (their rows are mapped by ../parameter-rows.ts, shared with
// PostgreSQL). Every query starts from an index on parameters (CROSS JOIN pins that table as the
// outer loop), so each costs O(log n + rows returned); query-plan.test.ts checks this with EXPLAIN
// QUERY PLAN.

const VERSION_COLUMNS = `v.version, v.type, v.value, v.key_id, v.description, v.allowed_pattern, v.data_type,
  v.tier, v.policies, v.last_modified_date, v.last_modified_user,
  (SELECT json_group_array(l.label) FROM parameter_labels l
    WHERE l.parameter_id = v.parameter_id AND l.version = v.version) AS labels`;

const HEAD_FROM = `SELECT p.name, p.display_name, ${VERSION_COLUMNS}
  FROM parameters p CROSS JOIN parameter_versions v ON v.parameter_id = p.id AND v.version = p.latest_version`;

const VERSION_FROM = `SELECT ${VERSION_COLUMNS}
  FROM parameters p CROSS JOIN parameter_versions v ON v.parameter_id = p.id`;

const SCOPED = 'p.account_id = @account AND p.region = @region';

export const READ_SQL = {
  head: `${HEAD_FROM} WHERE ${SCOPED} AND p.name = @name`,
  /** Recursive listing: a range scan over (account, region, name) between two exclusive bounds. */
  listRange: `${HEAD_FROM} WHERE ${SCOPED} AND p.name > @lower AND p.name < @upper ORDER BY p.name LIMIT @limit`,
  /** One-level listing: a range scan over (account, region, parent, name). */
  listChildren: `${HEAD_FROM} WHERE ${SCOPED} AND p.parent = @parent AND p.name > @lower ORDER BY p.name LIMIT @limit`,
  version: `${VERSION_FROM} WHERE ${SCOPED} AND p.name = @name AND v.version = @version`,
  // The label row first: it names the version, so only that one version row is visited.
  labelled: `SELECT ${VERSION_COLUMNS} FROM parameters p
    CROSS JOIN parameter_labels lb ON lb.parameter_id = p.id
    CROSS JOIN parameter_versions v ON v.parameter_id = p.id AND v.version = lb.version
    WHERE ${SCOPED} AND p.name = @name AND lb.label = @label`,
  history: `${VERSION_FROM} WHERE ${SCOPED} AND p.name = @name AND v.version > @after ORDER BY v.version LIMIT @limit`,
  /** One row with a NULL key when the parameter exists without tags; no rows when it does not exist. */
  tags: `SELECT t.key, t.value FROM parameters p LEFT JOIN parameter_tags t ON t.parameter_id = p.id
    WHERE ${SCOPED} AND p.name = @name ORDER BY t.key`,
} as const;

/**
 * The child-path walk's two seeks (../child-paths.ts): the smallest parent after (or from) @low and
 * below @upper: one search of the covering index (account, region, parent, name) each.
 */
export const PATH_SQL = {
  seekAfter: `SELECT parent FROM parameters WHERE account_id = @account AND region = @region
    AND parent > @low AND parent < @upper ORDER BY parent LIMIT 1`,
  seekFrom: `SELECT parent FROM parameters WHERE account_id = @account AND region = @region
    AND parent >= @low AND parent < @upper ORDER BY parent LIMIT 1`,
} as const;
