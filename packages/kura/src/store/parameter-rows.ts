// A parameter version's row, as both backends' read statements select it (sqlite/parameter-sql.ts,
// postgres/parameter-sql.ts), and its one mapping to the port's records. Every head read and
// listing maps its rows here, so the mapper reads the row as it came (rows.ts), without a copy.

import type { ParameterHead, ParameterTier, ParameterType, ParameterVersion, Tag } from './parameters.js';
import { compareBytes } from './parameter-paths.js';
import { isJsonText, optionalText, type Listed, type StoredText } from './rows.js';

export interface VersionRow {
  version: number;
  type: string;
  value: Buffer;
  key_id: string | null;
  description: StoredText | null;
  allowed_pattern: StoredText | null;
  data_type: string;
  tier: string;
  policies: string | null;
  /** Epoch milliseconds. */
  last_modified_date: number;
  last_modified_user: string;
  /** SQLite: JSON text in no promised order; PostgreSQL: an array the query sorted (byte order). */
  labels: Listed<string>;
}

export interface HeadRow extends VersionRow {
  name: string;
  display_name: string;
}

/** A parameter's tags, LEFT JOINed: one row with a NULL key when the parameter has none. */
export interface ParameterTagRow {
  key: string | null;
  value: string | null;
}

export function toVersion(row: VersionRow): ParameterVersion {
  return {
    version: row.version,
    type: row.type as ParameterType,
    value: row.value,
    keyId: row.key_id,
    description: optionalText(row.description),
    allowedPattern: optionalText(row.allowed_pattern),
    dataType: row.data_type,
    tier: row.tier as ParameterTier,
    policies: row.policies,
    lastModifiedDate: new Date(row.last_modified_date),
    lastModifiedUser: row.last_modified_user,
    labels: isJsonText(row.labels) ? (JSON.parse(row.labels) as string[]).sort(compareBytes) : row.labels,
  };
}

export function toHead(row: HeadRow): ParameterHead {
  return { name: row.name, displayName: row.display_name, latest: toVersion(row) };
}

/** The parameter's tags; undefined when no row came back (no such parameter). */
export function toParameterTags(rows: ParameterTagRow[]): Tag[] | undefined {
  if (rows.length === 0) return undefined;
  return rows.flatMap((r) => (r.key === null ? [] : [{ key: r.key, value: r.value ?? '' }]));
}
