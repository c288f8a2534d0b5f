// SecretReader on the official AWS SDK v3: GetSecretValue, with the same chain, attempts, timeouts
// and plain-HTTP refusal as the Parameter Store reader (sdk-options.ts). A secret named by an ARN is
// read in the ARN's region, as ECS reads it; one client per region, built on first use. It reaches
// `kura exec` only through secrets-sdk.ts, a bundle of its own that a start without secrets never
// loads.

import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ExecError, EXIT } from './errors.js';
import type { SecretReader, SecretValue } from './reader.js';
import { clientConfig, PLAIN_HTTP_STEP, plainHttpGuard, type ReaderOptions } from './sdk-options.js';

export function createSecretReader(options: ReaderOptions): SecretReader {
  const clients = new Map<string, SecretsManagerClient>();
  const clientFor = (region: string | undefined): SecretsManagerClient => {
    let client = clients.get(region ?? '');
    if (client === undefined) {
      client = new SecretsManagerClient(clientConfig(options, region));
      client.middlewareStack.add(plainHttpGuard(options.insecureHttp), PLAIN_HTTP_STEP);
      clients.set(region ?? '', client);
    }
    return client;
  };
  return {
    async get(secret, signal): Promise<SecretValue> {
      const answer = await clientFor(secret.region).send(
        new GetSecretValueCommand({
          SecretId: secret.secretId,
          ...(secret.versionStage ? { VersionStage: secret.versionStage } : {}),
          ...(secret.versionId ? { VersionId: secret.versionId } : {}),
        }),
        { abortSignal: signal },
      );
      if (answer.SecretString !== undefined) return { kind: 'string', text: answer.SecretString };
      if (answer.SecretBinary !== undefined) return { kind: 'binary' };
      throw new ExecError(`malformed response from the store (secret ${secret.secretId} came back without a value)`, EXIT.fetch);
    },
    close() {
      for (const client of clients.values()) client.destroy();
    },
  };
}
