// A real OperationContext for in-process KMS handler tests: in-memory SQLite store, the real KMS
// domain under a throwaway keyring, real page tokens. Only the clock is controllable. Calls go
// through authorizeRequest and then the handler, as the gateway runs them; the caller is an admin
// whose identity policy allows everything, so key policies still decide what they decide on AWS
// (an AWS managed key refuses to be disabled, or used directly).

import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { createKeyring } from '../../crypto/keyring.js';
import { createPageTokens } from '../../crypto/page-tokens.js';
import { openSqliteStore } from '../../store/sqlite/index.js';
import type { Store } from '../../store/store.js';
import { ServiceError } from '../../wire/errors.js';
import type { OperationContext, OperationHandler, Principal } from '../context.js';
import { authorizeRequest } from './authorization.js';
import { createKmsDomain, type KmsInternals } from './domain.js';
import { kmsOperations } from './index.js';
import { ALLOW_ALL_POLICY, createTestAccess, type TestAccess } from './test-access.js';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const DAY_MS = 86_400_000;

export const ADMIN: Principal = {
  arn: `arn:aws:iam::${ACCOUNT}:user/admin`,
  accountId: ACCOUNT,
  userId: 'AIDAEXAMPLEADMIN0001',
  accessKeyId: 'AKIAEXAMPLEADMIN0001',
};

/** KMS's AccessDeniedException, as the gateway's ctx.access throws it for the KMS service. */
export const kmsAccessDenied = (message: string) => new ServiceError('AccessDeniedException', message, { messageMember: 'message' });

/** Overrides that make `principal`, holding `policies`, the caller of one call. */
export function callerOverrides(principal: Principal, policies: string[]): { principal: Principal; access: TestAccess } {
  return { principal, access: createTestAccess(principal, policies, kmsAccessDenied) };
}

export const keyArnOf = (keyId: string) => `arn:aws:kms:${REGION}:${ACCOUNT}:key/${keyId}`;
export const aliasArnOf = (aliasName: string) => `arn:aws:kms:${REGION}:${ACCOUNT}:${aliasName}`;

export interface TestHarness {
  ctx: OperationContext;
  store: Store;
  kms: KmsInternals;
  /** Moves the clock the handlers and the domain see. */
  clock: { now: Date };
  advanceDays(days: number): void;
  /** Calls an operation by its AWS name with a fresh request id. */
  call(operation: string, input: Record<string, unknown>, overrides?: Partial<OperationContext>): Promise<Record<string, unknown>>;
  /** CreateKey, returning the new key's id. */
  createKey(input?: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

export function createTestHarness(options: { materialUsageLimit?: number } = {}): TestHarness {
  const store = openSqliteStore({ path: ':memory:' });
  const clock = { now: new Date('2024-05-01T12:00:00.000Z') };
  const now = () => new Date(clock.now.getTime());
  const keyring = createKeyring(randomBytes(32));
  const kms = createKmsDomain({
    keys: store.keys,
    keyring,
    now,
    ...(options.materialUsageLimit !== undefined ? { materialUsageLimit: options.materialUsageLimit } : {}),
  });
  const ctx: OperationContext = {
    requestId: randomUUID(),
    accountId: ACCOUNT,
    region: REGION,
    principal: ADMIN,
    now,
    store,
    kms,
    tokens: createPageTokens(keyring.derive('page-tokens'), now),
    limits: { maxParameterVersions: 100 },
    access: createTestAccess(ADMIN, [ALLOW_ALL_POLICY], kmsAccessDenied),
    keyring,
  };
  const call: TestHarness['call'] = async (operation, input, overrides = {}) => {
    const handler: OperationHandler | undefined = kmsOperations[operation];
    if (!handler) throw new Error(`no KMS operation ${operation}`);
    const callCtx = { ...ctx, requestId: randomUUID(), ...overrides };
    await authorizeRequest(operation, input, callCtx);
    return handler(input, callCtx);
  };
  return {
    ctx,
    store,
    kms,
    clock,
    advanceDays(days) {
      clock.now = new Date(clock.now.getTime() + days * DAY_MS);
    },
    call,
    async createKey(input = {}) {
      const out = await call('CreateKey', input);
      return (out['KeyMetadata'] as { KeyId: string }).KeyId;
    },
    close: () => store.close(),
  };
}

/** Asserts that `promise` rejects with this error code (and, when given, exactly this message). */
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

export const utf8 = (text: string) => Buffer.from(text, 'utf8');
