// A test stand-in for the gateway's ctx.access: the caller's identity policies given as JSON texts,
// the check's resource policy (a KMS key policy), and the real evaluator and denial texts
// (src/policy), with every check recorded. Enough for the SSM and KMS tests, which need policies
// without the IAM objects behind them.

import { accessDeniedMessage, evaluate, parsePolicy, type PolicySet } from '../../../policy/index.js';
import { requestPrincipalOf } from '../../iam/testing/access.js';
import type { ServiceError } from '../../../wire/errors.js';
import { deniedNameOf, type Access, type AccessCheck, type AccessDecision, type Principal } from '../../context.js';

/** A policy document (JSON text) of these statements. */
export const policyOf = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

export const ALLOW_ALL_POLICY = policyOf({ Effect: 'Allow', Action: '*', Resource: '*' });

export interface RecordedCheck {
  check: AccessCheck;
  decision: AccessDecision['decision'];
}

export interface TestAccess extends Access {
  /** Every check made, in order. */
  readonly checks: RecordedCheck[];
}

/** ctx.access for `principal` holding `identityPolicies` (JSON texts); denials throw `accessDenied(message)`. */
export function createTestAccess(principal: Principal, identityPolicies: string[], accessDenied: (message: string) => ServiceError): TestAccess {
  const identity = identityPolicies.map((text, index) => ({ policy: parsePolicy(text, 'identity'), source: { type: 'inline' as const, id: `test-${index}` } }));
  const checks: RecordedCheck[] = [];
  const check = async (c: AccessCheck): Promise<AccessDecision> => {
    const set: PolicySet = c.resourcePolicy
      ? {
          identity,
          resource: {
            kind: c.resourcePolicy.kind,
            policy: parsePolicy(c.resourcePolicy.document, c.resourcePolicy.kind === 'role-trust' ? 'trust' : 'resource'),
            source: { type: c.resourcePolicy.kind, id: c.resource },
          },
        }
      : { identity };
    // Deferred keys are always loaded here: the same decision as loading them only when named.
    const deferred = c.deferredContext ? await c.deferredContext.load() : {};
    const context = { 'aws:PrincipalArn': principal.roleArn ?? principal.arn, 'aws:PrincipalAccount': principal.accountId, ...deferred, ...c.context };
    const rp = requestPrincipalOf(principal);
    const verdict = evaluate(set, { principal: rp, action: c.action, resource: c.resource, context });
    checks.push({ check: c, decision: verdict.decision });
    const allowed = verdict.decision === 'Allow';
    return { allowed, decision: verdict.decision, message: allowed ? '' : accessDeniedMessage(rp.arn, c.action, await deniedNameOf(c), verdict) };
  };
  return {
    checks,
    check,
    // Conservative: the per-item checks of filters always run under test.
    hasDenyStatements: async () => true,
    async require(c) {
      const outcome = await check(c);
      if (!outcome.allowed) throw accessDenied(outcome.message);
    },
  };
}
