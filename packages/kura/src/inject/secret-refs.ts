// How `kura exec` names a Secrets Manager secret: `ID[:json-key[:version-stage[:version-id]]]`, ID a
// secret name or ARN. The fields are ECS's (`valueFrom` of a task definition's `secrets`), in its
// order, so an ARN copied from a task definition works unchanged; unlike ECS, trailing empty fields
// may be left out (`app/db:password`). In the environment the reference carries a scheme,
// `secretsmanager://ID…`, as parameters carry `ssm://`: a bare ARN in an inherited variable is often
// meant for the program itself (an app that reads the secret on its own), and must stay as it is.
// Pure: nothing here talks to a store.

import { ExecError, EXIT } from './errors.js';

export const SECRET_SCHEME = 'secretsmanager://';

export interface SecretRef {
  /** As written (scheme removed), for messages. */
  spec: string;
  /** What GetSecretValue is called with: the name, or the ARN without the fields after it. */
  secretId: string;
  /** An ARN's region: the secret is read there, as ECS reads a secret of another region. */
  region?: string;
  jsonKey?: string;
  versionStage?: string;
  versionId?: string;
}

/** An inherited variable whose value is `secretsmanager://ID…`. */
export interface SecretReference {
  name: string;
  secret: SecretRef;
}

/** The characters a secret name may hold (CreateSecret's rule); `:` is not one, so it can separate fields. */
const NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
/** `arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME`, then up to three fields. */
const ARN = /^(arn:[^:]+:secretsmanager:([^:]+):[^:]*:secret:[^:]+)((?::[^:]*)*)$/;

export function isSecretTarget(text: string): boolean {
  return text.startsWith(SECRET_SCHEME) || /^arn:[^:]+:secretsmanager:/.test(text);
}

/** Parses a reference, with or without the scheme. Throws a usage error naming `where`. */
export function parseSecretRef(given: string, where: string): SecretRef {
  const spec = given.startsWith(SECRET_SCHEME) ? given.slice(SECRET_SCHEME.length) : given;
  const invalid = (why: string) =>
    new ExecError(`${where}: '${spec.slice(0, 300)}' is not a secret reference (${why}); expected ID[:json-key[:version-stage[:version-id]]], ID a secret name or ARN`, EXIT.usage);
  let secretId: string;
  let region: string | undefined;
  let fields: string[];
  if (spec.startsWith('arn:')) {
    const arn = ARN.exec(spec);
    if (!arn) throw invalid('not a Secrets Manager secret ARN');
    secretId = arn[1] ?? '';
    region = arn[2];
    fields = (arn[3] ?? '').split(':').slice(1);
  } else {
    [secretId = '', ...fields] = spec.split(':');
    if (!NAME.test(secretId)) throw invalid(secretId === '' ? 'no secret name' : 'a secret name holds letters, digits and /_+=.@- only');
  }
  if (fields.length > 3) throw invalid('more than three fields after the secret');
  const [jsonKey, versionStage, versionId] = fields;
  return {
    spec,
    secretId,
    ...(region ? { region } : {}),
    ...(jsonKey ? { jsonKey } : {}),
    ...(versionStage ? { versionStage } : {}),
    ...(versionId ? { versionId } : {}),
  };
}

/** Inherited variables holding `secretsmanager://…`, sorted by name. */
export function findSecretReferences(env: NodeJS.ProcessEnv): SecretReference[] {
  const found: SecretReference[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || !value.startsWith(SECRET_SCHEME)) continue;
    found.push({ name, secret: parseSecretRef(value, name) });
  }
  return found.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** One GetSecretValue answers every reference with the same secret, stage and version id. */
export function readKey(ref: SecretRef): string {
  return JSON.stringify([ref.secretId, ref.versionStage ?? '', ref.versionId ?? '']);
}

/** `secret app/db`, with the version asked for: how messages name what was read. */
export function describeSecret(ref: SecretRef): string {
  const version = [ref.versionStage ? `stage ${ref.versionStage}` : '', ref.versionId ? `version ${ref.versionId}` : ''].filter((part) => part !== '').join(', ');
  return `secret ${ref.secretId}${version ? ` (${version})` : ''}`;
}
