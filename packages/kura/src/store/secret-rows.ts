// Secrets Manager's rows, as both backends' read statements select them (sqlite/secret-sql.ts,
// postgres/secret-sql.ts), and their one mapping to the port's records. How a column arrives from
// each backend is rows.ts's concern: free text without a pattern in the model (description, KMS
// key id, rotation function, version ids, stages) is bytea on PostgreSQL.
//
// Tags are one column, the JSON text of [key, value] pairs in the secret's order: a secret's read
// (GetSecretValue, on every request) takes them with the secret's row, no join or aggregate, and
// JSON.stringify writes U+0000 as the six characters \u0000, which either backend's text holds.

import { compareBytes } from './parameter-paths.js';
import { flag, listed, optionalDate, optionalText, text, type Flag, type Listed, type StoredText } from './rows.js';
import type { DueSecret, LabelledVersion, SecretRecord, SecretTag, SecretValueKind, SecretVersionRecord } from './secrets.js';

export interface SecretRow {
  name: string;
  arn: string;
  description: StoredText | null;
  kms_key_id: StoredText | null;
  created_date: number;
  last_changed_date: number;
  last_accessed_date: number | null;
  deleted_date: number | null;
  deletion_date: number | null;
  rotation_enabled: Flag;
  rotation_lambda_arn: StoredText | null;
  rotation_after_days: number | null;
  rotation_schedule: string | null;
  rotation_duration: string | null;
  last_rotated_date: number | null;
  next_rotation_date: number | null;
  resource_policy: string | null;
  /** JSON text of [key, value] pairs (encodeTags). */
  tags: string;
  revision: number;
}

export interface SecretVersionRow {
  version_id: StoredText;
  version_created_date: number;
  version_last_accessed_date: number | null;
  kms_key_arn: string;
  kind: string;
  sealed: Buffer;
  /** SQLite: JSON text in no promised order; PostgreSQL: an array of bytea. */
  stages: Listed<StoredText>;
}

/** A secret with the version a selector chose, LEFT JOINed: the version's columns are NULL when none matched. */
export type SecretReadRow = SecretRow & { [K in keyof SecretVersionRow]: SecretVersionRow[K] | null };

/** One stage row of a labelled version, with what orders the versions (labelledVersions). */
export interface LabelledVersionRow {
  arn: string;
  version_id: StoredText;
  stage: StoredText;
  version_created_date: number;
}

export interface DueSecretRow {
  account_id: string;
  region: string;
  name: string;
}

/** The column value of a secret's tags: distinct keys, each where it first came, with its last value. */
export function encodeTags(tags: SecretTag[]): string {
  const distinct = new Map<string, string>();
  for (const tag of tags) distinct.set(tag.key, tag.value);
  return JSON.stringify([...distinct]);
}

function decodeTags(column: string): SecretTag[] {
  return (JSON.parse(column) as Array<[string, string]>).map(([key, value]) => ({ key, value }));
}

export function toSecret(row: SecretRow): SecretRecord {
  return {
    name: row.name,
    arn: row.arn,
    description: optionalText(row.description),
    kmsKeyId: optionalText(row.kms_key_id),
    createdDate: new Date(row.created_date),
    lastChangedDate: new Date(row.last_changed_date),
    lastAccessedDate: optionalDate(row.last_accessed_date),
    deletedDate: optionalDate(row.deleted_date),
    deletionDate: optionalDate(row.deletion_date),
    rotation: {
      enabled: flag(row.rotation_enabled),
      lambdaArn: optionalText(row.rotation_lambda_arn),
      automaticallyAfterDays: row.rotation_after_days,
      scheduleExpression: row.rotation_schedule,
      duration: row.rotation_duration,
      lastRotatedDate: optionalDate(row.last_rotated_date),
      nextRotationDate: optionalDate(row.next_rotation_date),
    },
    resourcePolicy: row.resource_policy,
    tags: decodeTags(row.tags),
    revision: row.revision,
  };
}

export function toSecretVersion(row: SecretVersionRow): SecretVersionRecord {
  return {
    versionId: text(row.version_id),
    // At most a handful: sorting here costs less than asking either backend for an order.
    stages: listed(row.stages).map(text).sort(compareBytes),
    createdDate: new Date(row.version_created_date),
    lastAccessedDate: optionalDate(row.version_last_accessed_date),
    kmsKeyArn: row.kms_key_arn,
    kind: row.kind as SecretValueKind,
    sealed: row.sealed,
  };
}

export function toSecretRead(row: SecretReadRow): { secret: SecretRecord; version: SecretVersionRecord | undefined } {
  return { secret: toSecret(row), version: row.version_id === null ? undefined : toSecretVersion(row as SecretRow & SecretVersionRow) };
}

export function toDueSecret(row: DueSecretRow): DueSecret {
  return { scope: { accountId: row.account_id, region: row.region }, name: row.name };
}

/**
 * Stage rows → each secret's labelled versions, oldest first (creation date, then id in byte order,
 * as `versions` lists them) with sorted stages. Grouped and ordered here rather than by the
 * statement: a few rows per secret, and the statement stays a sequence of index searches.
 */
export function toLabelledVersions(rows: readonly LabelledVersionRow[]): Map<string, LabelledVersion[]> {
  const bySecret = new Map<string, Map<string, { created: number; stages: string[] }>>();
  for (const row of rows) {
    let versions = bySecret.get(row.arn);
    if (!versions) bySecret.set(row.arn, (versions = new Map()));
    const versionId = text(row.version_id);
    let version = versions.get(versionId);
    if (!version) versions.set(versionId, (version = { created: row.version_created_date, stages: [] }));
    version.stages.push(text(row.stage));
  }
  const out = new Map<string, LabelledVersion[]>();
  for (const [arn, versions] of bySecret) {
    const ordered = [...versions].sort(([idA, a], [idB, b]) => a.created - b.created || compareBytes(idA, idB));
    out.set(arn, ordered.map(([versionId, v]) => ({ versionId, stages: v.stages.sort(compareBytes) })));
  }
  return out;
}
