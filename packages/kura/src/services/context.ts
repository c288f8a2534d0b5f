// What every operation receives besides its input. Operations never see HTTP: the gateway builds this
// context after authenticating the caller, and tests build it directly.

import type { Store } from '../store/store.js';
import type { KeyRecord, MaterialOrigin } from '../store/keys.js';
import type { Scope } from '../store/scope.js';
import type { PageTokens } from '../crypto/page-tokens.js';
import type { Keyring } from '../crypto/keyring.js';
import type { Principal } from '../identity/principal.js';
import type { ResourcePolicyKind } from '../policy/evaluation-types.js';
import type { KeyCallerFacts, KeyRequestFacts, OpenedBlob, ResolvedKey } from './kms/domain-types.js';
import type { RotationFunctions } from './rotation-functions.js';

export type { PageTokens, TokenBinding } from '../crypto/page-tokens.js';
/** The authenticated caller (resolved by the identity layer). */
export type { Principal };

/** Failure raised by the KMS domain, in KMS's own terms; SSM translates it into its own errors, as AWS does. */
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
export interface KmsForwardAccess {
  /**
   * Encrypts under the key named by `keyRef` (key id, key ARN, alias name or alias ARN). The AWS managed
   * key `alias/aws/<service>` is created on first use. Returns the ciphertext blob and the key's ARN.
   */
  encrypt(
    scope: Scope,
    keyRef: string,
    plaintext: Buffer,
    context: Record<string, string>,
    caller?: KmsCaller,
  ): Promise<{ blob: Buffer; keyArn: string }>;
  /** Decrypts a blob made by `encrypt`; the key is found from the blob. */
  decrypt(scope: Scope, blob: Buffer, context: Record<string, string>, caller?: KmsCaller): Promise<{ plaintext: Buffer; keyArn: string }>;
  /**
   * A fresh data key of `bytes` random bytes, as GenerateDataKey returns one: in the clear (the
   * caller's to use and then wipe) and sealed under the key named by `keyRef` with `context`, which
   * `decrypt` opens. Authorized as kms:GenerateDataKey on the key (forward access, like `encrypt`).
   */
  generateDataKey(
    scope: Scope,
    keyRef: string,
    bytes: number,
    context: Record<string, string>,
    caller?: KmsCaller,
  ): Promise<{ plaintext: Buffer; blob: Buffer; keyArn: string }>;
}

/**
 * The caller KMS authorizes when a service uses a key on the caller's behalf (forward access):
 * `kms:Encrypt`/`kms:Decrypt`/`kms:GenerateDataKey` on the key, under its key policy, with `kms:ViaService`. A
 * denial is KmsFailure('AccessDeniedException', <KMS's text>). Omitted only by server-internal
 * callers that act for nobody (master-key rotation); every request path passes one.
 */
export interface KmsCaller {
  access: Access;
  /** Named by the one denial that has no resource: a ciphertext whose key is not here. */
  principalArn: string;
  /** `kms:CallerAccount`. */
  accountId: string;
  /** `kms:ViaService`, e.g. `ssm.us-east-1.amazonaws.com`; absent when the caller calls KMS directly. */
  viaService?: string;
}

/**
 * The whole KMS domain (services/kms/domain.ts's createKmsDomain): the forward access other services
 * use, and what the KMS API operations themselves need. It is declared here, not beside its code,
 * because the gateway builds one OperationContext for every service: the context's type must say
 * that ctx.kms is all of it, so that the KMS operations use it as it is typed, with no check at run
 * time. Other services call only the KmsForwardAccess methods.
 */
export interface KmsDomain extends KmsForwardAccess {
  /** Finds the key a reference names (any form); creates AWS managed keys (alias/aws/<service>) on first use. */
  resolve(scope: Scope, keyRef: string): Promise<ResolvedKey>;
  /** The key with this id after its due events (a deletion that came due, a rotation), if it exists. */
  load(scope: Scope, keyId: string): Promise<KeyRecord | undefined>;
  /** Throws KMS's state errors for a key that cannot be used for cryptography now. */
  assertUsable(resolved: ResolvedKey): void;
  /** Encrypts under the key's current material; the key must be usable (assertUsable). */
  sealUnder(scope: Scope, resolved: ResolvedKey, plaintext: Buffer, context: Record<string, string>): Promise<{ blob: Buffer; materialVersion: number }>;
  /** The authorization question for `kms:<action>` on a key (services/kms/key-access.ts). */
  keyCheck(scope: Scope, resolved: ResolvedKey, caller: KeyCallerFacts, action: string, facts?: KeyRequestFacts): Promise<AccessCheck>;
  /** Opens a blob; see BlobOpenOptions. */
  openBlob(scope: Scope, blob: Buffer, context: Record<string, string>, options?: BlobOpenOptions): Promise<OpenedBlob>;
  /** Adds fresh material to a key and makes it current. */
  rotate(scope: Scope, keyId: string, origin: MaterialOrigin): Promise<number>;
  /** A fresh 256-bit material, wrapped for storage under `keyId`. */
  newWrappedMaterial(scope: Scope, keyId: string, version: number): Buffer;
}

/** Authorization of a blob's key, once the blob names it (Decrypt, ReEncryptFrom). */
export interface BlobAuthorization {
  caller: KmsCaller;
  /** The IAM action without prefix: `Decrypt`, `ReEncryptFrom`. */
  action: string;
  facts?: KeyRequestFacts;
}

export interface BlobOpenOptions {
  /** A blob of another key is IncorrectKeyException before anything else about that key is looked at. */
  expectedKeyId?: string;
  /** Checked before the blob is opened, so a denied caller learns nothing about its context. */
  authorize?: BlobAuthorization;
}

/** One authorization question: may the caller perform `action` on `resource`? */
export interface AccessCheck {
  /** e.g. `ssm:GetParameter`, `kms:Decrypt`. */
  action: string;
  /** The resource ARN, or `*` for actions without resource-level permissions. */
  resource: string;
  /** Service-specific condition keys for this check (`kms:ViaService`, `ssm:Overwrite`, `aws:ResourceTag/k`…). */
  context?: Record<string, string | string[]>;
  /** The resource's own policy, when it has one: a KMS key policy, a role trust policy or a secret's policy (JSON text). */
  resourcePolicy?: { kind: ResourcePolicyKind; document: string };
  /**
   * Condition keys that cost a store read (a parameter's tags, a KMS key's aliases and tags). They are
   * loaded only when some policy that applies names a key starting with one of `prefixes`
   * (lower-case): a key no policy names cannot change the decision. Explicit `context` wins over them.
   */
  deferredContext?: DeferredContext;
  /**
   * How a denial names the resource when it must differ from `resource` (AWS prints `…:*` for a
   * missing parameter). A function is called only for a denial; undefined means `resource`.
   */
  deniedResourceName?: string | (() => Promise<string | undefined>);
}

export interface DeferredContext {
  prefixes: readonly string[];
  load(): Promise<Record<string, string | string[]>>;
}

/** What `check.deniedResourceName` says, or the resource itself. */
export async function deniedNameOf(check: AccessCheck): Promise<string> {
  const named = typeof check.deniedResourceName === 'function' ? await check.deniedResourceName() : check.deniedResourceName;
  return named ?? check.resource;
}

export interface AccessDecision {
  allowed: boolean;
  decision: 'Allow' | 'ImplicitDeny' | 'ExplicitDeny';
  /** AWS's denial text: `User: <arn> is not authorized to perform: <action> on resource: <arn> because …`. */
  message: string;
}

/** Authorization for the current caller. Every check is written to the audit log. */
export interface Access {
  /** Evaluates; never throws for a denial (for filtering, and for callers that shape their own error). */
  check(check: AccessCheck): Promise<AccessDecision>;
  /** Evaluates and throws the current service's AccessDenied error when not allowed. */
  require(check: AccessCheck): Promise<void>;
  /**
   * Whether any identity-side policy of the caller (identity, session, boundary) has a Deny statement.
   * When none has, no check without a resource policy can end in ExplicitDeny: filters that only
   * drop explicitly denied items may skip their per-item checks.
   */
  hasDenyStatements(): Promise<boolean>;
}

export interface ServiceLimits {
  /** SSM: versions kept per parameter (AWS: 100). */
  maxParameterVersions: number;
  /**
   * SSM GetParametersByPath: 'aws' authorizes only the path, as AWS does; 'strict' (the default when
   * absent) also drops each returned parameter the caller is explicitly denied, which AWS does not.
   */
  pathAuthorization?: 'strict' | 'aws';
}

/**
 * The audit log read back newest first, for CloudTrail's LookupEvents: the server's file log or the
 * store's stream of every replica's events (server/audit-lookup*.ts). Events are the JSON texts the
 * gateway wrote (CloudTrail records); the service parses and filters them, the reader only pages.
 */
export interface AuditLookup {
  newest(query: AuditLookupQuery): Promise<AuditLookupPage>;
}

export interface AuditLookupQuery {
  /** Events at or after this time (epoch ms). */
  since?: number;
  /** Events at or before this time (epoch ms). */
  until?: number;
  /** The previous page's `next`: the page starts with the event just older than it. */
  after?: string;
  /** Whether an event (parsed) belongs on the page. */
  accept(event: unknown): boolean;
  /** Accepted events per page, at most. */
  limit: number;
  /** Events looked at per page, at most: a page may end short (even empty) with a `next`. */
  scanLimit: number;
}

export interface AuditLookupPage {
  /** Newest first, as written (one JSON text each). */
  events: string[];
  /**
   * Present when older events may follow: the position of the last event looked at, stable while
   * newer events are appended (and, for files, across rotation). Opaque; callers seal it.
   */
  next?: string;
}

export interface OperationContext {
  requestId: string;
  accountId: string;
  region: string;
  principal: Principal;
  /** The server clock; injectable for tests. */
  now(): Date;
  store: Store;
  /** The whole KMS domain: the KMS operations use all of it, other services its KmsForwardAccess only. */
  kms: KmsDomain;
  tokens: PageTokens;
  limits: ServiceLimits;
  access: Access;
  /** Wraps secrets the services must store (issued secret access keys). */
  keyring: Keyring;
  /** Secrets Manager's rotation functions (the server's registered commands); absent, none can be invoked. */
  rotation?: RotationFunctions;
  /** The audit log, for CloudTrail LookupEvents; absent (in-process kits), LookupEvents is unsupported. */
  auditLookup?: AuditLookup;
}

export function scopeOf(ctx: OperationContext): Scope {
  return { accountId: ctx.accountId, region: ctx.region };
}

/** One operation: decoded, validated input in; output members out (the codec encodes them). */
export type OperationHandler = (input: Record<string, unknown>, ctx: OperationContext) => Promise<Record<string, unknown>>;
