// An audit event's requestParameters, as CloudTrail records them: the request's input as the
// operation ran with it (decoded, validated and normalised, the object the authorization rule and
// the handler read), member names as CloudTrail writes them (`RoleSessionName` → `roleSessionName`,
// at every depth; map keys as sent), and no secret in it:
// - a member whose shape the AWS model marks `sensitive` (PutParameter's Value, Secrets Manager's
//   SecretString, SecretBinary and RotationToken, KMS's Plaintext), at any depth, is replaced by
//   HIDDEN_DUE_TO_SECURITY_REASONS, as CloudTrail shows PutParameter's value for every parameter
//   type; or left out, where CloudTrail leaves it out (the service's `sensitiveParameters`: KMS's
//   Encrypt has no plaintext in its record, Secrets Manager's CreateSecret no secretString);
// - so is a member whose name says it carries a secret (SECRET_NAMES), whatever the model says: a
//   safety net should a regenerated model lose the trait, or a new operation take a secret its
//   model does not mark. A top-level `Value` is the value a request stores (PutParameter's); a
//   nested one is a tag's, which CloudTrail shows;
// - bytes (blobs: KMS ciphertexts, attestation documents) are left out, as CloudTrail leaves out
//   Decrypt's CiphertextBlob; so is anything of a type this file does not know (when unsure, hide);
// - policy documents, descriptions, tags and names are kept, as CloudTrail keeps them: they are not
//   secrets, and detections read them (a PutUserPolicy granting `*`);
// - the whole is bounded: past MAX_REQUEST_PARAMETERS_BYTES of JSON it is `{"omitted": true}`
//   (CloudTrail omits a field past its size limit and marks it `omitted`), so no request can make
//   its audit line large.
// A request without parameters (GetCallerIdentity) records null, as CloudTrail does.

import { lowerFirst } from '../wire/coral.js';
import { operation as operationOf, type ServiceModel, type Shape } from '../wire/model.js';

/** What CloudTrail writes in place of a sensitive member's value. */
export const HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS';

/**
 * The largest requestParameters recorded, as JSON bytes. CloudTrail's limit is 100 KB; Kura's is
 * lower because every request's event is one line (one row) written before its response: after
 * redaction only documents (key and resource policies, IAM policies) and tag lists come near it.
 */
export const MAX_REQUEST_PARAMETERS_BYTES = 10 * 1024;

/** How a service's sensitive members show: replaced by HIDDEN (the default), or left out. */
export type SensitiveStyle = 'hidden' | 'omitted';

/** The recorded parameters: JSON (strings, numbers, booleans, arrays and objects of them). */
export type RequestParameters = Record<string, unknown>;

/**
 * Member names that carry a secret wherever they appear, sensitive in the model or not. Never
 * shown: replaced or left out as the model's sensitive members are.
 */
const SECRET_NAMES: ReadonlySet<string> = new Set([
  'SecretString',
  'SecretBinary',
  'Plaintext',
  'PrivateKey',
  'SecretAccessKey',
  'SessionToken',
  'Password',
  'OldPassword',
  'NewPassword',
  'KeyStorePassword',
  'RotationToken',
  // An MFA device's one-time code.
  'TokenCode',
  // Bearer assertions: STS's ProvidedContexts, SAML and web identity tokens.
  'ContextAssertion',
  'SAMLAssertion',
  'WebIdentityToken',
]);

/** Names that carry a secret as a member of the request itself: the value a request stores. */
const TOP_LEVEL_SECRET_NAMES: ReadonlySet<string> = new Set(['Value']);

/** Deeper than any input the decoders accept; past it nothing is shown. */
const MAX_DEPTH = 64;

const LEFT_OUT = Symbol('left out');
type Shown = unknown;

/** The requestParameters of `operation` run with `input`: redacted, bounded, null when there are none. */
export function requestParameters(model: ServiceModel, operation: string, input: Readonly<Record<string, unknown>>, style: SensitiveStyle = 'hidden'): RequestParameters | null {
  const inputShape = operationOf(model, operation)?.input?.shape;
  const shape = inputShape !== undefined ? shapeOf(model, inputShape) : undefined;
  if (shape?.type !== 'structure') return null;
  const shown = structure(model, shape, input, style, 0);
  if (Object.keys(shown).length === 0) return null;
  return Buffer.byteLength(JSON.stringify(shown)) > MAX_REQUEST_PARAMETERS_BYTES ? { omitted: true } : shown;
}

function shapeOf(model: ServiceModel, name: string): Shape | undefined {
  return Object.hasOwn(model.shapes, name) ? model.shapes[name] : undefined;
}

const concealed = (style: SensitiveStyle): Shown => (style === 'hidden' ? HIDDEN : LEFT_OUT);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value) && !(value instanceof Date);

/** Sets a key that may be any text (a map key such as `__proto__` stays a plain entry). */
function put(out: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A structure's members the model names, in the model's order; members it does not name are left out. */
function structure(model: ServiceModel, shape: Shape, value: Readonly<Record<string, unknown>>, style: SensitiveStyle, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    if (!Object.hasOwn(value, name)) continue;
    const member = value[name];
    if (member === undefined || member === null) continue;
    const secret = SECRET_NAMES.has(name) || (depth === 0 && TOP_LEVEL_SECRET_NAMES.has(name));
    const shown = secret ? concealed(style) : present(model, ref.shape, member, style, depth + 1);
    if (shown !== LEFT_OUT) put(out, lowerFirst(name), shown);
  }
  return out;
}

function present(model: ServiceModel, shapeName: string, value: unknown, style: SensitiveStyle, depth: number): Shown {
  const shape = shapeOf(model, shapeName);
  if (!shape || depth > MAX_DEPTH) return LEFT_OUT;
  if (shape.sensitive === true) return concealed(style);
  switch (shape.type) {
    case 'structure':
      return isRecord(value) ? structure(model, shape, value, style, depth) : LEFT_OUT;
    case 'list': {
      const member = shape.member?.shape;
      if (!Array.isArray(value) || member === undefined) return LEFT_OUT;
      return value.map((item: unknown) => present(model, member, item, style, depth + 1)).filter((item) => item !== LEFT_OUT);
    }
    case 'map': {
      const key = shape.key?.shape;
      const valueShape = shape.value?.shape;
      if (!isRecord(value) || key === undefined || valueShape === undefined) return LEFT_OUT;
      if (shapeOf(model, key)?.sensitive === true) return concealed(style);
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        const shown = present(model, valueShape, v, style, depth + 1);
        if (shown !== LEFT_OUT) put(out, k, shown);
      }
      return out;
    }
    case 'string':
      return typeof value === 'string' ? value : LEFT_OUT;
    case 'boolean':
      return typeof value === 'boolean' ? value : LEFT_OUT;
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
      return typeof value === 'number' && Number.isFinite(value) ? value : LEFT_OUT;
    case 'timestamp':
      return value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString() : LEFT_OUT;
    default:
      // Blobs, and any type the model may add: never shown.
      return LEFT_OUT;
  }
}
