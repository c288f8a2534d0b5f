// A test stand-in for the gateway's ctx.access: real parsed policies (src/policy) and a small
// same-account evaluator with AWS's decision rules (spec §4.5, §5.4): explicit deny wins; a KMS key
// needs its key policy to allow the caller directly, or to delegate to the account and an identity
// policy to allow; everything else needs an identity allow. Enough for the SSM and KMS tests; the
// gateway uses the real evaluator (src/policy), which these tests do not replace.

import { globMatch, parsePolicy, type ConditionEntry, type ParsedPolicy, type ParsedStatement } from '../../policy/index.js';
import type { ServiceError } from '../../wire/errors.js';
import { deniedNameOf, type Access, type AccessCheck, type AccessDecision, type Principal } from '../context.js';

/** A policy document (JSON text) of these statements. */
export const policyOf = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

export const ALLOW_ALL_POLICY = policyOf({ Effect: 'Allow', Action: '*', Resource: '*' });

type Values = Record<string, string | string[]>;

export interface RecordedCheck {
  check: AccessCheck;
  decision: AccessDecision['decision'];
}

export interface TestAccess extends Access {
  /** Every check made, in order. */
  readonly checks: RecordedCheck[];
}

const NEGATED: Record<string, string> = {
  StringNotEquals: 'StringEquals',
  StringNotEqualsIgnoreCase: 'StringEqualsIgnoreCase',
  StringNotLike: 'StringLike',
  ArnNotEquals: 'ArnEquals',
  ArnNotLike: 'ArnLike',
  NumericNotEquals: 'NumericEquals',
};

function matchValue(operator: string, value: string, pattern: string): boolean {
  switch (operator) {
    case 'StringEquals':
      return value === pattern;
    case 'StringEqualsIgnoreCase':
      return value.toLowerCase() === pattern.toLowerCase();
    case 'StringLike':
    case 'ArnEquals':
    case 'ArnLike':
      return globMatch(pattern, value);
    case 'Bool':
      return value.toLowerCase() === pattern.toLowerCase();
    case 'NumericEquals':
      return Number(value) === Number(pattern);
    case 'NumericLessThan':
      return Number(value) < Number(pattern);
    case 'NumericLessThanEquals':
      return Number(value) <= Number(pattern);
    case 'NumericGreaterThan':
      return Number(value) > Number(pattern);
    case 'NumericGreaterThanEquals':
      return Number(value) >= Number(pattern);
    default:
      throw new Error(`test evaluator: operator ${operator} not supported`);
  }
}

function lookup(context: Values, key: string): string[] {
  const wanted = key.toLowerCase();
  const found = Object.entries(context).find(([name]) => name.toLowerCase() === wanted)?.[1];
  return found === undefined ? [] : Array.isArray(found) ? found : [found];
}

function conditionHolds(entry: ConditionEntry, context: Values): boolean {
  const values = lookup(context, entry.key);
  if (entry.operator === 'Null') return entry.values.some((v) => (v === 'true') === (values.length === 0));
  const base = NEGATED[entry.operator] ?? entry.operator;
  const negated = base !== entry.operator;
  const holdsFor = (value: string) => entry.values.some((pattern) => matchValue(base, value, pattern)) !== negated;
  if (entry.set === 'ForAllValues') return values.every(holdsFor);
  if (entry.set === 'ForAnyValue') return values.some(holdsFor);
  if (values.length === 0) return entry.ifExists || negated;
  return values.some(holdsFor);
}

function matches(statement: ParsedStatement, action: string, resource: string, context: Values): boolean {
  const { actions, resources } = statement;
  if (actions.patterns.some((p) => globMatch(p, action, { caseInsensitive: true })) === actions.negated) return false;
  if (resources && resources.patterns.some((p) => globMatch(p, resource)) === resources.negated) return false;
  return statement.conditions.every((entry) => conditionHolds(entry, context));
}

/** 'direct' names the caller (or anyone); 'account' delegates to the caller's account's IAM policies. */
function principalMatch(statement: ParsedStatement, principal: Principal): 'direct' | 'account' | undefined {
  const set = statement.principals;
  if (!set || set.negated) return undefined;
  if (set.wildcard || set.aws.includes(principal.arn) || (principal.roleArn !== undefined && set.aws.includes(principal.roleArn))) return 'direct';
  return set.aws.includes(`arn:aws:iam::${principal.accountId}:root`) ? 'account' : undefined;
}

function decide(identity: ParsedPolicy[], resource: ParsedPolicy | undefined, principal: Principal, check: AccessCheck, context: Values) {
  const hit = (s: ParsedStatement) => matches(s, check.action, check.resource, context);
  const identityStatements = identity.flatMap((p) => p.statements);
  const resourceStatements = (resource?.statements ?? []).filter((s) => principalMatch(s, principal) !== undefined);
  if (identityStatements.some((s) => s.effect === 'Deny' && hit(s))) return { decision: 'ExplicitDeny' as const, type: 'identity-based policy' };
  if (resourceStatements.some((s) => s.effect === 'Deny' && hit(s))) return { decision: 'ExplicitDeny' as const, type: 'resource-based policy' };
  const identityAllow = identityStatements.some((s) => s.effect === 'Allow' && hit(s));
  if (resource) {
    const allows = resourceStatements.filter((s) => s.effect === 'Allow' && hit(s));
    if (allows.some((s) => principalMatch(s, principal) === 'direct')) return { decision: 'Allow' as const, type: '' };
    if (allows.length === 0) return { decision: 'ImplicitDeny' as const, type: 'resource-based policy' };
  }
  return identityAllow ? { decision: 'Allow' as const, type: '' } : { decision: 'ImplicitDeny' as const, type: 'identity-based policy' };
}

/** ctx.access for `principal` holding `identityPolicies` (JSON texts); denials throw `accessDenied(message)`. */
export function createTestAccess(principal: Principal, identityPolicies: string[], accessDenied: (message: string) => ServiceError): TestAccess {
  const identity = identityPolicies.map((text) => parsePolicy(text, 'identity'));
  const checks: RecordedCheck[] = [];
  const check = async (c: AccessCheck): Promise<AccessDecision> => {
    const resource = c.resourcePolicy ? parsePolicy(c.resourcePolicy.document, 'resource') : undefined;
    // Deferred keys are always loaded here: the same decision as loading them only when named.
    const deferred = c.deferredContext ? await c.deferredContext.load() : {};
    const context: Values = { 'aws:PrincipalArn': principal.roleArn ?? principal.arn, 'aws:PrincipalAccount': principal.accountId, ...deferred, ...c.context };
    const { decision, type } = decide(identity, resource, principal, c, context);
    checks.push({ check: c, decision });
    const on = `User: ${principal.arn} is not authorized to perform: ${c.action} on resource: ${await deniedNameOf(c)}`;
    const message =
      decision === 'Allow' ? '' : decision === 'ExplicitDeny' ? `${on} with an explicit deny in a${type.startsWith('i') ? 'n' : ''} ${type}` : `${on} because no ${type} allows the ${c.action} action`;
    return { allowed: decision === 'Allow', decision, message };
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
