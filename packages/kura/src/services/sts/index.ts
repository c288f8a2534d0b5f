// The STS operations, keyed by the exact AWS operation name the gateway dispatches on, plus Kura's
// internal KuraAssumeRoleAsService (route it with kuraStsModel, see kura-sts-model.ts). Operations
// of the model not listed here answer as unimplemented at the gateway (GAPS.md lists them).

import type { OperationHandler } from '../context.js';
import { assumeRole } from './assume-role.js';
import { getCallerIdentity } from './get-caller-identity.js';
import { getSessionToken } from './get-session-token.js';
import { KURA_ASSUME_ROLE_AS_SERVICE, kuraAssumeRoleAsService } from './kura-assume-role-as-service.js';

export const stsOperations: Record<string, OperationHandler> = {
  AssumeRole: assumeRole,
  GetCallerIdentity: getCallerIdentity,
  GetSessionToken: getSessionToken,
  [KURA_ASSUME_ROLE_AS_SERVICE]: kuraAssumeRoleAsService,
};

export { KURA_ASSUME_ROLE_AS_SERVICE, ALLOWED_SERVICE_PRINCIPALS } from './kura-assume-role-as-service.js';
export { decodeKuraAssumeRoleAsServiceInput, encodeKuraAssumeRoleAsServiceOutput, kuraStsModel, withKuraOperations } from './kura-sts-model.js';
export { issueCredentials, sessionTokenHash, type IssuedCredentials, type SessionDraft } from './credentials.js';
