// The `secretsmanager` section of a seed file: secrets with a string value (a mapping is written
// out as JSON text, the way apps read `{"username":…,"password":…}` secrets), or the value of an
// environment variable; a description, a KMS key, tags and a resource policy.

import { validName } from '../services/secretsmanager/names.js';
import { secretsManagerModel } from '../services/secretsmanager/model.js';
import { isMapping, notString } from './fields.js';
import type { SeedSecret } from './format.js';
import { modelCheck } from './model-check.js';
import { checkPolicy, type ParseContext } from './parse-kms.js';
import { at } from './problems.js';

const SECRET_FIELDS = ['name', 'description', 'kmsKeyId', 'value', 'valueFromEnv', 'tags', 'resourcePolicy'];

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
  const text = c.r.secretText(m, path, c.env, { inline: 'value', fromEnv: 'valueFromEnv' }, (v, here) => {
    if (typeof v === 'string') return v;
    if (isMapping(v)) return JSON.stringify(v);
    return c.r.fail(here, `must be a string, or a mapping (stored as JSON text)${notString(v)}`);
  });
  const tags = c.r.tags(m, 'tags', path);
  const resourcePolicy = checkPolicy(c, c.r.document(m, 'resourcePolicy', path), at(path, 'resourcePolicy'), 'resource', 'resource policy');
  const input = {
    Name: name,
    Description: description,
    KmsKeyId: kmsKeyId,
    SecretString: text,
    ...(tags.length > 0 ? { Tags: tags.map((t) => ({ Key: t.key, Value: t.value })) } : {}),
  };
  const valuePath = m.value !== undefined ? 'value' : 'valueFromEnv';
  const valid = modelCheck(c.r, secretsManagerModel, 'CreateSecret', input, { Name: 'name', Description: 'description', KmsKeyId: 'kmsKeyId', SecretString: valuePath, Tags: 'tags' }, path);
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
  };
}
