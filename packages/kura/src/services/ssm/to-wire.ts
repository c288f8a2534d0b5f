// Stored records → the output shapes of the SSM model (Parameter, ParameterMetadata, ParameterHistory).
// Dates stay Date objects; the JSON codec turns them into epoch seconds. Optional members are left out
// rather than set to null, because AWS omits them and JS v3 would surface a null.

import type { ParameterHead, ParameterVersion } from '../../store/parameters.js';
import type { Selector } from './names.js';

export interface WirePolicy {
  PolicyText: string;
  PolicyType: string;
  PolicyStatus: string;
}

/** Splits the stored Policies JSON array into the ParameterInlinePolicy list AWS reports. */
export function policiesToWire(policies: string | null): WirePolicy[] {
  if (policies === null) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(policies);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed.map((policy: unknown) => {
    const type = typeof policy === 'object' && policy !== null && 'Type' in policy ? String((policy as { Type: unknown }).Type) : '';
    // Policies are stored, not scheduled (GAPS.md), so every one stays Pending.
    return { PolicyText: JSON.stringify(policy), PolicyType: type, PolicyStatus: 'Pending' };
  });
}

/** GetParameter / GetParameters / GetParametersByPath entry. `name` is what the response echoes. */
export function toParameter(
  name: string,
  arn: string,
  version: ParameterVersion,
  value: string,
  selector?: Selector,
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    Name: name,
    Type: version.type,
    Value: value,
    Version: version.version,
  };
  if (selector) out['Selector'] = `:${selector.text}`;
  out['LastModifiedDate'] = version.lastModifiedDate;
  out['ARN'] = arn;
  out['DataType'] = version.dataType;
  return out;
}

/** DescribeParameters entry: the latest version's metadata, never a value. */
export function toMetadata(head: ParameterHead, arn: string): Record<string, unknown> {
  const latest = head.latest;
  const out: Record<string, unknown> = { Name: head.displayName, ARN: arn, Type: latest.type };
  if (latest.type === 'SecureString' && latest.keyId !== null) out['KeyId'] = latest.keyId;
  out['LastModifiedDate'] = latest.lastModifiedDate;
  out['LastModifiedUser'] = latest.lastModifiedUser;
  if (latest.description !== null) out['Description'] = latest.description;
  if (latest.allowedPattern !== null) out['AllowedPattern'] = latest.allowedPattern;
  out['Version'] = latest.version;
  out['Tier'] = latest.tier;
  out['Policies'] = policiesToWire(latest.policies);
  out['DataType'] = latest.dataType;
  return out;
}

/** GetParameterHistory entry. */
export function toHistory(name: string, version: ParameterVersion, value: string): Record<string, unknown> {
  const out: Record<string, unknown> = { Name: name, Type: version.type };
  if (version.type === 'SecureString' && version.keyId !== null) out['KeyId'] = version.keyId;
  out['LastModifiedDate'] = version.lastModifiedDate;
  out['LastModifiedUser'] = version.lastModifiedUser;
  if (version.description !== null) out['Description'] = version.description;
  out['Value'] = value;
  if (version.allowedPattern !== null) out['AllowedPattern'] = version.allowedPattern;
  out['Version'] = version.version;
  out['Labels'] = [...version.labels];
  out['Tier'] = version.tier;
  out['Policies'] = policiesToWire(version.policies);
  out['DataType'] = version.dataType;
  return out;
}
