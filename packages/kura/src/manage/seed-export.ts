// `kura seed export`: a server's current state as a seed file (docs/seed.md), read through the AWS
// SDK like any client's, so it works against a running server (and reads what its caller may read).
// KMS keys (customer managed, not pending deletion) with their ids, aliases, policies and tags;
// parameters; IAM policies, groups, users (not the administrator) and roles; secrets. Values of
// SecureStrings and secrets are written only with `decrypt`; without it each becomes a
// `valueFromEnv` naming a variable (listed in `variables`), so the file is still a seed. Secret
// access keys cannot be read back from any server (AWS never returns one): each key pair is
// exported as its id and a `secretAccessKeyFromEnv` variable. In every ARN of the file the partition,
// the file's region and the caller's account are written as ${AWS::Partition}, ${AWS::Region} and
// ${AWS::AccountId} (seed/pseudo-parameters.ts), which applying the file substitutes back.

import { DescribeKeyCommand, GetKeyPolicyCommand, GetKeyRotationStatusCommand, ListAliasesCommand, ListKeysCommand, ListResourceTagsCommand } from '@aws-sdk/client-kms';
import { DescribeParametersCommand, GetParameterHistoryCommand, GetParametersCommand, ListTagsForResourceCommand, type ParameterMetadata } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { insertPseudoParameters } from './seed-export-pseudo.js';
import type { AwsClients } from './aws-clients.js';
import { exportIam, type IamDocument } from './seed-export-iam.js';
import { exportSecrets, type SecretDocument } from './seed-export-secrets.js';
import { allPages, compact, documentOf, tagMap, variableFor, type Json } from './seed-export-parts.js';

export interface SeedExport {
  document: Json;
  /** Variables the document reads (`…FromEnv`), each with what it stands for. */
  variables: Array<{ name: string; for: string }>;
  /** What was left out, and why (names only). */
  skipped: string[];
}

export async function exportSeed(clients: AwsClients, options: { decrypt: boolean; region: string }): Promise<SeedExport> {
  const variables: SeedExport['variables'] = [];
  const skipped: string[] = [];
  const taken = new Set<string>();
  const keys = await exportKeys(clients, skipped);
  const parameters = await exportParameters(clients, options.decrypt, (name) => {
    const variable = variableFor(name, taken);
    variables.push({ name: variable, for: `SecureString ${name}` });
    return variable;
  });
  const iam: IamDocument = await exportIam(clients, (what) => {
    const variable = variableFor(what.replace(/^access key /, 'SECRET_'), taken);
    variables.push({ name: variable, for: what });
    return variable;
  });
  const secrets: SecretDocument[] = await exportSecrets(clients, options.decrypt, skipped, (name) => {
    const variable = variableFor(`SECRET_${name}`, taken);
    variables.push({ name: variable, for: `secret ${name}` });
    return variable;
  });
  const identity = await clients.sts.send(new GetCallerIdentityCommand({}));
  const pseudo = { AccountId: identity.Account ?? '', Region: options.region, Partition: identity.Arn?.split(':')[1] ?? 'aws' };
  const document = compact({
    version: 1,
    region: options.region,
    kms: keys.length > 0 ? { keys } : undefined,
    ssm: parameters.length > 0 ? { parameters } : undefined,
    iam: Object.values(iam).some((list) => list.length > 0) ? compact(iam as unknown as Json) : undefined,
    secretsmanager: secrets.length > 0 ? { secrets } : undefined,
  });
  return { document: insertPseudoParameters(document, pseudo) as Json, variables, skipped };
}

async function exportKeys(clients: AwsClients, skipped: string[]): Promise<Json[]> {
  const { kms } = clients;
  const listed = await allPages(async (Marker) => {
    const out = await kms.send(new ListKeysCommand({ Marker }));
    return { items: out.Keys, next: out.Truncated ? out.NextMarker : undefined };
  });
  const aliases = await allPages(async (Marker) => {
    const out = await kms.send(new ListAliasesCommand({ Marker }));
    return { items: out.Aliases, next: out.Truncated ? out.NextMarker : undefined };
  });
  const keys: Json[] = [];
  for (const { KeyId } of listed.sort((a, b) => String(a.KeyId).localeCompare(String(b.KeyId)))) {
    const metadata = (await kms.send(new DescribeKeyCommand({ KeyId }))).KeyMetadata;
    if (!metadata || metadata.KeyManager === 'AWS') continue;
    if (metadata.KeyState === 'PendingDeletion') {
      skipped.push(`KMS key ${KeyId}: pending deletion`);
      continue;
    }
    const policy = (await kms.send(new GetKeyPolicyCommand({ KeyId, PolicyName: 'default' }))).Policy;
    const tags = (await kms.send(new ListResourceTagsCommand({ KeyId }))).Tags ?? [];
    const named = aliases.filter((a) => a.TargetKeyId === KeyId).map((a) => a.AliasName ?? '').sort();
    // Rotation is written when it is on: a key that does not rotate is what a seed without it creates.
    const rotation = await kms.send(new GetKeyRotationStatusCommand({ KeyId }));
    keys.push(
      compact({
        keyId: KeyId,
        description: metadata.Description || undefined,
        enabled: metadata.KeyState === 'Disabled' ? false : undefined,
        aliases: named,
        policy: policy === undefined ? undefined : documentOf(policy),
        tags: tagMap(tags.map((t) => ({ key: t.TagKey, value: t.TagValue }))),
        rotation: rotation.KeyRotationEnabled ? { enabled: true, periodDays: rotation.RotationPeriodInDays } : undefined,
      }),
    );
  }
  return keys;
}

async function exportParameters(clients: AwsClients, decrypt: boolean, variable: (name: string) => string): Promise<Json[]> {
  const { ssm } = clients;
  const described: ParameterMetadata[] = await allPages(async (NextToken) => {
    const out = await ssm.send(new DescribeParametersCommand({ NextToken, MaxResults: 50 }));
    return { items: out.Parameters, next: out.NextToken };
  });
  described.sort((a, b) => String(a.Name).localeCompare(String(b.Name)));
  const values = new Map<string, string>();
  const readable = described.filter((p) => p.Type !== 'SecureString' || decrypt).map((p) => p.Name ?? '');
  for (let i = 0; i < readable.length; i += 10) {
    const out = await ssm.send(new GetParametersCommand({ Names: readable.slice(i, i + 10), WithDecryption: decrypt }));
    for (const p of out.Parameters ?? []) values.set(p.Name ?? '', p.Value ?? '');
  }
  const parameters: Json[] = [];
  for (const p of described) {
    const name = p.Name ?? '';
    const tags = (await ssm.send(new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: name }))).TagList ?? [];
    const value = values.get(name);
    parameters.push(
      compact({
        name,
        type: p.Type,
        ...(value !== undefined ? { value } : { valueFromEnv: variable(name) }),
        keyId: p.Type === 'SecureString' ? p.KeyId : undefined,
        description: p.Description || undefined,
        tier: p.Tier === 'Advanced' ? 'Advanced' : undefined,
        allowedPattern: p.AllowedPattern || undefined,
        dataType: p.DataType && p.DataType !== 'text' ? p.DataType : undefined,
        tags: tagMap(tags.map((t) => ({ key: t.Key, value: t.Value }))),
        labels: await latestLabels(clients, name),
      }),
    );
  }
  return parameters;
}

/** The labels of a parameter's latest version (labels on older versions cannot be declared in a seed). */
async function latestLabels(clients: AwsClients, name: string): Promise<string[] | undefined> {
  const history = await allPages(async (NextToken) => {
    const out = await clients.ssm.send(new GetParameterHistoryCommand({ Name: name, NextToken, MaxResults: 50 }));
    return { items: out.Parameters, next: out.NextToken };
  });
  const labels = history.at(-1)?.Labels ?? [];
  return labels.length > 0 ? [...labels].sort() : undefined;
}
