// The Parameter Store calls the commands make, through the SDK: paging followed to the end, batches
// cut to the API's limits. Nothing here prints; SecureString plaintext is only ever requested when
// the caller asks for decryption.

import {
  DeleteParametersCommand,
  GetParameterCommand,
  PutParameterCommand,
  paginateGetParameterHistory,
  paginateGetParametersByPath,
  type Parameter,
  type ParameterHistory,
  type ParameterTier,
  type ParameterType,
  type SSMClient,
} from '@aws-sdk/client-ssm';

export type { Parameter, ParameterHistory };

/** Every parameter under `path` (recursively or one level), in the service's order. */
export async function listByPath(ssm: SSMClient, path: string, options: { recursive: boolean; decrypt: boolean }): Promise<Parameter[]> {
  const out: Parameter[] = [];
  const pages = paginateGetParametersByPath({ client: ssm, pageSize: 10 }, { Path: path, Recursive: options.recursive, WithDecryption: options.decrypt });
  for await (const page of pages) out.push(...(page.Parameters ?? []));
  return out;
}

export async function getParameter(ssm: SSMClient, name: string, decrypt: boolean): Promise<Parameter> {
  const { Parameter: parameter } = await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: decrypt }));
  if (!parameter) throw new Error(`GetParameter returned no parameter for ${name}`);
  return parameter;
}

/** Every version, oldest first. */
export async function history(ssm: SSMClient, name: string, decrypt: boolean): Promise<ParameterHistory[]> {
  const out: ParameterHistory[] = [];
  for await (const page of paginateGetParameterHistory({ client: ssm, pageSize: 50 }, { Name: name, WithDecryption: decrypt })) {
    out.push(...(page.Parameters ?? []));
  }
  return out.sort((a, b) => (a.Version ?? 0) - (b.Version ?? 0));
}

export interface PutInput {
  name: string;
  value: string;
  type: ParameterType;
  keyId?: string | undefined;
  description?: string | undefined;
  tier?: ParameterTier | undefined;
  dataType?: string | undefined;
  allowedPattern?: string | undefined;
  overwrite: boolean;
}

export async function putParameter(ssm: SSMClient, input: PutInput): Promise<{ version: number; tier: string }> {
  const out = await ssm.send(
    new PutParameterCommand({
      Name: input.name,
      Value: input.value,
      Type: input.type,
      Overwrite: input.overwrite,
      ...(input.type === 'SecureString' && input.keyId ? { KeyId: input.keyId } : {}),
      ...(input.description !== undefined ? { Description: input.description } : {}),
      ...(input.tier ? { Tier: input.tier } : {}),
      ...(input.dataType ? { DataType: input.dataType } : {}),
      ...(input.allowedPattern ? { AllowedPattern: input.allowedPattern } : {}),
    }),
  );
  return { version: out.Version ?? 0, tier: out.Tier ?? 'Standard' };
}

/** DeleteParameters takes at most 10 names a call. */
export async function deleteNames(ssm: SSMClient, names: string[], onBatch?: (count: number) => void): Promise<{ deleted: string[]; missing: string[] }> {
  const deleted: string[] = [];
  const missing: string[] = [];
  for (let i = 0; i < names.length; i += 10) {
    const out = await ssm.send(new DeleteParametersCommand({ Names: names.slice(i, i + 10) }));
    deleted.push(...(out.DeletedParameters ?? []));
    missing.push(...(out.InvalidParameters ?? []));
    onBatch?.(Math.min(10, names.length - i));
  }
  return { deleted, missing };
}

/** Runs `task` over `items` with at most `limit` in flight; results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await task(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** What to show in place of a SecureString's value when it was not decrypted. */
export const HIDDEN = '(SecureString: --decrypt to show)';

/** The value to print: SecureStrings fetched without decryption hold ciphertext, which is never shown. */
export function shownValue(parameter: { Type?: string | undefined; Value?: string | undefined }, decrypted: boolean): string | undefined {
  if (parameter.Type === 'SecureString' && !decrypted) return undefined;
  return parameter.Value;
}
