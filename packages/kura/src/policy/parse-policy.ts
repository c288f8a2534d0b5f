// parsePolicy: validates a policy document the way AWS does at write time and returns the
// normalized form the evaluator consumes. Checks run in the order AWS's recorded answers imply
// (size, syntax, version, kind rules, legacy parsing, Sids, missing actions, resource formats,
// action vendors, missing resources, principals) so that a document with several faults gets the
// reason AWS would give first.
//
// Where AWS is lax and the laxity could weaken a decision, Kura is stricter and says so in a
// comment: unknown condition operators, duplicate JSON keys, NotPrincipal with Allow, malformed
// numeric/IP condition values.

import { isValidConditionValue } from './conditions.js';
import { actionError, resourceError, resourceFailsLegacyParsing } from './elements.js';
import { PolicyError, reasons } from './errors.js';
import { policyLength, type LengthUnit } from './limits.js';
import { validatePrincipal } from './principals.js';
import { readDocument, type RawDocument, type RawStatement } from './read-document.js';
import { parseStrictJson, type JsonValue } from './strict-json.js';
import type { Effect, ParsedPolicy, ParsedStatement, PolicyKind } from './types.js';

export interface ParsePolicyOptions {
  /** Refuse documents longer than this (code `too-large`), measured in `lengthUnit`. */
  readonly maxLength?: number;
  /** Default: `utf8-bytes` for resource (KMS key) policies, `non-whitespace-chars` for IAM kinds. */
  readonly lengthUnit?: LengthUnit;
  /** Reason for `too-large`; default AWS's managed-policy wording `Cannot exceed quota for PolicySize: N`. */
  readonly tooLargeReason?: string;
  /** IAM CreatePolicy/CreatePolicyVersion refuse a missing or 2008-10-17 Version. Default false. */
  readonly requireVersion2012?: boolean;
  /** `iam`: Sids alphanumeric and unique (IAM kinds, the default); `lenient`: any string, duplicates
   * allowed (default for KMS key policies, whose examples use Sids with spaces). */
  readonly sidRules?: 'iam' | 'lenient';
  /** Partition for rewriting a bare account id principal to its root ARN. Default `aws`. */
  readonly partition?: string;
}

function checkSize(text: string, kind: PolicyKind, options: ParsePolicyOptions): void {
  if (options.maxLength === undefined) return;
  const unit = options.lengthUnit ?? (kind === 'resource' ? 'utf8-bytes' : 'non-whitespace-chars');
  const length = policyLength(text, unit);
  if (length > options.maxLength) {
    const reason = options.tooLargeReason ?? reasons.tooLarge(options.maxLength);
    throw new PolicyError(reason, 'too-large', { length, limit: options.maxLength });
  }
}

/** Element-presence rules that depend on where the policy is attached. */
function checkKindRules(statements: readonly RawStatement[], kind: PolicyKind): void {
  for (const st of statements) {
    if (kind === 'identity' || kind === 'session') {
      if (st.principal !== undefined) throw new PolicyError(reasons.principalNotAllowed);
      continue;
    }
    if (kind === 'trust') {
      if (st.resources !== undefined) throw new PolicyError(reasons.prohibitedField(st.resources.field));
      // AWS documents that NotPrincipal cannot be used in a role trust policy.
      if (st.principal?.negated === true) throw new PolicyError(reasons.prohibitedField('NotPrincipal'));
    }
    if (st.principal === undefined) throw new PolicyError(reasons.missingField('Principal'));
    // "Allow everyone except X" is documented as unsupported; refusing it keeps it from being read
    // as an Allow to the world.
    if (st.principal.negated && st.effect.toLowerCase() === 'allow') {
      throw new PolicyError(reasons.notPrincipalWithAllow);
    }
  }
}

function checkLegacyParsing(doc: RawDocument, variablesActive: boolean, resourceFormatOk: boolean): void {
  for (const st of doc.statements) {
    if (st.effect !== 'Allow' && st.effect !== 'Deny') throw new PolicyError(reasons.legacyParsing);
    for (const entry of st.conditions) {
      for (const value of entry.values) {
        if (!isValidConditionValue(entry.operator, value, variablesActive)) {
          throw new PolicyError(reasons.legacyParsing);
        }
      }
    }
  }
  // AWS runs the legacy resource parse only when no resource had a format error.
  if (!resourceFormatOk) return;
  for (const st of doc.statements) {
    if (st.resources?.values.some(resourceFailsLegacyParsing) === true) throw new PolicyError(reasons.legacyParsing);
  }
}

function checkSids(statements: readonly RawStatement[]): void {
  const seen = new Set<string>();
  for (const { sid } of statements) {
    if (sid === undefined || sid === '') continue;
    if (!/^[0-9A-Za-z]*$/.test(sid)) throw new PolicyError(reasons.sidNotAlphanumeric);
    if (seen.has(sid)) throw new PolicyError(reasons.sidNotUnique);
    seen.add(sid);
  }
}

function firstResourceError(statements: readonly RawStatement[]): string | undefined {
  for (const st of statements) {
    for (const resource of st.resources?.values ?? []) {
      const error = resourceError(resource);
      if (error !== undefined) return error;
    }
  }
  return undefined;
}

function parseJson(text: string, kind: PolicyKind): JsonValue {
  try {
    return parseStrictJson(text);
  } catch {
    throw new PolicyError(kind === 'trust' ? reasons.invalidJson : reasons.syntax);
  }
}

/** Validates `text` as a policy of `kind`; throws {@link PolicyError} (and nothing else) when AWS
 * would refuse it, with AWS's reason. */
export function parsePolicy(text: string, kind: PolicyKind, options: ParsePolicyOptions = {}): ParsedPolicy {
  if (typeof text !== 'string') throw new PolicyError(reasons.syntax);
  checkSize(text, kind, options);
  const doc = readDocument(parseJson(text, kind));
  if (doc === undefined) throw new PolicyError(reasons.syntax);

  if (options.requireVersion2012 === true && doc.version !== '2012-10-17') {
    throw new PolicyError(reasons.versionTooOld);
  }
  const version = doc.version ?? '2008-10-17';
  const variablesActive = version === '2012-10-17';
  const statements = doc.statements;

  checkKindRules(statements, kind);
  const formatError = firstResourceError(statements);
  checkLegacyParsing(doc, variablesActive, formatError === undefined);
  if ((options.sidRules ?? (kind === 'resource' ? 'lenient' : 'iam')) === 'iam') checkSids(statements);
  for (const st of statements) {
    if (st.actions === undefined || st.actions.values.length === 0) throw new PolicyError(reasons.noActions);
  }
  if (formatError !== undefined) throw new PolicyError(formatError);
  // AWS reports a vendor-less action before a missing resource (recorded: {"Action": "invalid"}).
  for (const st of statements) {
    for (const action of st.actions?.values ?? []) {
      const error = actionError(action);
      if (error !== undefined) throw new PolicyError(error);
    }
  }
  for (const st of statements) {
    const empty = st.resources === undefined || st.resources.values.length === 0;
    // A statement without resources is refused, never read as "everything".
    // Resource and trust policies may omit the element, but never give it empty.
    if (empty && (kind === 'identity' || kind === 'session' || st.resources !== undefined)) {
      throw new PolicyError(reasons.noResources);
    }
  }

  const partition = options.partition ?? 'aws';
  const parsed: ParsedStatement[] = statements.map((st) => {
    let principals;
    if (st.principal !== undefined) {
      const result = validatePrincipal(st.principal, kind, partition);
      if (typeof result === 'string') throw new PolicyError(result);
      principals = result;
    }
    const actions = st.actions ?? { negated: false, values: [] };
    return {
      sid: st.sid,
      effect: st.effect as Effect,
      actions: { negated: actions.negated, patterns: actions.values.map((a) => a.toLowerCase()) },
      resources: st.resources && { negated: st.resources.negated, patterns: [...st.resources.values] },
      principals,
      conditions: st.conditions,
    };
  });

  return { kind, version, id: doc.id, variablesActive, statements: parsed };
}
