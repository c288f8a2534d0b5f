// The per-request work that every statement would otherwise repeat: fold the action and the
// condition-key names to lower case (IAM compares both case-insensitively), split the resource
// ARN, work out the caller's account root ARN.

import { splitArn } from './arn-pattern.js';
import type { EvaluationRequest, RequestPrincipal } from './evaluation-types.js';
import type { Lookup } from './policy-variables.js';

/** Two request keys that differ only in case (e.g. the encryption-context keys `Stage` and
 * `stage`, which KMS keeps apart) fold to one condition key with different values. Which one a
 * policy "means" is undecidable, so such a key is evaluated with every variant and a statement
 * applies only as its effect allows: an Allow needs all variants to match, a Deny any one. */
export interface Ambiguous {
  readonly variants: ReadonlyArray<string | readonly string[]>;
}

export type ContextValue = string | readonly string[] | Ambiguous;

export interface PreparedRequest {
  readonly principal: RequestPrincipal;
  /** `arn:<partition>:iam::<account>:root` of the caller's account. */
  readonly rootArn: string;
  /** Lower-cased. */
  readonly action: string;
  readonly resource: string;
  readonly resourceParts: readonly string[];
  /** Keys lower-cased. */
  readonly context: ReadonlyMap<string, ContextValue>;
  /** Policy-variable values: single-valued context keys only (AWS: multivalued keys cannot be
   * variables). */
  readonly lookup: Lookup;
}

export function isAmbiguous(value: ContextValue): value is Ambiguous {
  return typeof value === 'object' && !Array.isArray(value);
}

function sameValue(a: string | readonly string[], b: string | readonly string[]): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function foldContext(context: EvaluationRequest['context']): Map<string, ContextValue> {
  const folded = new Map<string, ContextValue>();
  for (const [name, value] of Object.entries(context)) {
    const key = name.toLowerCase();
    const previous = folded.get(key);
    if (previous === undefined) {
      folded.set(key, value);
      continue;
    }
    const variants = isAmbiguous(previous) ? [...previous.variants] : [previous];
    if (!variants.some((v) => sameValue(v, value))) variants.push(value);
    folded.set(key, variants.length === 1 ? value : { variants });
  }
  return folded;
}

export function prepareRequest(request: EvaluationRequest): PreparedRequest {
  const context = foldContext(request.context);
  const partition = request.principal.arn.split(':')[1] || 'aws';
  return {
    principal: request.principal,
    rootArn: `arn:${partition}:iam::${request.principal.accountId}:root`,
    action: request.action.toLowerCase(),
    resource: request.resource,
    resourceParts: splitArn(request.resource),
    context,
    lookup: (key) => {
      const value = context.get(key);
      return typeof value === 'string' ? value : undefined;
    },
  };
}
