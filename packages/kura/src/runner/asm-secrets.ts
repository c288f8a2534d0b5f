// `secrets` whose valueFrom is a Secrets Manager ARN, resolved as the ECS agent resolves them: the
// ARN alone names the secret's AWSCURRENT value; `arn…:secret:NAME-AbCdEf:json-key:version-stage:
// version-id` (any of the three may be empty) picks one field of a JSON secret and/or a version.
// One GetSecretValue per distinct (secret, stage, version), as the execution role; any failure stops
// the task with Fargate's ResourceInitializationError wording. Values are never logged.

import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SECRETS_FAILURE, SecretsError } from './secrets-failure.js';
import type { RoleCredentials } from './service-role.js';

const ASM_FAILURE = `${SECRETS_FAILURE}unable to retrieve secret from asm: `;

export interface AsmReference {
  /** The secret's ARN without the json-key/stage/id fields: what GetSecretValue is called with. */
  secretId: string;
  region: string;
  jsonKey?: string;
  versionStage?: string;
  versionId?: string;
}

const ARN = /^arn:([^:]+):secretsmanager:([^:]*):([^:]*):(.*)$/;

export function isSecretsManagerArn(valueFrom: string): boolean {
  return /^arn:[^:]+:secretsmanager:/.test(valueFrom);
}

/**
 * Reads a Secrets Manager valueFrom as the agent does: its resource must be `secret:ID` or
 * `secret:ID:json-key:version-stage:version-id`; anything else is refused before any call.
 */
export function parseAsmValueFrom(valueFrom: string): AsmReference {
  const invalid = () =>
    new SecretsError(
      `${ASM_FAILURE}trying to retrieve secret with value ${valueFrom} resulted in error: an invalid ARN format for the AWS Secrets Manager secret was specified. Specify a valid ARN and try again.`,
    );
  const match = ARN.exec(valueFrom);
  if (!match) throw invalid();
  const [, partition, region = '', account, resource = ''] = match;
  const fields = resource.split(':');
  if (fields[0] !== 'secret' || !fields[1] || !region) throw invalid();
  if (fields.length === 2) return { secretId: valueFrom, region };
  if (fields.length !== 5) throw invalid();
  const [, id, jsonKey, versionStage, versionId] = fields;
  return {
    secretId: `arn:${partition}:secretsmanager:${region}:${account}:secret:${id}`,
    region,
    ...(jsonKey ? { jsonKey } : {}),
    ...(versionStage ? { versionStage } : {}),
    ...(versionId ? { versionId } : {}),
  };
}

/**
 * A JSON field as the agent's Go code prints it (`fmt.Sprintf("%v", value)` of what encoding/json
 * decoded): strings as they are, numbers as Go's shortest %v of a float64, booleans, `<nil>` for
 * null, and Go's map/slice notation for objects and arrays.
 */
export function goValueString(value: unknown): string {
  if (value === null) return '<nil>';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return goFloat(value);
  if (Array.isArray(value)) return `[${value.map(goValueString).join(' ')}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `map[${entries.map(([k, v]) => `${k}:${goValueString(v)}`).join(' ')}]`;
}

/**
 * Go's %v of a float64 is strconv's shortest 'g' form, which switches to an exponent when the
 * decimal exponent is below -4 or at least 6 (so 3306 stays 3306, 1000000 becomes 1e+06), with at
 * least two exponent digits. The shortest digits are the same in Go and JavaScript.
 */
function goFloat(n: number): string {
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  const [mantissa = '', exp = '0'] = n.toExponential().split('e');
  const e = Number(exp);
  if (e < -4 || e >= 6) return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  return String(n);
}

/** Resolves each distinct reference once; returns valueFrom → value. */
export async function resolveAsmSecrets(
  valueFroms: readonly string[],
  options: { endpoint: string; credentials: RoleCredentials },
): Promise<Map<string, string>> {
  const refs = new Map(valueFroms.map((v) => [v, parseAsmValueFrom(v)] as const));
  const clients = new Map<string, SecretsManagerClient>();
  const clientFor = (region: string) => {
    let client = clients.get(region);
    if (!client) {
      client = new SecretsManagerClient({
        region,
        endpoint: options.endpoint,
        maxAttempts: 2,
        credentials: { ...options.credentials },
      });
      clients.set(region, client);
    }
    return client;
  };
  const reads = new Map<string, Promise<string | undefined>>();
  const readOf = (ref: AsmReference) => {
    const key = JSON.stringify([ref.secretId, ref.versionStage ?? '', ref.versionId ?? '']);
    let read = reads.get(key);
    if (!read) {
      read = fetchSecretString(clientFor(ref.region), ref);
      reads.set(key, read);
    }
    return read;
  };
  try {
    // Every read starts at once, as the agent's goroutines do; failures are reported in task order.
    const pending = [...refs].map(([valueFrom, ref]) => [valueFrom, ref, readOf(ref)] as const);
    const values = new Map<string, string>();
    for (const [valueFrom, ref, read] of pending) {
      const text = await read;
      values.set(valueFrom, ref.jsonKey === undefined ? (text ?? '') : pickJsonKey(ref, text ?? ''));
    }
    return values;
  } finally {
    await Promise.allSettled(reads.values());
    for (const client of clients.values()) client.destroy();
  }
}

async function fetchSecretString(client: SecretsManagerClient, ref: AsmReference): Promise<string | undefined> {
  try {
    const out = await client.send(
      new GetSecretValueCommand({
        SecretId: ref.secretId,
        ...(ref.versionStage ? { VersionStage: ref.versionStage } : {}),
        ...(ref.versionId ? { VersionId: ref.versionId } : {}),
      }),
    );
    return out.SecretString;
  } catch (error) {
    throw new SecretsError(`${ASM_FAILURE}failed to fetch secret ${ref.secretId} from secrets manager: ${describeAsmError(error)}`);
  }
}

function pickJsonKey(ref: AsmReference, text: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SecretsError(`${ASM_FAILURE}the secret ${ref.secretId} is not a JSON object, so json key ${ref.jsonKey ?? ''} cannot be read from it`);
  }
  const key = ref.jsonKey ?? '';
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed) || !Object.hasOwn(parsed, key)) {
    throw new SecretsError(`${ASM_FAILURE}retrieved secret from Secrets Manager did not contain json key ${key}`);
  }
  return goValueString((parsed as Record<string, unknown>)[key]);
}

/** `ResourceNotFoundException: … status code: 400, request id: …`, as the agent's Go SDK prints it. */
function describeAsmError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const meta = (error as { $metadata?: { httpStatusCode?: number; requestId?: string } }).$metadata;
  if (meta?.httpStatusCode === undefined) return `${error.name}: ${error.message}`;
  return `${error.name}: ${error.message} status code: ${meta.httpStatusCode}, request id: ${meta.requestId ?? ''}`;
}
