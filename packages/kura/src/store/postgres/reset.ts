// What `POST /_kura/reset` (--dev) deletes, children before parents so no delete has to cascade.
// The IAM generation is bumped, never zeroed: a policy set built for an old number must not match
// again. Each port's schema file owns its tables; this list names them all, in a safe order.
// The bump comes first: it locks the generation row, which every IAM write takes before touching
// an IAM row (iam-generation.ts), so a reset and a concurrent IAM write queue instead of deadlocking.

export const RESET_STATEMENTS: readonly string[] = [
  'UPDATE iam_generation SET value = value + 1 WHERE id = 1',
  'DELETE FROM iam_group_members',
  'DELETE FROM iam_attachments',
  'DELETE FROM iam_inline_policies',
  'DELETE FROM iam_principal_tags',
  'DELETE FROM iam_policy_tags',
  'DELETE FROM iam_policy_versions',
  'DELETE FROM iam_policies',
  'DELETE FROM iam_principals',
  'DELETE FROM sts_sessions',
  'DELETE FROM kms_aliases',
  'DELETE FROM kms_key_tags',
  'DELETE FROM kms_key_materials',
  'DELETE FROM kms_keys',
  'DELETE FROM parameter_labels',
  'DELETE FROM parameter_tags',
  'DELETE FROM parameter_versions',
  'DELETE FROM parameters',
];
