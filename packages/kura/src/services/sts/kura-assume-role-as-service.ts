// KuraAssumeRoleAsService (Kura's own, not AWS's): how Kura's task runner obtains a task role's
// credentials the way the ECS service does, as the service principal `ecs-tasks.amazonaws.com`.
//
// Only the bootstrap administrator (the IAM user `admin`, with its long-term key) may call it, and
// its own policies must allow `kura:AssumeRoleAsService` on the role (audited by ctx.access). The
// role's trust policy must then allow `sts:AssumeRole` to the service principal exactly as AWS
// evaluates it for ECS: `{"Service": "ecs-tasks.amazonaws.com"}` (or `"*"`), with
// `aws:SourceAccount` (and `aws:SourceArn` when the runner names the task) for conditions.
// Nothing else in Kura can act as a service principal: AssumeRole always evaluates its caller as
// the user or role session it is. GAPS.md documents the operation.

import { accessDeniedMessage, evaluate, parsePolicy } from '../../policy/index.js';
import type { OperationHandler } from '../context.js';
import { adminUserArn } from '../../identity/bootstrap-admin.js';
import { stsErrors } from './errors.js';
import { TRUSTS_NOBODY, findTargetRole, issueRoleSession } from './target-role.js';

export const KURA_ASSUME_ROLE_AS_SERVICE = 'KuraAssumeRoleAsService';

/** The service principals the operation can act as. */
export const ALLOWED_SERVICE_PRINCIPALS: readonly string[] = ['ecs-tasks.amazonaws.com'];

export const kuraAssumeRoleAsService: OperationHandler = async (input, ctx) => {
  const roleArn = String(input['RoleArn'] ?? '');
  const sessionName = String(input['RoleSessionName'] ?? '');
  const service = String(input['ServicePrincipal'] ?? '');
  const sourceArn = typeof input['SourceArn'] === 'string' ? input['SourceArn'] : undefined;
  const requested = typeof input['DurationSeconds'] === 'number' ? input['DurationSeconds'] : undefined;
  const denied = (message: string) => stsErrors.accessDenied(message);

  const caller = ctx.principal;
  const isAdministrator = (caller.kind ?? 'user') === 'user' && caller.arn === adminUserArn(ctx.accountId);
  if (!isAdministrator) {
    throw denied(`User: ${caller.arn} is not authorized to perform: sts:${KURA_ASSUME_ROLE_AS_SERVICE}: only the bootstrap administrator may act as a service principal`);
  }
  if (!ALLOWED_SERVICE_PRINCIPALS.includes(service)) {
    throw stsErrors.validation(`ServicePrincipal ${service} is not supported; Kura can act only as ${ALLOWED_SERVICE_PRINCIPALS.join(', ')}`);
  }
  const role = await findTargetRole(ctx, roleArn);
  // The role found, under its stored ARN (names compare case-insensitively), as AssumeRole does.
  await ctx.access.require({ action: 'kura:AssumeRoleAsService', resource: role?.arn ?? roleArn, deniedResourceName: roleArn, context: { 'kura:ServicePrincipal': service } });

  const trust = parsePolicy(role?.assumeRolePolicyDocument ?? TRUSTS_NOBODY, 'trust');
  const decision = evaluate(
    { identity: [], resource: { kind: 'role-trust', policy: trust, source: { type: 'role-trust', id: roleArn } } },
    {
      principal: { type: 'Service', service, arn: service, accountId: ctx.accountId },
      action: 'sts:AssumeRole',
      resource: roleArn,
      context: {
        'aws:SourceAccount': ctx.accountId,
        'aws:PrincipalServiceName': service,
        ...(sourceArn !== undefined ? { 'aws:SourceArn': sourceArn } : {}),
      },
    },
  );
  if (decision.decision !== 'Allow' || !role) {
    const message = decision.decision === 'Allow' ? `Service: ${service} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}` : accessDeniedMessage(service, 'sts:AssumeRole', roleArn, decision);
    throw denied(message.replace(/^User: /, 'Service: '));
  }

  return issueRoleSession(ctx, role, sessionName, {
    requested,
    chained: false,
    // Who asked: the administrator, on behalf of the service (kept for audit).
    sourcePrincipalArn: caller.arn,
    sessionPolicy: null,
    sessionPolicyArns: [],
    sourceIdentity: null,
    tags: [],
  });
};
