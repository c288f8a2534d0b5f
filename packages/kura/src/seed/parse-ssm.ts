// The `ssm` section of a seed file: parameters of every type, each checked by Parameter Store's
// own rules (services/ssm: names, value size, tier, data type, allowed pattern) before anything is
// written. None of those rules' messages holds the value.

import { validateWriteName } from '../services/ssm/names.js';
import { assertMatchesAllowedPattern, compileAllowedPattern } from '../services/ssm/allowed-pattern.js';
import { isValidLabel } from '../services/ssm/labels.js';
import { MAX_TAGS } from '../services/ssm/put-parameter.js';
import { checkDataType, checkImageId, checkValue, resolveTier } from '../services/ssm/put-rules.js';
import { ServiceError } from '../wire/errors.js';
import { ssmModel } from '../services/ssm/model.js';
import { notString, type Mapping } from './fields.js';
import { modelCheck } from './model-check.js';
import type { SeedParameter } from './format.js';
import type { ParseContext } from './parse-kms.js';
import { at } from './problems.js';

const PARAMETER_FIELDS = ['name', 'type', 'value', 'valueFromEnv', 'keyId', 'description', 'tier', 'allowedPattern', 'dataType', 'tags', 'labels'] as const;
const TYPES = ['String', 'StringList', 'SecureString'] as const;
const TIERS = ['Standard', 'Advanced', 'Intelligent-Tiering'];

export function readSsmSection(c: ParseContext, value: unknown, path: string): SeedParameter[] {
  const ssm = c.r.mapping(value, path, ['parameters']);
  if (!ssm) return [];
  return c.r.list(ssm, 'parameters', path, (entry, here) => readParameter(c, entry, here));
}

/** Runs one of Parameter Store's rules; its refusal becomes a problem at `path`. */
function rule(c: ParseContext, path: string, check: () => void): boolean {
  try {
    check();
    return true;
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    c.r.fail(path, error.message);
    return false;
  }
}

/** A StringList may be written as a YAML list; it is stored as Parameter Store stores one, comma-joined. */
function readValue(c: ParseContext, m: Mapping, path: string, type: string | undefined): string | undefined {
  return c.r.secretText(m, path, c.env, { inline: 'value', fromEnv: 'valueFromEnv' }, (v, here) => {
    if (typeof v === 'string') return v;
    if (type === 'StringList' && Array.isArray(v)) {
      if (v.every((s) => typeof s === 'string' && !s.includes(','))) return v.join(',');
      return c.r.fail(here, 'a StringList written as a list takes strings without commas');
    }
    return c.r.fail(here, type === 'StringList' && !(typeof v === 'number' || typeof v === 'boolean') ? `must be a string or a list of strings${notString(v)}` : `must be a string${notString(v)}`);
  });
}

function readParameter(c: ParseContext, value: unknown, path: string): SeedParameter | undefined {
  const m = c.r.mapping(value, path, PARAMETER_FIELDS);
  if (!m) return undefined;
  const name = c.r.string(m, 'name', path, { required: true });
  const type = c.r.string(m, 'type', path, { required: true, oneOf: TYPES }) as SeedParameter['type'] | undefined;
  const text = readValue(c, m, path, type);
  const keyId = c.r.string(m, 'keyId', path);
  const description = c.r.string(m, 'description', path);
  const tier = c.r.string(m, 'tier', path, { oneOf: TIERS });
  const allowedPattern = c.r.string(m, 'allowedPattern', path);
  const dataType = c.r.string(m, 'dataType', path);
  const tags = c.r.tags(m, 'tags', path);
  const labels = readLabels(c, m, path);
  if (keyId !== undefined && type !== undefined && type !== 'SecureString') c.r.fail(at(path, 'keyId'), 'applies to SecureString parameters only');
  const valuePath = at(path, m.value !== undefined ? 'value' : 'valueFromEnv');
  let ok = name !== undefined && rule(c, at(path, 'name'), () => validateWriteName(name, c.region, c.accountId));
  if (text !== undefined) {
    ok = rule(c, valuePath, () => checkValue(text)) && ok;
    ok = rule(c, tier !== undefined ? at(path, 'tier') : valuePath, () => resolveTier({ requested: tier, previous: undefined, valueLength: text.length, hasPolicies: false })) && ok;
  }
  if (dataType !== undefined && type !== undefined) ok = rule(c, at(path, 'dataType'), () => checkDataType(dataType, type)) && ok;
  if (dataType !== undefined && text !== undefined) ok = rule(c, valuePath, () => checkImageId(dataType, text)) && ok;
  if (allowedPattern !== undefined && allowedPattern !== '') {
    const compiled = rule(c, at(path, 'allowedPattern'), () => void compileAllowedPattern(allowedPattern));
    ok = compiled && ok;
    // The pattern's own message names the pattern, never the value.
    if (compiled && text !== undefined) ok = rule(c, valuePath, () => assertMatchesAllowedPattern(allowedPattern, text)) && ok;
  }
  if (tags.length > MAX_TAGS) ok = c.r.fail(at(path, 'tags'), `at most ${MAX_TAGS} tags`) ?? false;
  const input = { Name: name, Value: text, Type: type, Description: description, KeyId: keyId, AllowedPattern: allowedPattern, Tier: tier, DataType: dataType, ...(tags.length > 0 ? { Tags: tags.map((t) => ({ Key: t.key, Value: t.value })) } : {}) };
  const fields = { Name: 'name', Value: valuePath.slice(path.length + 1), Type: 'type', Description: 'description', KeyId: 'keyId', AllowedPattern: 'allowedPattern', Tier: 'tier', DataType: 'dataType', Tags: 'tags' };
  ok = modelCheck(c.r, ssmModel, 'PutParameter', input, fields, path) && ok;
  if (!ok || name === undefined || type === undefined || text === undefined || labels === undefined) return undefined;
  return {
    file: c.r.file,
    path,
    region: c.region,
    name,
    type,
    value: text,
    ...(keyId !== undefined ? { keyId } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(tier !== undefined ? { tier } : {}),
    ...(allowedPattern !== undefined ? { allowedPattern } : {}),
    ...(dataType !== undefined ? { dataType } : {}),
    tags,
    labels,
  };
}

/** Labels by LabelParameterVersion's rules: the service's own label rule, and its model's count and lengths. */
function readLabels(c: ParseContext, m: Mapping, path: string): string[] | undefined {
  const seen = new Set<string>();
  let refused = 0;
  const refuse = (here: string, reason: string) => {
    refused += 1;
    return c.r.fail(here, reason);
  };
  // Each item read where it is, so that a refused one does not shift the indices of the next.
  const labels = c.r.list(m, 'labels', path, (label, here) => {
    if (typeof label !== 'string') return refuse(here, `must be a string${notString(label)}`);
    if (!isValidLabel(label)) return refuse(here, `${label} is not a label Parameter Store takes: letters, digits, ".", "-" and "_", not starting with a digit, "aws" or "ssm"`);
    if (seen.has(label)) return refuse(here, `label ${label} is named twice`);
    seen.add(label);
    return label;
  });
  let ok = refused === 0 && (m.labels === undefined || m.labels === null || Array.isArray(m.labels));
  // The name is PutParameter's to check (above): a stand-in here, so a bad name is reported once.
  if (labels.length > 0) ok = modelCheck(c.r, ssmModel, 'LabelParameterVersion', { Name: '/x', Labels: labels }, { Labels: 'labels' }, path) && ok;
  return ok ? labels : undefined;
}
