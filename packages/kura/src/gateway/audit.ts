// The audit log's records. Every request the gateway answers is one AuditEvent, shaped and named as
// a CloudTrail event record so that tools reading CloudTrail read it unchanged:
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
// The authorization decisions the request caused (who, what, which resource, the decision and the
// statement that decided) travel inside it, in `additionalEventData.authorization`: one line per
// request, written once, so a request costs one write however many checks it made.
// Never a value or a secret: see request-audit.ts, request-parameters.ts and audit-message.ts for
// what is left out.

import type { PolicySource } from '../policy/evaluation-types.js';
import type { AuditLookup } from '../services/context.js';
import type { RequestParameters } from './request-parameters.js';

/** One authorization decision, as access.ts makes it. */
export interface AuditRecord {
  time: string;
  requestId: string;
  principal: string;
  action: string;
  resources: string[];
  decision: 'Allow' | 'ImplicitDeny' | 'ExplicitDeny';
  /** The statement that decided (a matching Deny, or the Allow), when one did. */
  statement?: { source: PolicySource; sid?: string; index: number };
  /** For denials: the policy type AWS's message names. */
  policyType?: string;
  /** How the principal got here when it is not a plain user: the service principal acted as, etc. */
  via?: string;
}

/** Where access.ts hands each decision: the request's own collector (request-audit.ts). */
export interface AuditSink {
  record(entry: AuditRecord): void;
}

/** A decision as the event carries it: the request's time, id and principal are the event's own. */
export type AuditDecision = Omit<AuditRecord, 'time' | 'requestId' | 'principal'>;

/** CloudTrail's userIdentity element, for the identities Kura has. */
export interface AuditUserIdentity {
  /** IAMUser, AssumedRole, or Unknown when the request did not prove who sent it. */
  type: 'IAMUser' | 'AssumedRole' | 'Unknown';
  principalId?: string;
  arn?: string;
  accountId?: string;
  /** The access key id the request was signed with (as presented when the caller is Unknown). */
  accessKeyId?: string;
  userName?: string;
  sessionContext?: {
    sessionIssuer?: { type: 'Role'; principalId: string; arn: string; accountId: string; userName: string };
    attributes?: { creationDate: string; mfaAuthenticated: 'false' };
  };
}

/** One request, as a CloudTrail event record. Members that do not apply are undefined: JSON leaves them out. */
export interface AuditEvent {
  eventVersion: string;
  userIdentity: AuditUserIdentity;
  eventTime: string;
  /** `ssm.amazonaws.com` …; absent when the request named no service Kura serves. */
  eventSource?: string;
  /** The operation; absent when the request named none that reads as an operation name. */
  eventName?: string;
  /** The region the signature is scoped to, when it could be read. */
  awsRegion?: string;
  sourceIPAddress: string;
  userAgent?: string;
  errorCode?: string;
  errorMessage?: string;
  /**
   * The input the operation ran with, its secrets hidden or left out (request-parameters.ts); null
   * for a request refused before its input was decoded (authentication, an invalid input) and for
   * one without parameters. Records written before Kura recorded them have null.
   */
  requestParameters: RequestParameters | null;
  /** Always null: outputs hold values, plaintexts and credentials. */
  responseElements: null;
  /**
   * Kura's own: the replica that answered (several servers may share one store and one stream of
   * events; CloudTrail has no field for the server that handled a call), and the decisions.
   */
  additionalEventData: { replica: string; authorization?: AuditDecision[] };
  requestID: string;
  eventID: string;
  readOnly?: boolean;
  eventType: 'AwsApiCall';
  managementEvent: true;
  recipientAccountId: string;
  eventCategory: 'Management';
}

/** The server's audit log, as the gateway sees it. */
export interface AuditTrail {
  /**
   * Appends one request's event; settles once it is written (in the file, or committed to the
   * store). Rejects when it cannot be written and the server fails closed.
   */
  write(event: AuditEvent): Promise<void>;
  /**
   * Rejects when earlier events could not be written yet and still cannot, and the server fails
   * closed: awaited before an operation runs, so that no operation runs while the log is failing.
   */
  ready(): Promise<void>;
  /** The log read back newest first, for CloudTrail LookupEvents; absent, LookupEvents is unsupported. */
  readonly lookup?: AuditLookup;
}
