// Format rules for Action/NotAction and Resource/NotResource values, as AWS IAM applies them (the
// rules and their wording follow responses recorded against AWS by the moto project's test suite).

import { reasons } from './errors.js';

/** Why `action` is refused, or undefined when it is acceptable. `*` alone means every action; the
 * action-name part may hold anything (AWS accepts even spaces); the vendor part may not. */
export function actionError(action: string): string | undefined {
  if (action === '*') return undefined;
  const parts = action.split(':');
  if (parts.length === 1) return reasons.actionWithoutVendor;
  if (parts.length > 2) return reasons.actionColons;
  const vendor = parts[0] ?? '';
  if (vendor.includes('*') || vendor.includes('?')) return reasons.vendorWildcard;
  // AWS lets an empty vendor (":Get") through; Kura refuses it, as it can only be a mistake.
  if (!/^[a-zA-Z0-9.-]+$/.test(vendor)) return reasons.vendorInvalid(vendor);
  return undefined;
}

const PARTITIONS: ReadonlySet<string> = new Set([
  '*',
  'aws',
  'aws-cn',
  'aws-us-gov',
  'aws-iso',
  'aws-iso-b',
  'aws-iso-e',
  'aws-iso-f',
  'aws-eusc',
]);

const IAM_RESOURCE_PREFIXES = [
  'user/',
  'federated-user/',
  'role/',
  'group/',
  'instance-profile/',
  'mfa/',
  'server-certificate/',
  'policy/',
  'sms-mfa/',
  'saml-provider/',
  'oidc-provider/',
  'report/',
  'access-report/',
];

/** AWS echoes a bad partition inside a six-part ARN, filling missing parts with `*`. */
function shownArn(partition: string, rest: string[]): string {
  const [a, b, c] = rest;
  const arn1 = a !== undefined && (a !== '' || rest.length > 1) ? a : '*';
  const arn2 = b ?? '*';
  const arn3 = c ?? '*';
  const arn4 = rest.length > 3 ? rest.slice(3).join(':') : '*';
  return `arn:${partition}:${arn1}:${arn2}:${arn3}:${arn4}`;
}

/** Why `resource` is refused by the format rules, or undefined. */
export function resourceError(resource: string): string | undefined {
  if (resource === '*') return undefined;
  const parts = resource.split(':');
  if (parts.length < 2) return reasons.resourceNotArn(resource);
  const partition = parts[1] ?? '';
  if (!PARTITIONS.has(partition)) return reasons.partitionInvalid(partition, shownArn(partition, parts.slice(2)));
  // AWS does not look at the first part; Kura insists on the literal "arn" so that nothing that
  // merely resembles an ARN is stored.
  if (parts[0] !== 'arn') return reasons.resourceNotArn(resource);
  if (parts.length < 3) return reasons.resourceVendor;
  const service = parts[2] ?? '';
  // IAM allows no wildcards in the service part.
  if (service.includes('*') || service.includes('?')) return reasons.resourceVendor;
  const regionless = parts.length >= 5 && parts[3] === '';
  if (service === 'iam' && !regionless) return reasons.iamResourceRegion(resource);
  if (service === 's3' && !regionless) return reasons.s3ResourceRegion(resource);
  if (service === 'iam') {
    const path = parts.slice(5).join(':');
    if (!IAM_RESOURCE_PREFIXES.some((prefix) => path.startsWith(prefix))) {
      return reasons.iamResourcePath(IAM_RESOURCE_PREFIXES.join(', '));
    }
  }
  return undefined;
}

/** AWS's legacy parser refuses an ARN that uses `::` yet has fewer than six parts
 * (`arn:aws:s3::bucket`) and one with an empty service (`arn:aws::x`). It accepts short forms such
 * as `arn:aws:thing`, which can then match nothing. */
export function resourceFailsLegacyParsing(resource: string): boolean {
  if (resource === '*') return false;
  const parts = resource.split(':');
  if (parts.length < 6 && resource.includes('::')) return true;
  return parts[2] === '';
}
