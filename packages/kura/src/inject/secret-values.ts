// What a secret puts in the environment, once read. A reference or --map takes one value: the whole
// secret string, or one field of a JSON object secret. --secret takes every field (or the one its
// json-key names), each under a name made as --path makes names from parameters (names.ts). Every
// refusal is exit 4 and names the secret and the key, never a value: a secret that is not a JSON
// object, a key it lacks or holds twice, a null, a binary secret.

import { ExecError, EXIT } from './errors.js';
import { jsonFields, type JsonField } from './json-fields.js';
import type { SecretValue } from './reader.js';
import { describeSecret, SECRET_SCHEME, type SecretRef } from './secret-refs.js';

function refused(message: string): ExecError {
  return new ExecError(message, EXIT.rejected);
}

function textOf(value: SecretValue, ref: SecretRef): string {
  if (value.kind === 'binary') throw refused(`${describeSecret(ref)} holds a binary value (SecretBinary), which kura exec does not put in an environment`);
  return value.text;
}

/** The fields of a JSON object secret; `wanted` says what needs them, for the message. */
function fieldsOf(value: SecretValue, ref: SecretRef, wanted: string): JsonField[] {
  const parsed = jsonFields(textOf(value, ref));
  if (parsed.kind === 'not-object') throw refused(`${describeSecret(ref)} is not a JSON object, so ${wanted}`);
  if (parsed.duplicate !== undefined) throw refused(`${describeSecret(ref)} holds the key '${parsed.duplicate}' more than once, so which value it means is unclear`);
  return parsed.fields;
}

function fieldValue(field: JsonField, ref: SecretRef): string {
  if (field.value === undefined) throw refused(`the key '${field.key}' of ${describeSecret(ref)} is null, which an environment variable cannot hold`);
  return field.value;
}

function pick(value: SecretValue, ref: SecretRef, key: string): string {
  const field = fieldsOf(value, ref, `its key '${key}' cannot be read`).find((f) => f.key === key);
  if (field === undefined) throw refused(`${describeSecret(ref)} has no key '${key}'`);
  return fieldValue(field, ref);
}

/** The one value of a reference or a --map: the whole secret string, or its json-key's field. */
export function singleSecretValue(value: SecretValue, ref: SecretRef): string {
  return ref.jsonKey === undefined ? textOf(value, ref) : pick(value, ref, ref.jsonKey);
}

/** --secret: every field of the object (or the json-key's alone), as key and value, in the secret's order. */
export function expandSecret(value: SecretValue, ref: SecretRef): Array<{ key: string; value: string }> {
  if (ref.jsonKey !== undefined) return [{ key: ref.jsonKey, value: pick(value, ref, ref.jsonKey) }];
  const fields = fieldsOf(value, ref, `--secret cannot expand it into variables; read it whole with --map NAME=${SECRET_SCHEME}${ref.spec}`);
  if (fields.length === 0) throw refused(`${describeSecret(ref)} is an empty JSON object: --secret would set nothing`);
  return fields.map((field) => ({ key: field.key, value: fieldValue(field, ref) }));
}
