// Fixtures for the Secrets Manager contract (secrets.ts, secret-changes.ts, secret-lists.ts) and
// the transfer fixture: a secret as CreateSecret would store it, a version as PutSecretValue would,
// and the ids and ARNs they carry.

import type { Scope } from '../../scope.js';
import type { NewSecret, SecretExpectation, SecretListQuery, SecretRecord, SecretRepository, SecretRotation, SecretVersionRecord } from '../../secrets.js';
import { SCOPE, T0 } from './fixtures.js';

export const KMS_KEY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/00000000-0000-4000-8000-000000000001';
export const T1 = new Date('2024-06-01T00:00:00.000Z');
export const DAY = 86_400_000;

export const NO_ROTATION: SecretRotation = {
  enabled: false, lambdaArn: null, automaticallyAfterDays: null, scheduleExpression: null, duration: null, lastRotatedDate: null, nextRotationDate: null,
};

/** The ARN AWS would give `name`: the name, a hyphen and six characters. */
export function secretArn(name: string, scope: Scope = SCOPE, suffix = 'AbCdEf'): string {
  return `arn:aws:secretsmanager:${scope.region}:${scope.accountId}:secret:${name}-${suffix}`;
}

export function newSecret(name: string, overrides: Partial<NewSecret> = {}, scope: Scope = SCOPE): NewSecret {
  return {
    name, arn: secretArn(name, scope), description: null, kmsKeyId: null, createdDate: T0, lastChangedDate: T0,
    rotation: NO_ROTATION, resourcePolicy: null, tags: [], ...overrides,
  };
}

/** A version id as the SDKs make them (a UUID), sorting by `n`. */
export function versionIdFor(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

export function secretVersion(versionId: string, stages: string[], overrides: Partial<SecretVersionRecord> = {}): SecretVersionRecord {
  return {
    versionId, stages, createdDate: T0, lastAccessedDate: null, kmsKeyArn: KMS_KEY_ARN, kind: 'string',
    sealed: Buffer.from(`sealed ${versionId}`), ...overrides,
  };
}

/** What the store gives back for a freshly created `secret`. */
export function created(secret: NewSecret): SecretRecord {
  return { ...secret, lastAccessedDate: null, deletedDate: null, deletionDate: null, revision: 1 };
}

/** What a write expects of the secret `name` as newSecret made it (its fixture ARN), read at `revision`. */
export function expecting(name: string, revision: number, scope: Scope = SCOPE): SecretExpectation {
  return { arn: secretArn(name, scope), revision };
}

/** The secret as it stands, for a change that follows; throws when it does not exist. */
export async function expectationOf(secrets: SecretRepository, name: string, scope: Scope = SCOPE): Promise<SecretExpectation> {
  const secret = await secrets.get(scope, name);
  if (!secret) throw new Error(`fixture: no secret ${name}`);
  return { arn: secret.arn, revision: secret.revision };
}

/** The cursor a page ending with `secret` hands on: the sort column's value and the name. */
export function cursorAfter(secret: SecretRecord, sortBy: SecretListQuery['sortBy']): { key: number | string; name: string } {
  const date = { 'created-date': secret.createdDate, 'last-changed-date': secret.lastChangedDate, 'last-accessed-date': secret.lastAccessedDate };
  return { key: sortBy === 'name' ? secret.name : (date[sortBy]?.getTime() ?? 0), name: secret.name };
}

/** Every page of `query`, `limit` at a time, each resumed after the last secret of the one before. */
export async function listAll(secrets: SecretRepository, query: Omit<SecretListQuery, 'after'>, scope: Scope = SCOPE): Promise<string[]> {
  const names: string[] = [];
  let after: SecretListQuery['after'];
  for (let pages = 0; pages < 100; pages++) {
    const page = await secrets.list(scope, { ...query, ...(after ? { after } : {}) });
    names.push(...page.map((s) => s.name));
    const last = page[page.length - 1];
    if (page.length < query.limit || !last) return names;
    after = cursorAfter(last, query.sortBy);
  }
  throw new Error('fixture: listing did not end');
}
