// The optional parts of an AssumeRole request that shape the session: session policies (Policy and
// PolicyArns, which can only narrow the role's permissions), session tags and their transitive
// keys. Validated before any credential is issued.

import { PolicyError, parsePolicy, policyLength } from '../../policy/index.js';
import type { IamTag } from '../../store/iam-types.js';
import type { OperationContext } from '../context.js';
import { parseIamArn } from '../../identity/arns.js';
import { findPolicy } from '../iam/lookup.js';
import { stsErrors } from './errors.js';

type Input = Record<string, unknown>;

/** AWS's limit for session policies and tags together, before its own (undocumented) packing. */
const PACKED_LIMIT = 2048;
const MAX_POLICY_ARNS = 10;

export interface SessionRequest {
  policy: string | null;
  policyArns: string[];
  tags: IamTag[];
  transitiveTagKeys: string[];
  /** Percentage of the packed limit used; undefined when no policy or tag was passed. */
  packedPolicySize: number | undefined;
}

function readTags(input: Input): { tags: IamTag[]; transitive: string[] } {
  const raw = Array.isArray(input['Tags']) ? (input['Tags'] as Array<{ Key?: unknown; Value?: unknown }>) : [];
  const tags: IamTag[] = [];
  const seen = new Set<string>();
  for (const t of raw) {
    if (typeof t.Key !== 'string') continue;
    if (seen.has(t.Key.toLowerCase())) throw stsErrors.duplicateTagKeys();
    seen.add(t.Key.toLowerCase());
    tags.push({ key: t.Key, value: typeof t.Value === 'string' ? t.Value : '' });
  }
  const transitive = Array.isArray(input['TransitiveTagKeys']) ? (input['TransitiveTagKeys'] as unknown[]).filter((k): k is string => typeof k === 'string') : [];
  if (transitive.some((k) => !seen.has(k.toLowerCase()))) throw stsErrors.transitiveKeyNotInTags();
  return { tags, transitive };
}

export async function readSessionRequest(ctx: OperationContext, input: Input): Promise<SessionRequest> {
  const policy = typeof input['Policy'] === 'string' ? input['Policy'] : null;
  if (policy !== null) {
    try {
      parsePolicy(policy, 'session');
    } catch (error) {
      if (error instanceof PolicyError) throw stsErrors.malformed(error.reason);
      throw error;
    }
  }
  const descriptors = Array.isArray(input['PolicyArns']) ? (input['PolicyArns'] as Array<{ arn?: unknown }>) : [];
  const policyArns = descriptors.map((d) => d.arn).filter((a): a is string => typeof a === 'string');
  if (policyArns.length > MAX_POLICY_ARNS) {
    throw stsErrors.validation(`1 validation error detected: Value at 'policyArns' failed to satisfy constraint: Member must have length less than or equal to ${MAX_POLICY_ARNS}`);
  }
  for (const arn of policyArns) {
    // guess: AWS's answer for a managed session policy that is not a policy of this account.
    if (parseIamArn(arn)?.kind !== 'policy' || !(await findPolicy(ctx, arn))) {
      throw stsErrors.validation(`Policy ${arn} does not exist or is not attachable.`);
    }
  }
  const { tags, transitive } = readTags(input);
  const used =
    (policy === null ? 0 : policyLength(policy, 'non-whitespace-chars')) +
    policyArns.reduce((n, a) => n + a.length, 0) +
    tags.reduce((n, t) => n + t.key.length + t.value.length, 0);
  const passed = policy !== null || policyArns.length > 0 || tags.length > 0;
  const packedPolicySize = passed ? Math.ceil((used * 100) / PACKED_LIMIT) : undefined;
  if (packedPolicySize !== undefined && packedPolicySize > 100) throw stsErrors.packedTooLarge(packedPolicySize);
  return { policy, policyArns, tags, transitiveTagKeys: transitive, packedPolicySize };
}

/** The condition keys a trust policy sees for these tags (aws:RequestTag/…, aws:TagKeys). */
export function tagContext(request: SessionRequest): Record<string, string | string[]> {
  if (request.tags.length === 0) return {};
  const context: Record<string, string | string[]> = { 'aws:TagKeys': request.tags.map((t) => t.key) };
  for (const t of request.tags) context[`aws:RequestTag/${t.key}`] = t.value;
  if (request.transitiveTagKeys.length > 0) context['sts:TransitiveTagKeys'] = request.transitiveTagKeys;
  return context;
}
