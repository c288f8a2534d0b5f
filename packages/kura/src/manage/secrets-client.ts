// The Secrets Manager client of the `kura secret` commands, built from the same configuration as the
// others (aws-clients.ts) on first use. It lives apart so that only those commands load the Secrets
// Manager SDK: the parameter commands' start does not grow with it.

import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { AwsClients } from './aws-clients.js';

const built = new WeakMap<AwsClients, SecretsManagerClient>();

export function secretsManager(clients: AwsClients): SecretsManagerClient {
  let client = built.get(clients);
  if (client === undefined) {
    client = new SecretsManagerClient(clients.config);
    clients.more.push(client);
    built.set(clients, client);
  }
  return client;
}
