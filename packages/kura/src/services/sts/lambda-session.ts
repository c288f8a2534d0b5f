// A rotation function's credentials, as AWS Lambda gets its execution role's: the role is assumed
// by the service principal `lambda.amazonaws.com`, which the role's trust policy must allow (with
// `aws:SourceAccount` and, as Kura's guess of what Lambda sends, `aws:SourceArn` = the function's
// ARN, for conditions), and the session is named after the function (assumed-role/ROLE/FUNCTION),
// as Lambda names it. The server does this itself when it invokes a registered function
// (server/rotation-service.ts): no request, no caller, nothing else can act as this principal.

import { accessDeniedMessage, evaluate, parsePolicy } from '../../policy/index.js';
import { looksLikeArn } from '../../identity/arns.js';
import type { SessionIssuer } from './credentials.js';
import { TRUSTS_NOBODY, findTargetRole, issueRoleSession } from './target-role.js';

export const LAMBDA_SERVICE = 'lambda.amazonaws.com';

export interface LambdaSessionRequest {
  roleArn: string;
  functionArn: string;
  functionName: string;
  /** How long the credentials must last; within the role's maximum, and at least STS's 15 minutes. */
  seconds: number;
}

export type LambdaSession =
  | { ok: true; credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string; expiration: Date } }
  | { ok: false; message: string };

export async function issueLambdaSession(deps: SessionIssuer, request: LambdaSessionRequest): Promise<LambdaSession> {
  const { roleArn, functionArn } = request;
  if (!looksLikeArn(roleArn)) return { ok: false, message: `${roleArn} is not a role ARN` };
  const role = await findTargetRole(deps, roleArn);
  const trust = parsePolicy(role?.assumeRolePolicyDocument ?? TRUSTS_NOBODY, 'trust');
  const decision = evaluate(
    { identity: [], resource: { kind: 'role-trust', policy: trust, source: { type: 'role-trust', id: roleArn } } },
    {
      principal: { type: 'Service', service: LAMBDA_SERVICE, arn: LAMBDA_SERVICE, accountId: deps.accountId },
      action: 'sts:AssumeRole',
      resource: roleArn,
      context: { 'aws:SourceAccount': deps.accountId, 'aws:SourceArn': functionArn, 'aws:PrincipalServiceName': LAMBDA_SERVICE },
    },
  );
  if (decision.decision !== 'Allow' || !role) {
    const message = decision.decision === 'Allow' ? `Service: ${LAMBDA_SERVICE} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}` : accessDeniedMessage(LAMBDA_SERVICE, 'sts:AssumeRole', roleArn, decision);
    return { ok: false, message: message.replace(/^User: /, 'Service: ') };
  }
  const seconds = Math.min(Math.max(900, Math.ceil(request.seconds)), role.maxSessionDuration);
  const issued = await issueRoleSession(deps, role, request.functionName, {
    requested: seconds,
    chained: false,
    sourcePrincipalArn: LAMBDA_SERVICE,
    sessionPolicy: null,
    sessionPolicyArns: [],
    sourceIdentity: null,
    tags: [],
  });
  const { AccessKeyId, SecretAccessKey, SessionToken, Expiration } = issued.Credentials;
  return { ok: true, credentials: { accessKeyId: AccessKeyId, secretAccessKey: SecretAccessKey, sessionToken: SessionToken, expiration: Expiration } };
}
