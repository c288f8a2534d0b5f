// The transfer port's statements on SQLite (store/transfer.ts): one export query per record kind,
// in the order every backend agrees on (BINARY collation: byte order), and one insert per kind that
// finds the parent rows by natural key. Names of the selected columns are the record's fields.

import { deleteFrom, RECORD_TABLES } from '../tables.js';
import type { RecordKind, TransferRecord } from '../transfer.js';

const PARAMETER = `p.account_id AS "accountId", p.region AS "region", p.name AS "name"`;
const PRINCIPAL = `p.account_id AS "accountId", p.kind AS "principalKind", p.name_key AS "principalNameKey"`;
const POLICY = `p.account_id AS "accountId", p.arn_key AS "policyArnKey"`;
const SECRET = `s.account_id AS "accountId", s.region AS "region", s.name AS "name"`;

/** The export query of each kind; `sessionsAfter` (epoch ms) keeps only sessions still valid then. */
export function exportSql(kind: RecordKind, sessionsAfter: number): string {
  switch (kind) {
    case 'meta':
      return 'SELECT key AS "key", value AS "value" FROM kura_meta ORDER BY key';
    case 'job':
      return 'SELECT name AS "name", last_run AS "lastRun" FROM kura_jobs ORDER BY name';
    case 'parameter':
      return `SELECT ${PARAMETER}, p.parent AS "parent", p.display_name AS "displayName", p.latest_version AS "latestVersion"
        FROM parameters p ORDER BY p.account_id, p.region, p.name`;
    case 'parameterVersion':
      return `SELECT ${PARAMETER}, v.version AS "version", v.type AS "type", v.value AS "value", v.key_id AS "keyId",
          v.description AS "description", v.allowed_pattern AS "allowedPattern", v.data_type AS "dataType", v.tier AS "tier",
          v.policies AS "policies", v.last_modified_date AS "lastModifiedDate", v.last_modified_user AS "lastModifiedUser"
        FROM parameter_versions v JOIN parameters p ON p.id = v.parameter_id ORDER BY p.account_id, p.region, p.name, v.version`;
    case 'parameterLabel':
      return `SELECT ${PARAMETER}, l.label AS "label", l.version AS "version"
        FROM parameter_labels l JOIN parameters p ON p.id = l.parameter_id ORDER BY p.account_id, p.region, p.name, l.label`;
    case 'parameterTag':
      return `SELECT ${PARAMETER}, t.key AS "key", t.value AS "value"
        FROM parameter_tags t JOIN parameters p ON p.id = t.parameter_id ORDER BY p.account_id, p.region, p.name, t.key`;
    case 'kmsKey':
      return `SELECT account_id AS "accountId", region AS "region", key_id AS "keyId", description AS "description",
          key_spec AS "keySpec", key_usage AS "keyUsage", origin AS "origin", key_manager AS "keyManager", key_state AS "keyState",
          creation_date AS "creationDate", deletion_date AS "deletionDate", pending_window_in_days AS "pendingWindowInDays",
          policy AS "policy", rotation_enabled AS "rotationEnabled", rotation_period_in_days AS "rotationPeriodInDays",
          next_rotation_date AS "nextRotationDate", current_material AS "currentMaterial"
        FROM kms_keys ORDER BY account_id, region, key_id`;
    case 'kmsKeyMaterial':
      return `SELECT account_id AS "accountId", region AS "region", key_id AS "keyId", version AS "version", wrapped AS "wrapped",
          created_at AS "createdAt", usage_count AS "usageCount", origin AS "origin"
        FROM kms_key_materials ORDER BY account_id, region, key_id, version`;
    case 'kmsAlias':
      return `SELECT account_id AS "accountId", region AS "region", alias_name AS "aliasName", target_key_id AS "targetKeyId",
          creation_date AS "creationDate", last_updated_date AS "lastUpdatedDate"
        FROM kms_aliases ORDER BY account_id, region, alias_name`;
    case 'kmsKeyTag':
      return `SELECT account_id AS "accountId", region AS "region", key_id AS "keyId", tag_key AS "tagKey", tag_value AS "tagValue"
        FROM kms_key_tags ORDER BY account_id, region, key_id, tag_key`;
    case 'secret':
      return `SELECT ${SECRET}, s.arn AS "arn", s.description AS "description", s.kms_key_id AS "kmsKeyId",
          s.created_date AS "createdDate", s.last_changed_date AS "lastChangedDate", s.last_accessed_date AS "lastAccessedDate",
          s.deleted_date AS "deletedDate", s.deletion_date AS "deletionDate", s.rotation_enabled AS "rotationEnabled",
          s.rotation_lambda_arn AS "rotationLambdaArn", s.rotation_after_days AS "rotationAfterDays", s.rotation_schedule AS "rotationSchedule",
          s.rotation_duration AS "rotationDuration", s.last_rotated_date AS "lastRotatedDate", s.next_rotation_date AS "nextRotationDate",
          s.resource_policy AS "resourcePolicy", s.tags AS "tags", s.revision AS "revision"
        FROM secrets s ORDER BY s.account_id, s.region, s.name`;
    case 'secretVersion':
      return `SELECT ${SECRET}, v.version_id AS "versionId", v.created_date AS "createdDate", v.last_accessed_date AS "lastAccessedDate",
          v.kms_key_arn AS "kmsKeyArn", v.kind AS "kind", v.sealed AS "sealed"
        FROM secret_versions v JOIN secrets s ON s.id = v.secret_id ORDER BY s.account_id, s.region, s.name, v.version_id`;
    case 'secretVersionStage':
      return `SELECT ${SECRET}, st.stage AS "stage", st.version_id AS "versionId"
        FROM secret_version_stages st JOIN secrets s ON s.id = st.secret_id ORDER BY s.account_id, s.region, s.name, st.stage`;
    case 'accessKey':
      return `SELECT access_key_id AS "accessKeyId", account_id AS "accountId", principal_arn AS "principalArn",
          principal_id AS "principalId", secret_ciphertext AS "secretCiphertext", status AS "status", create_date AS "createDate"
        FROM access_keys ORDER BY access_key_id`;
    case 'iamPrincipal':
      return `SELECT account_id AS "accountId", kind AS "kind", name_key AS "nameKey", name AS "name", unique_id AS "uniqueId",
          path AS "path", arn AS "arn", create_date AS "createDate", permissions_boundary AS "permissionsBoundary",
          assume_role_policy AS "assumeRolePolicy", description AS "description", max_session_duration AS "maxSessionDuration"
        FROM iam_principals ORDER BY account_id, kind, name_key`;
    case 'iamGroupMember':
      return `SELECT g.account_id AS "accountId", g.name_key AS "groupNameKey", u.name_key AS "userNameKey"
        FROM iam_group_members m JOIN iam_principals g ON g.id = m.group_id JOIN iam_principals u ON u.id = m.user_id
        ORDER BY g.account_id, g.name_key, u.name_key`;
    case 'iamPolicy':
      return `SELECT account_id AS "accountId", name_key AS "nameKey", name AS "name", arn_key AS "arnKey", arn AS "arn",
          policy_id AS "policyId", path AS "path", description AS "description", create_date AS "createDate",
          update_date AS "updateDate", default_version AS "defaultVersion"
        FROM iam_policies ORDER BY account_id, arn_key`;
    case 'iamPolicyVersion':
      return `SELECT ${POLICY}, v.version AS "version", v.document AS "document", v.create_date AS "createDate"
        FROM iam_policy_versions v JOIN iam_policies p ON p.id = v.policy_id ORDER BY p.account_id, p.arn_key, v.version`;
    case 'iamAttachment':
      return `SELECT ${PRINCIPAL}, a.policy_arn AS "policyArn", a.policy_name AS "policyName"
        FROM iam_attachments a JOIN iam_principals p ON p.id = a.principal_id ORDER BY p.account_id, p.kind, p.name_key, a.policy_arn`;
    case 'iamInlinePolicy':
      return `SELECT ${PRINCIPAL}, i.name_key AS "nameKey", i.name AS "name", i.document AS "document"
        FROM iam_inline_policies i JOIN iam_principals p ON p.id = i.principal_id ORDER BY p.account_id, p.kind, p.name_key, i.name_key`;
    case 'iamPrincipalTag':
      return `SELECT ${PRINCIPAL}, t.key_fold AS "keyFold", t.tag_key AS "tagKey", t.tag_value AS "tagValue"
        FROM iam_principal_tags t JOIN iam_principals p ON p.id = t.principal_id ORDER BY p.account_id, p.kind, p.name_key, t.key_fold`;
    case 'iamPolicyTag':
      return `SELECT ${POLICY}, t.tag_key AS "tagKey", t.tag_value AS "tagValue"
        FROM iam_policy_tags t JOIN iam_policies p ON p.id = t.policy_id ORDER BY p.account_id, p.arn_key, t.tag_key`;
    case 'stsSession':
      return `SELECT access_key_id AS "accessKeyId", account_id AS "accountId", secret_ciphertext AS "secretCiphertext",
          session_token_hash AS "sessionTokenHash", kind AS "kind", principal_arn AS "principalArn", principal_id AS "principalId",
          role_arn AS "roleArn", role_name AS "roleName", session_name AS "sessionName", source_principal_arn AS "sourcePrincipalArn",
          session_policy AS "sessionPolicy", session_policy_arns AS "sessionPolicyArns", source_identity AS "sourceIdentity",
          tags AS "tags", chained AS "chained", issued_at AS "issuedAt", expiration AS "expiration"
        FROM sts_sessions WHERE expiration > ${Math.trunc(sessionsAfter)} ORDER BY access_key_id`;
  }
}

type Row = Record<string, unknown>;

/** SQLite has no boolean or array columns: 0/1 and JSON text become the record's types. */
export function rowToRecord<K extends RecordKind>(kind: K, row: Row): TransferRecord<K> {
  if (kind === 'kmsKey' || kind === 'secret') return { ...row, rotationEnabled: row.rotationEnabled !== 0 } as unknown as TransferRecord<K>;
  if (kind === 'stsSession') {
    return {
      ...row,
      sessionPolicyArns: JSON.parse(row.sessionPolicyArns as string),
      tags: JSON.parse(row.tags as string),
      chained: row.chained !== 0,
    } as unknown as TransferRecord<K>;
  }
  return row as unknown as TransferRecord<K>;
}

/** The record as named parameters for its insert: booleans as 0/1, arrays as JSON text. */
export function recordToParams<K extends RecordKind>(kind: K, record: TransferRecord<K>): Row {
  if (kind === 'kmsKey' || kind === 'secret') {
    const rotating = record as TransferRecord<'kmsKey' | 'secret'>;
    return { ...rotating, rotationEnabled: rotating.rotationEnabled ? 1 : 0 };
  }
  if (kind === 'stsSession') {
    const session = record as TransferRecord<'stsSession'>;
    return { ...session, sessionPolicyArns: JSON.stringify(session.sessionPolicyArns), tags: JSON.stringify(session.tags), chained: session.chained ? 1 : 0 };
  }
  return record as unknown as Row;
}

const PARAMETER_ID = 'SELECT id FROM parameters WHERE account_id = @accountId AND region = @region AND name = @name';
const PRINCIPAL_ID = 'FROM iam_principals WHERE account_id = @accountId AND kind = @principalKind AND name_key = @principalNameKey';
const POLICY_ID = 'FROM iam_policies WHERE account_id = @accountId AND arn_key = @policyArnKey';
const SECRET_ID = 'FROM secrets WHERE account_id = @accountId AND region = @region AND name = @name';

/** One insert per kind. Those that find a parent insert nothing when it is missing (checked by the caller). */
export const INSERT_SQL: Readonly<Record<RecordKind, string>> = {
  meta: 'INSERT INTO kura_meta (key, value) VALUES (@key, @value)',
  job: 'INSERT INTO kura_jobs (name, last_run) VALUES (@name, @lastRun)',
  parameter: `INSERT INTO parameters (account_id, region, name, parent, display_name, latest_version)
    VALUES (@accountId, @region, @name, @parent, @displayName, @latestVersion)`,
  parameterVersion: `INSERT INTO parameter_versions (parameter_id, version, type, value, key_id, description, allowed_pattern,
      data_type, tier, policies, last_modified_date, last_modified_user)
    SELECT id, @version, @type, @value, @keyId, @description, @allowedPattern, @dataType, @tier, @policies, @lastModifiedDate,
      @lastModifiedUser FROM (${PARAMETER_ID})`,
  parameterLabel: `INSERT INTO parameter_labels (parameter_id, label, version) SELECT id, @label, @version FROM (${PARAMETER_ID})`,
  parameterTag: `INSERT INTO parameter_tags (parameter_id, key, value) SELECT id, @key, @value FROM (${PARAMETER_ID})`,
  kmsKey: `INSERT INTO kms_keys (account_id, region, key_id, description, key_spec, key_usage, origin, key_manager, key_state,
      creation_date, deletion_date, pending_window_in_days, policy, rotation_enabled, rotation_period_in_days, next_rotation_date,
      current_material)
    VALUES (@accountId, @region, @keyId, @description, @keySpec, @keyUsage, @origin, @keyManager, @keyState, @creationDate,
      @deletionDate, @pendingWindowInDays, @policy, @rotationEnabled, @rotationPeriodInDays, @nextRotationDate, @currentMaterial)`,
  kmsKeyMaterial: `INSERT INTO kms_key_materials (account_id, region, key_id, version, wrapped, created_at, usage_count, origin)
    VALUES (@accountId, @region, @keyId, @version, @wrapped, @createdAt, @usageCount, @origin)`,
  kmsAlias: `INSERT INTO kms_aliases (account_id, region, alias_name, target_key_id, creation_date, last_updated_date)
    VALUES (@accountId, @region, @aliasName, @targetKeyId, @creationDate, @lastUpdatedDate)`,
  kmsKeyTag: `INSERT INTO kms_key_tags (account_id, region, key_id, tag_key, tag_value) VALUES (@accountId, @region, @keyId, @tagKey, @tagValue)`,
  secret: `INSERT INTO secrets (account_id, region, name, arn, description, kms_key_id, created_date, last_changed_date,
      last_accessed_date, deleted_date, deletion_date, rotation_enabled, rotation_lambda_arn, rotation_after_days, rotation_schedule,
      rotation_duration, last_rotated_date, next_rotation_date, resource_policy, tags, revision)
    VALUES (@accountId, @region, @name, @arn, @description, @kmsKeyId, @createdDate, @lastChangedDate, @lastAccessedDate, @deletedDate,
      @deletionDate, @rotationEnabled, @rotationLambdaArn, @rotationAfterDays, @rotationSchedule, @rotationDuration, @lastRotatedDate,
      @nextRotationDate, @resourcePolicy, @tags, @revision)`,
  secretVersion: `INSERT INTO secret_versions (secret_id, version_id, created_date, last_accessed_date, kms_key_arn, kind, sealed)
    SELECT id, @versionId, @createdDate, @lastAccessedDate, @kmsKeyArn, @kind, @sealed ${SECRET_ID}`,
  secretVersionStage: `INSERT INTO secret_version_stages (secret_id, stage, version_id) SELECT id, @stage, @versionId ${SECRET_ID}`,
  accessKey: `INSERT INTO access_keys (access_key_id, account_id, principal_arn, principal_id, secret_ciphertext, status, create_date)
    VALUES (@accessKeyId, @accountId, @principalArn, @principalId, @secretCiphertext, @status, @createDate)`,
  iamPrincipal: `INSERT INTO iam_principals (account_id, kind, name_key, name, unique_id, path, arn, create_date, permissions_boundary,
      assume_role_policy, description, max_session_duration)
    VALUES (@accountId, @kind, @nameKey, @name, @uniqueId, @path, @arn, @createDate, @permissionsBoundary, @assumeRolePolicy,
      @description, @maxSessionDuration)`,
  iamGroupMember: `INSERT INTO iam_group_members (group_id, user_id)
    SELECT g.id, u.id FROM iam_principals g, iam_principals u
    WHERE g.account_id = @accountId AND g.kind = 'group' AND g.name_key = @groupNameKey
      AND u.account_id = @accountId AND u.kind = 'user' AND u.name_key = @userNameKey`,
  iamPolicy: `INSERT INTO iam_policies (account_id, name_key, name, arn_key, arn, policy_id, path, description, create_date, update_date,
      default_version)
    VALUES (@accountId, @nameKey, @name, @arnKey, @arn, @policyId, @path, @description, @createDate, @updateDate, @defaultVersion)`,
  iamPolicyVersion: `INSERT INTO iam_policy_versions (policy_id, version, document, create_date)
    SELECT id, @version, @document, @createDate ${POLICY_ID}`,
  iamAttachment: `INSERT INTO iam_attachments (principal_id, account_id, policy_arn, policy_name)
    SELECT id, account_id, @policyArn, @policyName ${PRINCIPAL_ID}`,
  iamInlinePolicy: `INSERT INTO iam_inline_policies (principal_id, name_key, name, document)
    SELECT id, @nameKey, @name, @document ${PRINCIPAL_ID}`,
  iamPrincipalTag: `INSERT INTO iam_principal_tags (principal_id, key_fold, tag_key, tag_value)
    SELECT id, @keyFold, @tagKey, @tagValue ${PRINCIPAL_ID}`,
  iamPolicyTag: `INSERT INTO iam_policy_tags (policy_id, tag_key, tag_value) SELECT id, @tagKey, @tagValue ${POLICY_ID}`,
  stsSession: `INSERT INTO sts_sessions (access_key_id, account_id, secret_ciphertext, session_token_hash, kind, principal_arn,
      principal_id, role_arn, role_name, session_name, source_principal_arn, session_policy, session_policy_arns, source_identity,
      tags, chained, issued_at, expiration)
    VALUES (@accessKeyId, @accountId, @secretCiphertext, @sessionTokenHash, @kind, @principalArn, @principalId, @roleArn, @roleName,
      @sessionName, @sourcePrincipalArn, @sessionPolicy, @sessionPolicyArns, @sourceIdentity, @tags, @chained, @issuedAt, @expiration)`,
};

/** Children before parents (store/tables.ts), so no delete cascades. */
export const CLEAR_SQL: readonly string[] = RECORD_TABLES.map(deleteFrom);
