// The Secrets Manager half of `kura seed export`: each secret (not those scheduled for deletion)
// with its description, KMS key, tags, resource policy and rotation (when it is on, with a schedule:
// a seed's rotation always has one), and its AWSCURRENT value only when the caller asked to decrypt
// (a binary one as `valueBinaryBase64`). Without decrypting, no value is read, so a binary secret
// cannot be told from a string one: each is written as a `valueFromEnv` variable.

import { GetResourcePolicyCommand, GetSecretValueCommand, ListSecretsCommand, type SecretListEntry } from '@aws-sdk/client-secrets-manager';
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
        rotation: rotationOf(s, skipped),
      }),
    );
  }
  return secrets;
}

/** The rotation as a seed declares it; a rotation without a schedule (rotated on demand only) cannot be declared. */
function rotationOf(s: SecretListEntry, skipped: string[]): Json | undefined {
  if (s.RotationEnabled !== true || s.RotationLambdaARN === undefined) return undefined;
  const rules = s.RotationRules ?? {};
  if (rules.AutomaticallyAfterDays === undefined && rules.ScheduleExpression === undefined) {
    skipped.push(`secret ${s.Name ?? ''}: rotation without a schedule (a seed's rotation names one)`);
    return undefined;
  }
  return compact({ function: s.RotationLambdaARN, automaticallyAfterDays: rules.AutomaticallyAfterDays, scheduleExpression: rules.ScheduleExpression, duration: rules.Duration });
}
