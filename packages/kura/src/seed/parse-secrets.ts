// The `secretsmanager` section of a seed file: secrets with a string value (a mapping is written
// out as JSON text, the way apps read `{"username":…,"password":…}` secrets) or a binary one (base64),
// either given or the value of an environment variable; a description, a KMS key, tags, a resource
// policy and rotation (parse-secret-rotation.ts).

import { validName } from '../services/secretsmanager/names.js';
import { secretsManagerModel } from '../services/secretsmanager/model.js';
import { isMapping, notString, type Mapping } from './fields.js';
import type { SeedSecret } from './format.js';
import { modelCheck } from './model-check.js';
import { checkPolicy, type ParseContext } from './parse-kms.js';
import { readSecretRotation } from './parse-secret-rotation.js';
import { at } from './problems.js';

const SECRET_FIELDS = ['name', 'description', 'kmsKeyId', 'value', 'valueFromEnv', 'valueBinaryBase64', 'valueBinaryFromEnv', 'tags', 'resourcePolicy', 'rotation'];
const given = (m: Mapping, key: string) => m[key] !== undefined && m[key] !== null;

export function readSecretsSection(c: ParseContext, value: unknown, path: string): SeedSecret[] {
  const section = c.r.mapping(value, path, ['secrets']);
  if (!section) return [];
  return c.r.list(section, 'secrets', path, (entry, here) => readSecret(c, entry, here));
}

function readSecret(c: ParseContext, value: unknown, path: string): SeedSecret | undefined {
  const m = c.r.mapping(value, path, SECRET_FIELDS);
  if (!m) return undefined;
  const name = c.r.string(m, 'name', path, { required: true });
  if (name !== undefined && !validName(name)) c.r.fail(at(path, 'name'), 'must be letters, digits and / _ + = . @ - only');
  const description = c.r.string(m, 'description', path);
  const kmsKeyId = c.r.string(m, 'kmsKeyId', path);
  const text = readValue(c, m, path);
  const tags = c.r.tags(m, 'tags', path);
  const resourcePolicy = checkPolicy(c, c.r.document(m, 'resourcePolicy', path), at(path, 'resourcePolicy'), 'resource', 'resource policy');
  const rotation = readSecretRotation(c, m, path, name);
  const input = {
    Name: name,
    Description: description,
    KmsKeyId: kmsKeyId,
    ...(Buffer.isBuffer(text) ? { SecretBinary: text } : { SecretString: text }),
    ...(tags.length > 0 ? { Tags: tags.map((t) => ({ Key: t.key, Value: t.value })) } : {}),
  };
  const valuePath = ['value', 'valueBinaryBase64', 'valueBinaryFromEnv'].find((key) => given(m, key)) ?? 'valueFromEnv';
  const fields = { Name: 'name', Description: 'description', KmsKeyId: 'kmsKeyId', SecretString: valuePath, SecretBinary: valuePath, Tags: 'tags' };
  const valid = modelCheck(c.r, secretsManagerModel, 'CreateSecret', input, fields, path);
  if (!valid || name === undefined || !validName(name) || text === undefined) return undefined;
  return {
    file: c.r.file,
    path,
    region: c.region,
    name,
    value: text,
    ...(description !== undefined ? { description } : {}),
    ...(kmsKeyId !== undefined ? { kmsKeyId } : {}),
    ...(resourcePolicy !== undefined ? { resourcePolicy } : {}),
    tags,
    ...(rotation ? { rotation } : {}),
  };
}

/**
 * The value: a string (`value`, `valueFromEnv`) or bytes in base64 (`valueBinaryBase64`,
 * `valueBinaryFromEnv`), exactly one of the four. Base64 is read strictly (padded, no other
 * characters): a value that is not would otherwise be stored as other bytes than meant.
 */
function readValue(c: ParseContext, m: Mapping, path: string): string | Buffer | undefined {
  const text = given(m, 'value') || given(m, 'valueFromEnv');
  const binary = given(m, 'valueBinaryBase64') || given(m, 'valueBinaryFromEnv');
  if (text && binary) return c.r.fail(path, 'give a string value (value or valueFromEnv) or a binary one (valueBinaryBase64 or valueBinaryFromEnv), not both');
  if (!text && !binary) return c.r.fail(path, 'needs value, valueFromEnv, valueBinaryBase64 or valueBinaryFromEnv');
  if (text) {
    return c.r.secretText(m, path, c.env, { inline: 'value', fromEnv: 'valueFromEnv' }, (v, here) => {
      if (typeof v === 'string') return v;
      if (isMapping(v)) return JSON.stringify(v);
      return c.r.fail(here, `must be a string, or a mapping (stored as JSON text)${notString(v)}`);
    });
  }
  const base64 = c.r.secretText(m, path, c.env, { inline: 'valueBinaryBase64', fromEnv: 'valueBinaryFromEnv' }, (v, here) =>
    typeof v === 'string' ? v : c.r.fail(here, `must be a string: the bytes in base64${notString(v)}`),
  );
  if (base64 === undefined) return undefined;
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.toString('base64') !== base64) {
    return c.r.fail(at(path, given(m, 'valueBinaryBase64') ? 'valueBinaryBase64' : 'valueBinaryFromEnv'), 'must be base64 (A-Z, a-z, 0-9, + and /, padded with =)');
  }
  return bytes;
}
