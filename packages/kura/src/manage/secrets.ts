// The Secrets Manager calls the `kura secret` commands make, through the SDK: paging followed to the
// end, versions oldest first. Nothing here prints, and a value only ever travels in a request body
// or comes back to the caller that asked for it.

import {
  CreateSecretCommand,
  DeleteSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  RestoreSecretCommand,
  RotateSecretCommand,
  paginateListSecrets,
  paginateListSecretVersionIds,
  type GetSecretValueResponse,
  type RotationRulesType,
  type SecretListEntry,
  type SecretsManagerClient,
  type SecretVersionsListEntry,
} from '@aws-sdk/client-secrets-manager';
import { UsageError } from './errors.js';
import { partitionOf } from './policy.js';
import type { SecretInput } from './secret-input.js';

export type { GetSecretValueResponse, SecretListEntry, SecretVersionsListEntry };

export interface Written {
  ARN?: string | undefined;
  Name?: string | undefined;
  VersionId?: string | undefined;
}

export async function createSecret(
  sm: SecretsManagerClient,
  input: { name: string; value: SecretInput; description?: string | undefined; kmsKeyId?: string | undefined; tags: Array<{ Key: string; Value: string }> },
): Promise<Written> {
  const out = await sm.send(
    new CreateSecretCommand({
      Name: input.name,
      ...input.value,
      ...(input.description !== undefined ? { Description: input.description } : {}),
      ...(input.kmsKeyId !== undefined ? { KmsKeyId: input.kmsKeyId } : {}),
      ...(input.tags.length > 0 ? { Tags: input.tags } : {}),
    }),
  );
  return { ARN: out.ARN, Name: out.Name, VersionId: out.VersionId };
}

export async function putSecretValue(sm: SecretsManagerClient, input: { id: string; value: SecretInput; stages: string[] }): Promise<Written & { VersionStages?: string[] | undefined }> {
  const out = await sm.send(new PutSecretValueCommand({ SecretId: input.id, ...input.value, ...(input.stages.length > 0 ? { VersionStages: input.stages } : {}) }));
  return { ARN: out.ARN, Name: out.Name, VersionId: out.VersionId, VersionStages: out.VersionStages };
}

export async function getSecretValue(sm: SecretsManagerClient, input: { id: string; versionStage?: string | undefined; versionId?: string | undefined }): Promise<GetSecretValueResponse> {
  return sm.send(
    new GetSecretValueCommand({
      SecretId: input.id,
      ...(input.versionStage !== undefined ? { VersionStage: input.versionStage } : {}),
      ...(input.versionId !== undefined ? { VersionId: input.versionId } : {}),
    }),
  );
}

/** Every secret (whose name starts with `prefix`, if given), oldest first as ListSecrets sorts them. */
export async function listSecrets(sm: SecretsManagerClient, input: { prefix?: string | undefined; includeDeleted: boolean }): Promise<SecretListEntry[]> {
  const out: SecretListEntry[] = [];
  const request = {
    ...(input.prefix !== undefined ? { Filters: [{ Key: 'name' as const, Values: [input.prefix] }] } : {}),
    ...(input.includeDeleted ? { IncludePlannedDeletion: true } : {}),
  };
  for await (const page of paginateListSecrets({ client: sm, pageSize: 100 }, request)) out.push(...(page.SecretList ?? []));
  return out;
}

/** Every version with its stages, oldest first; versions without a stage only with `includeDeprecated`. */
export async function listVersions(sm: SecretsManagerClient, id: string, includeDeprecated: boolean): Promise<SecretVersionsListEntry[]> {
  const out: SecretVersionsListEntry[] = [];
  for await (const page of paginateListSecretVersionIds({ client: sm, pageSize: 100 }, { SecretId: id, ...(includeDeprecated ? { IncludeDeprecated: true } : {}) })) {
    out.push(...(page.Versions ?? []));
  }
  return out.sort((a, b) => (a.CreatedDate?.getTime() ?? 0) - (b.CreatedDate?.getTime() ?? 0));
}

/** `--every-days`, `--schedule`, `--window` as RotationRules; undefined when none is given. */
export function rotationRules(given: { everyDays?: string | undefined; schedule?: string | undefined; window?: string | undefined }): RotationRulesType | undefined {
  if (given.everyDays !== undefined && given.schedule !== undefined) throw new UsageError('--every-days and --schedule exclude each other: give one');
  if (given.everyDays !== undefined && !(/^[1-9][0-9]{0,3}$/.test(given.everyDays) && Number(given.everyDays) <= 1000)) throw new UsageError(`--every-days must be a whole number of days from 1 to 1000 (got '${given.everyDays}')`);
  const rules: RotationRulesType = {
    ...(given.everyDays !== undefined ? { AutomaticallyAfterDays: Number(given.everyDays) } : {}),
    ...(given.schedule !== undefined ? { ScheduleExpression: given.schedule } : {}),
    ...(given.window !== undefined ? { Duration: given.window } : {}),
  };
  return Object.keys(rules).length > 0 ? rules : undefined;
}

/** A rotation function given by name: the Lambda function ARN Secrets Manager expects. */
export function functionArn(name: string, region: string, account: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) throw new UsageError(`--function: '${name}' is neither a Lambda function ARN nor a function name (letters, digits, - and _, at most 64)`);
  return `arn:${partitionOf(region)}:lambda:${region}:${account}:function:${name}`;
}

export async function rotateSecret(
  sm: SecretsManagerClient,
  input: { id: string; functionArn?: string | undefined; rules?: RotationRulesType | undefined; immediately: boolean },
): Promise<Written> {
  const out = await sm.send(
    new RotateSecretCommand({
      SecretId: input.id,
      ...(input.functionArn !== undefined ? { RotationLambdaARN: input.functionArn } : {}),
      ...(input.rules !== undefined ? { RotationRules: input.rules } : {}),
      RotateImmediately: input.immediately,
    }),
  );
  return { ARN: out.ARN, Name: out.Name, VersionId: out.VersionId };
}

/** With `force` the secret goes at once; otherwise after the recovery window (AWS's default: 30 days). */
export async function deleteSecret(sm: SecretsManagerClient, input: { id: string; recoveryDays?: number | undefined; force: boolean }): Promise<Written & { DeletionDate?: Date | undefined }> {
  const out = await sm.send(
    new DeleteSecretCommand({
      SecretId: input.id,
      ...(input.force ? { ForceDeleteWithoutRecovery: true } : {}),
      ...(input.recoveryDays !== undefined ? { RecoveryWindowInDays: input.recoveryDays } : {}),
    }),
  );
  return { ARN: out.ARN, Name: out.Name, DeletionDate: out.DeletionDate };
}

export async function restoreSecret(sm: SecretsManagerClient, id: string): Promise<Written> {
  const out = await sm.send(new RestoreSecretCommand({ SecretId: id }));
  return { ARN: out.ARN, Name: out.Name };
}
