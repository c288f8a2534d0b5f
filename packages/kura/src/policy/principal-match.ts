// Principal / NotPrincipal of resource policies (KMS key policies, role trust policies) against
// the caller. The strength of a match matters to the decision:
// - EXACT: the caller's own ARN (user, role session, or the root user's `…:root`). Within the
//   account AWS lets such a grant stand alone: implicit denies in identity policies, permissions
//   boundaries and session policies do not limit it.
// - DIRECT: the role a session belongs to, `"*"`, or a service principal. Enough without an
//   identity policy, but boundaries and session policies still limit it (AWS documents this for
//   role ARNs; Kura treats `*` the same way rather than as the stronger EXACT).
// - ACCOUNT: the caller's account (`arn:aws:iam::A:root` / `A`): delegation to identity policies.
//   Key and trust policies need an identity Allow as well; a Deny naming the account applies to
//   every principal in it.

import type { PreparedRequest } from './prepare-request.js';
import type { PrincipalSet } from './types.js';

export const NONE = 0;
export const ACCOUNT = 1;
export const DIRECT = 2;
export const EXACT = 3;
export type PrincipalMatch = typeof NONE | typeof ACCOUNT | typeof DIRECT | typeof EXACT;

function positiveMatch(set: PrincipalSet, request: PreparedRequest): PrincipalMatch {
  const p = request.principal;
  if (p.type === 'Service') {
    // Service principals match only `{"Service": …}` entries (and "*"), never AWS ARNs.
    const service = p.service?.toLowerCase();
    return set.wildcard || (service !== undefined && set.service.includes(service)) ? DIRECT : NONE;
  }
  let best: PrincipalMatch = set.wildcard ? DIRECT : NONE;
  for (const arn of set.aws) {
    if (arn === p.arn) return EXACT;
    if (p.type === 'AssumedRole' && p.roleArn !== undefined && arn === p.roleArn) best = DIRECT;
    else if (arn === request.rootArn) {
      if (p.type === 'Account') return EXACT;
      if (best < ACCOUNT) best = ACCOUNT;
    }
  }
  return best;
}

/** The identities AWS checks a NotPrincipal against: the account, then the role, then the
 * session (AWS's NotPrincipal page). A Deny with NotPrincipal spares the caller only if every one
 * of them is listed; leaving one out denies, which is the fail-closed reading of AWS's warning
 * that the policy "might deny access to the entire account". */
function chain(request: PreparedRequest): string[] {
  const p = request.principal;
  switch (p.type) {
    case 'Account':
      return [request.rootArn];
    case 'User':
      return [request.rootArn, p.arn];
    case 'AssumedRole':
      return p.roleArn === undefined ? [request.rootArn, p.arn] : [request.rootArn, p.roleArn, p.arn];
    case 'Service':
      return [];
  }
}

/** How the caller matches `set`. A NotPrincipal set (only accepted with Deny) yields DIRECT when
 * the statement applies to the caller and NONE when the caller is excepted. */
export function matchPrincipal(set: PrincipalSet, request: PreparedRequest): PrincipalMatch {
  if (!set.negated) return positiveMatch(set, request);
  if (set.wildcard) return NONE;
  const p = request.principal;
  if (p.type === 'Service') {
    const service = p.service?.toLowerCase();
    return service !== undefined && set.service.includes(service) ? NONE : DIRECT;
  }
  return chain(request).every((arn) => set.aws.includes(arn)) ? NONE : DIRECT;
}
