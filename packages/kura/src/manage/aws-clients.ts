// SDK v3 clients for the management commands. Everything that decides where requests go and as whom
// (credentials, profile, region, endpoint) is left to the SDK's own chain, so the same command works
// against real AWS and against `kura serve` with nothing but AWS_ENDPOINT_URL set.

import { KMSClient } from '@aws-sdk/client-kms';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';

export interface AwsOptions {
  /** `--region`; wins over everything. */
  region?: string | undefined;
  /** `--profile`; like AWS_PROFILE, for both credentials and config. */
  profile?: string | undefined;
  /** `--endpoint-url`; like AWS_ENDPOINT_URL, for every service. */
  endpointUrl?: string | undefined;
  /** The environment the chain reads; only AWS_REGION/AWS_DEFAULT_REGION are looked at here. */
  env: NodeJS.ProcessEnv;
  /** Tests only: replaces the HTTP layer, so resolution can be observed without sending anything. */
  requestHandler?: SSMClient['config']['requestHandler'];
}

export interface AwsClients {
  ssm: SSMClient;
  kms: KMSClient;
  sts: STSClient;
  /** What they were built with, for a client built later (secrets-client.ts: only the secret commands load it). */
  config: ClientConfig;
  /** Clients built later from `config`, destroyed with these. */
  more: Array<{ destroy(): void }>;
}

export type ClientConfig = Pick<AwsOptions, 'requestHandler'> & { region?: string; profile?: string; endpoint?: string };

/**
 * The region, by the AWS CLI's precedence where the SDK has none: the SDK reads AWS_REGION and the
 * profile, but not AWS_DEFAULT_REGION, which is what most AWS CLI users have set. Undefined leaves the
 * choice to the SDK.
 */
export function explicitRegion(options: Pick<AwsOptions, 'region' | 'env'>): string | undefined {
  if (options.region) return options.region;
  if (options.env.AWS_REGION) return undefined;
  return options.env.AWS_DEFAULT_REGION || undefined;
}

export function createAwsClients(options: AwsOptions): AwsClients {
  const region = explicitRegion(options);
  const config: ClientConfig = {
    ...(region ? { region } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.endpointUrl ? { endpoint: options.endpointUrl } : {}),
    ...(options.requestHandler ? { requestHandler: options.requestHandler } : {}),
  };
  return { ssm: new SSMClient(config), kms: new KMSClient(config), sts: new STSClient(config), config, more: [] };
}

export function destroyAwsClients(clients: AwsClients): void {
  clients.ssm.destroy();
  clients.kms.destroy();
  clients.sts.destroy();
  for (const client of clients.more) client.destroy();
}
