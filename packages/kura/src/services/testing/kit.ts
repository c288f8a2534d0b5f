// What the services' in-process handler tests share: an in-memory store with a throwaway keyring
// and a clock the test moves, an OperationContext over them, a caller that runs operations the way
// the gateway does (services/run-operation.ts), and the assertion on a ServiceError. The SDK v3
// request handler that runs them through the wire is the gateway's own (gateway/testing/sdk-handler.ts). Each service's testing/context.ts adds its own helpers on top.

import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { createKeyring, type Keyring } from '../../crypto/keyring.js';
import { createPageTokens } from '../../crypto/page-tokens.js';
import { openSqliteStore } from '../../store/sqlite/index.js';
import type { Store } from '../../store/store.js';
import { ServiceError } from '../../wire/errors.js';
import { runOperation, type OperationService } from '../run-operation.js';
import type { Access, KmsDomain, OperationContext, OperationHandler, Principal, ServiceLimits } from '../context.js';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';

export interface TestBase {
  store: Store;
  keyring: Keyring;
  /** Moves the clock the handlers see. */
  clock: { now: Date };
  now: () => Date;
  ctx: OperationContext;
}

export interface TestBaseOptions<K extends KmsDomain> {
  principal: Principal;
  access: Access;
  /** The KMS the context carries, made over the base's store, keyring and clock. */
  kms: (parts: { store: Store; keyring: Keyring; now: () => Date }) => K;
  limits?: ServiceLimits;
}

export function createTestBase<K extends KmsDomain>(options: TestBaseOptions<K>): TestBase & { kms: K } {
  const store = openSqliteStore({ path: ':memory:' });
  const clock = { now: new Date('2024-05-01T12:00:00.000Z') };
  const now = () => new Date(clock.now.getTime());
  const keyring = createKeyring(randomBytes(32));
  const kms = options.kms({ store, keyring, now });
  const ctx: OperationContext = {
    requestId: randomUUID(),
    accountId: ACCOUNT,
    region: REGION,
    principal: options.principal,
    now,
    store,
    kms,
    tokens: createPageTokens(keyring.derive('page-tokens'), now),
    limits: options.limits ?? { maxParameterVersions: 100 },
    access: options.access,
    keyring,
  };
  return { store, keyring, clock, now, ctx, kms };
}

export type Call = (operation: string, input: Record<string, unknown>, overrides?: Partial<OperationContext>) => Promise<Record<string, unknown>>;

/**
 * Calls an operation by its AWS name with a fresh request id, through the gateway's own sequence
 * (normalise, authorize, run). Without `authorize`, nothing is authorized.
 */
export function operationCaller(
  ctx: OperationContext,
  operations: Record<string, OperationHandler>,
  service: string,
  authorize: OperationService['authorize'] = async () => {},
  normalize?: OperationService['normalize'],
): Call {
  const table: OperationService = { operations, authorize, ...(normalize ? { normalize } : {}) };
  return async (operation, input, overrides = {}) => {
    if (!operations[operation]) throw new Error(`no ${service} operation ${operation}`);
    return runOperation(table, operation, input, { ...ctx, requestId: randomUUID(), ...overrides });
  };
}

/**
 * Asserts that `promise` rejects with a ServiceError of this code (and, when given, exactly this
 * message or one matching it, and this HTTP status and message member).
 */
export async function rejectsWith(
  promise: Promise<unknown>,
  code: string,
  message?: string | RegExp,
  expected: { status?: number; messageMember?: string } = {},
): Promise<ServiceError> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof ServiceError, `expected ServiceError ${code}, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  if (expected.status !== undefined) assert.equal(caught.status, expected.status, `${code} status`);
  if (expected.messageMember !== undefined) assert.equal(caught.messageMember, expected.messageMember);
  if (typeof message === 'string') assert.equal(caught.message, message);
  else if (message) assert.match(caught.message, message);
  return caught;
}
