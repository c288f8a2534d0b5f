// Stored records → the output shapes of the Secrets Manager model. Optional members are left out
// rather than set to null, as AWS omits them (LocalStack's recordings of AWS): no Description or
// KmsKeyId for a secret without, no rotation members for a secret never set up for rotation, no
// VersionIdsToStages for a secret without a labelled version, no LastAccessedDate before a read.

import type { LabelledVersion, SecretRecord, SecretVersionRecord } from '../../store/secrets.js';

/** `VersionIdsToStages` / `SecretVersionsToStages`: labelled versions only. */
function stagesMap(versions: readonly LabelledVersion[]): Record<string, string[]> | undefined {
  const labelled = versions.filter((v) => v.stages.length > 0);
  if (labelled.length === 0) return undefined;
  return Object.fromEntries(labelled.map((v) => [v.versionId, v.stages]));
}

function rotationMembers(secret: SecretRecord): Record<string, unknown> {
  const { rotation } = secret;
  const configured = rotation.enabled || rotation.lambdaArn !== null;
  const out: Record<string, unknown> = {};
  if (configured) out['RotationEnabled'] = rotation.enabled;
  if (rotation.lambdaArn !== null) out['RotationLambdaARN'] = rotation.lambdaArn;
  const rules: Record<string, unknown> = {};
  if (rotation.automaticallyAfterDays !== null) rules['AutomaticallyAfterDays'] = rotation.automaticallyAfterDays;
  if (rotation.scheduleExpression !== null) rules['ScheduleExpression'] = rotation.scheduleExpression;
  if (rotation.duration !== null) rules['Duration'] = rotation.duration;
  if (Object.keys(rules).length > 0) out['RotationRules'] = rules;
  if (rotation.lastRotatedDate !== null) out['LastRotatedDate'] = rotation.lastRotatedDate;
  if (rotation.nextRotationDate !== null && rotation.enabled) out['NextRotationDate'] = rotation.nextRotationDate;
  return out;
}

/** DescribeSecret's output, or (with `stagesMember` SecretVersionsToStages) a ListSecrets entry. */
export function secretToWire(secret: SecretRecord, versions: readonly LabelledVersion[], stagesMember: 'VersionIdsToStages' | 'SecretVersionsToStages'): Record<string, unknown> {
  const out: Record<string, unknown> = { ARN: secret.arn, Name: secret.name };
  if (secret.description !== null) out['Description'] = secret.description;
  if (secret.kmsKeyId !== null) out['KmsKeyId'] = secret.kmsKeyId;
  Object.assign(out, rotationMembers(secret));
  out['LastChangedDate'] = secret.lastChangedDate;
  if (secret.lastAccessedDate !== null) out['LastAccessedDate'] = secret.lastAccessedDate;
  if (secret.deletedDate !== null) out['DeletedDate'] = secret.deletedDate;
  if (secret.tags.length > 0) out['Tags'] = secret.tags.map((tag) => ({ Key: tag.key, Value: tag.value }));
  const stages = stagesMap(versions);
  if (stages) out[stagesMember] = stages;
  out['CreatedDate'] = secret.createdDate;
  return out;
}

/** A GetSecretValue / BatchGetSecretValue entry. */
export function valueToWire(secret: SecretRecord, version: SecretVersionRecord, value: Buffer): Record<string, unknown> {
  const out: Record<string, unknown> = { ARN: secret.arn, Name: secret.name, VersionId: version.versionId };
  if (version.kind === 'string') out['SecretString'] = value.toString('utf8');
  else out['SecretBinary'] = value;
  if (version.stages.length > 0) out['VersionStages'] = version.stages;
  out['CreatedDate'] = version.createdDate;
  return out;
}

/** AWS names the default key this way in ListSecretVersionIds' KmsKeyIds. */
export const DEFAULT_KEY_NAME = 'DefaultEncryptionKey';

/** A ListSecretVersionIds entry; a deprecated version has no VersionStages member. */
export function versionToWire(version: SecretVersionRecord, defaultKeyArn: string | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = { VersionId: version.versionId };
  if (version.stages.length > 0) out['VersionStages'] = version.stages;
  if (version.lastAccessedDate !== null) out['LastAccessedDate'] = version.lastAccessedDate;
  out['CreatedDate'] = version.createdDate;
  // A rotation's pending version before its value is put is sealed under no key yet.
  if (version.kmsKeyArn !== '') out['KmsKeyIds'] = [version.kmsKeyArn === defaultKeyArn ? DEFAULT_KEY_NAME : version.kmsKeyArn];
  return out;
}
