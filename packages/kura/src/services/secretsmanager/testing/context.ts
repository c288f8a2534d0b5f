// A real OperationContext for in-process Secrets Manager handler tests: in-memory SQLite store, the
// real KMS domain under a throwaway keyring, real page tokens, a clock the test moves. Calls go
// through the service's authorization and then the handler, as the gateway runs them; the default
// caller is an admin whose identity policy allows everything (key policies still apply to the KMS
// calls made on its behalf).

import type { Store } from '../../../store/store.js';
import type { KmsDomain, OperationContext, Principal } from '../../context.js';
import { createKmsDomain } from '../../kms/domain.js';
import { createCustomerKey } from '../../kms/testing/customer-key.js';
import { ALLOW_ALL_POLICY, createTestAccess, policyOf, type TestAccess } from '../../kms/testing/access.js';
import { ACCOUNT, REGION, createTestBase, operationCaller, rejectsWith } from '../../testing/kit.js';
import { authorizeRequest } from '../authorization.js';
import { smErrors } from '../errors.js';
import { secretsManagerOperations } from '../index.js';

export { ACCOUNT, REGION, policyOf, rejectsWith };

export const ADMIN: Principal = {
  arn: `arn:aws:iam::${ACCOUNT}:user/admin`,
  accountId: ACCOUNT,
  userId: 'AIDAEXAMPLEADMIN0001',
  accessKeyId: 'AKIAEXAMPLEADMIN0001',
};

export const ALICE: Principal = {
  arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
  accountId: ACCOUNT,
  userId: 'AIDAEXAMPLEALICE0001',
  accessKeyId: 'AKIAEXAMPLEALICE0001',
};

/** Overrides that make `principal`, holding `policies` (JSON texts), the caller of one call. */
export function callerOverrides(principal: Principal, policies: string[]): { principal: Principal; access: TestAccess } {
  return { principal, access: createTestAccess(principal, policies, smErrors.accessDenied) };
}

/** A token (VersionId) of the length AWS wants: 32–64 characters. */
export const token = (n: number | string): string => `token-${String(n).padStart(4, '0')}-${'x'.repeat(26)}`;

export interface Harness {
  ctx: OperationContext;
  store: Store;
  kms: KmsDomain;
  clock: { now: Date };
  /** A customer managed key (default key policy unless given): its id and ARN. */
  createKey(policy?: string): Promise<{ keyId: string; arn: string }>;
  call(operation: string, input: Record<string, unknown>, overrides?: Partial<OperationContext>): Promise<Record<string, unknown>>;
  /** CreateSecret with a string value and a token; returns the ARN. */
  create(name: string, value?: string, extra?: Record<string, unknown>): Promise<string>;
  /** GetSecretValue's SecretString. */
  value(secretId: string, extra?: Record<string, unknown>): Promise<string | undefined>;
  /** ListSecretVersionIds (deprecated included) as versionId → stages. */
  stages(secretId: string): Promise<Record<string, string[]>>;
  close(): Promise<void>;
}

export function createHarness(): Harness {
  const { store, clock, now, ctx, kms } = createTestBase({
    principal: ADMIN,
    access: createTestAccess(ADMIN, [ALLOW_ALL_POLICY], smErrors.accessDenied),
    kms: ({ store: s, keyring, now: clockNow }) => createKmsDomain({ keys: s.keys, keyring, now: clockNow }),
  });
  const call = operationCaller(ctx, secretsManagerOperations, 'Secrets Manager', authorizeRequest);
  let tokens = 0;
  return {
    ctx,
    store,
    kms,
    clock,
    createKey: (policy?: string) => createCustomerKey(store, kms, now, policy),
    call,
    async create(name, value, extra = {}) {
      tokens += 1;
      const out = await call('CreateSecret', { Name: name, ...(value !== undefined ? { SecretString: value, ClientRequestToken: token(`c${tokens}`) } : {}), ...extra });
      return out['ARN'] as string;
    },
    async value(secretId, extra = {}) {
      return (await call('GetSecretValue', { SecretId: secretId, ...extra }))['SecretString'] as string | undefined;
    },
    async stages(secretId) {
      const all: Record<string, string[]> = {};
      let next: unknown;
      do {
        const out = await call('ListSecretVersionIds', { SecretId: secretId, IncludeDeprecated: true, ...(next !== undefined ? { NextToken: next } : {}) });
        for (const v of out['Versions'] as Array<{ VersionId: string; VersionStages?: string[] }>) all[v.VersionId] = v.VersionStages ?? [];
        next = out['NextToken'];
      } while (next !== undefined);
      return all;
    },
    close: () => store.close(),
  };
}
