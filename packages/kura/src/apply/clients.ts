// The clients kura apply needs: the management commands' SSM, KMS and STS clients, plus IAM and
// Secrets Manager built from the same configuration (credentials, profile, region, endpoint), so
// that `kura apply` goes where every other command goes: AWS_ENDPOINT_URL, --endpoint-url, a profile.

import { IAMClient, type IAMClientConfig } from '@aws-sdk/client-iam';
import type { KMSClient } from '@aws-sdk/client-kms';
import { SecretsManagerClient, type SecretsManagerClientConfig } from '@aws-sdk/client-secrets-manager';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { STSClient } from '@aws-sdk/client-sts';
import type { ApplyClients } from './resources/types.js';

export type { ApplyClients };

/** The configuration the other clients were built with (manage/aws-clients.ts's ClientConfig). */
export type ClientConfig = { region?: string; profile?: string; endpoint?: string; requestHandler?: unknown };

export function applyClients(base: { ssm: SSMClient; kms: KMSClient; sts: STSClient; config: ClientConfig; more: Array<{ destroy(): void }> }): ApplyClients {
  const config = base.config as IAMClientConfig & SecretsManagerClientConfig;
  const iam = new IAMClient(config);
  const secrets = new SecretsManagerClient(config);
  base.more.push(iam, secrets);
  return { ssm: base.ssm, kms: base.kms, sts: base.sts, iam, secrets };
}
