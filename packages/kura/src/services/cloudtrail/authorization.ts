// The generic authorization of every CloudTrail operation Kura implements, run by the gateway before
// the handler. LookupEvents has no resource-level permissions on AWS: `cloudtrail:LookupEvents` on
// `*` (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscloudtrail.html).
// An operation missing from the table is refused: a new handler cannot run unauthorized by accident.

import type { OperationContext } from '../context.js';

const RULES: ReadonlyMap<string, { action: string; resource: '*' }> = new Map([['LookupEvents', { action: 'cloudtrail:LookupEvents', resource: '*' }]]);

/** The table, for the test that holds it to the implemented operations. */
export const cloudTrailRules = RULES;

export async function authorizeCloudTrail(operation: string, _input: Record<string, unknown>, ctx: OperationContext): Promise<void> {
  const rule = RULES.get(operation);
  if (!rule) throw new Error(`no authorization rule for CloudTrail operation ${operation}`);
  await ctx.access.require({ action: rule.action, resource: rule.resource });
}
