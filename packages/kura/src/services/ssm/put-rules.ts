// The value, tier, data type and policy rules of PutParameter, as pure functions so the
// handler reads as the sequence AWS follows. None of these messages contains the value.

import type { ParameterTier, ParameterType } from '../../store/parameters.js';
import { ssmErrors } from './errors.js';

export const STANDARD_MAX_CHARS = 4096;
export const ADVANCED_MAX_CHARS = 8192;
/** The service's hard cap, reported in Coral form before any tier rule. */
export const VALUE_HARD_CAP = 32768;
export const MAX_POLICIES = 10;

const DATA_TYPES = ['text', 'aws:ec2:image', 'aws:ssm:integration'];
const AMI_ID = /^ami-[0-9a-f]{8}([0-9a-f]{9})?$/;
const POLICY_TYPES = ['Expiration', 'ExpirationNotification', 'NoChangeNotification'];
// Java's `.` (AWS is Java) does not cross line breaks, so neither does this.
const NESTED_REFERENCE = /\{\{.*\}\}/;

/** Length is counted in UTF-16 code units, as Java's String.length() counts characters. */
export function checkValue(value: string): void {
  if (value.length < 1) throw ssmErrors.valueLength('min', 1);
  if (value.length > VALUE_HARD_CAP) throw ssmErrors.valueLength('max', VALUE_HARD_CAP);
  if (NESTED_REFERENCE.test(value)) throw ssmErrors.nestedReference();
}

export interface TierDecision {
  requested: string | undefined;
  previous: ParameterTier | undefined;
  valueLength: number;
  hasPolicies: boolean;
}

/**
 * Explicit Tier wins; without one an overwrite keeps the previous tier and a create uses the account
 * default (Standard). Intelligent-Tiering picks Advanced only when something needs it. A parameter
 * never moves from Advanced back to Standard.
 */
export function resolveTier({ requested, previous, valueLength, hasPolicies }: TierDecision): ParameterTier {
  let tier: ParameterTier;
  if (requested === 'Advanced' || requested === 'Standard') tier = requested;
  else if (requested === 'Intelligent-Tiering') {
    tier = valueLength > STANDARD_MAX_CHARS || hasPolicies || previous === 'Advanced' ? 'Advanced' : 'Standard';
  } else tier = previous ?? 'Standard';
  if (tier === 'Standard' && previous === 'Advanced') throw ssmErrors.tierDowngrade();
  if (tier === 'Standard' && valueLength > STANDARD_MAX_CHARS) throw ssmErrors.standardValueTooLong();
  if (tier === 'Advanced' && valueLength > ADVANCED_MAX_CHARS) throw ssmErrors.advancedValueTooLong();
  if (tier === 'Standard' && hasPolicies) {
    // guess: AWS rejects policies on Standard parameters; its text is not known.
    throw ssmErrors.validation(
      "Standard tier parameters don't support parameter policies. To use parameter policies, upgrade the parameter to the advanced-parameter tier.",
    );
  }
  return tier;
}

export function checkDataType(dataType: string, type: ParameterType): void {
  if (!DATA_TYPES.includes(dataType)) throw ssmErrors.unsupportedDataType(dataType);
  // guess (text): aws:ec2:image is documented for String parameters only.
  if (dataType === 'aws:ec2:image' && type !== 'String') {
    throw ssmErrors.validation('The aws:ec2:image data type is only supported for parameters of type String.');
  }
}

/**
 * The AMI id of an aws:ec2:image value. AWS validates it asynchronously: PutParameter answers
 * success and the write is dropped later, so every error AWS answers at once comes before this
 * one; the caller runs it after all its other checks. Kura checks the format at once instead of
 * dropping the write, and never checks that the AMI exists (GAPS.md). guess (text).
 */
export function checkImageId(dataType: string, value: string): void {
  if (dataType === 'aws:ec2:image' && !AMI_ID.test(value)) {
    throw ssmErrors.validation('The value of a parameter with the aws:ec2:image data type must be an AMI ID in the format ami-xxxxxxxx or ami-xxxxxxxxxxxxxxxxx.');
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkPolicyAttributes(type: string, attributes: Record<string, unknown>): boolean {
  const unitOk = attributes['Unit'] === 'Days' || attributes['Unit'] === 'Hours';
  const count = (v: unknown) => typeof v === 'string' && /^[1-9][0-9]*$/.test(v);
  if (type === 'Expiration') return typeof attributes['Timestamp'] === 'string' && !Number.isNaN(Date.parse(attributes['Timestamp']));
  if (type === 'ExpirationNotification') return unitOk && count(attributes['Before']);
  return unitOk && count(attributes['After']);
}

/**
 * Validates the Policies JSON array. Returns the text to store, or null when the array is empty
 * (an empty array removes the policies; an absent member keeps them, which the caller decides).
 */
export function parsePolicies(text: string): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw ssmErrors.invalidPolicyAttribute();
  }
  if (!Array.isArray(parsed)) throw ssmErrors.invalidPolicyAttribute();
  if (parsed.length > MAX_POLICIES) throw ssmErrors.policiesLimitExceeded();
  const seen = new Set<string>();
  for (const policy of parsed) {
    if (!isObject(policy)) throw ssmErrors.invalidPolicyAttribute();
    const type = typeof policy['Type'] === 'string' ? policy['Type'] : String(policy['Type']);
    if (!POLICY_TYPES.includes(type)) throw ssmErrors.invalidPolicyType(type);
    if (policy['Version'] !== '1.0' || !isObject(policy['Attributes'])) throw ssmErrors.invalidPolicyAttribute();
    if (!checkPolicyAttributes(type, policy['Attributes'])) throw ssmErrors.invalidPolicyAttribute();
    if (seen.has(type)) throw ssmErrors.incompatiblePolicy();
    seen.add(type);
  }
  return parsed.length === 0 ? null : text;
}
