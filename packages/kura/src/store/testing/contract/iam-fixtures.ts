// Fixtures for the IAM contract tests: records with ARNs and ids derived from the name, so a test
// names only what it is about.

import type { ManagedPolicyRecord, PolicyRepository, PolicyVersionRecord } from '../../policies.js';
import type { GroupRecord, RoleRecord, UserRecord } from '../../principals.js';
import type { SessionRecord } from '../../sessions.js';
import { OTHER_ACCOUNT, SCOPE, T0 } from './fixtures.js';

export const ACCOUNT = SCOPE.accountId;
export const OTHER = OTHER_ACCOUNT.accountId;
export const T1 = new Date('2024-06-01T00:00:00.000Z');
export const T2 = new Date('2024-07-01T00:00:00.000Z');

export const TRUST = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}';
export const DOC = (n: number) => `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ssm:GetParameter","Resource":"*","Sid":"S${n}"}]}`;
export const AWS_READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
export const AWS_ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';

export function iamArn(accountId: string, type: 'user' | 'group' | 'role' | 'policy', path: string, name: string): string {
  return `arn:aws:iam::${accountId}:${type}${path}${name}`;
}

type Base = { accountId?: string; path?: string };

export function user(name: string, overrides: Partial<UserRecord> & Base = {}): UserRecord {
  const accountId = overrides.accountId ?? ACCOUNT;
  const path = overrides.path ?? '/';
  return {
    accountId, name, id: `AIDA${name.toUpperCase()}`, path, arn: iamArn(accountId, 'user', path, name), createDate: T0,
    permissionsBoundary: null, tags: [], ...overrides,
  };
}

export function group(name: string, overrides: Partial<GroupRecord> & Base = {}): GroupRecord {
  const accountId = overrides.accountId ?? ACCOUNT;
  const path = overrides.path ?? '/';
  return { accountId, name, id: `AGPA${name.toUpperCase()}`, path, arn: iamArn(accountId, 'group', path, name), createDate: T0, ...overrides };
}

export function role(name: string, overrides: Partial<RoleRecord> & Base = {}): RoleRecord {
  const accountId = overrides.accountId ?? ACCOUNT;
  const path = overrides.path ?? '/';
  return {
    accountId, name, id: `AROA${name.toUpperCase()}`, path, arn: iamArn(accountId, 'role', path, name), createDate: T0,
    assumeRolePolicyDocument: TRUST, description: null, maxSessionDuration: 3600, permissionsBoundary: null, tags: [], ...overrides,
  };
}

export function policy(name: string, overrides: Partial<ManagedPolicyRecord> & Base = {}): Omit<ManagedPolicyRecord, 'attachmentCount'> {
  const accountId = overrides.accountId ?? ACCOUNT;
  const path = overrides.path ?? '/';
  return {
    accountId, name, id: `ANPA${name.toUpperCase()}`, path, arn: iamArn(accountId, 'policy', path, name), description: null,
    createDate: T0, updateDate: T0, defaultVersionId: 'v1', tags: [], ...overrides,
  };
}

export function firstVersion(document = DOC(1)): PolicyVersionRecord {
  return { versionId: 'v1', document, isDefaultVersion: true, createDate: T0 };
}

/** Creates a customer managed policy with version 1; returns its ARN. */
export async function createPolicy(policies: PolicyRepository, name: string, overrides: Partial<ManagedPolicyRecord> & Base = {}): Promise<string> {
  const record = policy(name, overrides);
  const outcome = await policies.createPolicy(record, firstVersion());
  if (outcome !== 'created') throw new Error(`setup: policy ${name} ${outcome}`);
  return record.arn;
}

export function session(accessKeyId: string, overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    accessKeyId,
    accountId: ACCOUNT,
    secretCiphertext: Buffer.from(`secret-of-${accessKeyId}`),
    sessionTokenHash: 'ab'.repeat(32),
    kind: 'assumed-role',
    principalArn: `arn:aws:sts::${ACCOUNT}:assumed-role/app/build-42`,
    principalId: 'AROAAPP:build-42',
    roleArn: iamArn(ACCOUNT, 'role', '/', 'app'),
    roleName: 'app',
    sessionName: 'build-42',
    sourcePrincipalArn: iamArn(ACCOUNT, 'user', '/', 'alice'),
    sessionPolicy: null,
    sessionPolicyArns: [],
    sourceIdentity: null,
    tags: [],
    chained: false,
    issuedAt: T0,
    expiration: new Date(T0.getTime() + 3600_000),
    ...overrides,
  };
}

export const names = (page: { items: Array<{ name: string }> } | Array<{ name: string }>) =>
  (Array.isArray(page) ? page : page.items).map((r) => r.name);
