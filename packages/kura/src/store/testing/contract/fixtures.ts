// Small deterministic fixtures shared by the contract tests. Each test opens its own store, so
// tests never depend on each other's data or order.

import type { AccessKeyRecord } from '../../access-keys.js';
import type { KeyTag, NewKey } from '../../keys.js';
import type { NewVersion, ParameterRepository, PutOutcome, Tag } from '../../parameters.js';
import type { Scope, Store } from '../../store.js';

export type OpenStore = () => Promise<Store>;

export const SCOPE: Scope = { accountId: '111122223333', region: 'us-east-1' };
export const OTHER_REGION: Scope = { accountId: '111122223333', region: 'eu-west-1' };
export const OTHER_ACCOUNT: Scope = { accountId: '444455556666', region: 'us-east-1' };

export const USER = 'arn:aws:iam::111122223333:user/alice';
export const T0 = new Date('2024-05-01T10:00:00.000Z');

/** Opens a fresh store, runs `body`, and always closes the store. */
export async function withStore(open: OpenStore, body: (store: Store) => Promise<void>): Promise<void> {
  const store = await open();
  try {
    await body(store);
  } finally {
    await store.close();
  }
}

export function version(overrides: Partial<NewVersion> = {}): NewVersion {
  return {
    type: 'String',
    value: Buffer.from('value', 'utf8'),
    keyId: null,
    description: null,
    allowedPattern: null,
    dataType: 'text',
    tier: 'Standard',
    policies: null,
    lastModifiedDate: T0,
    lastModifiedUser: USER,
    ...overrides,
  };
}

export interface PutOptions {
  scope?: Scope;
  expectedLatest?: number;
  value?: string;
  tags?: Tag[];
  maxVersions?: number;
  displayName?: string;
}

/** A put with defaults: creates the parameter (expectedLatest 0) with value `value`. */
export function put(parameters: ParameterRepository, name: string, options: PutOptions = {}): Promise<PutOutcome> {
  return parameters.put(options.scope ?? SCOPE, {
    name,
    displayName: options.displayName ?? name,
    expectedLatest: options.expectedLatest ?? 0,
    version: version({ value: Buffer.from(options.value ?? `value of ${name}`, 'utf8') }),
    tags: options.tags ?? [],
    maxVersions: options.maxVersions ?? 100,
  });
}

/** Writes versions 1..count of `name` one after another. */
export async function putVersions(parameters: ParameterRepository, name: string, count: number, options: PutOptions = {}): Promise<void> {
  for (let v = 1; v <= count; v++) {
    const outcome = await put(parameters, name, { ...options, expectedLatest: v - 1, value: `v${v}` });
    if (outcome.outcome !== 'written') throw new Error(`setup put of ${name} v${v} gave ${outcome.outcome}`);
  }
}

export function text(value: Buffer): string {
  return value.toString('utf8');
}

export function newKey(keyId: string, alias?: string, tags?: KeyTag[]): NewKey {
  return {
    key: {
      keyId,
      description: `key ${keyId}`,
      keySpec: 'SYMMETRIC_DEFAULT',
      keyUsage: 'ENCRYPT_DECRYPT',
      origin: 'AWS_KMS',
      keyManager: 'CUSTOMER',
      keyState: 'Enabled',
      creationDate: T0,
      deletionDate: null,
      pendingWindowInDays: null,
      policy: '{"Version":"2012-10-17","Statement":[]}',
      rotationEnabled: false,
      rotationPeriodInDays: null,
      nextRotationDate: null,
    },
    material: { wrapped: Buffer.from(`wrapped-${keyId}-1`), createdAt: T0 },
    ...(alias === undefined ? {} : { alias }),
    ...(tags === undefined ? {} : { tags }),
  };
}

/** A key id that sorts by `n`, for listing tests. */
export function keyIdFor(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

export function accessKey(accessKeyId: string, overrides: Partial<AccessKeyRecord> = {}): AccessKeyRecord {
  return {
    accessKeyId,
    accountId: SCOPE.accountId,
    principalArn: USER,
    principalId: 'AIDAEXAMPLEALICE0001',
    secretCiphertext: Buffer.from(`secret-of-${accessKeyId}`),
    status: 'Active',
    createDate: T0,
    ...overrides,
  };
}
