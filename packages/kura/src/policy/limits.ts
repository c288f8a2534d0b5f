// Policy size quotas and how AWS measures them. IAM does not count whitespace ("IAM doesn't count
// white space when calculating the size of a policy"); KMS states its key-policy limit in bytes.

import { Buffer } from 'node:buffer';

/** AWS's default quotas. The inline limits are per entity, summed over all of its inline policies,
 * so a service checks the sum with {@link policyLength}; the parser's `maxLength` checks one document. */
export const POLICY_SIZE_LIMITS = {
  managedPolicy: 6144,
  userInlineTotal: 2048,
  roleInlineTotal: 10240,
  groupInlineTotal: 5120,
  trustPolicy: 2048,
  sessionPolicy: 2048,
  keyPolicyBytes: 32768,
} as const;

/** `non-whitespace-chars`: characters (code points) other than JSON whitespace; `utf8-bytes`: everything. */
export type LengthUnit = 'non-whitespace-chars' | 'utf8-bytes';

export function policyLength(text: string, unit: LengthUnit): number {
  if (unit === 'utf8-bytes') return Buffer.byteLength(text, 'utf8');
  let n = 0;
  for (const c of text) {
    if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') n += 1;
  }
  return n;
}
