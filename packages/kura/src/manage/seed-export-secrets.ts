// The Secrets Manager half of `kura seed export`: each secret (not those scheduled for deletion)
// with its description, KMS key, tags and resource policy, and its AWSCURRENT value only when the
// caller asked to decrypt (a binary one as `valueBinaryBase64`). Without decrypting, no value is read,
// so a binary secret cannot be told from a string one: each is written as a `valueFromEnv` variable.

import { GetResourcePolicyCommand, GetSecretValueCommand, ListSecretsCommand } from '@aws-sdk/client-secrets-manager';
import type { AwsClients } from './aws-clients.js';
import { secretsManager } from './secrets-client.js';
import { allPages, compact, documentOf, tagMap, type Json } from './seed-export-parts.js';

export type SecretDocument = Json;

export async function exportSecrets(clients: AwsClients, decrypt: boolean, skipped: string[], variable: (name: string) => string): Promise<SecretDocument[]> {
  const sm = secretsManager(clients);
  const listed = await allPages(async (NextToken) => {
    const out = await sm.send(new ListSecretsCommand({ NextToken }));
    return { items: out.SecretList, next: out.NextToken };
  });
  const secrets: SecretDocument[] = [];
  for (const s of listed.sort((a, b) => String(a.Name).localeCompare(String(b.Name)))) {
    const name = s.Name ?? '';
    let value: Json;
    if (decrypt) {
      const current = await sm.send(new GetSecretValueCommand({ SecretId: name }));
      if (current.SecretString !== undefined) {
        value = { value: current.SecretString };
      } else if (current.SecretBinary !== undefined) {
        value = { valueBinaryBase64: Buffer.from(current.SecretBinary).toString('base64') };
      } else {
        skipped.push(`secret ${name}: no current value`);
        continue;
      }
    } else {
      value = { valueFromEnv: variable(name) };
    }
    const policy = (await sm.send(new GetResourcePolicyCommand({ SecretId: name }))).ResourcePolicy;
    secrets.push(
      compact({
        name,
        description: s.Description || undefined,
        kmsKeyId: s.KmsKeyId || undefined,
        ...value,
        tags: tagMap((s.Tags ?? []).map((t) => ({ key: t.Key, value: t.Value }))),
        resourcePolicy: policy === undefined ? undefined : documentOf(policy),
      }),
    );
  }
  return secrets;
}
