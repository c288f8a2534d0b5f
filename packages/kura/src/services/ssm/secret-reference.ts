// Parameter Store's references to Secrets Manager: GetParameter and GetParameters of
// /aws/reference/secretsmanager/<secret-id>[:<version id or staging label>] answer with the secret's
// value, read through Secrets Manager for the caller
// (https://docs.aws.amazon.com/systems-manager/latest/userguide/integration-ps-secretsmanager.html).
// Nothing is stored under these names: a reference passes through. ssm:GetParameter(s) on the
// reference's own ARN is authorized first, as for any name (authorization.ts); then
// secretsmanager:GetSecretValue on the secret and kms:Decrypt of its key through Secrets Manager,
// exactly as a GetSecretValue of the caller's (secretsmanager/read-for-service.ts). What AWS answers
// was measured by others and reported by users; GAPS.md says which parts are guesses.

import { ServiceError } from '../../wire/errors.js';
import type { OperationContext } from '../context.js';
import { getSecretValueFor } from '../secretsmanager/read-for-service.js';
import { ssmErrors } from './errors.js';

export const REFERENCE_PREFIX = '/aws/reference/secretsmanager/';

/** A version id as Secrets Manager and the SDKs make them (a UUID); any other selector is a staging label (guess). */
const VERSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The characters a referenced staging label may have (the user guide's restriction). */
const STAGE = /^[A-Za-z0-9._-]+$/;

export function isSecretReference(name: string): boolean {
  return name.startsWith(REFERENCE_PREFIX);
}

interface Reference {
  /** What the response names the parameter: the reference without its selector. */
  name: string;
  secretId: string;
  selector?: string;
}

/** Its parts, or AWS's syntax error: a second selector, an empty one (an ARN has colons too), or one no label can be. */
function parseReference(identifier: string): Reference | undefined {
  const [name = '', selector, ...more] = identifier.split(':');
  if (more.length > 0 || selector === '' || (selector !== undefined && !VERSION_ID.test(selector) && !STAGE.test(selector))) return undefined;
  return { name, secretId: name.slice(REFERENCE_PREFIX.length), ...(selector !== undefined ? { selector } : {}) };
}

/** AWS's not-found text names the reference without its leading slash, and `null` for a missing selector. */
function notFound(ref: Reference): ServiceError {
  return ssmErrors.referenceNotFound(`${ref.name.slice(1)}${ref.selector === undefined ? 'null' : `:${ref.selector}`}`);
}

/** Secrets Manager's answers that make the reference unanswerable rather than the request failed. */
function unanswerable(error: unknown, ref: Reference): ServiceError | undefined {
  if (!(error instanceof ServiceError)) return undefined;
  // No such secret (a name no secret can have included), or no version for the selector.
  if (error.code === 'ResourceNotFoundException' || error.code === 'ValidationException') return notFound(ref);
  // A secret scheduled for deletion.
  if (error.code === 'InvalidRequestException') return ssmErrors.referenceRefused();
  return undefined;
}

/** GetSecretValue's output as the Parameter AWS answers: SourceResult is that output as JSON, in AWS's member names. */
function toParameter(ref: Reference, value: Record<string, unknown>): Record<string, unknown> {
  const created = value['CreatedDate'] as Date;
  const secretString = value['SecretString'];
  const source: Record<string, unknown> = { ARN: value['ARN'], name: value['Name'], versionId: value['VersionId'] };
  // guess: a binary value is left out of SourceResult, as it is of Value.
  if (typeof secretString === 'string') source['secretString'] = secretString;
  if (value['VersionStages'] !== undefined) source['versionStages'] = value['VersionStages'];
  // guess: the date's format inside SourceResult.
  source['createdDate'] = created.toISOString();
  const out: Record<string, unknown> = { Name: ref.name, Type: 'SecureString' };
  if (typeof secretString === 'string') out['Value'] = secretString;
  out['Version'] = 0;
  if (ref.selector !== undefined) out['Selector'] = `:${ref.selector}`;
  out['SourceResult'] = JSON.stringify(source);
  out['LastModifiedDate'] = created;
  out['ARN'] = value['ARN'];
  return out;
}

/**
 * The Parameter a reference names, or the error that makes it unanswerable (GetParameter throws it,
 * GetParameters lists the name in InvalidParameters): bad syntax, no WithDecryption, no such secret
 * or version, a secret scheduled for deletion. A denial and a KMS refusal throw for the whole call.
 * `request` is the operation's frozen input (the secret is resolved once per request).
 */
export async function readReference(
  ctx: OperationContext,
  request: object,
  identifier: string,
  withDecryption: boolean,
): Promise<{ parameter: Record<string, unknown> } | { invalid: ServiceError }> {
  const ref = parseReference(identifier);
  // The syntax is checked first, then the flag, before anything is looked up (as measured on AWS).
  if (!ref) return { invalid: ssmErrors.referenceSyntax() };
  if (!withDecryption) return { invalid: ssmErrors.referenceNeedsDecryption() };
  const selector = ref.selector === undefined ? {} : VERSION_ID.test(ref.selector) ? { versionId: ref.selector } : { stage: ref.selector };
  try {
    // Parameter Store asks Secrets Manager on the caller's behalf (inferred: a forward access session).
    const value = await getSecretValueFor(ctx, request, ref.secretId, selector, { 'aws:ViaAWSService': 'true' });
    return { parameter: toParameter(ref, value) };
  } catch (error) {
    const invalid = unanswerable(error, ref);
    if (invalid) return { invalid };
    throw error;
  }
}
