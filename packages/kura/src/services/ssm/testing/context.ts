// A real OperationContext for in-process handler tests: in-memory SQLite store, the real KMS domain
// under a throwaway keyring, real page tokens. Only the clock is controllable. Calls go through
// authorizeRequest and then the handler, as the gateway runs them; the default caller is an admin
// whose identity policy allows everything (key policies still apply to SecureStrings' KMS calls).

import type { Store } from '../../../store/store.js';
import type { KmsDomain, OperationContext, Principal, ServiceLimits } from '../../context.js';
import { createKmsDomain } from '../../kms/domain.js';
import { createCustomerKey } from '../../kms/testing/customer-key.js';
import { ALLOW_ALL_POLICY, createTestAccess, type TestAccess } from '../../kms/testing/access.js';
import { authorizeRequest } from '../authorization.js';
import { ssmErrors } from '../errors.js';
import { ssmOperations } from '../index.js';
import { normalizeSsmInput } from '../normalize.js';
import { ACCOUNT, REGION, createTestBase, operationCaller, rejectsWith } from '../../testing/kit.js';

export { ACCOUNT, REGION };

export const ADMIN: Principal = {
  arn: `arn:aws:iam::${ACCOUNT}:user/admin`,
  accountId: ACCOUNT,
  userId: 'AIDAEXAMPLEADMIN0001',
  accessKeyId: 'AKIAEXAMPLEADMIN0001',
};

/** The reference design's ECS task role session. */
export const TASK_ROLE: Principal = {
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/goecssample-task/task-1`,
  accountId: ACCOUNT,
  userId: 'AROAEXAMPLEGOECSTASK:task-1',
  accessKeyId: 'ASIAEXAMPLEGOECSTASK',
  kind: 'assumed-role',
  roleArn: `arn:aws:iam::${ACCOUNT}:role/goecssample-task`,
};

/** Overrides that make `principal`, holding `policies` (JSON texts), the caller of one call. */
export function callerOverrides(principal: Principal, policies: string[]): { principal: Principal; access: TestAccess } {
  return { principal, access: createTestAccess(principal, policies, ssmErrors.accessDenied) };
}

export interface TestHarness {
  ctx: OperationContext;
  store: Store;
  kms: KmsDomain;
  /** Moves the clock the handlers see. */
  clock: { now: Date };
  /** A customer managed key (default key policy unless given): its id and ARN. */
  createKey(policy?: string): Promise<{ keyId: string; arn: string }>;
  /** Calls an operation by its AWS name with a fresh request id. */
  call(operation: string, input: Record<string, unknown>, overrides?: Partial<OperationContext>): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export function createTestHarness(options: { maxParameterVersions?: number; pathAuthorization?: ServiceLimits['pathAuthorization'] } = {}): TestHarness {
  const { store, clock, now, ctx, kms } = createTestBase({
    principal: ADMIN,
    access: createTestAccess(ADMIN, [ALLOW_ALL_POLICY], ssmErrors.accessDenied),
    kms: ({ store, keyring, now }) => createKmsDomain({ keys: store.keys, keyring, now }),
    limits: {
      maxParameterVersions: options.maxParameterVersions ?? 100,
      ...(options.pathAuthorization !== undefined ? { pathAuthorization: options.pathAuthorization } : {}),
    },
  });
  return {
    ctx,
    store,
    kms,
    clock,
    createKey: (policy?: string) => createCustomerKey(store, kms, now, policy),
    call: operationCaller(ctx, ssmOperations, 'SSM', authorizeRequest, normalizeSsmInput),
    close: () => store.close(),
  };
}

export { rejectsWith };
