// Which error messages the audit log may keep. The client sees every message, but some quote the
// request back, as AWS's do: constraint violations echo the offending value unless the model marks
// it sensitive (a tag value, a description, a whole policy document), malformed-signature messages
// echo the Authorization header (signature included), policy errors quote the document. Those are
// never written to the audit log: its errorMessage is the client's message only for the error codes
// below, whose every message Kura composes from fixed text and identifiers (ARNs, names, key ids,
// action names, numbers). Any other code — a new one included — is recorded without its message.
// Adding a code here means checking every place that throws it.

import { SIGNATURE_MISMATCH } from '../sigv4/index.js';

/** CloudTrail truncates errorMessage at 1 KB; so does Kura. */
const MAX_MESSAGE = 1024;

const IDENTIFIER_MESSAGES = new Set([
  // Authentication that names no request text (fixed messages).
  'MissingAuthenticationTokenException',
  'MissingAuthenticationToken',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'ExpiredTokenException',
  'ExpiredToken',
  // Authorization: principal, action and resource ARNs.
  'AccessDenied',
  'AccessDeniedException',
  // The gateway's and the HTTP adapter's own.
  'RequestEntityTooLargeException',
  'ResetNotConfirmedException',
  'InternalFailure',
  'ServiceFailure',
  'NotImplementedException',
  'UnknownOperationException',
  'MissingAction',
  // SSM (services/ssm/errors.ts takes no value into any message).
  'ParameterNotFound',
  'ParameterAlreadyExists',
  'ParameterVersionNotFound',
  'ParameterMaxVersionLimitExceeded',
  'ParameterVersionLabelLimitExceeded',
  'ParameterPatternMismatchException',
  'InvalidAllowedPatternException',
  'HierarchyLevelLimitExceededException',
  'InvalidKeyId',
  'TooManyUpdates',
  'PoliciesLimitExceededException',
  'InvalidPolicyAttributeException',
  'IncompatiblePolicyException',
  'InvalidNextToken',
  'InvalidResourceId',
  'InvalidResourceType',
  'TooManyTagsError',
  // IAM and STS.
  'NoSuchEntity',
  'EntityAlreadyExists',
  'DeleteConflict',
  'LimitExceeded',
  'PackedPolicyTooLarge',
  // KMS (services/kms/errors.ts takes no plaintext, key material or policy body).
  'NotFoundException',
  'DisabledException',
  'KMSInvalidStateException',
  'InvalidCiphertextException',
  'IncorrectKeyException',
  'InvalidKeyUsageException',
  'AlreadyExistsException',
  'NotAuthorizedException',
  'InvalidAliasNameException',
  'InvalidMarkerException',
  'DryRunOperationException',
  'UnsupportedOperationException',
  'LimitExceededException',
  'TagException',
]);

/** A signature failure's message is kept only in the forms that quote nothing the client sent. */
const SIGNATURE_CODES = new Set(['InvalidSignatureException', 'SignatureDoesNotMatch']);
const STAMP = String.raw`\d{8}T\d{6}Z`;
const SIGNATURE_MESSAGES = [
  new RegExp(`^Signature expired: ${STAMP} is now earlier than ${STAMP} \\(${STAMP} - \\d+(?:\\.\\d+)? min\\.\\)$`),
  new RegExp(`^Signature not yet current: ${STAMP} is still later than ${STAMP} \\(${STAMP} \\+ \\d+(?:\\.\\d+)? min\\.\\)$`),
  /^Request has expired$/,
  /^'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization\.$/,
  /^The provided 'x-amz-content-sha256' header does not match what was computed\.$/,
];

/** The message the audit log keeps for an error, or undefined when it must be left out. */
export function auditedMessage(code: string, message: string): string | undefined {
  if (message === '') return undefined;
  const kept =
    IDENTIFIER_MESSAGES.has(code) ||
    (SIGNATURE_CODES.has(code) && (message === SIGNATURE_MISMATCH || SIGNATURE_MESSAGES.some((shape) => shape.test(message))));
  if (!kept) return undefined;
  return message.length > MAX_MESSAGE ? message.slice(0, MAX_MESSAGE) : message;
}
