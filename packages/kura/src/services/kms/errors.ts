// Every error the KMS operations throw, with AWS's code and text. KMS's modeled
// exceptions all carry `message` (lower case). Texts marked "guess" are not confirmed against real
// AWS; GAPS.md lists them. No constructor takes a plaintext, a key material or a policy body.

import { jsonErrors, ServiceError } from '../../wire/errors.js';
import { KmsFailure } from '../context.js';

const kms = (code: string, message: string, status?: number) =>
  new ServiceError(code, message, { messageMember: 'message', ...(status !== undefined ? { status } : {}) });

/** KMS's server-side faults (the model marks them `fault`): 500. */
const SERVER_FAULTS = new Set(['KMSInternalException', 'DependencyTimeoutException', 'KeyUnavailableException']);

export const kmsErrors = {
  /** Unmodeled in KMS; sent like the Coral validation errors the wire layer produces. */
  validation: (message: string) => jsonErrors.validation(message),

  notFound: (message: string) => kms('NotFoundException', message),
  keyNotFound: (keyArn: string) => kms('NotFoundException', `Key '${keyArn}' does not exist`),
  invalidKeyId: (text: string) => kms('NotFoundException', `Invalid keyId '${text}'`),
  aliasNotFound: (aliasArn: string) => kms('NotFoundException', `Alias ${aliasArn} is not found.`),

  disabled: (keyArn: string) => kms('DisabledException', `${keyArn} is disabled.`),
  pendingDeletion: (keyArn: string) => kms('KMSInvalidStateException', `${keyArn} is pending deletion.`),
  /** guess: CancelKeyDeletion on a key that is not pending deletion. */
  notPendingDeletion: (keyArn: string) => kms('KMSInvalidStateException', `${keyArn} is not pending deletion.`),

  /** AWS sends no text at all: nothing to tell a context mismatch from a damaged blob. */
  invalidCiphertext: () => kms('InvalidCiphertextException', ''),
  incorrectKey: () => kms('IncorrectKeyException', 'The key ID in the request does not identify a CMK that can perform this operation.'),
  /** guess: shaped like AWS's MAC-algorithm text. */
  incompatibleAlgorithm: (algorithm: string, keySpec: string) =>
    kms('InvalidKeyUsageException', `Algorithm ${algorithm} is incompatible with key spec ${keySpec}.`),

  aliasExists: (aliasArn: string) => kms('AlreadyExistsException', `An alias with the name ${aliasArn} already exists`),
  aliasPrefix: () =>
    jsonErrors.validation(
      'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html',
    ),
  aliasCharacters: (aliasName: string) => jsonErrors.validation(`${aliasName} contains invalid characters for an alias`),
  /** guess: moto's text. */
  aliasTargetIsAlias: () => jsonErrors.validation('Aliases must refer to keys. Not aliases'),
  /** guess: moto's code; AWS reserves alias/aws/ for its own keys. */
  reservedAlias: () => new ServiceError('NotAuthorizedException', '', { messageMember: 'message' }),
  /** guess. */
  invalidAliasName: (aliasName: string) => kms('InvalidAliasNameException', `Alias name ${aliasName} is not valid.`),

  /** guess: the model's description of the shape. */
  invalidMarker: () =>
    kms('InvalidMarkerException', 'The request was rejected because the marker that specifies where pagination should next begin is not valid.'),

  malformedPolicy: (reason: string) => kms('MalformedPolicyDocumentException', reason),
  tag: (message: string) => kms('TagException', message),
  unsupported: (message: string) => kms('UnsupportedOperationException', message),
  limitExceeded: (message: string) => kms('LimitExceededException', message),
  dryRun: () => kms('DryRunOperationException', 'The request would have succeeded, but the DryRun option is set.'),

};

/** A domain failure as the KMS API sends it. Anything that is not a KmsFailure passes through. */
export function asServiceError(error: unknown): unknown {
  if (!(error instanceof KmsFailure)) return error;
  return kms(error.code, error.message, SERVER_FAULTS.has(error.code) ? 500 : undefined);
}

/** Runs a domain call, turning KmsFailure into the wire error. */
export async function kmsCall<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw asServiceError(error);
  }
}
