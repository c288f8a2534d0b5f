// What the services' in-process handler tests share: an in-memory store with a throwaway keyring
// and a clock the test moves, an OperationContext over them, a caller that runs operations the way
// the gateway does, an SDK v3 request handler that runs them through the wire model, and the
// assertion on a ServiceError. Each service's testing/context.ts adds its own helpers on top.

import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { createKeyring, type Keyring } from '../../crypto/keyring.js';
import { createPageTokens } from '../../crypto/page-tokens.js';
import { openSqliteStore } from '../../store/sqlite/index.js';
import type { Store } from '../../store/store.js';
import { HttpResponse, type HttpHandler, type HttpRequest } from '@smithy/protocol-http';
import { ServiceError } from '../../wire/errors.js';
import { jsonError, jsonOutput, parseJsonBody } from '../../wire/json.js';
import type { ServiceModel } from '../../wire/model.js';
import { decodeJsonInput, encodeJsonOutput } from '../../wire/shapes.js';
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
 * An in-process HTTP handler for an SDK v3 client (the oracle of the sdk-oracle tests): the request
 * the SDK serialized runs through model decoding and the handler, under `ctx()`, and the answer
 * goes back through model encoding, as AWS JSON 1.1 (`<targetPrefix>.<Operation>`).
 */
export function sdkHandler(
  model: ServiceModel,
  operations: Record<string, OperationHandler>,
  targetPrefix: string,
  ctx: () => OperationContext,
  normalize?: OperationService['normalize'],
): HttpHandler {
  const table: OperationService = { operations, authorize: async () => {}, ...(normalize ? { normalize } : {}) };
  return {
    async handle(request: HttpRequest) {
      const operation = String(request.headers['x-amz-target'] ?? '').replace(`${targetPrefix}.`, '');
      const raw: unknown = request.body;
      const text = typeof raw === 'string' ? raw : raw instanceof Uint8Array ? new TextDecoder().decode(raw) : '';
      const { requestId } = ctx();
      let answer;
      try {
        const input = decodeJsonInput(model, operation, parseJsonBody(Buffer.from(text, 'utf8')));
        answer = jsonOutput(requestId, encodeJsonOutput(model, operation, await runOperation(table, operation, input, ctx())));
      } catch (error) {
        if (!(error instanceof ServiceError)) throw error;
        answer = jsonError(requestId, error);
      }
      return { response: new HttpResponse({ statusCode: answer.status, headers: answer.headers, body: Buffer.from(answer.body) }) };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
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
