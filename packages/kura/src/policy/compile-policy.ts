// Parsed policies compiled into matchers, once per policy object (memoized), so that a request
// pays only for comparisons: action patterns are glob closures, resource patterns are split into
// ARN parts in advance, condition values are parsed to numbers, dates, CIDRs and globs.

import { compileResourcePattern, type ArnResolver } from './arn-pattern.js';
import { compileGlob, globTokens, type Matcher } from './compiled-glob.js';
import { compileCondition, NO, UNKNOWN, YES, type CompiledCondition, type Tri } from './compile-condition.js';
import type { PreparedRequest } from './prepare-request.js';
import type { Effect, ParsedPolicy, ParsedStatement, PrincipalSet } from './types.js';

export interface CompiledStatement {
  /** Position in the policy (for Decision.statement). */
  readonly index: number;
  readonly sid: string | undefined;
  readonly effect: Effect;
  /** Action/NotAction against the lower-cased request action. */
  readonly action: (action: string) => boolean;
  /** Resource/NotResource; YES or NO (an unresolvable variable gives NO). Absent in key and trust
   * policy statements without the element: they cover the resource the policy is attached to. */
  readonly resource: ((request: PreparedRequest) => Tri) | undefined;
  readonly principals: PrincipalSet | undefined;
  readonly conditions: readonly CompiledCondition[];
}

export interface CompiledPolicy {
  readonly statements: readonly CompiledStatement[];
}

function compileActions(negated: boolean, patterns: readonly string[]): (action: string) => boolean {
  // Patterns are already lower-cased by the parser; the request action is folded once per request.
  const matchers: Matcher[] = patterns.map((p) => compileGlob(globTokens(p)));
  const any = (action: string): boolean => {
    for (const m of matchers) if (m(action)) return true;
    return false;
  };
  return negated ? (action) => !any(action) : any;
}

function compileResources(negated: boolean, patterns: readonly string[], variablesActive: boolean): (request: PreparedRequest) => Tri {
  const resolvers: ArnResolver[] = patterns.map((p) => compileResourcePattern(p, variablesActive));
  return (request) => {
    let matched = false;
    for (const resolve of resolvers) {
      const matcher = resolve(request.lookup);
      // AWS: a variable that cannot be resolved makes the statement invalid, for Resource and
      // NotResource alike, so that it can neither grant nor (through NotResource) widen.
      if (matcher === undefined) return NO;
      if (!matched && matcher(request.resourceParts)) matched = true;
    }
    return matched !== negated ? YES : NO;
  };
}

function compileStatement(st: ParsedStatement, index: number, variablesActive: boolean): CompiledStatement {
  return {
    index,
    sid: st.sid,
    effect: st.effect,
    action: compileActions(st.actions.negated, st.actions.patterns),
    resource: st.resources === undefined ? undefined : compileResources(st.resources.negated, st.resources.patterns, variablesActive),
    principals: st.principals,
    conditions: st.conditions.map((entry) => compileCondition(entry, variablesActive)),
  };
}

const cache = new WeakMap<ParsedPolicy, CompiledPolicy>();

/** Compiles (or returns the cached compilation of) a parsed policy. Parsed policies are treated as
 * immutable: the cache is keyed by object identity. */
export function compilePolicy(policy: ParsedPolicy): CompiledPolicy {
  let compiled = cache.get(policy);
  if (compiled === undefined) {
    compiled = { statements: policy.statements.map((st, i) => compileStatement(st, i, policy.variablesActive)) };
    cache.set(policy, compiled);
  }
  return compiled;
}

/** Action, resource and conditions (not the principal). YES, NO, or UNKNOWN when an ambiguous
 * request key leaves a condition undecided. Cheapest checks first. */
export function statementMatches(st: CompiledStatement, request: PreparedRequest): Tri {
  if (!st.action(request.action)) return NO;
  if (st.resource !== undefined && st.resource(request) === NO) return NO;
  let result: Tri = YES;
  for (const condition of st.conditions) {
    const r = condition(request);
    if (r === NO) return NO;
    if (r === UNKNOWN) result = UNKNOWN;
  }
  return result;
}
