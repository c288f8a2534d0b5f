// The KMS tables' read queries (their rows are mapped by ../key-rows.ts, shared with PostgreSQL).
// Keys, aliases and tags are listed in BINARY (byte) order straight off a primary key or index, so
// a page costs O(log n + limit); key-query-plan.test.ts checks the plans.

const KEY_COLUMNS = `key_id, description, key_spec, key_usage, origin, key_manager, key_state, creation_date, deletion_date,
  pending_window_in_days, policy, rotation_enabled, rotation_period_in_days, next_rotation_date, current_material`;
const MATERIAL_COLUMNS = 'key_id, version, wrapped, created_at, usage_count, origin';
const ALIAS_COLUMNS = 'alias_name, target_key_id, creation_date, last_updated_date';
const SCOPED = 'account_id = @account AND region = @region';

export const KEY_READ_SQL = {
  key: `SELECT ${KEY_COLUMNS} FROM kms_keys WHERE ${SCOPED} AND key_id = @keyId`,
  /** An exclusive lower bound: '' (no cursor) sorts before every key id. */
  listKeys: `SELECT ${KEY_COLUMNS} FROM kms_keys WHERE ${SCOPED} AND key_id > @after ORDER BY key_id LIMIT @limit`,
  material: `SELECT ${MATERIAL_COLUMNS} FROM kms_key_materials WHERE ${SCOPED} AND key_id = @keyId AND version = @version`,
  materials: `SELECT ${MATERIAL_COLUMNS} FROM kms_key_materials WHERE ${SCOPED} AND key_id = @keyId ORDER BY version`,
  alias: `SELECT ${ALIAS_COLUMNS} FROM kms_aliases WHERE ${SCOPED} AND alias_name = @aliasName`,
  listAliases: `SELECT ${ALIAS_COLUMNS} FROM kms_aliases WHERE ${SCOPED} AND alias_name > @after
    ORDER BY alias_name LIMIT @limit`,
  /** Served by kms_aliases_by_target_name, which already holds the names in order. */
  listKeyAliases: `SELECT ${ALIAS_COLUMNS} FROM kms_aliases WHERE ${SCOPED} AND target_key_id = @keyId
    AND alias_name > @after ORDER BY alias_name LIMIT @limit`,
  /** One row with a NULL key when the key exists without tags; no rows when it does not exist. */
  tags: `SELECT t.tag_key, t.tag_value FROM kms_keys k
    LEFT JOIN kms_key_tags t ON t.account_id = k.account_id AND t.region = k.region AND t.key_id = k.key_id
    WHERE k.account_id = @account AND k.region = @region AND k.key_id = @keyId ORDER BY t.tag_key`,
  /** Every material of every account and region: master-key rotation is the only caller. */
  allMaterials: `SELECT account_id, region, ${MATERIAL_COLUMNS} FROM kms_key_materials
    ORDER BY account_id, region, key_id, version`,
} as const;
