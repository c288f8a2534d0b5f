// A secret's resource policy: parsed as IAM parses resource-based policies (policy/), and judged
// public when some Allow statement lets any principal in (`"*"` or `{"AWS": "*"}`, or a
// NotPrincipal Allow) without a condition that pins the caller down to an account, organization,
// principal, network or source. That is Kura's reading of AWS's "broad access" check (AWS asks its
// Zelkova engine; GAPS.md).

import { parsePolicy, PolicyError, type ParsedPolicy } from '../../policy/index.js';
import { smErrors } from './errors.js';

/** Condition keys that confine a wildcard principal: a condition on one of them (not `*`) is not public. */
const CONFINING_KEYS = new Set([
  'aws:principalaccount',
  'aws:principalarn',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:sourceaccount',
  'aws:sourcearn',
  'aws:sourceowner',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:sourceip',
  'aws:userid',
  'kms:calleraccount',
]);

/** Operators under which a value confines: equality and patterns, not their negations or Null. */
const CONFINING_OPERATORS = new Set(['StringEquals', 'StringEqualsIgnoreCase', 'StringLike', 'ArnEquals', 'ArnLike', 'IpAddress']);

/** Parses the policy text, or throws MalformedPolicyDocumentException with the parser's reason. */
export function parseSecretPolicy(text: string): ParsedPolicy {
  try {
    return parsePolicy(text, 'resource');
  } catch (error) {
    if (error instanceof PolicyError) throw smErrors.malformedPolicy(error.reason);
    throw error;
  }
}

export function isPublic(policy: ParsedPolicy): boolean {
  return policy.statements.some((statement) => {
    if (statement.effect !== 'Allow' || statement.principals === undefined) return false;
    const anyone = statement.principals.negated || statement.principals.wildcard || statement.principals.aws.includes('*');
    if (!anyone) return false;
    const confined = statement.conditions.some(
      (c) => CONFINING_KEYS.has(c.key.toLowerCase()) && CONFINING_OPERATORS.has(c.operator) && c.values.length > 0 && !c.values.some((v) => v === '*'),
    );
    return !confined;
  });
}
