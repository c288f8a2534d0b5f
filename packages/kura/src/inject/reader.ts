// The port between `kura exec` and a store: two reads, as the AWS SSM API offers them. ssm-sdk.ts
// implements it with the AWS SDK v3; tests implement it in memory.

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
