// The `kms` section of a seed file: keys with fixed ids, their aliases, policies, tags, and (with
// --dev only) fixed material.

import { parsePolicy, PolicyError, POLICY_SIZE_LIMITS } from '../policy/index.js';
import { kmsModel } from '../services/kms/model.js';
import { operation } from '../wire/model.js';
import type { FieldReader, Mapping } from './fields.js';
import { modelCheck } from './model-check.js';
import type { SeedKey } from './format.js';
import { at } from './problems.js';

/**
 * The rotation functions this server runs (`--rotation-function NAME=COMMAND`), which a secret's
 * `rotation.function` must name. The server hands them over with its own reading of a Lambda ARN,
 * so the seed accepts exactly the ARNs RotateSecret will find a function for.
 */
export interface RotationFunctionRegistry {
  names: readonly string[];
  /** The function name of a Lambda function ARN (`…:function:NAME`, a `:qualifier` aside); undefined when it is not one. */
  nameOf(arn: string): string | undefined;
}

export interface ParseContext {
  r: FieldReader;
  env: NodeJS.ProcessEnv;
  dev: boolean;
  accountId: string;
  /** The file's region (its `region`, else us-east-1). */
  region: string;
  rotationFunctions: RotationFunctionRegistry;
}

const KEY_FIELDS = ['keyId', 'description', 'policy', 'enabled', 'aliases', 'tags', 'rotation', 'material', 'materialFromEnv'] as const;
const KEY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ALIAS = /^alias\/[A-Za-z0-9/_-]{1,250}$/;

/** A policy as the server's own parser reads it; the reason is the parser's (AWS's words). */
export function checkPolicy(c: ParseContext, text: string | undefined, path: string, kind: 'identity' | 'trust' | 'resource', what: string, options: Parameters<typeof parsePolicy>[2] = {}): string | undefined {
  if (text === undefined) return undefined;
  try {
    parsePolicy(text, kind, options);
    return text;
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error;
    return c.r.fail(path, `not a valid ${what}: ${error.reason}`);
  }
}

export function readKmsSection(c: ParseContext, value: unknown, path: string): SeedKey[] {
  const kms = c.r.mapping(value, path, ['keys']);
  if (!kms) return [];
  return c.r.list(kms, 'keys', path, (entry, here) => readKey(c, entry, here));
}

function readKey(c: ParseContext, value: unknown, path: string): SeedKey | undefined {
  const m = c.r.mapping(value, path, KEY_FIELDS);
  if (!m) return undefined;
  const keyId = c.r.string(m, 'keyId', path, { required: true, pattern: KEY_ID, what: 'a key id in lower-case UUID form (1234abcd-12ab-34cd-56ef-1234567890ab)' });
  const description = c.r.string(m, 'description', path);
  const policy = checkPolicy(c, c.r.document(m, 'policy', path), at(path, 'policy'), 'resource', 'key policy', { maxLength: POLICY_SIZE_LIMITS.keyPolicyBytes });
  const enabled = c.r.boolean(m, 'enabled', path);
  const aliases = c.r.strings(m, 'aliases', path).filter((alias, index) => {
    const here = `${at(path, 'aliases')}[${index}]`;
    if (!ALIAS.test(alias)) return c.r.fail(here, 'must be alias/ and a name of letters, digits, / _ and - (at most 256 characters)') ?? false;
    if (alias.startsWith('alias/aws/')) return c.r.fail(here, 'alias/aws/ names are reserved for AWS managed keys') ?? false;
    return true;
  });
  const tags = c.r.tags(m, 'tags', path);
  const rotation = readRotation(c, m, path);
  const material = readMaterial(c, m, path);
  const input = { Description: description, Policy: policy, ...(tags.length > 0 ? { Tags: tags.map((t) => ({ TagKey: t.key, TagValue: t.value })) } : {}) };
  const valid = modelCheck(c.r, kmsModel, 'CreateKey', input, { Description: 'description', Policy: 'policy', Tags: 'tags' }, path);
  if (keyId === undefined || !valid) return undefined;
  return {
    file: c.r.file,
    path,
    region: c.region,
    keyId,
    ...(description !== undefined ? { description } : {}),
    ...(policy !== undefined ? { policy } : {}),
    ...(enabled !== undefined ? { enabled } : {}),
    aliases,
    tags,
    ...(rotation ? { rotation } : {}),
    ...(material ? { material } : {}),
  };
}

/** RotationPeriodInDays's bounds, as EnableKeyRotation's model gives them (90 to 2560 days). */
function periodBounds(): { min: number; max: number } {
  const input = kmsModel.shapes[operation(kmsModel, 'EnableKeyRotation')?.input?.shape ?? ''];
  const period = kmsModel.shapes[input?.members?.RotationPeriodInDays?.shape ?? ''];
  if (period?.min === undefined || period.max === undefined) throw new Error('the KMS model gives no bounds for RotationPeriodInDays');
  return { min: period.min, max: period.max };
}

/** `rotation: {enabled, periodDays}`: EnableKeyRotation (with RotationPeriodInDays) or DisableKeyRotation. */
function readRotation(c: ParseContext, m: Mapping, path: string): SeedKey['rotation'] {
  if (m.rotation === undefined || m.rotation === null) return undefined;
  const here = at(path, 'rotation');
  const rotation = c.r.mapping(m.rotation, here, ['enabled', 'periodDays']);
  if (!rotation) return undefined;
  const enabled = c.r.boolean(rotation, 'enabled', here);
  if (rotation.enabled === undefined || rotation.enabled === null) c.r.fail(at(here, 'enabled'), 'is required');
  const { min, max } = periodBounds();
  const periodDays = c.r.integer(rotation, 'periodDays', here, min, max);
  if (enabled === false && rotation.periodDays !== undefined && rotation.periodDays !== null) return c.r.fail(at(here, 'periodDays'), 'applies only when enabled is true');
  if (enabled === undefined || (rotation.periodDays !== undefined && rotation.periodDays !== null && periodDays === undefined)) return undefined;
  return { enabled, ...(periodDays !== undefined ? { periodDays } : {}) };
}

/** 256 bits in base64, refused without --dev: fixed material is for reproducible tests only. */
function readMaterial(c: ParseContext, m: Mapping, path: string): Buffer | undefined {
  if ((m.material === undefined || m.material === null) && (m.materialFromEnv === undefined || m.materialFromEnv === null)) return undefined;
  if (!c.dev) {
    const field = m.material !== undefined ? 'material' : 'materialFromEnv';
    return c.r.fail(at(path, field), 'fixed key material is for reproducible tests only and needs --dev');
  }
  const text = c.r.secretText(m, path, c.env, { inline: 'material', fromEnv: 'materialFromEnv' }, (v, here) =>
    typeof v === 'string' ? v : c.r.fail(here, 'must be a string: 32 bytes in base64'),
  );
  if (text === undefined) return undefined;
  const bytes = Buffer.from(text, 'base64');
  const field = m.material !== undefined ? 'material' : 'materialFromEnv';
  if (bytes.length !== 32 || bytes.toString('base64') !== text.trim()) return c.r.fail(at(path, field), 'must be 32 bytes (256 bits) in base64');
  return bytes;
}
