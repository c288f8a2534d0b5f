// The seed's operator (seed/operator.ts), over the gateway's own service registry: each call is the
// operation a request would run (services/run-operation.ts: normalise, authorize, handle) with an
// OperationContext like the gateway's, as the administrator, and one audit event like a request's.
//
// Authorized as the operator: every check is allowed and recorded in the event (`via` says why).
// The seed is the server's configuration, given by whoever starts it, not a request: a key policy
// the seed declares that leaves the administrator out must not stop the seed from putting the
// SecureStrings it declares under that key. What the audit shows is who acted (the administrator,
// user agent `kura-seed`), every decision the operation asked for and, for a call, its input without
// its secrets (requestParameters, as a request's).

import { randomUUID } from 'node:crypto';
import type { Keyring } from '../crypto/keyring.js';
import type { PageTokens } from '../crypto/page-tokens.js';
import { auditedMessage } from '../gateway/audit-message.js';
import type { AuditDecision, AuditEvent } from '../gateway/audit.js';
import { cloudTrailTime, EVENT_VERSION, isReadOnly, userIdentity } from '../gateway/request-audit.js';
import { requestParameters, type RequestParameters } from '../gateway/request-parameters.js';
import type { ServiceEntry } from '../gateway/types.js';
import type { Access, AccessCheck, KmsDomain, OperationContext, Principal, ServiceLimits } from '../services/context.js';
import type { RotationFunctions } from '../services/rotation-functions.js';
import { runOperation } from '../services/run-operation.js';
import type { SeedOperator, SeedService } from '../seed/operator.js';
import type { Store } from '../store/store.js';
import { ServiceError } from '../wire/errors.js';

export const SEED_AGENT = 'kura-seed';

export interface SeedOperatorDeps {
  services: readonly ServiceEntry[];
  accountId: string;
  /** The administrator: the seed acts as it. */
  principal: Principal;
  store: Store;
  kms: KmsDomain;
  keyring: Keyring;
  tokens: PageTokens;
  limits: ServiceLimits;
  now: () => Date;
  replicaId: () => string;
  /** The server's rotation functions: the seed's RotateSecret invokes them as a client's does. Absent: none. */
  rotation?: RotationFunctions;
  /** Where each call's event goes (the audit log, or a list written once the server listens). */
  record: (event: AuditEvent) => Promise<void>;
}

/** Allows every check and keeps it for the event. */
function operatorAccess(decisions: AuditDecision[]): Access {
  const check = async (c: AccessCheck) => {
    decisions.push({ action: c.action, resources: [c.resource], decision: 'Allow', via: 'kura seed (the operator)' });
    return { allowed: true, decision: 'Allow' as const, message: '' };
  };
  return { check, require: async (c) => void (await check(c)), hasDenyStatements: async () => false };
}

export function createSeedOperator(deps: SeedOperatorDeps): SeedOperator {
  const entryOf = (service: SeedService) => {
    const entry = deps.services.find((s) => s.signingName === service);
    if (!entry) throw new Error(`no service ${service}`);
    return entry;
  };
  const context = (region: string, requestId: string, decisions: AuditDecision[]): OperationContext => ({
    requestId,
    accountId: deps.accountId,
    region,
    principal: deps.principal,
    now: deps.now,
    store: deps.store,
    kms: deps.kms,
    tokens: deps.tokens,
    limits: deps.limits,
    access: operatorAccess(decisions),
    keyring: deps.keyring,
    ...(deps.rotation ? { rotation: deps.rotation } : {}),
  });

  /**
   * Runs `work` as one audited operation: its event is recorded whether it succeeds or not. `work`
   * hands the input its operation runs with to `onInput`, for the event's requestParameters.
   */
  async function audited<T>(
    service: SeedService,
    operation: string,
    region: string,
    work: (ctx: OperationContext, onInput: (input: Readonly<Record<string, unknown>>) => void) => Promise<T>,
  ): Promise<T> {
    const requestId = randomUUID();
    const decisions: AuditDecision[] = [];
    const entry = entryOf(service);
    let parameters: RequestParameters | null = null;
    const onInput = (input: Readonly<Record<string, unknown>>) => {
      parameters = requestParameters(entry.model, operation, input, entry.sensitiveParameters);
    };
    let failure: ServiceError | undefined;
    try {
      return await work(context(region, requestId, decisions), onInput);
    } catch (error) {
      failure = error instanceof ServiceError ? error : new ServiceError('InternalFailure', '');
      throw error;
    } finally {
      await deps.record(event(entry, operation, region, requestId, decisions, failure, parameters));
    }
  }

  function event(
    entry: ServiceEntry,
    operation: string,
    region: string,
    requestId: string,
    decisions: AuditDecision[],
    error: ServiceError | undefined,
    parameters: RequestParameters | null,
  ): AuditEvent {
    // The administrator acted, but with no access key: the seed signs nothing.
    const identity = { ...userIdentity(deps.principal), accessKeyId: undefined };
    return {
      eventVersion: EVENT_VERSION,
      userIdentity: identity,
      eventTime: cloudTrailTime(deps.now()),
      eventSource: `${entry.signingName}.amazonaws.com`,
      eventName: operation,
      awsRegion: region,
      sourceIPAddress: SEED_AGENT,
      userAgent: SEED_AGENT,
      errorCode: error?.code,
      errorMessage: error ? auditedMessage(error.code, error.message) : undefined,
      requestParameters: parameters,
      responseElements: null,
      additionalEventData: { replica: deps.replicaId(), authorization: decisions.length > 0 ? decisions : undefined },
      requestID: requestId,
      eventID: randomUUID(),
      readOnly: isReadOnly(entry, operation),
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: deps.accountId,
      eventCategory: 'Management',
    };
  }

  return {
    call: (service, operation, input, region) => audited(service, operation, region, (ctx, onInput) => runOperation(entryOf(service), operation, input, ctx, onInput)),
    direct: (service, operation, region, work) => audited(service, operation, region, work),
    inspect: (region, work) => work(context(region, randomUUID(), [])),
  };
}
