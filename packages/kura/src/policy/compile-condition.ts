// Condition entries compiled once per policy into functions of the request.
//
// Semantics, in AWS's words where it has them:
// - condition key names compare case-insensitively (keys are folded in prepare-request.ts);
// - several values for one key: OR for positive operators, NOR for negated ones (`StringNotEquals`
//   holds when the request value equals none of them);
// - a missing key makes a condition false, except for negated operators, `…IfExists` and `Null`;
// - `ForAllValues` is true for a missing or empty key, `ForAnyValue` false; each request value is
//   tested with the (possibly negated) operator and the results are combined with all / any;
// - a multi-valued request value without a set operator never matches (AWS: "multivalued context
//   keys require a condition set operator"; iam-simulate reports AWS confirming it);
// - policy variables only in String, Arn and Bool operators, as AWS documents. A value that cannot
//   be read for its operator (an unresolvable variable, `${…}` in a Numeric or IP value, text that
//   is not base64 for BinaryEquals) makes the statement not apply.

import { compileArnValue, splitArn, type ArnMatcher, type ArnResolver } from './arn-pattern.js';
import { compileGlob, globTokens, type Matcher } from './compiled-glob.js';
import { cidrContains, readBase64, readCidr, readDate, readIp, readNumber } from './condition-values.js';
import { hasVariables, parseTemplate, resolveString, resolveTokens, type Lookup } from './policy-variables.js';
import { isAmbiguous, type ContextValue, type PreparedRequest } from './prepare-request.js';
import type { ConditionEntry, ConditionOperator } from './types.js';

export const NO = 0;
export const YES = 1;
/** Only from an ambiguous request key: an Allow does not apply, a Deny does. */
export const UNKNOWN = 2;
export type Tri = typeof NO | typeof YES | typeof UNKNOWN;

/** Positive test of one request value, for one resolution of the policy values. */
type Predicate = (value: string) => boolean;
/** Resolves the policy values against the request; undefined when one cannot be read. */
type Resolver = (lookup: Lookup) => Predicate | undefined;

export type CompiledCondition = (request: PreparedRequest) => Tri;

const NEGATED: ReadonlySet<ConditionOperator> = new Set([
  'StringNotEquals', 'StringNotEqualsIgnoreCase', 'StringNotLike', 'NumericNotEquals', 'DateNotEquals',
  'NotIpAddress', 'ArnNotEquals', 'ArnNotLike',
]);

const UNREADABLE: Resolver = () => undefined;

/** Exact string comparison, after optional folding, with variables where allowed. */
function stringResolver(values: readonly string[], variables: boolean, fold: (s: string) => string): Resolver {
  const templated = variables && values.some(hasVariables);
  if (!templated) {
    const set = new Set(values.map(fold));
    const predicate: Predicate = (v) => set.has(fold(v));
    return () => predicate;
  }
  const templates = values.map(parseTemplate);
  return (lookup) => {
    const set = new Set<string>();
    for (const pieces of templates) {
      const resolved = pieces === undefined ? undefined : resolveString(pieces, lookup);
      if (resolved === undefined) return undefined;
      set.add(fold(resolved));
    }
    return (v) => set.has(fold(v));
  };
}

function likeResolver(values: readonly string[], variables: boolean): Resolver {
  if (!variables || !values.some(hasVariables)) {
    const matchers = values.map((v) => compileGlob(globTokens(v)));
    const predicate: Predicate = (v) => matchers.some((m) => m(v));
    return () => predicate;
  }
  const templates = values.map(parseTemplate);
  return (lookup) => {
    const matchers: Matcher[] = [];
    for (const pieces of templates) {
      const tokens = pieces === undefined ? undefined : resolveTokens(pieces, lookup);
      if (tokens === undefined) return undefined;
      matchers.push(compileGlob(tokens));
    }
    return (v) => matchers.some((m) => m(v));
  };
}

function arnResolver(values: readonly string[], variables: boolean): Resolver {
  const resolvers: ArnResolver[] = values.map((v) => compileArnValue(v, variables));
  return (lookup) => {
    const matchers: ArnMatcher[] = [];
    for (const resolve of resolvers) {
      const matcher = resolve(lookup);
      if (matcher === undefined) return undefined;
      matchers.push(matcher);
    }
    return (v) => {
      const parts = splitArn(v);
      return matchers.some((m) => m(parts));
    };
  };
}

/** Typed comparisons: every policy value must be readable, else the statement cannot apply. */
function typedResolver<P, R>(
  values: readonly string[],
  readPolicy: (s: string) => P | undefined,
  readRequest: (s: string) => R | undefined,
  test: (request: R, policy: P) => boolean,
): Resolver {
  const policy = values.map(readPolicy);
  if (policy.some((p) => p === undefined)) return UNREADABLE;
  const typed = policy as P[];
  const predicate: Predicate = (v) => {
    const request = readRequest(v);
    return request !== undefined && typed.some((p) => test(request, p));
  };
  return () => predicate;
}

const fold = (s: string): string => s.toLowerCase();
const same = (s: string): string => s;
const compare = {
  Equals: (a: number, b: number) => a === b,
  LessThan: (a: number, b: number) => a < b,
  LessThanEquals: (a: number, b: number) => a <= b,
  GreaterThan: (a: number, b: number) => a > b,
  GreaterThanEquals: (a: number, b: number) => a >= b,
} as const;

function comparison(operator: ConditionOperator): (a: number, b: number) => boolean {
  const suffix = operator.replace(/^(Numeric|Date)(Not)?/, '');
  return compare[suffix as keyof typeof compare];
}

function resolverFor(entry: ConditionEntry, variables: boolean): Resolver {
  const { operator, values } = entry;
  switch (operator) {
    case 'StringEquals':
    case 'StringNotEquals':
      return stringResolver(values, variables, same);
    case 'StringEqualsIgnoreCase':
    case 'StringNotEqualsIgnoreCase':
      return stringResolver(values, variables, fold);
    case 'StringLike':
    case 'StringNotLike':
      return likeResolver(values, variables);
    case 'Bool':
      return stringResolver(values, variables, fold);
    case 'BinaryEquals':
      return typedResolver(values, readBase64, readBase64, (a, b) => a === b);
    case 'IpAddress':
    case 'NotIpAddress':
      return typedResolver(values, readCidr, readIp, (ip, cidr) => cidrContains(cidr, ip));
    case 'ArnEquals':
    case 'ArnLike':
    case 'ArnNotEquals':
    case 'ArnNotLike':
      return arnResolver(values, variables);
    case 'Null':
      return UNREADABLE; // handled before resolution
    default:
      if (operator.startsWith('Numeric')) return typedResolver(values, readNumber, readNumber, comparison(operator));
      return typedResolver(values, readDate, readDate, comparison(operator));
  }
}

const isAbsent = (value: ContextValue | undefined): boolean => value === undefined || (Array.isArray(value) && value.length === 0);

/** `Null`: `true` asks for the key to be absent, `false` for it to be present; values OR. */
function nullCondition(key: string, values: readonly string[]): CompiledCondition {
  const wants = values.map(fold);
  return (request) => {
    const goal = isAbsent(request.context.get(key)) ? 'true' : 'false';
    return wants.includes(goal) ? YES : NO;
  };
}

export function compileCondition(entry: ConditionEntry, variablesActive: boolean): CompiledCondition {
  const key = entry.key.toLowerCase();
  if (entry.operator === 'Null') return nullCondition(key, entry.values);
  const { ifExists, set } = entry;
  const negated = NEGATED.has(entry.operator);
  const resolve = resolverFor(entry, variablesActive);

  const one = (value: string | readonly string[], positive: Predicate): boolean => {
    const test = (v: string): boolean => positive(v) !== negated;
    if (set === undefined) return typeof value === 'string' && test(value);
    const list: readonly string[] = typeof value === 'string' ? [value] : value;
    return set === 'ForAllValues' ? list.every(test) : list.some(test);
  };

  // What a missing (or empty) key yields: true for IfExists, ForAllValues and negated operators.
  const whenAbsent = ifExists || set === 'ForAllValues' || (negated && set === undefined);
  const holds = (value: string | readonly string[], positive: Predicate): boolean =>
    isAbsent(value) ? whenAbsent : one(value, positive);

  return (request) => {
    // Policy values first: an unresolvable variable voids the statement whatever the request holds.
    const positive = resolve(request.lookup);
    if (positive === undefined) return NO;
    const raw = request.context.get(key);
    if (raw === undefined) return whenAbsent ? YES : NO;
    if (!isAmbiguous(raw)) return holds(raw, positive) ? YES : NO;
    const yes = raw.variants.filter((variant) => holds(variant, positive)).length;
    return yes === raw.variants.length ? YES : yes === 0 ? NO : UNKNOWN;
  };
}
