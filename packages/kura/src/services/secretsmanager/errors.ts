// Every error the Secrets Manager operations throw, with AWS's code and text. Every exception the
// model declares carries `Message`; AccessDeniedException (not modeled) is sent the same way.
// Status 400 throughout, ResourceNotFoundException included (AWS's, as recorded). Texts marked
// "guess" are not confirmed against real AWS; GAPS.md lists them. No constructor takes a secret
// value: values never reach an error message.

import { ServiceError } from '../../wire/errors.js';

const err = (code: string, message: string) => new ServiceError(code, message, { messageMember: 'Message' });

export const smErrors = {
  accessDenied: (message: string) => err('AccessDeniedException', message),
  validation: (message: string) => err('ValidationException', message),

  invalidName: () => err('ValidationException', 'Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!'),

  notFound: () => err('ResourceNotFoundException', "Secrets Manager can't find the specified secret."),
  noValueForStage: (stage: string) => err('ResourceNotFoundException', `Secrets Manager can't find the specified secret value for staging label: ${stage}`),
  noValueForVersion: (versionId: string) => err('ResourceNotFoundException', `Secrets Manager can't find the specified secret value for VersionId: ${versionId}`),
  stageNotOnVersion: () => err('InvalidRequestException', 'You provided a VersionStage that is not associated to the provided VersionId.'),

  exists: (name: string) => err('ResourceExistsException', `The operation failed because the secret ${name} already exists.`),
  /** guess: the API reference's reason ("you can't modify an existing version"), as a sentence. */
  versionExists: () => err('ResourceExistsException', "You can't modify an existing version, you can only create a new version."),

  scheduledForDeletion: () => err('InvalidRequestException', "You can't create this secret because a secret with this name is already scheduled for deletion."),
  markedForDeletion: () => err('InvalidRequestException', "You can't perform this operation on the secret because it was marked for deletion."),
  alreadyMarkedDeleted: () => err('InvalidRequestException', "You tried to perform the operation on a secret that's currently marked deleted."),

  recoveryWindow: () => err('InvalidParameterException', 'The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).'),
  forceWithWindow: () => err('InvalidParameterException', "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays."),

  /** LocalStack's recorded text for a value-less PutSecretValue. */
  valueRequired: () => err('InvalidRequestException', 'You must provide either SecretString or SecretBinary.'),
  /** guess: the API reference's rule ("include SecretBinary or SecretString, but not both"). */
  bothValues: () => err('InvalidParameterException', "You can't specify both a binary secret value and a string secret value in the same secret."),
  /** A raw request without the token an SDK fills in (LocalStack's recorded text). */
  tokenRequired: () => err('InvalidRequestException', 'You must provide a ClientRequestToken value. We recommend a UUID-type value.'),

  /** guess (moto's text): a label already on another version, moved without RemoveFromVersionId. */
  removeFromRequired: (stage: string, versionId: string) =>
    err(
      'InvalidParameterException',
      `The parameter RemoveFromVersionId can't be empty. Staging label ${stage} is currently attached to version ${versionId}, so you must explicitly reference that version in RemoveFromVersionId.`,
    ),
  /** guess (moto's text). */
  stageNotFoundOn: (stage: string, versionId: string) => err('InvalidParameterException', `Version stage ${stage} not found in version ${versionId}`),
  /** guess (moto's text). */
  notAVersion: (versionId: string) => err('InvalidParameterException', `Not a valid version: ${versionId}`),
  /** guess: AWSCURRENT can only move, never be removed outright. */
  currentMustMove: () => err('InvalidParameterException', "You can't remove the staging label AWSCURRENT from a version without moving it to another version."),
  /** guess: the quota of staging labels across a secret's versions. */
  tooManyStages: () => err('LimitExceededException', 'A secret can have at most 20 staging labels attached across all of its versions.'),

  /** Tag rules (guesses: the model's descriptions of the constraints). */
  reservedTag: () => err('InvalidParameterException', 'Tag keys with the prefix aws: are reserved for AWS use.'),
  tooManyTags: () => err('InvalidParameterException', 'A secret can have at most 50 tags.'),

  /** Rotation (rotate-secret.ts). AWS's texts as recorded or documented; GAPS.md marks the guesses. */
  rotationInProgress: () => err('InvalidRequestException', "A previous rotation isn't complete. That rotation will be reattempted."),
  /** The API reference's cause, as moto words it (guess for CancelRotateSecret, which moto says AWS also answers so). */
  noRotationFunction: () =>
    err('InvalidRequestException', "You tried to enable rotation on a secret that doesn't already have a Lambda function ARN configured and you didn't include such an ARN as a parameter in this call."),
  /** LocalStack's recording of AWS for a function that does not exist (or may not be invoked). */
  cannotInvokeFunction: () =>
    err('AccessDeniedException', 'Secrets Manager cannot invoke the specified Lambda function. Ensure that the function policy grants access to the principal secretsmanager.amazonaws.com.'),
  /** LocalStack's recording of AWS: RotateSecret's is InvalidParameterException, not InvalidRequestException. */
  rotationTokenRequired: () => err('InvalidParameterException', 'You must provide a ClientRequestToken value. We recommend a UUID-type value.'),
  /** guess: managed external secrets do not exist here. */
  notExternalSecret: () => err('InvalidParameterException', 'ExternalSecretRotationMetadata and ExternalSecretRotationRoleArn apply only to managed external secrets.'),

  malformedPolicy: (message: string) => err('MalformedPolicyDocumentException', message),
  publicPolicy: () => err('PublicPolicyException', 'The BlockPublicPolicy parameter is set to true, and the resource policy did not prevent broad access to the secret.'),

  invalidNextToken: () => err('InvalidNextTokenException', 'The NextToken value is invalid.'),
  invalidParameter: (message: string) => err('InvalidParameterException', message),
  invalidRequest: (message: string) => err('InvalidRequestException', message),

  /** KMS refused or failed while sealing a value (AWS relays KMS's text). */
  encryptionFailure: (message: string) => err('EncryptionFailure', message),
  decryptionFailure: (message: string) => err('DecryptionFailure', message),
};
