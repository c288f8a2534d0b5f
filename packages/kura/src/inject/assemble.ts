// Builds the program's environment from the inherited one and what was fetched. Pure, so every rule
// is unit-tested: names, collisions and overrides, refused names, --strict, --pristine, and removing
// the credentials Kura used, and --json-expand (json-expand.ts) for every source but --secret, which
// always expands.

import { ExecError, EXIT } from './errors.js';
import type { Fetched } from './fetch.js';
import { expandJson, type Expanded } from './json-expand.js';
import { dotLevelOf, envNameFor, isValidEnvName, refusalReason, relativeName } from './names.js';
import { describeSecret, readKey, SECRET_SCHEME, type SecretRef, type SecretReference } from './secret-refs.js';
import { expandSecret, singleSecretValue } from './secret-values.js';
import type { Reference, Source } from './sources.js';

export interface AssembleOptions {
  inherited: NodeJS.ProcessEnv;
  sources: Source[];
  references: Reference[];
  /** `NAME=secretsmanager://…` in the inherited environment. */
  secretReferences?: SecretReference[];
  fetched: Fetched;
  prefix: string;
  pristine: boolean;
  /** Keep AWS_ACCESS_KEY_ID & co. in the program's environment (they are removed by default). */
  keepCredentials: boolean;
  allowOverride: boolean;
  allowNames: ReadonlySet<string>;
  strict: readonly string[];
  /** --json-expand: a JSON object value of --map, --path or a reference becomes one variable per key (default off). */
  jsonExpand?: boolean;
}

export interface Assembled {
  env: Record<string, string>;
  /** One line per override under --allow-override, names only. */
  overrides: string[];
}

/** The static credentials the SDK's chain reads from the environment (AWS_SECURITY_TOKEN: boto's old name). */
export const CREDENTIAL_VARIABLES = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN'];

interface Assignment {
  name: string;
  value: string;
  /**
   * Where it came from, parameter or secret included, for messages: `--path /app (/app/db/host)`,
   * `--map DB_HOST=/db/host`, `reference DB_HOST=ssm:///db/host`, `--secret app/db (key host)`.
   */
  origin: string;
}

export function assembleEnvironment(options: AssembleOptions): Assembled {
  const env: Record<string, string> = {};
  if (!options.pristine) {
    for (const [name, value] of Object.entries(options.inherited)) if (value !== undefined) env[name] = value;
  }
  if (!options.keepCredentials) for (const name of CREDENTIAL_VARIABLES) delete env[name];

  // References first (they live in the environment the others are layered on), then the command line in order.
  const references = [
    ...options.references.map((r) => ({ name: r.name, value: () => valueOf(options.fetched, r.parameter), origin: `reference ${r.name}=ssm://${r.parameter}` })),
    ...(options.secretReferences ?? []).map((r) => ({ name: r.name, value: () => secretOf(options.fetched, r.secret), origin: `reference ${r.name}=${SECRET_SCHEME}${r.secret.spec}` })),
  ].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // A reference's variable holds `ssm://…` until its value replaces it; expanded, nothing replaces it.
  if (options.jsonExpand) for (const r of references) delete env[r.name];
  // One value under one name; under --json-expand, one per key when it is a JSON object.
  const one = (name: string, value: string, origin: string): Assignment[] => (options.jsonExpand ? expandJson(name, value, origin) : [{ name, value, origin }]);
  const groups: Assignment[][] = [
    ...references.map((r) => one(r.name, r.value(), r.origin)),
    ...options.sources.map((source): Assignment[] => {
      if (source.kind === 'map') return one(source.name, valueOf(options.fetched, source.parameter), `--map ${source.name}=${source.parameter}`);
      if (source.kind === 'secret-map') return one(source.name, secretOf(options.fetched, source.secret), `--map ${source.name}=${SECRET_SCHEME}${source.secret.spec}`);
      if (source.kind === 'secret') return fromSecret(source.secret, options);
      return fromPath(source.path, options);
    }),
  ];

  const owner = new Map<string, string>();
  const overrides: string[] = [];
  for (const group of groups) {
    for (const { name, value, origin } of group) {
      const refusal = options.allowNames.has(name) ? undefined : refusalReason(name);
      if (refusal !== undefined) throw new ExecError(`refusing to set ${name} from ${origin}: ${refusal}; pass --allow-name ${name} if that is intended`, EXIT.rejected);
      if (value.includes('\0')) throw new ExecError(`the value for ${name} from ${origin} contains a NUL byte, which an environment cannot hold`, EXIT.rejected);
      const previous = owner.get(name);
      if (previous !== undefined) {
        if (!options.allowOverride) throw new ExecError(`${previous} and ${origin} both set ${name}; pass --allow-override to let the later one win`, EXIT.rejected);
        overrides.push(`${name} from ${origin} overrides ${previous}`);
      }
      owner.set(name, origin);
      env[name] = value;
    }
  }

  const missing = options.strict.filter((name) => !env[name]);
  if (missing.length > 0) throw new ExecError(`--strict: not set after reading every source: ${missing.join(', ')}`, EXIT.rejected);
  return { env, overrides };
}

function valueOf(fetched: Fetched, parameter: string): string {
  const value = fetched.values.get(parameter);
  // fetchAll fails before this can happen; checked anyway so that a gap can never become an empty value.
  if (value === undefined) throw new ExecError(`no value was read for ${parameter}`, EXIT.fetch);
  return value;
}

function fetchedSecret(fetched: Fetched, ref: SecretRef) {
  const value = fetched.secrets?.get(readKey(ref));
  // As for parameters: fetchAll fails first; checked so that a gap can never become an empty value.
  if (value === undefined) throw new ExecError(`no value was read for ${describeSecret(ref)}`, EXIT.fetch);
  return value;
}

function secretOf(fetched: Fetched, ref: SecretRef): string {
  return singleSecretValue(fetchedSecret(fetched, ref), ref);
}

/** One --secret: its keys named as --path names parameters; two keys mapping to one name is always an error. */
function fromSecret(ref: SecretRef, options: AssembleOptions): Assignment[] {
  const seen = new Map<string, string>();
  const where = `--secret ${ref.spec}`;
  return expandSecret(fetchedSecret(options.fetched, ref), ref).map(({ key, value }) => {
    if (key === '') throw new ExecError(`${describeSecret(ref)} has an empty key, which names no variable`, EXIT.rejected);
    const name = envNameFor(key, options.prefix);
    if (!isValidEnvName(name)) throw new ExecError(`the key '${key}' of ${describeSecret(ref)} gives the invalid variable name ${name}`, EXIT.rejected);
    const other = seen.get(name);
    if (other !== undefined) {
      throw new ExecError(`the keys '${other}' and '${key}' of ${describeSecret(ref)} both become ${name}; read one with --map NAME=${SECRET_SCHEME}${ref.secretId}:${key}`, EXIT.rejected);
    }
    seen.set(name, key);
    return { name, value, origin: `${where} (key ${key})` };
  });
}

/** One --path: names below the path; two parameters (or keys, under --json-expand) of one path mapping to one name is always an error. */
function fromPath(path: string, options: AssembleOptions): Assignment[] {
  const seen = new Map<string, string>();
  const assignments: Assignment[] = [];
  const parameters = [...(options.fetched.paths.get(path) ?? [])].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const parameter of parameters) {
    const relative = relativeName(path, parameter.name);
    if (relative === undefined) throw new ExecError(`the store returned ${parameter.name}, which is not under --path ${path}`, EXIT.fetch);
    const name = envNameFor(relative, options.prefix);
    const level = dotLevelOf(parameter.name);
    if (level !== undefined) {
      const shown = level === '' ? 'empty level' : `'${level}' level`;
      throw new ExecError(
        `refusing ${parameter.name} under --path ${path}: its ${shown} is part of the name (Parameter Store does not resolve it), and ${name} would not say where the value came from; read it with --map NAME=${parameter.name} if that is intended`,
        EXIT.rejected,
      );
    }
    if (!isValidEnvName(name)) throw new ExecError(`${parameter.name} under --path ${path} gives the invalid variable name ${name}`, EXIT.rejected);
    const origin = `--path ${path} (${parameter.name})`;
    const expanded: Expanded[] = options.jsonExpand ? expandJson(name, parameter.value, origin) : [{ name, value: parameter.value, origin }];
    for (const assignment of expanded) {
      const what = assignment.key === undefined ? parameter.name : `${parameter.name} (key ${assignment.key})`;
      const other = seen.get(assignment.name);
      if (other !== undefined) throw new ExecError(`${other} and ${what} under --path ${path} both become ${assignment.name}; rename one, or read it with --map`, EXIT.rejected);
      seen.set(assignment.name, what);
      assignments.push({ name: assignment.name, value: assignment.value, origin: assignment.origin });
    }
  }
  return assignments;
}
