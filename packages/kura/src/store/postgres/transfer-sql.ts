// The transfer port's statements on PostgreSQL (store/transfer.ts): one export query per record
// kind, ordered byte by byte (every text key COLLATE "C", whatever the column's or the database's
// collation; bytea is in byte order by itself) so the order is SQLite's; and one insert per kind
// that takes a whole batch as one JSON array (jsonb_to_recordset), finding parent rows by natural
// key with a join. The free text kept as bytea (free-text.ts) is a string in the records: decoded
// from the exported rows, and sent as base64 like every byte string, since jsonb cannot hold U+0000.

import type { RecordKind, TransferRecord } from '../transfer.js';
import { BYTEA_TEXT_FIELDS } from './free-text.js';

/** Byte order for a text key. */
const C = 'COLLATE "C"';
const PARAMETER = `p.account_id AS "accountId", p.region AS "region", p.name AS "name"`;
const PARAMETER_ORDER = `p.account_id ${C}, p.region ${C}, p.name ${C}`;
const PRINCIPAL = `p.account_id AS "accountId", p.kind AS "principalKind", p.name_key AS "principalNameKey"`;
const PRINCIPAL_ORDER = `p.account_id ${C}, p.kind ${C}, p.name_key ${C}`;
const POLICY = `p.account_id AS "accountId", p.arn_key AS "policyArnKey"`;
const POLICY_ORDER = `p.account_id ${C}, p.arn_key ${C}`;
const SECRET = `s.account_id AS "accountId", s.region AS "region", s.name AS "name"`;
const SECRET_ORDER = `s.account_id ${C}, s.region ${C}, s.name ${C}`;

/** The export query of each kind; `sessionsAfter` (epoch ms) keeps only sessions still valid then. */
export function exportSql(kind: RecordKind, sessionsAfter: number): string {
  switch (kind) {
    case 'meta':
      return `SELECT key AS "key", value AS "value" FROM kura_meta ORDER BY key ${C}`;
    case 'job':
      return `SELECT name AS "name", last_run AS "lastRun" FROM kura_jobs ORDER BY name ${C}`;
    case 'parameter':
      return `SELECT ${PARAMETER}, p.parent AS "parent", p.display_name AS "displayName", p.latest_version AS "latestVersion"
        FROM parameters p ORDER BY ${PARAMETER_ORDER}`;
    case 'parameterVersion':
      return `SELECT ${PARAMETER}, v.version AS "version", v.type AS "type", v.value AS "value", v.key_id AS "keyId",
          v.description AS "description", v.allowed_pattern AS "allowedPattern", v.data_type AS "dataType", v.tier AS "tier",
          v.policies AS "policies", v.last_modified_date AS "lastModifiedDate", v.last_modified_user AS "lastModifiedUser"
        FROM parameter_versions v JOIN parameters p ON p.id = v.parameter_id ORDER BY ${PARAMETER_ORDER}, v.version`;
    case 'parameterLabel':
      return `SELECT ${PARAMETER}, l.label AS "label", l.version AS "version"
        FROM parameter_labels l JOIN parameters p ON p.id = l.parameter_id ORDER BY ${PARAMETER_ORDER}, l.label ${C}`;
    case 'parameterTag':
      return `SELECT ${PARAMETER}, t.key AS "key", t.value AS "value"
        FROM parameter_tags t JOIN parameters p ON p.id = t.parameter_id ORDER BY ${PARAMETER_ORDER}, t.key ${C}`;
    case 'kmsKey':
      return `SELECT account_id AS "accountId", region AS "region", key_id AS "keyId", description AS "description",
          key_spec AS "keySpec", key_usage AS "keyUsage", origin AS "origin", key_manager AS "keyManager", key_state AS "keyState",
          creation_date AS "creationDate", deletion_date AS "deletionDate", pending_window_in_days AS "pendingWindowInDays",
          policy AS "policy", rotation_enabled AS "rotationEnabled", rotation_period_in_days AS "rotationPeriodInDays",
          next_rotation_date AS "nextRotationDate", current_material AS "currentMaterial"
        FROM kms_keys ORDER BY account_id ${C}, region ${C}, key_id ${C}`;
    case 'kmsKeyMaterial':
      return `SELECT account_id AS "accountId", region AS "region", key_id AS "keyId", version AS "version", wrapped AS "wrapped",
          created_at AS "createdAt", usage_count AS "usageCount", origin AS "origin"
        FROM kms_key_materials ORDER BY account_id ${C}, region ${C}, key_id ${C}, version`;
    case 'kmsAlias':
      return `SELECT account_id AS "accountId", region AS "region", alias_name AS "aliasName", target_key_id AS "targetKeyId",
          creation_date AS "creationDate", last_updated_date AS "lastUpdatedDate"
        FROM kms_aliases ORDER BY account_id ${C}, region ${C}, alias_name ${C}`;
    case 'kmsKeyTag':
      return `SELECT account_id AS "accountId", region AS "region", key_id AS "keyId", tag_key AS "tagKey", tag_value AS "tagValue"
        FROM kms_key_tags ORDER BY account_id ${C}, region ${C}, key_id ${C}, tag_key`;
    case 'secret':
      return `SELECT ${SECRET}, s.arn AS "arn", s.description AS "description", s.kms_key_id AS "kmsKeyId",
          s.created_date AS "createdDate", s.last_changed_date AS "lastChangedDate", s.last_accessed_date AS "lastAccessedDate",
          s.deleted_date AS "deletedDate", s.deletion_date AS "deletionDate", s.rotation_enabled AS "rotationEnabled",
          s.rotation_lambda_arn AS "rotationLambdaArn", s.rotation_after_days AS "rotationAfterDays", s.rotation_schedule AS "rotationSchedule",
          s.rotation_duration AS "rotationDuration", s.last_rotated_date AS "lastRotatedDate", s.next_rotation_date AS "nextRotationDate",
          s.resource_policy AS "resourcePolicy", s.tags AS "tags", s.revision AS "revision"
        FROM secrets s ORDER BY ${SECRET_ORDER}`;
    case 'secretVersion':
      return `SELECT ${SECRET}, v.version_id AS "versionId", v.created_date AS "createdDate", v.last_accessed_date AS "lastAccessedDate",
          v.kms_key_arn AS "kmsKeyArn", v.kind AS "kind", v.sealed AS "sealed"
        FROM secret_versions v JOIN secrets s ON s.id = v.secret_id ORDER BY ${SECRET_ORDER}, v.version_id`;
    case 'secretVersionStage':
      return `SELECT ${SECRET}, st.stage AS "stage", st.version_id AS "versionId"
        FROM secret_version_stages st JOIN secrets s ON s.id = st.secret_id ORDER BY ${SECRET_ORDER}, st.stage`;
    case 'accessKey':
      return `SELECT access_key_id AS "accessKeyId", account_id AS "accountId", principal_arn AS "principalArn",
          principal_id AS "principalId", secret_ciphertext AS "secretCiphertext", status AS "status", create_date AS "createDate"
        FROM access_keys ORDER BY access_key_id ${C}`;
    case 'iamPrincipal':
      return `SELECT account_id AS "accountId", kind AS "kind", name_key AS "nameKey", name AS "name", unique_id AS "uniqueId",
          path AS "path", arn AS "arn", create_date AS "createDate", permissions_boundary AS "permissionsBoundary",
          assume_role_policy AS "assumeRolePolicy", description AS "description", max_session_duration AS "maxSessionDuration"
        FROM iam_principals p ORDER BY ${PRINCIPAL_ORDER}`;
    case 'iamGroupMember':
      return `SELECT g.account_id AS "accountId", g.name_key AS "groupNameKey", u.name_key AS "userNameKey"
        FROM iam_group_members m JOIN iam_principals g ON g.id = m.group_id JOIN iam_principals u ON u.id = m.user_id
        ORDER BY g.account_id ${C}, g.name_key ${C}, u.name_key ${C}`;
    case 'iamPolicy':
      return `SELECT account_id AS "accountId", name_key AS "nameKey", name AS "name", arn_key AS "arnKey", arn AS "arn",
          policy_id AS "policyId", path AS "path", description AS "description", create_date AS "createDate",
          update_date AS "updateDate", default_version AS "defaultVersion"
        FROM iam_policies p ORDER BY ${POLICY_ORDER}`;
    case 'iamPolicyVersion':
      return `SELECT ${POLICY}, v.version AS "version", v.document AS "document", v.create_date AS "createDate"
        FROM iam_policy_versions v JOIN iam_policies p ON p.id = v.policy_id ORDER BY ${POLICY_ORDER}, v.version`;
    case 'iamAttachment':
      return `SELECT ${PRINCIPAL}, a.policy_arn AS "policyArn", a.policy_name AS "policyName"
        FROM iam_attachments a JOIN iam_principals p ON p.id = a.principal_id ORDER BY ${PRINCIPAL_ORDER}, a.policy_arn ${C}`;
    case 'iamInlinePolicy':
      return `SELECT ${PRINCIPAL}, i.name_key AS "nameKey", i.name AS "name", i.document AS "document"
        FROM iam_inline_policies i JOIN iam_principals p ON p.id = i.principal_id ORDER BY ${PRINCIPAL_ORDER}, i.name_key ${C}`;
    case 'iamPrincipalTag':
      return `SELECT ${PRINCIPAL}, t.key_fold AS "keyFold", t.tag_key AS "tagKey", t.tag_value AS "tagValue"
        FROM iam_principal_tags t JOIN iam_principals p ON p.id = t.principal_id ORDER BY ${PRINCIPAL_ORDER}, t.key_fold ${C}`;
    case 'iamPolicyTag':
      return `SELECT ${POLICY}, t.tag_key AS "tagKey", t.tag_value AS "tagValue"
        FROM iam_policy_tags t JOIN iam_policies p ON p.id = t.policy_id ORDER BY ${POLICY_ORDER}, t.tag_key ${C}`;
    case 'stsSession':
      return `SELECT access_key_id AS "accessKeyId", account_id AS "accountId", secret_ciphertext AS "secretCiphertext",
          session_token_hash AS "sessionTokenHash", kind AS "kind", principal_arn AS "principalArn", principal_id AS "principalId",
          role_arn AS "roleArn", role_name AS "roleName", session_name AS "sessionName", source_principal_arn AS "sourcePrincipalArn",
          session_policy AS "sessionPolicy", session_policy_arns AS "sessionPolicyArns", source_identity AS "sourceIdentity",
          tags AS "tags", chained AS "chained", issued_at AS "issuedAt", expiration AS "expiration"
        FROM sts_sessions WHERE expiration > ${Math.trunc(sessionsAfter)} ORDER BY access_key_id ${C}`;
  }
}

/** Exported rows as records: the bytea free-text fields decoded, in place (the rows are the driver's, fresh). */
export function exportedRecords<K extends RecordKind>(kind: K, rows: Array<Record<string, unknown>>): Array<TransferRecord<K>> {
  const fields = BYTEA_TEXT_FIELDS[kind] ?? [];
  for (const row of rows) {
    for (const field of fields) {
      const value = row[field];
      if (Buffer.isBuffer(value)) row[field] = value.toString('utf8');
    }
  }
  return rows as Array<TransferRecord<K>>;
}

/** A batch as the one JSON value its insert takes: byte strings and bytea free text as base64 (decode()d by the insert). */
export function batchJson(kind: RecordKind, records: ReadonlyArray<TransferRecord>): string {
  const bytea = new Set(BYTEA_TEXT_FIELDS[kind] ?? []);
  const encode = (field: string, value: unknown): unknown => {
    if (Buffer.isBuffer(value)) return value.toString('base64');
    return bytea.has(field) && typeof value === 'string' ? Buffer.from(value, 'utf8').toString('base64') : value;
  };
  return JSON.stringify(records.map((record) => Object.fromEntries(Object.entries(record).map(([field, value]) => [field, encode(field, value)]))));
}

const rows = (columns: string) => `jsonb_to_recordset($1::jsonb) AS r(${columns})`;
const PARAMETER_COLUMNS = '"accountId" text, region text, name text';
const PARAMETER_JOIN = 'JOIN parameters p ON p.account_id = r."accountId" AND p.region = r.region AND p.name = r.name';
const PRINCIPAL_COLUMNS = '"accountId" text, "principalKind" text, "principalNameKey" text';
const PRINCIPAL_JOIN = 'JOIN iam_principals p ON p.account_id = r."accountId" AND p.kind = r."principalKind" AND p.name_key = r."principalNameKey"';
const POLICY_COLUMNS = '"accountId" text, "policyArnKey" text';
const POLICY_JOIN = 'JOIN iam_policies p ON p.account_id = r."accountId" AND p.arn_key = r."policyArnKey"';
const SECRET_COLUMNS = '"accountId" text, region text, name text';
const SECRET_JOIN = 'JOIN secrets s ON s.account_id = r."accountId" AND s.region = r.region AND s.name = r.name';

/** One insert per kind, of a whole batch ($1). Those that join a parent insert fewer rows when one is missing (checked by the caller). */
export const INSERT_SQL: Readonly<Record<RecordKind, string>> = {
  meta: `INSERT INTO kura_meta (key, value) SELECT r.key, decode(r.value, 'base64') FROM ${rows('key text, value text')}`,
  job: `INSERT INTO kura_jobs (name, last_run) SELECT r.name, r."lastRun" FROM ${rows('name text, "lastRun" bigint')}`,
  parameter: `INSERT INTO parameters (account_id, region, name, parent, display_name, latest_version)
    SELECT r."accountId", r.region, r.name, r.parent, r."displayName", r."latestVersion"
    FROM ${rows(`${PARAMETER_COLUMNS}, parent text, "displayName" text, "latestVersion" integer`)}`,
  parameterVersion: `INSERT INTO parameter_versions (parameter_id, version, type, value, key_id, description, allowed_pattern,
      data_type, tier, policies, last_modified_date, last_modified_user)
    SELECT p.id, r.version, r.type, decode(r.value, 'base64'), r."keyId", decode(r.description, 'base64'), decode(r."allowedPattern", 'base64'),
      r."dataType", r.tier,
      r.policies, r."lastModifiedDate", r."lastModifiedUser"
    FROM ${rows(`${PARAMETER_COLUMNS}, version integer, type text, value text, "keyId" text, description text, "allowedPattern" text,
      "dataType" text, tier text, policies text, "lastModifiedDate" bigint, "lastModifiedUser" text`)} ${PARAMETER_JOIN}`,
  parameterLabel: `INSERT INTO parameter_labels (parameter_id, label, version) SELECT p.id, r.label, r.version
    FROM ${rows(`${PARAMETER_COLUMNS}, label text, version integer`)} ${PARAMETER_JOIN}`,
  parameterTag: `INSERT INTO parameter_tags (parameter_id, key, value) SELECT p.id, r.key, r.value
    FROM ${rows(`${PARAMETER_COLUMNS}, key text, value text`)} ${PARAMETER_JOIN}`,
  kmsKey: `INSERT INTO kms_keys (account_id, region, key_id, description, key_spec, key_usage, origin, key_manager, key_state,
      creation_date, deletion_date, pending_window_in_days, policy, rotation_enabled, rotation_period_in_days, next_rotation_date,
      current_material)
    SELECT r."accountId", r.region, r."keyId", decode(r.description, 'base64'), r."keySpec", r."keyUsage", r.origin, r."keyManager", r."keyState",
      r."creationDate", r."deletionDate", r."pendingWindowInDays", r.policy, r."rotationEnabled", r."rotationPeriodInDays",
      r."nextRotationDate", r."currentMaterial"
    FROM ${rows(`"accountId" text, region text, "keyId" text, description text, "keySpec" text, "keyUsage" text, origin text,
      "keyManager" text, "keyState" text, "creationDate" bigint, "deletionDate" bigint, "pendingWindowInDays" integer, policy text,
      "rotationEnabled" boolean, "rotationPeriodInDays" integer, "nextRotationDate" bigint, "currentMaterial" integer`)}`,
  kmsKeyMaterial: `INSERT INTO kms_key_materials (account_id, region, key_id, version, wrapped, created_at, usage_count, origin)
    SELECT r."accountId", r.region, r."keyId", r.version, decode(r.wrapped, 'base64'), r."createdAt", r."usageCount", r.origin
    FROM ${rows('"accountId" text, region text, "keyId" text, version integer, wrapped text, "createdAt" bigint, "usageCount" bigint, origin text')}`,
  kmsAlias: `INSERT INTO kms_aliases (account_id, region, alias_name, target_key_id, creation_date, last_updated_date)
    SELECT r."accountId", r.region, r."aliasName", r."targetKeyId", r."creationDate", r."lastUpdatedDate"
    FROM ${rows('"accountId" text, region text, "aliasName" text, "targetKeyId" text, "creationDate" bigint, "lastUpdatedDate" bigint')}`,
  kmsKeyTag: `INSERT INTO kms_key_tags (account_id, region, key_id, tag_key, tag_value)
    SELECT r."accountId", r.region, r."keyId", decode(r."tagKey", 'base64'), decode(r."tagValue", 'base64')
    FROM ${rows('"accountId" text, region text, "keyId" text, "tagKey" text, "tagValue" text')}`,
  secret: `INSERT INTO secrets (account_id, region, name, arn, description, kms_key_id, created_date, last_changed_date,
      last_accessed_date, deleted_date, deletion_date, rotation_enabled, rotation_lambda_arn, rotation_after_days, rotation_schedule,
      rotation_duration, last_rotated_date, next_rotation_date, resource_policy, tags, revision)
    SELECT r."accountId", r.region, r.name, r.arn, decode(r.description, 'base64'), decode(r."kmsKeyId", 'base64'), r."createdDate",
      r."lastChangedDate", r."lastAccessedDate", r."deletedDate", r."deletionDate", r."rotationEnabled", decode(r."rotationLambdaArn", 'base64'),
      r."rotationAfterDays", r."rotationSchedule", r."rotationDuration", r."lastRotatedDate", r."nextRotationDate", r."resourcePolicy",
      r.tags, r.revision
    FROM ${rows(`${SECRET_COLUMNS}, arn text, description text, "kmsKeyId" text, "createdDate" bigint, "lastChangedDate" bigint,
      "lastAccessedDate" bigint, "deletedDate" bigint, "deletionDate" bigint, "rotationEnabled" boolean, "rotationLambdaArn" text,
      "rotationAfterDays" integer, "rotationSchedule" text, "rotationDuration" text, "lastRotatedDate" bigint, "nextRotationDate" bigint,
      "resourcePolicy" text, tags text, revision bigint`)}`,
  secretVersion: `INSERT INTO secret_versions (secret_id, version_id, created_date, last_accessed_date, kms_key_arn, kind, sealed)
    SELECT s.id, decode(r."versionId", 'base64'), r."createdDate", r."lastAccessedDate", r."kmsKeyArn", r.kind, decode(r.sealed, 'base64')
    FROM ${rows(`${SECRET_COLUMNS}, "versionId" text, "createdDate" bigint, "lastAccessedDate" bigint, "kmsKeyArn" text, kind text,
      sealed text`)} ${SECRET_JOIN}`,
  secretVersionStage: `INSERT INTO secret_version_stages (secret_id, stage, version_id)
    SELECT s.id, decode(r.stage, 'base64'), decode(r."versionId", 'base64')
    FROM ${rows(`${SECRET_COLUMNS}, stage text, "versionId" text`)} ${SECRET_JOIN}`,
  accessKey: `INSERT INTO access_keys (access_key_id, account_id, principal_arn, principal_id, secret_ciphertext, status, create_date)
    SELECT r."accessKeyId", r."accountId", r."principalArn", r."principalId", decode(r."secretCiphertext", 'base64'), r.status, r."createDate"
    FROM ${rows('"accessKeyId" text, "accountId" text, "principalArn" text, "principalId" text, "secretCiphertext" text, status text, "createDate" bigint')}`,
  iamPrincipal: `INSERT INTO iam_principals (account_id, kind, name_key, name, unique_id, path, arn, create_date, permissions_boundary,
      assume_role_policy, description, max_session_duration)
    SELECT r."accountId", r.kind, r."nameKey", r.name, r."uniqueId", r.path, r.arn, r."createDate", r."permissionsBoundary",
      r."assumeRolePolicy", r.description, r."maxSessionDuration"
    FROM ${rows(`"accountId" text, kind text, "nameKey" text, name text, "uniqueId" text, path text, arn text, "createDate" bigint,
      "permissionsBoundary" text, "assumeRolePolicy" text, description text, "maxSessionDuration" integer`)}`,
  iamGroupMember: `INSERT INTO iam_group_members (group_id, user_id) SELECT g.id, u.id
    FROM ${rows('"accountId" text, "groupNameKey" text, "userNameKey" text')}
    JOIN iam_principals g ON g.account_id = r."accountId" AND g.kind = 'group' AND g.name_key = r."groupNameKey"
    JOIN iam_principals u ON u.account_id = r."accountId" AND u.kind = 'user' AND u.name_key = r."userNameKey"`,
  iamPolicy: `INSERT INTO iam_policies (account_id, name_key, name, arn_key, arn, policy_id, path, description, create_date, update_date,
      default_version)
    SELECT r."accountId", r."nameKey", r.name, r."arnKey", r.arn, r."policyId", r.path, decode(r.description, 'base64'), r."createDate", r."updateDate",
      r."defaultVersion"
    FROM ${rows(`"accountId" text, "nameKey" text, name text, "arnKey" text, arn text, "policyId" text, path text, description text,
      "createDate" bigint, "updateDate" bigint, "defaultVersion" integer`)}`,
  iamPolicyVersion: `INSERT INTO iam_policy_versions (policy_id, version, document, create_date) SELECT p.id, r.version, r.document, r."createDate"
    FROM ${rows(`${POLICY_COLUMNS}, version integer, document text, "createDate" bigint`)} ${POLICY_JOIN}`,
  iamAttachment: `INSERT INTO iam_attachments (principal_id, account_id, policy_arn, policy_name) SELECT p.id, p.account_id, r."policyArn", r."policyName"
    FROM ${rows(`${PRINCIPAL_COLUMNS}, "policyArn" text, "policyName" text`)} ${PRINCIPAL_JOIN}`,
  iamInlinePolicy: `INSERT INTO iam_inline_policies (principal_id, name_key, name, document) SELECT p.id, r."nameKey", r.name, r.document
    FROM ${rows(`${PRINCIPAL_COLUMNS}, "nameKey" text, name text, document text`)} ${PRINCIPAL_JOIN}`,
  iamPrincipalTag: `INSERT INTO iam_principal_tags (principal_id, key_fold, tag_key, tag_value) SELECT p.id, r."keyFold", r."tagKey", r."tagValue"
    FROM ${rows(`${PRINCIPAL_COLUMNS}, "keyFold" text, "tagKey" text, "tagValue" text`)} ${PRINCIPAL_JOIN}`,
  iamPolicyTag: `INSERT INTO iam_policy_tags (policy_id, tag_key, tag_value) SELECT p.id, r."tagKey", r."tagValue"
    FROM ${rows(`${POLICY_COLUMNS}, "tagKey" text, "tagValue" text`)} ${POLICY_JOIN}`,
  stsSession: `INSERT INTO sts_sessions (access_key_id, account_id, secret_ciphertext, session_token_hash, kind, principal_arn,
      principal_id, role_arn, role_name, session_name, source_principal_arn, session_policy, session_policy_arns, source_identity,
      tags, chained, issued_at, expiration)
    SELECT r."accessKeyId", r."accountId", decode(r."secretCiphertext", 'base64'), r."sessionTokenHash", r.kind, r."principalArn",
      r."principalId", r."roleArn", r."roleName", r."sessionName", r."sourcePrincipalArn", r."sessionPolicy", r."sessionPolicyArns",
      r."sourceIdentity", r.tags, r.chained, r."issuedAt", r.expiration
    FROM ${rows(`"accessKeyId" text, "accountId" text, "secretCiphertext" text, "sessionTokenHash" text, kind text, "principalArn" text,
      "principalId" text, "roleArn" text, "roleName" text, "sessionName" text, "sourcePrincipalArn" text, "sessionPolicy" text,
      "sessionPolicyArns" text[], "sourceIdentity" text, tags jsonb, chained boolean, "issuedAt" bigint, expiration bigint`)}`,
};
