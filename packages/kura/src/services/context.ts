// What every operation receives besides its input. Operations never see HTTP: the gateway builds this
// context after authenticating the caller, and tests build it directly.

import type { Store } from '../store/store.js';
import type { Scope } from '../store/scope.js';
import type { PageTokens } from '../crypto/page-tokens.js';

export type { PageTokens, TokenBinding } from '../crypto/page-tokens.js';

/** The authenticated caller. */
export interface Principal {
  /** e.g. arn:aws:iam::123456789012:user/admin or arn:aws:sts::123456789012:assumed-role/r/s */
  arn: string;
  accountId: string;
  /** The unique id AWS reports as UserId (AIDA… for users, AROA…:session for roles). */
  userId: string;
  accessKeyId: string;
}

/** Failure raised by the KMS domain, in KMS's own terms; SSM translates it (spec §3.5). */
export class KmsFailure extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'KmsFailure';
    this.code = code;
  }
}

/**
 * The KMS operations other services use, as KMS performs them for a caller (forward access).
 * Implemented by services/kms; every method throws KmsFailure with KMS's code and message.
 */
export interface KmsDomain {
  /**
   * Encrypts under the key named by `keyRef` (key id, key ARN, alias name or alias ARN). The AWS managed
   * key `alias/aws/<service>` is created on first use. Returns the ciphertext blob and the key's ARN.
   */
  encrypt(scope: Scope, keyRef: string, plaintext: Buffer, context: Record<string, string>): Promise<{ blob: Buffer; keyArn: string }>;
  /** Decrypts a blob made by `encrypt`; the key is found from the blob. */
  decrypt(scope: Scope, blob: Buffer, context: Record<string, string>): Promise<{ plaintext: Buffer; keyArn: string }>;
}

export interface ServiceLimits {
  /** SSM: versions kept per parameter (AWS: 100). */
  maxParameterVersions: number;
}

export interface OperationContext {
  requestId: string;
  accountId: string;
  region: string;
  principal: Principal;
  /** The server clock; injectable for tests. */
  now(): Date;
  store: Store;
  kms: KmsDomain;
  tokens: PageTokens;
  limits: ServiceLimits;
}

export function scopeOf(ctx: OperationContext): Scope {
  return { accountId: ctx.accountId, region: ctx.region };
}

/** One operation: decoded, validated input in; output members out (the codec encodes them). */
export type OperationHandler = (input: Record<string, unknown>, ctx: OperationContext) => Promise<Record<string, unknown>>;
