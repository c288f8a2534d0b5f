// Principal/NotPrincipal: shape checks (syntax stage) and value checks (last stage, as AWS reports
// invalid principals after everything else). Values are normalized so the evaluator compares like
// with like: account ids become root ARNs, DNS-style names are lower-cased.
//
// Whether a named user or role exists is not decided here: AWS refuses principals that do not
// exist, but that needs the store, so the calling service checks it.

import { reasons } from './errors.js';
import type { JsonValue } from './strict-json.js';
import type { PolicyKind, PrincipalSet } from './types.js';

/** A Principal that passed the syntax stage: `"*"`-like string or typed string lists. */
export interface RawPrincipal {
  readonly negated: boolean;
  readonly text: string | undefined;
  readonly typed: ReadonlyArray<readonly [type: string, values: readonly string[]]>;
}

/** Shape only: a string, or an object whose values are strings or arrays of strings. */
export function readPrincipal(value: JsonValue, negated: boolean): RawPrincipal | undefined {
  if (typeof value === 'string') return { negated, text: value, typed: [] };
  if (!(value instanceof Map)) return undefined;
  const typed: Array<readonly [string, string[]]> = [];
  for (const [type, v] of value) {
    if (typeof v === 'string') typed.push([type, [v]]);
    else if (Array.isArray(v) && v.every((x): x is string => typeof x === 'string')) typed.push([type, v]);
    else return undefined;
  }
  return { negated, text: undefined, typed };
}

const PARTITION = '(?:aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc)';
const NAME = "[\\w+=,.@-]+";
const PATH_NAME = "(?:[\\w+=,.@-]+/)*[\\w+=,.@-]+";
const AWS_PRINCIPAL = new RegExp(
  `^arn:${PARTITION}:(?:iam::\\d{12}:(?:root|user/${PATH_NAME}|role/${PATH_NAME}|federated-user/${NAME})` +
    `|sts::\\d{12}:(?:assumed-role/${NAME}/${NAME}|federated-user/${NAME}))$`,
);
const HOST = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/;
const SERVICE = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.(?:amazonaws\.com|amazonaws\.com\.cn|amazon\.com)$/;
const FEDERATED_ARN = new RegExp(`^arn:${PARTITION}:iam::\\d{12}:(?:saml-provider/${NAME}|oidc-provider/[^*?\\s]+)$`);
const CANONICAL_USER = /^[0-9a-f]{64}$/;

class InvalidPrincipal {
  constructor(readonly type: string | undefined, readonly value: string) {}
}

/** Wildcards are allowed only as the whole value `*`: AWS does not match partial principal names. */
function normalize(type: string, value: string, partition: string): string {
  if (value.includes('*') || value.includes('?')) throw new InvalidPrincipal(type, value);
  switch (type) {
    case 'AWS':
      if (/^\d{12}$/.test(value)) return `arn:${partition}:iam::${value}:root`;
      if (AWS_PRINCIPAL.test(value)) return value;
      break;
    case 'Service':
      if (SERVICE.test(value.toLowerCase())) return value.toLowerCase();
      break;
    case 'Federated':
      if (FEDERATED_ARN.test(value)) return value;
      if (HOST.test(value.toLowerCase())) return value.toLowerCase();
      break;
    case 'CanonicalUser':
      if (CANONICAL_USER.test(value.toLowerCase())) return value.toLowerCase();
      break;
    default:
      break;
  }
  throw new InvalidPrincipal(type, value);
}

function reasonFor(kind: PolicyKind, failure: InvalidPrincipal | 'empty'): string {
  if (kind === 'resource') return reasons.kmsInvalidPrincipals;
  if (failure === 'empty') return reasons.noPrincipals;
  if (failure.type === undefined) return reasons.invalidPrincipalString(failure.value);
  return reasons.invalidPrincipal(failure.type.toUpperCase(), failure.value);
}

/** Validates and normalizes; returns the reason to refuse with on failure. */
export function validatePrincipal(raw: RawPrincipal, kind: PolicyKind, partition: string): PrincipalSet | string {
  const lists: Record<'AWS' | 'Service' | 'Federated' | 'CanonicalUser', string[]> = { AWS: [], Service: [], Federated: [], CanonicalUser: [] };
  const set = { negated: raw.negated, wildcard: false, aws: lists.AWS, service: lists.Service, federated: lists.Federated, canonicalUser: lists.CanonicalUser };
  try {
    if (raw.text !== undefined) {
      if (raw.text !== '*') throw new InvalidPrincipal(undefined, raw.text);
      return { ...set, wildcard: true };
    }
    for (const [type, values] of raw.typed) {
      for (const value of values) {
        if (type === 'AWS' && value === '*') {
          set.wildcard = true;
          continue;
        }
        const normalized = normalize(type, value, partition); // throws for unknown types
        const list = lists[type as keyof typeof lists];
        if (!list.includes(normalized)) list.push(normalized);
      }
    }
  } catch (error) {
    if (error instanceof InvalidPrincipal) return reasonFor(kind, error);
    throw error;
  }
  const count = set.aws.length + set.service.length + set.federated.length + set.canonicalUser.length;
  if (!set.wildcard && count === 0) return reasonFor(kind, 'empty');
  return set;
}
