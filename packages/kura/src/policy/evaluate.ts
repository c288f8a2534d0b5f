// AWS's same-account policy evaluation, as IAM's "Policy evaluation logic" describes it:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
//
// 1. An applicable Deny in any policy (identity, key/trust, boundary, session) → explicit deny.
// 2. A grant is needed. With no resource policy: an identity Allow. With a KMS key policy or a role
//    trust policy (the two AWS exceptions, which "must explicitly allow access for principals"):
//    the resource policy allows the caller directly, or it allows the caller's account and an
//    identity Allow exists as well. IAM policies alone never grant a key or a role. With any other
//    resource policy (a Secrets Manager secret's), an Allow in either suffices: the union.
// 3. A grant through the caller's own ARN (user or session ARN named in the resource policy)
//    stands alone. Every other grant must also be allowed by the permissions boundary and by the
//    session policies, when there are any (intersection).
// The root user (principal type Account) has no identity policies and is treated as if one
// allowed everything; it is still subject to explicit denies and to key and trust policies.

import { compilePolicy, statementMatches, type CompiledStatement } from './compile-policy.js';
import { NO, YES } from './compile-condition.js';
import type { Decision, EvaluationRequest, PolicySet, PolicyTypePhrase, SourcedPolicy } from './evaluation-types.js';
import { ACCOUNT, DIRECT, EXACT, matchPrincipal, NONE } from './principal-match.js';
import { prepareRequest, type PreparedRequest } from './prepare-request.js';

interface Hit {
  readonly policy: SourcedPolicy;
  readonly statement: CompiledStatement;
}

/** The first Deny that applies. A Deny applies when its principal names the caller in any way
 * (even only its account) and its conditions are not known to be false. */
function findDeny(policies: readonly SourcedPolicy[], request: PreparedRequest): Hit | undefined {
  for (const policy of policies) {
    for (const statement of compilePolicy(policy.policy).statements) {
      if (statement.effect !== 'Deny') continue;
      if (statement.principals !== undefined && matchPrincipal(statement.principals, request) === NONE) continue;
      if (statementMatches(statement, request) !== NO) return { policy, statement };
    }
  }
  return undefined;
}

/** The first Allow of identity-like policies (no Principal element) whose conditions are known
 * to hold. */
function findAllow(policies: readonly SourcedPolicy[], request: PreparedRequest): Hit | undefined {
  for (const policy of policies) {
    for (const statement of compilePolicy(policy.policy).statements) {
      if (statement.effect === 'Allow' && statementMatches(statement, request) === YES) return { policy, statement };
    }
  }
  return undefined;
}

interface ResourceGrants {
  exact?: Hit;
  direct?: Hit;
  account?: Hit;
}

function resourceGrants(policy: SourcedPolicy, request: PreparedRequest): ResourceGrants {
  const grants: ResourceGrants = {};
  for (const statement of compilePolicy(policy.policy).statements) {
    if (statement.effect !== 'Allow') continue;
    // Resource and trust policies always carry a Principal (the parser insists); a statement
    // without one could only come from a misfiled identity policy and grants nothing here.
    if (statement.principals === undefined) continue;
    const match = matchPrincipal(statement.principals, request);
    if (match === NONE || statementMatches(statement, request) !== YES) continue;
    const hit = { policy, statement };
    if (match === EXACT) return { ...grants, exact: hit };
    if (match === DIRECT) grants.direct ??= hit;
    if (match === ACCOUNT) grants.account ??= hit;
  }
  return grants;
}

function at(hit: Hit): NonNullable<Decision['statement']> {
  const { policy, statement } = hit;
  return statement.sid === undefined
    ? { source: policy.source, index: statement.index }
    : { source: policy.source, sid: statement.sid, index: statement.index };
}

const allow = (hit: Hit | undefined): Decision => (hit === undefined ? { decision: 'Allow' } : { decision: 'Allow', statement: at(hit) });
const implicitDeny = (policyType: PolicyTypePhrase): Decision => ({ decision: 'ImplicitDeny', policyType });

/** Decides one request. Pure: everything it needs is in its arguments. */
export function evaluate(policies: PolicySet, request: EvaluationRequest): Decision {
  if (policies.principalGone) return implicitDeny('identity-based policy');
  const req = prepareRequest(request);
  const resource = policies.resource;
  const resourcePhrase: PolicyTypePhrase = resource?.kind === 'role-trust' ? 'role trust policy' : 'resource-based policy';

  const layers: ReadonlyArray<readonly [readonly SourcedPolicy[], PolicyTypePhrase]> = [
    [policies.identity, 'identity-based policy'],
    [resource === undefined ? [] : [resource], resourcePhrase],
    [policies.boundary === undefined ? [] : [policies.boundary], 'permissions boundary'],
    [policies.session ?? [], 'session policy'],
  ];
  for (const [layer, policyType] of layers) {
    const deny = findDeny(layer, req);
    if (deny !== undefined) return { decision: 'ExplicitDeny', policyType, statement: at(deny) };
  }

  const isRoot = req.principal.type === 'Account';
  const identity = findAllow(policies.identity, req);
  const identityGrants = isRoot || identity !== undefined;
  const grants = resource === undefined ? {} : resourceGrants(resource, req);
  if (grants.exact !== undefined) return allow(grants.exact);

  // Only key and trust policies must grant themselves; a secret's policy adds to the identity policies.
  const mustGrant = resource !== undefined && resource.kind !== 'secret';
  const viaIdentity = identityGrants && (!mustGrant || grants.account !== undefined);
  if (grants.direct === undefined && !viaIdentity) {
    // The key or trust policy delegates to the account, so the missing piece is the identity
    // policy; otherwise, with such a policy present, it is the one that failed to allow.
    const blamed = !mustGrant || grants.account !== undefined ? 'identity-based policy' : resourcePhrase;
    return implicitDeny(blamed);
  }

  // An empty session list means "session policies were given and none survived": fail closed.
  if (policies.boundary !== undefined && findAllow([policies.boundary], req) === undefined) return implicitDeny('permissions boundary');
  if (policies.session !== undefined && findAllow(policies.session, req) === undefined) return implicitDeny('session policy');
  return allow(grants.direct ?? identity ?? grants.account);
}
