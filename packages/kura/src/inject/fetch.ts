// Reads every source at once under one deadline: parameters from Parameter Store, secrets from
// Secrets Manager. Any failure (including a --map target, reference or secret the store does not
// have) aborts the rest and becomes one ExecError: the program never starts with part of its
// configuration. Retries with backoff and jitter follow the AWS SDK's standard mode (the SDK's own,
// or direct/retry.ts on the direct path); the deadline bounds them all.

import { ExecError, EXIT, describeFailure, isExecError } from './errors.js';
import { NAMES_PER_CALL, type FetchedParameter, type SecretReader, type SecretValue, type SsmReader } from './reader.js';
import type { ValueSource } from './options.js';
import { describeSecret, readKey, type SecretRef, type SecretReference } from './secret-refs.js';
import { requestKey, responseKey, type Reference, type Source } from './sources.js';
import { isUnreachableFailure } from './unreachable.js';

export interface Fetched {
  /** Per --path, in the order given. */
  paths: Map<string, FetchedParameter[]>;
  /** Per requested parameter string (a --map target or reference), its value. */
  values: Map<string, string>;
  /** Per secret read (secret-refs.ts readKey: secret, stage, version id), its value. */
  secrets?: Map<string, SecretValue>;
}

export interface SecretsToRead {
  reader: SecretReader | undefined;
  references: SecretReference[];
}

/** Every secret the sources and references name, one per distinct read. */
export function secretsWanted(sources: Source[], references: SecretReference[]): SecretRef[] {
  const refs = [...sources.flatMap((s) => (s.kind === 'secret' || s.kind === 'secret-map' ? [s.secret] : [])), ...references.map((r) => r.secret)];
  return [...new Map(refs.map((ref) => [readKey(ref), ref])).values()];
}

/** What one read of every source asks the stores for; also what a fallback file is bound to. */
export interface ReadPlan {
  paths: string[];
  recursive: boolean;
  /** Parameter names or ARNs, with selectors. */
  parameters: string[];
  secrets: SecretRef[];
}

/** The distinct reads `sources`, `references`, secret references and file `values` need. */
export function planReads(sources: Source[], references: Reference[], recursive: boolean, secretReferences: SecretReference[] = [], values: ValueSource[] = []): ReadPlan {
  const paths = [...new Set(sources.flatMap((s) => (s.kind === 'path' ? [s.path] : [])))];
  const parameters = [
    ...new Set([...sources.flatMap((s) => (s.kind === 'map' ? [s.parameter] : [])), ...references.map((r) => r.parameter), ...values.flatMap((v) => (v.kind === 'parameter' ? [v.parameter] : []))]),
  ];
  const secrets = secretsWanted(sources, secretReferences);
  for (const value of values) if (value.kind === 'secret' && !secrets.some((ref) => readKey(ref) === readKey(value.secret))) secrets.push(value.secret);
  return { paths, recursive, parameters, secrets };
}

/** `reader` may be undefined when no parameter is asked for, `secrets.reader` when no secret is. */
export async function fetchAll(
  reader: SsmReader | undefined,
  sources: Source[],
  references: Reference[],
  recursive: boolean,
  timeoutMs: number,
  secrets: SecretsToRead = { reader: undefined, references: [] },
): Promise<Fetched> {
  return readPlan(reader, secrets.reader, planReads(sources, references, recursive, secrets.references), timeoutMs);
}

/**
 * Reads everything `plan` names under one deadline; `ssm` or `secretReader` may be undefined when the
 * plan needs none of it. `stop` ends a read in flight at once (a --watch read when the program has
 * exited: its requests, retries and deadline must not keep Kura alive).
 */
export async function readPlan(reader: SsmReader | undefined, secretReader: SecretReader | undefined, plan: ReadPlan, timeoutMs: number, stop?: AbortSignal): Promise<Fetched> {
  const { paths, recursive, parameters: wanted, secrets: secretRefs } = plan;
  const parametersWanted = paths.length > 0 || wanted.length > 0;
  const stores = [parametersWanted || secretRefs.length === 0 ? 'Parameter Store' : '', secretRefs.length > 0 ? 'Secrets Manager' : ''].filter((s) => s !== '').join(' and ');
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let onStop: (() => void) | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new ExecError(`timed out after ${timeoutMs / 1000} s reading ${stores} (--timeout)`, EXIT.fetch, { unreachable: true }));
      controller.abort();
    }, timeoutMs);
    onStop = () => {
      reject(new ExecError(`stopped reading ${stores}`, EXIT.fetch));
      controller.abort();
    };
    if (stop?.aborted) onStop();
    else stop?.addEventListener('abort', onStop, { once: true });
  });
  const work = async (): Promise<Fetched> => {
    const pathReads = paths.map(async (path) => {
      const found = await required(reader, 'Parameter Store').byPath(path, recursive, controller.signal).catch(fail(`cannot read --path ${path}`));
      if (found.length === 0) throw new ExecError(`no parameters under --path ${path}${recursive ? '' : ' (without --recursive)'}; check the path and ssm:GetParametersByPath permission`, EXIT.fetch);
      return [path, found] as const;
    });
    const batches: string[][] = [];
    for (let i = 0; i < wanted.length; i += NAMES_PER_CALL) batches.push(wanted.slice(i, i + NAMES_PER_CALL));
    const nameReads = batches.map(async (batch) => {
      const answer = await required(reader, 'Parameter Store').byNames(batch, controller.signal).catch(fail(`cannot read ${batch.join(', ')}`));
      if (answer.invalid.length > 0) throw new ExecError(`parameter not found: ${answer.invalid.join(', ')}`, EXIT.fetch);
      const byKey = new Map(answer.parameters.map((p) => [responseKey(p.name, p.selector), p.value]));
      return batch.map((parameter) => {
        const value = byKey.get(requestKey(parameter));
        if (value === undefined) throw new ExecError(`the store's answer did not include ${parameter}`, EXIT.fetch);
        return [parameter, value] as const;
      });
    });
    const secretReads = secretRefs.map(async (ref) => {
      const value = await required(secretReader, 'Secrets Manager').get(ref, controller.signal).catch(fail(`cannot read ${describeSecret(ref)}`));
      return [readKey(ref), value] as const;
    });
    const [pathResults, nameResults, secretResults] = await Promise.all([Promise.all(pathReads), Promise.all(nameReads), Promise.all(secretReads)]);
    return { paths: new Map(pathResults), values: new Map(nameResults.flat()), secrets: new Map(secretResults) };
  };
  try {
    return await Promise.race([work(), deadline]);
  } finally {
    clearTimeout(timer);
    if (onStop) stop?.removeEventListener('abort', onStop);
    controller.abort(); // stops whatever else is still in flight after the first failure
  }
}

function required<T>(reader: T | undefined, store: string): T {
  // run.ts creates a reader for each store a source names; a gap here is a bug, reported as one.
  if (reader === undefined) throw new ExecError(`internal error: no reader for ${store}`, EXIT.fetch);
  return reader;
}

function fail(what: string): (error: unknown) => never {
  return (error) => {
    if (isExecError(error)) throw error;
    // Classified here, on the raw error: the one line below no longer carries its code or status.
    throw new ExecError(`${what}: ${describeFailure(error)}`, EXIT.fetch, { unreachable: isUnreachableFailure(error) });
  };
}
