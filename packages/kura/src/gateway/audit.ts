// One audit record per authorization decision. The sink is given by the server (a rotated JSON-lines
// file); records carry who, what, on which resource, the decision and the statement that decided,
// never a value or a secret.

import type { PolicySource } from '../policy/evaluation-types.js';

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

export interface AuditSink {
  /** Throws when the record cannot be written and the server is configured to fail closed. */
  record(entry: AuditRecord): void;
}
