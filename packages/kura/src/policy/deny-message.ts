// AWS's access-denied texts, as IAM's troubleshooting page gives them
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html):
//   User: <arn> is not authorized to perform: <action> on resource: <arn> because no <type> allows the <action> action
//   User: <arn> is not authorized to perform: <action> on resource: <arn> with an explicit deny in a(n) <type>
// Clients do not parse these, but people paste them into searches, so the wording follows AWS's.

import type { Decision, PolicyTypePhrase } from './evaluation-types.js';

/** The article AWS puts before each policy type after "with an explicit deny in". AWS writes
 * "the role trust policy" (there is only one per role); the others take a/an. */
const EXPLICIT: Record<PolicyTypePhrase, string> = {
  'identity-based policy': 'an identity-based policy',
  'resource-based policy': 'a resource-based policy',
  'permissions boundary': 'a permissions boundary',
  'session policy': 'a session policy',
  'role trust policy': 'the role trust policy',
};

/** The message for a denied request. `resource` undefined omits "on resource: …" (AWS does so for
 * actions without a resource). A denial without a policy type gets AWS's older, reason-less text.
 * Throws for an Allow: asking for a denial message then is a bug in the caller. */
export function accessDeniedMessage(principalArn: string, action: string, resource: string | undefined, decision: Decision): string {
  if (decision.decision === 'Allow') throw new TypeError('accessDeniedMessage called for an allowed request');
  const head = `User: ${principalArn} is not authorized to perform: ${action}${resource === undefined ? '' : ` on resource: ${resource}`}`;
  const type = decision.policyType;
  if (type === undefined) return head;
  if (decision.decision === 'ExplicitDeny') return `${head} with an explicit deny in ${EXPLICIT[type]}`;
  return `${head} because no ${type} allows the ${action} action`;
}
