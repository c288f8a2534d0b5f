// A real OperationContext for in-process IAM and STS handler tests: in-memory SQLite store, a
// throwaway keyring, real page tokens, a controllable clock. The caller is the bootstrap
// administrator (an IAM user with AdministratorAccess); ctx.access allows everything unless a test
// passes another (testing/access.ts).

import type { Keyring } from '../../../crypto/keyring.js';
import type { Store } from '../../../store/store.js';
import type { ServiceError } from '../../../wire/errors.js';
import type { OperationContext, Principal } from '../../context.js';
import { ACCOUNT, REGION, createTestBase, operationCaller, rejectsWith as expectServiceError, type Call } from '../../testing/kit.js';
import { stsOperations } from '../../sts/index.js';
import { ensureAdminUser } from '../../../identity/bootstrap-admin.js';
import { refusingKms } from '../../kms/testing/refusing-kms.js';
import { iamOperations } from '../index.js';
import { allowAll, evaluating } from './access.js';

/** The principal the gateway builds for credentials issued by STS. */
export { sessionPrincipal } from '../../../identity/session-principal.js';

export { ACCOUNT, REGION };

export const ADMIN: Principal = {
  arn: `arn:aws:iam::${ACCOUNT}:user/admin`,
  accountId: ACCOUNT,
  userId: 'AIDAEXAMPLEADMIN00001',
  accessKeyId: 'AKIAEXAMPLEADMIN0001',
  kind: 'user',
};

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
  const { store, keyring, clock, now, ctx } = createTestBase({
    principal: ADMIN,
    access: allowAll(),
    kms: () =>
      refusingKms(() => {
        throw new Error('KMS is not used by IAM/STS');
      }),
  });
  await ensureAdminUser(store, { accountId: ACCOUNT, userId: ADMIN.userId, now: now() });
  return {
    ctx,
    store,
    keyring,
    clock,
    iam: operationCaller(ctx, iamOperations, 'IAM'),
    sts: operationCaller(ctx, stsOperations, 'STS'),
    as: (principal) => ({ principal, access: evaluating(store, principal) }),
    close: () => store.close(),
  };
}

/** An IAM user's principal as the gateway would build it for one of its long-term keys. */
export function userPrincipal(user: { Arn: string; UserId: string }, accessKeyId = 'AKIAEXAMPLEUSER00001'): Principal {
  return { arn: user.Arn, accountId: ACCOUNT, userId: user.UserId, accessKeyId, kind: 'user' };
}

/** Asserts that `promise` rejects with this error code, HTTP status and (when given) message, in IAM's `Message` member. */
export function rejectsWith(promise: Promise<unknown>, code: string, status: number, message?: string | RegExp): Promise<ServiceError> {
  return expectServiceError(promise, code, message, { status, messageMember: 'Message' });
}

export const doc = (statement: unknown) => JSON.stringify({ Version: '2012-10-17', Statement: statement });
export const allowAllDoc = doc([{ Effect: 'Allow', Action: '*', Resource: '*' }]);
export const trustDoc = (principal: unknown) => doc([{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }]);
