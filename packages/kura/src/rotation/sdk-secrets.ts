// SecretsApi over the AWS SDK v3 Secrets Manager client: the calls AWS's rotation templates make,
// with their parameters. The client is configured only by the environment the runner gives (role
// credentials, AWS_REGION, AWS_ENDPOINT_URL), exactly as a Lambda function's would be.

import {
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { SecretVersionNotFound, type SecretsApi } from './mysql-rotation.js';

export function createSecretsClient(): SecretsManagerClient {
  return new SecretsManagerClient({});
}

export function sdkSecretsApi(client: SecretsManagerClient): SecretsApi {
  return {
    async describe(secretId) {
      const out = await client.send(new DescribeSecretCommand({ SecretId: secretId }));
      return { rotationEnabled: out.RotationEnabled, versionIdsToStages: out.VersionIdsToStages ?? {} };
    },
    async getValue(secretId, stage, versionId) {
      try {
        const out = await client.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: stage, ...(versionId === undefined ? {} : { VersionId: versionId }) }));
        return out.SecretString;
      } catch (error) {
        if (error instanceof ResourceNotFoundException) throw new SecretVersionNotFound(error.message);
        throw error;
      }
    },
    async putPending(secretId, token, secretString) {
      await client.send(new PutSecretValueCommand({ SecretId: secretId, ClientRequestToken: token, SecretString: secretString, VersionStages: ['AWSPENDING'] }));
    },
    async randomPassword(excludeCharacters) {
      const out = await client.send(new GetRandomPasswordCommand({ ExcludeCharacters: excludeCharacters }));
      if (out.RandomPassword === undefined) throw new Error('GetRandomPassword returned no password');
      return out.RandomPassword;
    },
    async makeCurrent(secretId, token, from) {
      await client.send(new UpdateSecretVersionStageCommand({ SecretId: secretId, VersionStage: 'AWSCURRENT', MoveToVersionId: token, ...(from === undefined ? {} : { RemoveFromVersionId: from }) }));
    },
  };
}
