// The role an AssumeRole-like request names. A well-formed ARN of a role that does not exist (or of
// another account, or with the wrong path) is not an error of its own: it is checked against a
// trust policy that trusts nobody, so the caller gets the same AccessDenied as for a role that
// does not trust it — AWS does not reveal which roles exist — and the attempt is audited.

import type { IamTag } from '../../store/iam-types.js';
import type { RoleRecord } from '../../store/principals.js';
import type { OperationContext } from '../context.js';
import { looksLikeArn, parseIamArn, sessionArn } from '../../identity/arns.js';
import { issueCredentials, type SessionIssuer } from './credentials.js';
import { stsErrors } from './errors.js';

/** Trusts only a service principal that no caller can be. */
export const TRUSTS_NOBODY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'no-such-role.kura.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

export async function findTargetRole(ctx: Pick<OperationContext, 'accountId' | 'store'>, roleArn: string): Promise<RoleRecord | undefined> {
  if (!looksLikeArn(roleArn)) throw stsErrors.invalidRoleArn(roleArn);
  const parsed = parseIamArn(roleArn);
  if (parsed?.kind !== 'role' || parsed.accountId !== ctx.accountId) return undefined;
  const role = await ctx.store.principals.getRole(ctx.accountId, parsed.name);
  // Names compare case-insensitively, paths exactly.
  return role && role.path === parsed.path ? role : undefined;
}

/** Seconds a session lasts: DurationSeconds (model-bounded to 900–43200) within the role's maximum. */
export function sessionDuration(requested: number | undefined, role: RoleRecord, chained: boolean): number {
  const duration = requested ?? 3600;
  if (duration > role.maxSessionDuration) throw stsErrors.durationOverRoleMax();
  if (chained && duration > 3600) throw stsErrors.durationOverChainLimit();
  return duration;
}

export interface RoleSessionOptions {
  /** DurationSeconds as asked (undefined: the default hour). */
  requested: number | undefined;
  /** A role session asking for another role: limited to one hour. */
  chained: boolean;
  /** Who asked for the session (audit, and the source of chaining). */
  sourcePrincipalArn: string;
  sessionPolicy: string | null;
  sessionPolicyArns: string[];
  sourceIdentity: string | null;
  tags: IamTag[];
}

/**
 * Issues a session of `role` once its trust policy allowed it: AssumeRole and KuraAssumeRoleAsService
 * differ in who is trusted, not in what a role session is. Returns the result members both share.
 */
export async function issueRoleSession(ctx: SessionIssuer, role: RoleRecord, sessionName: string, options: RoleSessionOptions) {
  const duration = sessionDuration(options.requested, role, options.chained);
  const assumedRoleId = `${role.id}:${sessionName}`;
  const arn = sessionArn(ctx.accountId, role.name, sessionName);
  const { wire } = await issueCredentials(
    ctx,
    {
      kind: 'assumed-role',
      principalArn: arn,
      principalId: assumedRoleId,
      roleArn: role.arn,
      roleName: role.name,
      sessionName,
      sourcePrincipalArn: options.sourcePrincipalArn,
      sessionPolicy: options.sessionPolicy,
      sessionPolicyArns: options.sessionPolicyArns,
      sourceIdentity: options.sourceIdentity,
      tags: options.tags,
      chained: options.chained,
    },
    duration,
  );
  return { Credentials: wire, AssumedRoleUser: { AssumedRoleId: assumedRoleId, Arn: arn } };
}
