// Reads every source at once under one deadline. Any failure (including a --map target or reference
// the store does not have) aborts the rest and becomes one ExecError: the program never starts with
// part of its configuration. Retries with backoff and jitter are the SDK's (standard mode); the
// deadline bounds them all.

import { ExecError, EXIT, describeFailure, isExecError } from './errors.js';
import { NAMES_PER_CALL, type FetchedParameter, type SsmReader } from './reader.js';
import { requestKey, responseKey, type Reference, type Source } from './sources.js';

export interface Fetched {
  /** Per --path, in the order given. */
  paths: Map<string, FetchedParameter[]>;
  /** Per requested parameter string (a --map target or reference), its value. */
  values: Map<string, string>;
}

export async function fetchAll(reader: SsmReader, sources: Source[], references: Reference[], recursive: boolean, timeoutMs: number): Promise<Fetched> {
  const paths = [...new Set(sources.flatMap((s) => (s.kind === 'path' ? [s.path] : [])))];
  const wanted = [...new Set([...sources.flatMap((s) => (s.kind === 'map' ? [s.parameter] : [])), ...references.map((r) => r.parameter)])];
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new ExecError(`timed out after ${timeoutMs / 1000} s reading Parameter Store (--timeout)`, EXIT.fetch));
      controller.abort();
    }, timeoutMs);
  });
  const work = async (): Promise<Fetched> => {
    const pathReads = paths.map(async (path) => {
      const found = await reader.byPath(path, recursive, controller.signal).catch(fail(`cannot read --path ${path}`));
      if (found.length === 0) throw new ExecError(`no parameters under --path ${path}${recursive ? '' : ' (without --recursive)'}; check the path and ssm:GetParametersByPath permission`, EXIT.fetch);
      return [path, found] as const;
    });
    const batches: string[][] = [];
    for (let i = 0; i < wanted.length; i += NAMES_PER_CALL) batches.push(wanted.slice(i, i + NAMES_PER_CALL));
    const nameReads = batches.map(async (batch) => {
      const answer = await reader.byNames(batch, controller.signal).catch(fail(`cannot read ${batch.join(', ')}`));
      if (answer.invalid.length > 0) throw new ExecError(`parameter not found: ${answer.invalid.join(', ')}`, EXIT.fetch);
      const byKey = new Map(answer.parameters.map((p) => [responseKey(p.name, p.selector), p.value]));
      return batch.map((parameter) => {
        const value = byKey.get(requestKey(parameter));
        if (value === undefined) throw new ExecError(`the store's answer did not include ${parameter}`, EXIT.fetch);
        return [parameter, value] as const;
      });
    });
    const [pathResults, nameResults] = await Promise.all([Promise.all(pathReads), Promise.all(nameReads)]);
    return { paths: new Map(pathResults), values: new Map(nameResults.flat()) };
  };
  try {
    return await Promise.race([work(), deadline]);
  } finally {
    clearTimeout(timer);
    controller.abort(); // stops whatever else is still in flight after the first failure
  }
}

function fail(what: string): (error: unknown) => never {
  return (error) => {
    if (isExecError(error)) throw error;
    throw new ExecError(`${what}: ${describeFailure(error)}`, EXIT.fetch);
  };
}
