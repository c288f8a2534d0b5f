// `secrets` resolution as the ECS agent does it before any container starts: as the execution
// role, ssm:GetParameters in batches of 10 with WithDecryption=true; any failure stops the task
// with ECS's ResourceInitializationError wording. `valueFrom` is a parameter name or a
// full parameter ARN (another region's parameter needs the ARN), optionally with a `:version` or
// `:label` selector, which GetParameters understands as is; or a Secrets Manager ARN (asm-secrets.ts).

import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { isSecretsManagerArn, parseAsmValueFrom, resolveAsmSecrets } from './asm-secrets.js';
import { SECRETS_FAILURE, SecretsError } from './secrets-failure.js';
import type { RoleCredentials } from './service-role.js';

export { SECRETS_FAILURE, SecretsError };
const SSM_FAILURE = `${SECRETS_FAILURE}unable to retrieve secrets from ssm: `;


export interface SecretRef {
  container: string;
  /** The environment variable to set. */
  name: string;
  valueFrom: string;
}

const PARAMETER_ARN = /^arn:[^:]+:ssm:([^:]+):[^:]*:parameter\/.+$/;

/** The region a valueFrom lives in, or an error for sources Kura does not serve. */
export function secretRegion(valueFrom: string, taskRegion: string): string {
  const arn = PARAMETER_ARN.exec(valueFrom);
  if (arn?.[1]) return arn[1];
  if (valueFrom.startsWith('arn:')) {
    if (isSecretsManagerArn(valueFrom)) return parseAsmValueFrom(valueFrom).region;
    throw new SecretsError(`${SSM_FAILURE}invalid ssm parameters: ${valueFrom}`);
  }
  return taskRegion;
}

/** Resolves every secret of the task; returns container → variable → value. Values are never logged. */
export async function resolveSecrets(
  refs: readonly SecretRef[],
  options: { endpoint: string; region: string; credentials: RoleCredentials },
): Promise<Map<string, Map<string, string>>> {
  const byRegion = new Map<string, Set<string>>();
  const fromAsm: string[] = [];
  for (const ref of refs) {
    const region = secretRegion(ref.valueFrom, options.region);
    if (isSecretsManagerArn(ref.valueFrom)) {
      fromAsm.push(ref.valueFrom);
      continue;
    }
    if (!byRegion.has(region)) byRegion.set(region, new Set());
    byRegion.get(region)?.add(ref.valueFrom);
  }
  const values = fromAsm.length > 0 ? await resolveAsmSecrets(fromAsm, options) : new Map<string, string>();
  for (const [region, wanted] of byRegion) {
    const client = new SSMClient({
      region,
      endpoint: options.endpoint,
      maxAttempts: 2,
      credentials: {
        accessKeyId: options.credentials.accessKeyId,
        secretAccessKey: options.credentials.secretAccessKey,
        sessionToken: options.credentials.sessionToken,
      },
    });
    try {
      const all = [...wanted];
      for (let i = 0; i < all.length; i += 10) {
        const batch = all.slice(i, i + 10);
        for (const [key, value] of await fetchBatch(client, batch)) values.set(key, value);
      }
    } finally {
      client.destroy();
    }
  }
  const result = new Map<string, Map<string, string>>();
  for (const ref of refs) {
    const value = values.get(ref.valueFrom);
    if (value === undefined) throw new SecretsError(`${SSM_FAILURE}invalid ssm parameters: ${ref.valueFrom}`);
    if (!result.has(ref.container)) result.set(ref.container, new Map());
    result.get(ref.container)?.set(ref.name, value);
  }
  return result;
}

async function fetchBatch(client: SSMClient, names: string[]): Promise<Map<string, string>> {
  let out;
  try {
    out = await client.send(new GetParametersCommand({ Names: names, WithDecryption: true }));
  } catch (error) {
    throw new SecretsError(`${SSM_FAILURE}${describeSdkError(error)}`);
  }
  if (out.InvalidParameters && out.InvalidParameters.length > 0) {
    throw new SecretsError(`${SSM_FAILURE}invalid ssm parameters: ${out.InvalidParameters.join(' ')}`);
  }
  // Each parameter comes back under its name even when it was asked for by ARN, as AWS answers: it is
  // found by either, its selector apart.
  const found = new Map<string, string>();
  for (const p of out.Parameters ?? []) {
    const selector = p.Selector ?? '';
    for (const asked of [p.Name, p.ARN]) if (asked !== undefined && p.Value !== undefined) found.set(`${asked}${selector}`, p.Value);
    // Root-level names are one parameter with or without the leading slash.
    if (p.Name !== undefined && p.Value !== undefined) {
      const other = p.Name.startsWith('/') ? p.Name.slice(1) : `/${p.Name}`;
      if (!other.slice(1).includes('/')) found.set(`${other}${selector}`, p.Value);
    }
  }
  return new Map(names.flatMap((n) => (found.has(n) ? [[n, found.get(n) as string] as const] : [])));
}

/** `AccessDeniedException: … status code: 400, request id: …`, as the agent's Go SDK prints it. */
export function describeSdkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const meta = (error as { $metadata?: { httpStatusCode?: number; requestId?: string } }).$metadata;
  if (meta?.httpStatusCode === undefined) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.name}: ${error.message}${cause}`;
  }
  return `${error.name}: ${error.message} status code: ${meta.httpStatusCode}, request id: ${meta.requestId ?? ''}`;
}
