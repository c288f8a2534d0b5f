// The ports of reader.ts over the direct JSON client: GetParametersByPath (WithDecryption, paged by
// NextToken to the end, 10 a page as the SDK reader asks), GetParameters (with selectors and the
// invalid names), GetSecretValue. The answers are read as the SDK reader reads them, with its
// messages: a parameter without name or value, a secret without a value.

import { ExecError, EXIT } from '../errors.js';
import type { FetchedParameter, SecretReader, SecretValue, SsmReader } from '../reader.js';
import type { SecretRef } from '../secret-refs.js';
import type { JsonRpcClient } from './json-rpc.js';

export function directSsmReader(client: JsonRpcClient, close: () => void): SsmReader {
  return {
    async byPath(path, recursive, signal) {
      const found: FetchedParameter[] = [];
      let token: string | undefined;
      do {
        const input = { Path: path, Recursive: recursive, WithDecryption: true, MaxResults: 10, ...(token ? { NextToken: token } : {}) };
        const page = await client.call('GetParametersByPath', input, signal, (output) => ({ parameters: parametersOf(output), next: optionalString(output, 'NextToken') }));
        found.push(...page.parameters);
        token = page.next || undefined;
      } while (token);
      return found;
    },
    async byNames(names, signal) {
      return client.call('GetParameters', { Names: names, WithDecryption: true }, signal, (output) => ({ parameters: parametersOf(output), invalid: stringsOf(output, 'InvalidParameters') }));
    },
    close,
  };
}

/** `clientFor` gives the client of a secret's region (its ARN's, or the configured one). */
export function directSecretReader(clientFor: (region: string | undefined) => JsonRpcClient, close: () => void): SecretReader {
  return {
    async get(secret: SecretRef, signal: AbortSignal): Promise<SecretValue> {
      const input = { SecretId: secret.secretId, ...(secret.versionStage ? { VersionStage: secret.versionStage } : {}), ...(secret.versionId ? { VersionId: secret.versionId } : {}) };
      const answer = await clientFor(secret.region).call('GetSecretValue', input, signal, (output) => ({ text: optionalString(output, 'SecretString'), binary: optionalString(output, 'SecretBinary') }));
      if (answer.text !== undefined) return { kind: 'string', text: answer.text };
      if (answer.binary !== undefined) return { kind: 'binary' };
      throw new ExecError(`malformed response from the store (secret ${secret.secretId} came back without a value)`, EXIT.fetch);
    },
    close,
  };
}

// The readers below throw TypeError for an answer of another shape; json-rpc.ts makes that a
// deserialization error. Their messages name members, never a value.

function parametersOf(output: Record<string, unknown>): FetchedParameter[] {
  const list = output.Parameters ?? [];
  if (!Array.isArray(list)) throw new TypeError('Parameters is not a list');
  return list.map((item: unknown) => {
    if (typeof item !== 'object' || item === null) throw new TypeError('a parameter is not an object');
    const p = item as Record<string, unknown>;
    const name = optionalString(p, 'Name');
    const value = optionalString(p, 'Value');
    if (name === undefined || value === undefined) throw new ExecError('malformed response from the store (a parameter without name or value)', EXIT.fetch);
    return { name, value, selector: optionalString(p, 'Selector') };
  });
}

function stringsOf(output: Record<string, unknown>, member: string): string[] {
  const list = output[member] ?? [];
  if (!Array.isArray(list) || !list.every((item) => typeof item === 'string')) throw new TypeError(`${member} is not a list of strings`);
  return list as string[];
}

/** A string member; absent or null is undefined, as the SDK leaves a null member out. */
function optionalString(object: Record<string, unknown>, member: string): string | undefined {
  const value = object[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new TypeError(`${member} is not a string`);
  return value;
}
