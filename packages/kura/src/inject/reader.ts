// The ports between `kura exec` and the stores: two reads, as the AWS SSM API offers them, and one
// read of a Secrets Manager secret. ssm-reader.ts and secrets-reader.ts implement them with the AWS
// SDK v3, direct/readers.ts without it (reading.ts chooses); tests implement them in memory.

import type { SecretRef } from './secret-refs.js';

export interface FetchedParameter {
  name: string;
  value: string;
  /** As GetParameters returns it for a `name:3` or `name:label` request. */
  selector?: string | undefined;
}

export interface SsmReader {
  /** Every parameter under `path` (GetParametersByPath, WithDecryption, following NextToken to the end). */
  byPath(path: string, recursive: boolean, signal: AbortSignal): Promise<FetchedParameter[]>;
  /** At most 10 names or ARNs, with selectors (GetParameters, WithDecryption). */
  byNames(names: string[], signal: AbortSignal): Promise<{ parameters: FetchedParameter[]; invalid: string[] }>;
  /** Closes the connections, so that nothing is left open in the program that replaces Kura. */
  close(): void;
}

/** GetParameters takes at most 10 names per call. */
export const NAMES_PER_CALL = 10;

/** A secret's value as GetSecretValue returns it; a binary one is never put in an environment. */
export type SecretValue = { kind: 'string'; text: string } | { kind: 'binary' };

export interface SecretReader {
  /** GetSecretValue of the reference's secret, stage and version id (in its ARN's region, if any). */
  get(secret: SecretRef, signal: AbortSignal): Promise<SecretValue>;
  close(): void;
}
