// The kinds of source, as parsed from the command line and the inherited environment, and how a
// parameter reference (name or ARN, with an optional :version or :label) is matched to the store's
// answer. Secrets Manager references are parsed in secret-refs.ts. Pure: nothing here talks to a store.

import { ExecError, EXIT } from './errors.js';
import { isValidEnvName } from './names.js';
import { isSecretTarget, parseSecretRef, type SecretRef } from './secret-refs.js';

/** In the order given on the command line; that order decides who wins under --allow-override. */
export type Source =
  | { kind: 'path'; path: string }
  | { kind: 'map'; name: string; parameter: string }
  /** --secret: the fields of a JSON object secret (or its json-key's alone), named as --path names parameters. */
  | { kind: 'secret'; secret: SecretRef }
  /** --map NAME=secretsmanager://ID… (or a Secrets Manager ARN): the whole secret, or one field. */
  | { kind: 'secret-map'; name: string; secret: SecretRef };

/** An inherited variable whose value is `ssm://<parameter>`: `DB_PASSWORD=ssm:///app/db/password:3`. */
export interface Reference {
  name: string;
  parameter: string;
}

export const REFERENCE_SCHEME = 'ssm://';

/**
 * `NAME=PARAM[:version|:label]`, the parameter a name or an ARN; or `NAME=secretsmanager://ID…` or
 * `NAME=<Secrets Manager ARN>…` for a secret (neither can be a parameter: a parameter name has no `:`).
 */
export function parseMap(spec: string): Source {
  const eq = spec.indexOf('=');
  const name = eq < 0 ? '' : spec.slice(0, eq);
  const parameter = eq < 0 ? '' : spec.slice(eq + 1);
  if (!isValidEnvName(name) || parameter === '') {
    throw new ExecError(`--map expects NAME=PARAMETER with NAME matching [A-Za-z_][A-Za-z0-9_]*, got '${spec.slice(0, 200)}'`, EXIT.usage);
  }
  if (isSecretTarget(parameter)) return { kind: 'secret-map', name, secret: parseSecretRef(parameter, `--map ${name}`) };
  return { kind: 'map', name, parameter };
}

export function findReferences(env: NodeJS.ProcessEnv): Reference[] {
  const found: Reference[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || !value.startsWith(REFERENCE_SCHEME)) continue;
    const parameter = value.slice(REFERENCE_SCHEME.length);
    if (parameter === '') throw new ExecError(`${name} refers to ${REFERENCE_SCHEME} without a parameter name`, EXIT.usage);
    found.push({ name, parameter });
  }
  return found.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The key under which a requested parameter and a returned one meet: the name without leading `/`
 * (SSM treats `/x` and `x` as one), the part after `parameter` for an ARN, then the selector.
 * GetParameters answers with Name (no selector) and Selector (`:3`, `:label`) separately.
 */
export function requestKey(parameter: string): string {
  const { name, selector } = splitSelector(parameter);
  return `${name.replace(/^\/+/, '')}${selector}`;
}

export function responseKey(name: string, selector: string | undefined): string {
  return `${splitSelector(name).name.replace(/^\/+/, '')}${selector ?? ''}`;
}

function splitSelector(parameter: string): { name: string; selector: string } {
  // arn:aws:ssm:region:account:parameter/name[:selector]: only a colon after `parameter/` is a selector.
  const arn = /^arn:[^:]+:ssm:[^:]*:[^:]*:parameter(\/?[^:]*)(:.*)?$/.exec(parameter);
  if (arn) return { name: arn[1] ?? '', selector: arn[2] ?? '' };
  // Parameter names cannot contain ':', so the last one starts the selector.
  const colon = parameter.lastIndexOf(':');
  return colon < 0 ? { name: parameter, selector: '' } : { name: parameter.slice(0, colon), selector: parameter.slice(colon) };
}
