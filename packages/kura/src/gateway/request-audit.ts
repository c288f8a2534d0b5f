// One request's audit event, gathered while the pipeline runs: the route it found, the principal
// once the signature has proved it, every authorization decision (this is the AuditSink that
// access.ts writes to), and at the end the outcome. Built as a CloudTrail event record (audit.ts).
//
// What is recorded about the sender, and why only that:
// - sourceIPAddress is the socket's peer address. X-Forwarded-For and the like are never read: Kura
//   has no notion of a trusted proxy, and a header any client can set would let it name any address.
// - accessKeyId is the key the request was signed with. For a request that did not authenticate it
//   is the key id as presented, read from the Credential, but only when it has the form of an access
//   key id (16 to 128 upper-case letters and digits): a secret key pasted in its place, which has
//   lower-case letters, `/` or `+`, is never written. The secret key, the session token, the
//   signature and the Authorization header are never recorded.
// - userAgent is the client's own, cut at 1 KB as CloudTrail cuts it.
// - errorMessage is the message the client saw, unless it can quote the request (audit-message.ts).
// - requestParameters is the input the operation ran with, without its secrets
//   (request-parameters.ts); null when the request was refused before its input was decoded.
//   responseElements is null: outputs hold values, plaintexts and credentials.
// - additionalEventData.replica names the server that answered: with several replicas on one store,
//   their events are one stream, and an operator must be able to tell whose decision each was.

import { randomUUID } from 'node:crypto';
import type { Principal } from '../services/context.js';
import type { ServiceError } from '../wire/errors.js';
import { auditedMessage } from './audit-message.js';
import type { AuditDecision, AuditEvent, AuditRecord, AuditSink, AuditUserIdentity } from './audit.js';
import { requestParameters, type RequestParameters } from './request-parameters.js';
import { header, type Route } from './route.js';
import type { GatewayRequest, ServiceEntry } from './types.js';

/** The CloudTrail record format whose field set Kura's records are a subset of. */
export const EVENT_VERSION = '1.11';

const MAX_USER_AGENT = 1024;
const ACCESS_KEY_ID = /^[A-Z0-9]{16,128}$/;
const REGION = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
const OPERATION_NAME = /^[A-Za-z][A-Za-z0-9]{0,127}$/;

/** CloudTrail's time format: UTC, to the second. */
export const cloudTrailTime = (date: Date) => `${date.toISOString().slice(0, 19)}Z`;

export class RequestAudit implements AuditSink {
  /** Set by the pipeline once it has routed the request. */
  route: Route | undefined;
  /** Set by the pipeline once the signature has proved who sent the request. */
  caller: { identity: { principal: Principal }; region: string } | undefined;
  private readonly decisions: AuditDecision[] = [];
  private parameters: RequestParameters | null = null;

  constructor(
    private readonly request: Pick<GatewayRequest, 'rawHeaders' | 'rawUrl' | 'remoteAddress'>,
    readonly requestId: string,
    /** The replica answering: every event names it (additionalEventData.replica). */
    private readonly replica: string,
  ) {}

  /**
   * Called by the pipeline with the input the routed operation runs with: kept, redacted, as the
   * event's requestParameters. Redacted now, before the operation runs, so that what is recorded is
   * what was asked, whatever the operation does with its input.
   */
  input(input: Readonly<Record<string, unknown>>): void {
    const entry = this.route?.entry;
    const operation = this.route?.operation;
    if (!entry || operation === undefined) return;
    this.parameters = requestParameters(entry.model, operation, input, entry.sensitiveParameters);
  }

  record(entry: AuditRecord): void {
    this.decisions.push({ action: entry.action, resources: entry.resources, decision: entry.decision, statement: entry.statement, policyType: entry.policyType, via: entry.via });
  }

  /**
   * The request's event, with its outcome: `error` is what the client was answered, if anything
   * failed. Members that do not apply are undefined, which JSON leaves out: every event has the same
   * shape, which keeps building and serialising it (once per request) cheap.
   */
  event(now: Date, accountId: string, error?: ServiceError): AuditEvent {
    const entry = this.route?.entry;
    const operation = this.route?.operation;
    const principal = this.caller?.identity.principal;
    const presented = principal ? undefined : this.presentedCredential();
    const userAgent = header(this.request, 'user-agent');
    return {
      eventVersion: EVENT_VERSION,
      userIdentity: principal ? userIdentity(principal) : unknownIdentity(presented?.accessKeyId),
      eventTime: cloudTrailTime(now),
      eventSource: entry ? `${entry.signingName}.amazonaws.com` : undefined,
      eventName: operation ?? this.requestedOperation(),
      awsRegion: this.caller?.region ?? presented?.region,
      sourceIPAddress: sourceAddress(this.request.remoteAddress),
      userAgent: userAgent === undefined || userAgent.length <= MAX_USER_AGENT ? userAgent : userAgent.slice(0, MAX_USER_AGENT),
      errorCode: error?.code,
      errorMessage: error ? auditedMessage(error.code, error.message) : undefined,
      requestParameters: this.parameters,
      responseElements: null,
      additionalEventData: { replica: this.replica, authorization: this.decisions.length > 0 ? this.decisions : undefined },
      requestID: this.requestId,
      eventID: randomUUID(),
      readOnly: entry && operation ? isReadOnly(entry, operation) : undefined,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: accountId,
      eventCategory: 'Management',
    };
  }

  /** The operation the client asked for when Kura does not have it, if it reads as an operation name. */
  private requestedOperation(): string | undefined {
    const asked = this.route?.requested;
    return asked !== undefined && OPERATION_NAME.test(asked) ? asked : undefined;
  }

  /** The key id and region of the Credential the request presents, each only if it has their form. */
  private presentedCredential(): { accessKeyId?: string; region?: string } {
    const authorization = header(this.request, 'authorization');
    let credential: string | null | undefined;
    if (authorization !== undefined) credential = /Credential=([^,\s]*)/.exec(authorization)?.[1];
    else {
      const query = this.request.rawUrl.indexOf('?');
      if (query >= 0) credential = new URLSearchParams(this.request.rawUrl.slice(query + 1)).get('X-Amz-Credential');
    }
    if (!credential) return {};
    const [accessKeyId, , region] = credential.split('/');
    return {
      ...(accessKeyId !== undefined && ACCESS_KEY_ID.test(accessKeyId) ? { accessKeyId } : {}),
      ...(region !== undefined && REGION.test(region) ? { region } : {}),
    };
  }
}

/** CloudTrail's userIdentity for a principal Kura authenticated. */
export function userIdentity(p: Principal): AuditUserIdentity {
  const attributes = p.issuedAt ? { creationDate: cloudTrailTime(p.issuedAt), mfaAuthenticated: 'false' as const } : undefined;
  if (p.kind === 'assumed-role') {
    const sessionIssuer =
      p.roleArn && p.roleName
        ? { type: 'Role' as const, principalId: p.userId.split(':')[0] ?? p.userId, arn: p.roleArn, accountId: p.accountId, userName: p.roleName }
        : undefined;
    return identity('AssumedRole', p, undefined, { sessionIssuer, attributes });
  }
  // Long-term keys, and GetSessionToken credentials (an IAM user with a session's attributes).
  return identity('IAMUser', p, p.arn.slice(p.arn.lastIndexOf('/') + 1), attributes ? { sessionIssuer: undefined, attributes } : undefined);
}

function identity(type: AuditUserIdentity['type'], p: Principal, userName: string | undefined, sessionContext: AuditUserIdentity['sessionContext']): AuditUserIdentity {
  return { type, principalId: p.userId, arn: p.arn, accountId: p.accountId, accessKeyId: p.accessKeyId, userName, sessionContext };
}

/** A caller the signature did not prove: only the key id it presented, if it has the form of one. */
function unknownIdentity(accessKeyId: string | undefined): AuditUserIdentity {
  return { type: 'Unknown', principalId: undefined, arn: undefined, accountId: undefined, accessKeyId, userName: undefined, sessionContext: undefined };
}

/** IPv4 peers of a dual-stack socket read `::ffff:a.b.c.d`; CloudTrail writes them as `a.b.c.d`. */
function sourceAddress(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

/** CloudTrail's readOnly: the service's own answer, or by default whether the name is Get*, List* or Describe*. */
export function isReadOnly(entry: Pick<ServiceEntry, 'readOnly'>, operation: string): boolean {
  return entry.readOnly ? entry.readOnly(operation) : readsByName(operation);
}

export const readsByName = (operation: string) => /^(Get|List|Describe)[A-Z]/.test(operation);
