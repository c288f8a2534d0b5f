// The principal that STS credentials stand for: what the gateway builds for a request signed with
// them, and what policies, denials and GetCallerIdentity see.

import type { SessionRecord } from '../store/sessions.js';
import type { Principal } from './principal.js';

export function sessionPrincipal(session: SessionRecord): Principal {
  return {
    arn: session.principalArn,
    accountId: session.accountId,
    userId: session.principalId,
    accessKeyId: session.accessKeyId,
    kind: session.kind,
    ...(session.roleArn ? { roleArn: session.roleArn } : {}),
    ...(session.roleName ? { roleName: session.roleName } : {}),
    ...(session.sessionName ? { sessionName: session.sessionName } : {}),
    issuedAt: session.issuedAt,
    chained: session.chained,
  };
}
