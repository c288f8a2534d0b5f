// Write-time validation of policy documents: the policy parser decides syntax and AWS's reasons;
// this file adds IAM's quotas (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html)
// and the checks that need the store.

import { PolicyError, POLICY_SIZE_LIMITS, parsePolicy, policyLength } from '../../policy/index.js';
import type { ParsedPolicy } from '../../policy/index.js';
import type { OperationContext } from '../context.js';
import { parseIamArn } from '../../identity/arns.js';
import { iamErrors, type EntityKind } from './errors.js';

function asIamError(error: unknown): unknown {
  if (!(error instanceof PolicyError)) return error;
  return error.code === 'too-large' ? iamErrors.limit(error.reason) : iamErrors.malformed(error.reason);
}

/** A customer managed policy version: ≤ 6144 characters without whitespace, Version 2012-10-17. */
export function validateManagedPolicy(document: string): ParsedPolicy {
  try {
    return parsePolicy(document, 'identity', { maxLength: POLICY_SIZE_LIMITS.managedPolicy, requireVersion2012: true });
  } catch (error) {
    throw asIamError(error);
  }
}

const INLINE_LIMITS: Record<EntityKind, number> = {
  user: POLICY_SIZE_LIMITS.userInlineTotal,
  group: POLICY_SIZE_LIMITS.groupInlineTotal,
  role: POLICY_SIZE_LIMITS.roleInlineTotal,
};

/**
 * An inline policy: valid on its own, and the entity's inline policies together (this one replacing
 * any of the same name) stay within the aggregate quota, counted without whitespace as AWS does.
 */
export function validateInlinePolicy(
  document: string,
  kind: EntityKind,
  entityName: string,
  policyName: string,
  existing: ReadonlyArray<{ policyName: string; document: string }>,
): ParsedPolicy {
  let parsed: ParsedPolicy;
  try {
    parsed = parsePolicy(document, 'identity');
  } catch (error) {
    throw asIamError(error);
  }
  const others = existing.filter((p) => p.policyName.toLowerCase() !== policyName.toLowerCase());
  const total = others.reduce((sum, p) => sum + policyLength(p.document, 'non-whitespace-chars'), policyLength(document, 'non-whitespace-chars'));
  const limit = INLINE_LIMITS[kind];
  if (total > limit) throw iamErrors.inlineTooLarge(kind, entityName, limit);
  return parsed;
}

/**
 * A role trust policy: ≤ 2048 characters without whitespace, and every user or role of this
 * account it names must exist (AWS refuses the document otherwise, naming the principal).
 */
export async function validateTrustPolicy(ctx: OperationContext, document: string): Promise<ParsedPolicy> {
  let parsed: ParsedPolicy;
  try {
    parsed = parsePolicy(document, 'trust', {
      maxLength: POLICY_SIZE_LIMITS.trustPolicy,
      // guess: AWS's quota name for trust policy size (ACL size per role), in its usual wording.
      tooLargeReason: `Cannot exceed quota for ACLSizePerRole: ${POLICY_SIZE_LIMITS.trustPolicy}`,
    });
  } catch (error) {
    throw asIamError(error);
  }
  for (const statement of parsed.statements) {
    for (const arn of statement.principals?.aws ?? []) {
      const named = parseIamArn(arn);
      if (!named || named.accountId !== ctx.accountId) continue;
      const found =
        named.kind === 'user'
          ? await ctx.store.principals.getUser(ctx.accountId, named.name)
          : named.kind === 'role'
            ? await ctx.store.principals.getRole(ctx.accountId, named.name)
            : undefined;
      if (named.kind !== 'user' && named.kind !== 'role') continue;
      if (!found || found.arn !== arn) throw iamErrors.malformed(`Invalid principal in policy: "AWS":"${arn}"`);
    }
  }
  return parsed;
}
