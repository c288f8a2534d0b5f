// A real OperationContext for in-process handler tests: in-memory SQLite store, the real KMS domain
// under a throwaway keyring, real page tokens. Only the clock is controllable. Calls go through
// authorizeRequest and then the handler, as the gateway runs them; the default caller is an admin
// whose identity policy allows everything (key policies still apply to SecureStrings' KMS calls).

import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { createKeyring } from '../../crypto/keyring.js';
import { createPageTokens } from '../../crypto/page-tokens.js';
import { openSqliteStore } from '../../store/sqlite/index.js';
import type { Store } from '../../store/store.js';
import { ServiceError } from '../../wire/errors.js';
import type { OperationContext, OperationHandler, Principal, ServiceLimits } from '../context.js';
import { createKmsDomain, type KmsInternals } from '../kms/domain.js';
import { defaultKeyPolicy } from '../kms/policies.js';
import { ALLOW_ALL_POLICY, createTestAccess, type TestAccess } from '../kms/test-access.js';
import { authorizeRequest } from './authorization.js';
import { ssmErrors } from './errors.js';
import { ssmOperations } from './index.js';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';

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
  kms: KmsInternals;
  /** Moves the clock the handlers see. */
  clock: { now: Date };
  /** A customer managed key (default key policy unless given): its id and ARN. */
  createKey(policy?: string): Promise<{ keyId: string; arn: string }>;
  /** Calls an operation by its AWS name with a fresh request id. */
  call(operation: string, input: Record<string, unknown>, overrides?: Partial<OperationContext>): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export function createTestHarness(options: { maxParameterVersions?: number; pathAuthorization?: ServiceLimits['pathAuthorization'] } = {}): TestHarness {
  const store = openSqliteStore({ path: ':memory:' });
  const clock = { now: new Date('2024-05-01T12:00:00.000Z') };
  const now = () => new Date(clock.now.getTime());
  const keyring = createKeyring(randomBytes(32));
  const kms = createKmsDomain({ keys: store.keys, keyring, now });
  const ctx: OperationContext = {
    requestId: randomUUID(),
    accountId: ACCOUNT,
    region: REGION,
    principal: ADMIN,
    now,
    store,
    kms,
    tokens: createPageTokens(keyring.derive('page-tokens'), now),
    limits: {
      maxParameterVersions: options.maxParameterVersions ?? 100,
      ...(options.pathAuthorization !== undefined ? { pathAuthorization: options.pathAuthorization } : {}),
    },
    access: createTestAccess(ADMIN, [ALLOW_ALL_POLICY], ssmErrors.accessDenied),
    keyring,
  };
  return {
    ctx,
    store,
    kms,
    clock,
    async createKey(policy = defaultKeyPolicy(ACCOUNT)) {
      const keyId = randomUUID();
      const scope = { accountId: ACCOUNT, region: REGION };
      const created = now();
      await store.keys.create(scope, {
        key: {
          keyId,
          description: '',
          keySpec: 'SYMMETRIC_DEFAULT',
          keyUsage: 'ENCRYPT_DECRYPT',
          origin: 'AWS_KMS',
          keyManager: 'CUSTOMER',
          keyState: 'Enabled',
          creationDate: created,
          deletionDate: null,
          pendingWindowInDays: null,
          policy,
          rotationEnabled: false,
          rotationPeriodInDays: null,
          nextRotationDate: null,
        },
        material: { wrapped: kms.newWrappedMaterial(scope, keyId, 1), createdAt: created },
      });
      return { keyId, arn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/${keyId}` };
    },
    async call(operation, input, overrides = {}) {
      const handler: OperationHandler | undefined = ssmOperations[operation];
      if (!handler) throw new Error(`no SSM operation ${operation}`);
      const callCtx = { ...ctx, requestId: randomUUID(), ...overrides };
      await authorizeRequest(operation, input, callCtx);
      return handler(input, callCtx);
    },
    close: () => store.close(),
  };
}

/** Asserts that `promise` rejects with this SSM error code (and, when given, exactly this message). */
export async function rejectsWith(promise: Promise<unknown>, code: string, message?: string | RegExp): Promise<ServiceError> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof ServiceError, `expected ServiceError ${code}, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  if (typeof message === 'string') assert.equal(caught.message, message);
  else if (message) assert.match(caught.message, message);
  return caught;
}
