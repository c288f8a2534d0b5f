// A deliberately plain second evaluator for the property test. It shares
// nothing with evaluate.ts but the parsed policy shape and globMatch (tested on its own against a
// textbook matcher): no compilation, no caching, no tri-state, each rule written as AWS states it.
// It covers the subset of the language the property test generates (no variables, no ambiguous
// context keys, string/bool/null/set conditions).

import type { EvaluationRequest, PolicySet, SourcedPolicy } from '../evaluation-types.js';
import { globMatch } from '../compiled-glob.js';
import type { ConditionEntry, ParsedStatement } from '../types.js';

type Verdict = 'Allow' | 'ImplicitDeny' | 'ExplicitDeny';

function arnParts(s: string): string[] {
  const parts = s.split(':');
  return parts.length <= 6 ? parts : [...parts.slice(0, 5), parts.slice(5).join(':')];
}

function resourceMatches(pattern: string, resource: string): boolean {
  if (pattern === '*') return true;
  const p = arnParts(pattern);
  const r = arnParts(resource);
  if (p.length === r.length) return p.every((x, i) => globMatch(x, r[i] ?? ''));
  const last = p[p.length - 1] ?? '';
  if (p.length < r.length && p.length < 6 && last.endsWith('*')) {
    const head = p.slice(0, -1).every((x, i) => globMatch(x, r[i] ?? ''));
    return head && globMatch(last, r.slice(p.length - 1).join(':'));
  }
  return false;
}

function contextValue(context: EvaluationRequest['context'], key: string): string | string[] | undefined {
  for (const [k, v] of Object.entries(context)) if (k.toLowerCase() === key.toLowerCase()) return v;
  return undefined;
}

function conditionHolds(c: ConditionEntry, context: EvaluationRequest['context']): boolean {
  const value = contextValue(context, c.key);
  const missing = value === undefined || (Array.isArray(value) && value.length === 0);
  if (c.operator === 'Null') return c.values.some((v) => (v.toLowerCase() === 'true') === missing);
  const negated = c.operator.includes('Not');
  const one = (v: string): boolean => {
    let hit: boolean;
    if (c.operator.startsWith('StringLike') || c.operator.startsWith('StringNotLike')) hit = c.values.some((p) => globMatch(p, v));
    else if (c.operator === 'Bool') hit = c.values.some((p) => p.toLowerCase() === v.toLowerCase());
    else hit = c.values.includes(v);
    return negated ? !hit : hit;
  };
  if (missing) {
    if (c.ifExists) return true;
    if (c.set === 'ForAllValues') return true;
    if (c.set === 'ForAnyValue') return false;
    return negated;
  }
  if (c.set === undefined) return typeof value === 'string' && one(value);
  const values = typeof value === 'string' ? [value] : value;
  return c.set === 'ForAllValues' ? values.every(one) : values.some(one);
}

function statementApplies(st: ParsedStatement, request: EvaluationRequest): boolean {
  const actionHit = st.actions.patterns.some((p) => globMatch(p, request.action, { caseInsensitive: true }));
  if (actionHit === st.actions.negated) return false;
  if (st.resources !== undefined) {
    const hit = st.resources.patterns.some((p) => resourceMatches(p, request.resource));
    if (hit === st.resources.negated) return false;
  }
  return st.conditions.every((c) => conditionHolds(c, request.context));
}

type Naming = 'self' | 'role' | 'anyone' | 'account' | 'no';

function naming(st: ParsedStatement, request: EvaluationRequest): Naming {
  const p = request.principal;
  const set = st.principals;
  if (set === undefined) return 'no';
  const root = `arn:aws:iam::${p.accountId}:root`;
  if (p.type === 'Service') return set.wildcard || set.service.includes(p.service ?? '') ? 'anyone' : 'no';
  if (set.aws.includes(p.arn)) return 'self';
  if (p.roleArn !== undefined && set.aws.includes(p.roleArn)) return 'role';
  if (set.wildcard) return 'anyone';
  if (set.aws.includes(root)) return 'account';
  return 'no';
}

function denies(policy: SourcedPolicy, request: EvaluationRequest): boolean {
  return policy.policy.statements.some((st) => {
    if (st.effect !== 'Deny' || !statementApplies(st, request)) return false;
    if (st.principals === undefined) return true;
    if (st.principals.negated) {
      // Spared only when account, role and session (as far as they exist) are all listed.
      const p = request.principal;
      if (p.type === 'Service') return !(st.principals.wildcard || st.principals.service.includes(p.service ?? ''));
      const chain = [`arn:aws:iam::${p.accountId}:root`, ...(p.roleArn === undefined ? [] : [p.roleArn]), p.arn];
      if (p.type === 'Account') chain.splice(1);
      return !(st.principals.wildcard || chain.every((a) => st.principals?.aws.includes(a)));
    }
    return naming(st, request) !== 'no';
  });
}

function allows(policy: SourcedPolicy, request: EvaluationRequest): boolean {
  return policy.policy.statements.some((st) => st.effect === 'Allow' && statementApplies(st, request));
}

/** AWS's same-account logic, spelled out path by path. */
export function referenceEvaluate(set: PolicySet, request: EvaluationRequest): Verdict {
  // The entity behind the credentials no longer exists: nothing can grant.
  if (set.principalGone) return 'ImplicitDeny';
  const all = [...set.identity, ...(set.resource ? [set.resource] : []), ...(set.boundary ? [set.boundary] : []), ...(set.session ?? [])];
  if (all.some((p) => denies(p, request))) return 'ExplicitDeny';

  const resourceAllows = (wanted: Naming[]): boolean =>
    set.resource !== undefined &&
    set.resource.policy.statements.some((st) => st.effect === 'Allow' && wanted.includes(naming(st, request)) && statementApplies(st, request));

  const identityAllows = request.principal.type === 'Account' || set.identity.some((p) => allows(p, request));
  const boundaryAllows = set.boundary === undefined || allows(set.boundary, request);
  const sessionAllows = set.session === undefined || set.session.some((p) => allows(p, request));
  const limitsAllow = boundaryAllows && sessionAllows;

  // Path 1: the resource policy names the caller's own ARN.
  if (resourceAllows(['self'])) return 'Allow';
  // Path 2: it names the caller's role, everyone, or the service; boundary and session still apply.
  if (resourceAllows(['role', 'anyone']) && limitsAllow) return 'Allow';
  // Path 3: identity policies, with key and trust policies delegating through the account.
  const delegated = set.resource === undefined || resourceAllows(['account']);
  if (identityAllows && delegated && limitsAllow) return 'Allow';
  return 'ImplicitDeny';
}
