// PutParameter's usual case, a new version of an existing parameter whose history is below the cap,
// as one statement, so one round trip that commits by itself, instead of the transaction's six
// (BEGIN, lock, count, update, insert, COMMIT). Anything else (a create, a full history that needs
// eviction) goes through the transaction in parameter-writes.ts.
//
// Why one statement is enough here: under READ COMMITTED the UPDATE locks the parameter's row, and
// when another writer changed that row meanwhile, PostgreSQL re-checks the UPDATE's condition on the
// row as that writer committed it. Every writer of a parameter's versions changes its row (a put
// raises latest_version, a delete removes it), so if `latest_version = expected` still holds once
// the row is locked, no version was added or evicted since this statement's snapshot, and the
// version count it read from that snapshot is the count now. Labels can change without touching
// the row (label and unlabel only lock it), which is why eviction, which must know whether the
// versions it would drop carry labels, is left to the transaction that locks first and reads after.

import type { PutOutcome, PutRequest } from '../parameters.js';
import type { Scope } from '../scope.js';
import type { Queryable } from './database.js';
import { optionalUtf8 } from './free-text.js';

// $4 is the new version; $5 the history cap; $6… the version's columns.
const PUT_NEXT_VERSION = `WITH counted AS (
    SELECT count(*) AS versions FROM parameters p JOIN parameter_versions v ON v.parameter_id = p.id
    WHERE p.account_id = $1 AND p.region = $2 AND p.name = $3),
  bumped AS (
    UPDATE parameters SET latest_version = $4::integer
    WHERE account_id = $1 AND region = $2 AND name = $3 AND latest_version = $4::integer - 1
      AND (SELECT versions FROM counted) < $5::integer
    RETURNING id),
  inserted AS (
    INSERT INTO parameter_versions (parameter_id, version, type, value, key_id, description,
      allowed_pattern, data_type, tier, policies, last_modified_date, last_modified_user)
    SELECT id, $4::integer, $6::text, $7::bytea, $8::text, $9::bytea, $10::bytea, $11::text, $12::text, $13::text, $14::bigint, $15::text
    FROM bumped
    RETURNING version)
  SELECT (SELECT versions FROM counted) AS versions, EXISTS (SELECT 1 FROM inserted) AS written`;

/**
 * Writes version expectedLatest + 1 in one statement when no eviction is needed: 'written', or
 * 'conflict' when the latest version is no longer the expected one (or the parameter is gone).
 * Undefined, having written nothing, when the history is full: the caller runs the transaction.
 */
export async function putNextVersion(q: Queryable, scope: Scope, request: PutRequest): Promise<PutOutcome | undefined> {
  if (!Number.isInteger(request.maxVersions) || request.maxVersions < 1) throw new RangeError('maxVersions must be a positive integer');
  const version = request.expectedLatest + 1;
  const v = request.version;
  const row = await q.row<{ versions: number; written: boolean }>(PUT_NEXT_VERSION, [
    scope.accountId, scope.region, request.name, version, request.maxVersions,
    v.type, v.value, v.keyId, optionalUtf8(v.description), optionalUtf8(v.allowedPattern), v.dataType, v.tier, v.policies,
    v.lastModifiedDate.getTime(), v.lastModifiedUser,
  ]);
  if (row?.written) return { outcome: 'written', version };
  // Nothing matched below the cap: the row moved on or went away, which the caller decides on again.
  if ((row?.versions ?? 0) < request.maxVersions) return { outcome: 'conflict' };
  return undefined;
}
