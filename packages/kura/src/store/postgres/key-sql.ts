// The KMS tables' read statements (their rows are mapped by ../key-rows.ts, shared with SQLite).
// Every read is one statement on committed data. Keys, aliases and tags are listed straight off a
// primary key or index whose text columns are COLLATE "C", so the order is byte order, as SQLite's;
// tag keys and values and the key's description are bytea (free-text.ts), also in byte order.

const KEY_COLUMNS = `key_id, description, key_spec, key_usage, origin, key_manager, key_state, creation_date, deletion_date,
  pending_window_in_days, policy, rotation_enabled, rotation_period_in_days, next_rotation_date, current_material`;
export const MATERIAL_COLUMNS = 'key_id, version, wrapped, created_at, usage_count, origin';
const ALIAS_COLUMNS = 'alias_name, target_key_id, creation_date, last_updated_date';

/** Parameters: $1 account, $2 region, then the statement's own. */
export const KEY_READ_SQL = {
  key: `SELECT ${KEY_COLUMNS} FROM kms_keys WHERE account_id = $1 AND region = $2 AND key_id = $3`,
  /** $3 is an exclusive lower bound: '' (no cursor) sorts before every key id. */
  listKeys: `SELECT ${KEY_COLUMNS} FROM kms_keys WHERE account_id = $1 AND region = $2 AND key_id > $3
    ORDER BY key_id LIMIT $4`,
  material: `SELECT ${MATERIAL_COLUMNS} FROM kms_key_materials
    WHERE account_id = $1 AND region = $2 AND key_id = $3 AND version = $4`,
  materials: `SELECT ${MATERIAL_COLUMNS} FROM kms_key_materials WHERE account_id = $1 AND region = $2 AND key_id = $3
    ORDER BY version`,
  alias: `SELECT ${ALIAS_COLUMNS} FROM kms_aliases WHERE account_id = $1 AND region = $2 AND alias_name = $3`,
  listAliases: `SELECT ${ALIAS_COLUMNS} FROM kms_aliases WHERE account_id = $1 AND region = $2 AND alias_name > $3
    ORDER BY alias_name LIMIT $4`,
  /** Served by kms_aliases_by_target_name, which already holds one key's names in order. */
  listKeyAliases: `SELECT ${ALIAS_COLUMNS} FROM kms_aliases WHERE account_id = $1 AND region = $2 AND target_key_id = $5
    AND alias_name > $3 ORDER BY alias_name LIMIT $4`,
  /** One row with a NULL key when the key exists without tags; no rows when it does not exist. */
  tags: `SELECT t.tag_key, t.tag_value FROM kms_keys k
    LEFT JOIN kms_key_tags t ON t.account_id = k.account_id AND t.region = k.region AND t.key_id = k.key_id
    WHERE k.account_id = $1 AND k.region = $2 AND k.key_id = $3 ORDER BY t.tag_key`,
  /** Every material of every account and region: master-key rotation is the only caller. */
  allMaterials: `SELECT account_id, region, ${MATERIAL_COLUMNS} FROM kms_key_materials
    ORDER BY account_id, region, key_id, version`,
} as const;
