// The tables that hold a store's records, named once for both backends: a reset (--dev), the
// clearing of a copy's target and the statistics taken after a copy all read this list, so a new
// table cannot be forgotten by one of them (store/tables.test.ts compares it with each backend's
// schema). The order is children before parents, so that no delete has to cascade.

/** The AWS resources: what `POST /_kura/reset` (--dev) empties. */
export const RESOURCE_TABLES = [
  'iam_group_members',
  'iam_attachments',
  'iam_inline_policies',
  'iam_principal_tags',
  'iam_policy_tags',
  'iam_policy_versions',
  'iam_policies',
  'iam_principals',
  'sts_sessions',
  'kms_aliases',
  'kms_key_tags',
  'kms_key_materials',
  'kms_keys',
  'parameter_labels',
  'parameter_tags',
  'parameter_versions',
  'parameters',
  'secret_version_stages',
  'secret_versions',
  'secrets',
] as const;

/**
 * Every table of records a copy carries: the resources, the access keys (a reset keeps the ones it
 * is told to) and what the store knows about itself (the master key check value, the periodic
 * jobs' last runs; a reset keeps both). Not here: the schema's version, the IAM generation (a
 * counter that only moves forward) and PostgreSQL's audit events (a log, never copied or reset).
 */
export const RECORD_TABLES = [...RESOURCE_TABLES, 'access_keys', 'kura_meta', 'kura_jobs'] as const;

/** The statement that empties `table`. */
export const deleteFrom = (table: (typeof RECORD_TABLES)[number]): string => `DELETE FROM ${table}`;
