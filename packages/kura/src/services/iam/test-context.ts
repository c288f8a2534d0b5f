// A real OperationContext for in-process IAM and STS handler tests: in-memory SQLite store, a
// throwaway keyring, real page tokens, a controllable clock. The caller is the bootstrap
// administrator (an IAM user with AdministratorAccess); ctx.access allows everything unless a test
// passes another (test-access.ts).

import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { createKeyring, type Keyring } from '../../crypto/keyring.js';
import { createPageTokens } from '../../crypto/page-tokens.js';
import type { SessionRecord } from '../../store/identities.js';
import { openSqliteStore } from '../../store/sqlite/index.js';
import type { Store } from '../../store/store.js';
import { ServiceError } from '../../wire/errors.js';
import type { OperationContext, OperationHandler, Principal } from '../context.js';
import { stsOperations } from '../sts/index.js';
import { ensureBootstrapAdmin } from './bootstrap-admin.js';
import { iamOperations } from './index.js';
import { allowAll, evaluating } from './test-access.js';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';

export const ADMIN: Principal = {
  arn: `arn:aws:iam::${ACCOUNT}:user/admin`,
  accountId: ACCOUNT,
  userId: 'AIDAEXAMPLEADMIN00001',
  accessKeyId: 'AKIAEXAMPLEADMIN0001',
  kind: 'user',
};

type Call = (operation: string, input: Record<string, unknown>, overrides?: Partial<OperationContext>) => Promise<Record<string, unknown>>;

export interface TestHarness {
  ctx: OperationContext;
  store: Store;
  keyring: Keyring;
  clock: { now: Date };
  iam: Call;
  sts: Call;
  /** Overrides that make `principal` the caller, authorized by its real policies. */
  as(principal: Principal): Partial<OperationContext>;
  close(): Promise<void>;
}

export async function createTestHarness(): Promise<TestHarness> {
  const store = openSqliteStore({ path: ':memory:' });
  const clock = { now: new Date('2024-05-01T12:00:00.000Z') };
  const now = () => new Date(clock.now.getTime());
  const keyring = createKeyring(randomBytes(32));
  await ensureBootstrapAdmin(store, { accountId: ACCOUNT, userId: ADMIN.userId, now: now() });
  const ctx: OperationContext = {
    requestId: randomUUID(),
    accountId: ACCOUNT,
    region: REGION,
    principal: ADMIN,
    now,
    store,
    kms: {
      encrypt: () => Promise.reject(new Error('KMS is not used by IAM/STS')),
      decrypt: () => Promise.reject(new Error('KMS is not used by IAM/STS')),
    },
    tokens: createPageTokens(keyring.derive('page-tokens'), now),
    limits: { maxParameterVersions: 100 },
    access: allowAll(),
    keyring,
  };
  const caller =
    (operations: Record<string, OperationHandler>, service: string): Call =>
    async (operation, input, overrides = {}) => {
      const handler = operations[operation];
      if (!handler) throw new Error(`no ${service} operation ${operation}`);
      return handler(input, { ...ctx, requestId: randomUUID(), ...overrides });
    };
  return {
    ctx,
    store,
    keyring,
    clock,
    iam: caller(iamOperations, 'IAM'),
    sts: caller(stsOperations, 'STS'),
    as: (principal) => ({ principal, access: evaluating(store, principal) }),
    close: () => store.close(),
  };
}

/** The principal the gateway would build for credentials issued by STS. */
export function sessionPrincipal(session: SessionRecord): Principal {
  return {
    arn: session.principalArn,
    accountId: session.accountId,
    userId: session.principalId,
    accessKeyId: session.accessKeyId,
    kind: session.kind,
    ...(session.roleArn ? { roleArn: session.roleArn } : {}),
    ...(session.roleName ? { roleName: session.roleName } : {}),
    ...(session.sessionName ? { sessionName: session.sessionName } : {}),
    issuedAt: session.issuedAt,
    chained: session.chained,
  };
}

/** An IAM user's principal as the gateway would build it for one of its long-term keys. */
export function userPrincipal(user: { Arn: string; UserId: string }, accessKeyId = 'AKIAEXAMPLEUSER00001'): Principal {
  return { arn: user.Arn, accountId: ACCOUNT, userId: user.UserId, accessKeyId, kind: 'user' };
}

/** Asserts that `promise` rejects with this error code, HTTP status and (when given) message. */
export async function rejectsWith(promise: Promise<unknown>, code: string, status: number, message?: string | RegExp): Promise<ServiceError> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof ServiceError, `expected ServiceError ${code}, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  assert.equal(caught.status, status, `${code} status`);
  assert.equal(caught.messageMember, 'Message');
  if (typeof message === 'string') assert.equal(caught.message, message);
  else if (message) assert.match(caught.message, message);
  return caught;
}

export const doc = (statement: unknown) => JSON.stringify({ Version: '2012-10-17', Statement: statement });
export const allowAllDoc = doc([{ Effect: 'Allow', Action: '*', Resource: '*' }]);
export const trustDoc = (principal: unknown) => doc([{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }]);
