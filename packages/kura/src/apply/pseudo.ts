// The pseudo parameters: AWS::AccountId (the caller's, from sts:GetCallerIdentity), AWS::Region (the
// client's), AWS::StackName, AWS::StackId (kept in the stack's record, so it stays the same across
// applies), AWS::Partition and AWS::URLSuffix (from the region, as AWS names them),
// AWS::NotificationARNs (none). AWS::NoValue is the resolver's.

import type { Value } from './values.js';

export interface Environment {
  accountId: string;
  region: string;
  stackName: string;
  stackId: string;
}

export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

export function urlSuffixOf(region: string): string {
  return region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
}

export function pseudoParameter(name: string, env: Environment): Value | undefined {
  switch (name) {
    case 'AWS::AccountId':
      return env.accountId;
    case 'AWS::Region':
      return env.region;
    case 'AWS::StackName':
      return env.stackName;
    case 'AWS::StackId':
      return env.stackId;
    case 'AWS::Partition':
      return partitionOf(env.region);
    case 'AWS::URLSuffix':
      return urlSuffixOf(env.region);
    case 'AWS::NotificationARNs':
      return [];
    default:
      return undefined;
  }
}

/** A new stack's id, in CloudFormation's form: arn:…:cloudformation:REGION:ACCOUNT:stack/NAME/UUID. */
export function stackIdFor(env: Omit<Environment, 'stackId'>, uuid: string): string {
  return `arn:${partitionOf(env.region)}:cloudformation:${env.region}:${env.accountId}:stack/${env.stackName}/${uuid}`;
}
