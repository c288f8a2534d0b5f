// A real OperationContext for in-process KMS handler tests: in-memory SQLite store, the real KMS
// domain under a throwaway keyring, real page tokens. Only the clock is controllable. Calls go
// through authorizeRequest and then the handler, as the gateway runs them; the caller is an admin
// whose identity policy allows everything, so key policies still decide what they decide on AWS
// (an AWS managed key refuses to be disabled, or used directly).

import type { Store } from '../../../store/store.js';
import { ServiceError } from '../../../wire/errors.js';
import type { KmsDomain, OperationContext, Principal } from '../../context.js';
import { ACCOUNT, REGION, createTestBase, operationCaller, rejectsWith } from '../../testing/kit.js';
import { authorizeRequest } from '../authorization.js';
import { createKmsDomain } from '../domain.js';
import { kmsOperations } from '../index.js';
import { ALLOW_ALL_POLICY, createTestAccess, type TestAccess } from './access.js';

export { ACCOUNT, REGION };
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
  kms: KmsDomain;
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
  const { store, clock, ctx, kms } = createTestBase({
    principal: ADMIN,
    access: createTestAccess(ADMIN, [ALLOW_ALL_POLICY], kmsAccessDenied),
    kms: ({ store, keyring, now }) =>
      createKmsDomain({
        keys: store.keys,
        keyring,
        now,
        ...(options.materialUsageLimit !== undefined ? { materialUsageLimit: options.materialUsageLimit } : {}),
      }),
  });
  const call = operationCaller(ctx, kmsOperations, 'KMS', authorizeRequest);
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

export { rejectsWith };

export const utf8 = (text: string) => Buffer.from(text, 'utf8');
