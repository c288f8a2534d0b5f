// `kura policy --key`: the key as IAM needs it. kms:Decrypt is authorized on the key's ARN, never on an
// alias, so an alias or a bare key id is resolved with KMS DescribeKey; a key ARN is used as given.

import { DescribeKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import { CommandError, describeError } from './errors.js';
import { isAwsManagedKey, parseArn } from './policy.js';

export type ResolvedKey = { kind: 'aws-managed' } | { kind: 'customer'; arn: string };

/** `service` names whose AWS managed key is recognised by its alias without asking KMS. */
export async function resolveKey(kms: KMSClient, key: string, service: 'ssm' | 'secretsmanager' = 'ssm'): Promise<ResolvedKey> {
  if (isAwsManagedKey(key, service)) return { kind: 'aws-managed' };
  const arn = parseArn(key);
  if (arn?.service === 'kms' && arn.resource.startsWith('key/')) return { kind: 'customer', arn: key };
  let metadata;
  try {
    metadata = (await kms.send(new DescribeKeyCommand({ KeyId: key }))).KeyMetadata;
  } catch (error) {
    throw new CommandError(`cannot resolve ${key} to a key ARN with kms:DescribeKey (${describeError(error)}): pass the key's ARN instead`);
  }
  if (!metadata?.Arn) throw new CommandError(`kms:DescribeKey returned no ARN for ${key}: pass the key's ARN instead`);
  // Other AWS managed keys cannot be granted through IAM either; their key policies decide.
  if (metadata.KeyManager === 'AWS') return { kind: 'aws-managed' };
  return { kind: 'customer', arn: metadata.Arn };
}
