// AssumeRole: the role's trust policy must allow the caller (evaluated with the caller's
// own policies by ctx.access: naming the caller's ARN suffices, naming the account also needs an
// identity-based allow, explicit denies win). Passing tags needs sts:TagSession and a source
// identity sts:SetSourceIdentity, from the same trust policy. The session's permissions are the
// role's, narrowed by any session policies. Role chaining (a role session assuming a role) is
// limited to one hour.

import type { OperationHandler } from '../context.js';
import { stsErrors } from './errors.js';
import { readSessionRequest, tagContext } from './session-request.js';
import { TRUSTS_NOBODY, findTargetRole, issueRoleSession } from './target-role.js';

const str = (input: Record<string, unknown>, key: string) => (typeof input[key] === 'string' ? (input[key] as string) : undefined);

export const assumeRole: OperationHandler = async (input, ctx) => {
  const roleArn = str(input, 'RoleArn') ?? '';
  const sessionName = str(input, 'RoleSessionName') ?? '';
  const externalId = str(input, 'ExternalId');
  const sourceIdentity = str(input, 'SourceIdentity');
  const requested = typeof input['DurationSeconds'] === 'number' ? input['DurationSeconds'] : undefined;
  if (str(input, 'SerialNumber') !== undefined || str(input, 'TokenCode') !== undefined) throw stsErrors.mfaFailed();

  const role = await findTargetRole(ctx, roleArn);
  const request = await readSessionRequest(ctx, input);
  const trust = { kind: 'role-trust' as const, document: role?.assumeRolePolicyDocument ?? TRUSTS_NOBODY };
  const context: Record<string, string | string[]> = {
    'sts:RoleSessionName': sessionName,
    ...(externalId !== undefined ? { 'sts:ExternalId': externalId } : {}),
    ...(sourceIdentity !== undefined ? { 'sts:SourceIdentity': sourceIdentity } : {}),
    ...tagContext(request),
  };
  // Role names compare case-insensitively: the role authorized is the role found (`role/APP` is
  // `role/app`), under its stored ARN, so a Deny on `role/app` holds however the name is cased. A
  // denial still names the ARN as sent.
  const target = { resource: role?.arn ?? roleArn, deniedResourceName: roleArn, resourcePolicy: trust, context };
  await ctx.access.require({ action: 'sts:AssumeRole', ...target });
  if (request.tags.length > 0) await ctx.access.require({ action: 'sts:TagSession', ...target });
  if (sourceIdentity !== undefined) await ctx.access.require({ action: 'sts:SetSourceIdentity', ...target });
  // Unreachable with the real evaluator (a missing role trusts nobody); kept so no path issues
  // credentials for a role that does not exist.
  if (!role) throw stsErrors.accessDenied(`User: ${ctx.principal.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);

  const session = await issueRoleSession(ctx, role, sessionName, {
    requested,
    chained: ctx.principal.kind === 'assumed-role',
    sourcePrincipalArn: ctx.principal.arn,
    sessionPolicy: request.policy,
    sessionPolicyArns: request.policyArns,
    sourceIdentity: sourceIdentity ?? null,
    tags: request.tags,
  });
  return {
    ...session,
    ...(request.packedPolicySize !== undefined ? { PackedPolicySize: request.packedPolicySize } : {}),
    ...(sourceIdentity !== undefined ? { SourceIdentity: sourceIdentity } : {}),
  };
};
