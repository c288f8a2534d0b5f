// Every error the IAM operations throw, with AWS's Query error code, HTTP status (from the model)
// and text. Texts marked "guess" were not found in any record of a real AWS
// answer; GAPS.md lists them. Query errors carry their text in <Message>.

import { ServiceError } from '../../wire/errors.js';

const query = (code: string, message: string, status: number) => new ServiceError(code, message, { status, messageMember: 'Message' });

export type EntityKind = 'user' | 'group' | 'role';

/** `User`, `Group`, `Role` — how AWS capitalizes the kind at the start of a sentence and in quota names. */
export const titleOf = (kind: EntityKind) => (kind === 'user' ? 'User' : kind === 'group' ? 'Group' : 'Role');

export const iamErrors = {
  // NoSuchEntity (404)
  noSuchEntity: (kind: EntityKind, name: string) => query('NoSuchEntity', `The ${kind} with name ${name} cannot be found.`, 404),
  noSuchPolicy: (arn: string) => query('NoSuchEntity', `Policy ${arn} was not found.`, 404),
  notAttachable: (arn: string) => query('NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`, 404),
  /** guess: shaped like the attach text. */
  noSuchPolicyVersion: (arn: string, versionId: string) =>
    query('NoSuchEntity', `Policy ${arn} version ${versionId} does not exist or is not attachable.`, 404),
  /** seen for roles ([moto] and reports); users and groups follow the same pattern. */
  noSuchInlinePolicy: (kind: EntityKind, policyName: string) => query('NoSuchEntity', `The ${kind} policy with name ${policyName} cannot be found.`, 404),
  /** guess (moto's text). */
  noSuchAccessKey: (accessKeyId: string) => query('NoSuchEntity', `The Access Key with id ${accessKeyId} cannot be found.`, 404),
  /** seen: a permissions boundary that names a missing policy. */
  noSuchBoundary: (arn: string) => query('NoSuchEntity', `Scope ARN: ${arn} does not exist or is not attachable.`, 404),

  // EntityAlreadyExists (409)
  exists: (kind: EntityKind, name: string) => query('EntityAlreadyExists', `${titleOf(kind)} with name ${name} already exists.`, 409),
  policyExists: (name: string) => query('EntityAlreadyExists', `A policy called ${name} already exists. Duplicate names are not allowed.`, 409),

  // DeleteConflict (409)
  deleteConflict: (message: string) => query('DeleteConflict', message, 409),
  conflicts: {
    accessKeys: 'Cannot delete entity, must delete access keys first.',
    members: 'Cannot delete entity, must remove users from group first.',
    attached: 'Cannot delete entity, must detach all policies first.',
    inline: 'Cannot delete entity, must delete policies first.',
    policyAttached: 'Cannot delete a policy attached to entities.',
    policyVersions:
      "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
    defaultVersion: 'Cannot delete the default version of a policy.',
  },

  // LimitExceeded (409)
  limit: (message: string) => query('LimitExceeded', message, 409),
  /** seen for AccessKeysPerUser, PoliciesPerRole, PolicySize; the others (guess) follow the pattern. */
  quota: (quotaName: string, value: number) => query('LimitExceeded', `Cannot exceed quota for ${quotaName}: ${value}`, 409),
  /** seen for all three kinds. */
  inlineTooLarge: (kind: EntityKind, name: string, limit: number) =>
    query('LimitExceeded', `Maximum policy size of ${limit} bytes exceeded for ${kind} ${name}`, 409),
  /** seen */
  tooManyVersions: () =>
    query('LimitExceeded', 'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.', 409),
  /** guess */
  tooManyTags: (kind: 'user' | 'role') => query('LimitExceeded', `The number of tags has reached the maximum limit for this ${kind}.`, 409),

  // 400s
  malformed: (reason: string) => query('MalformedPolicyDocument', reason, 400),
  invalidInput: (message: string) => query('InvalidInput', message, 400),
  validation: (message: string) => query('ValidationError', message, 400),
  /** seen (IAM, for a Path/ARN that is an ARN but not of the expected kind). */
  arnNotValid: (arn: string) => query('InvalidInput', `ARN ${arn} is not valid.`, 400),
  /** seen: note the two spaces. */
  arnUnparsable: () => query('ValidationError', 'Invalid ARN:  Could not be parsed!', 400),
  /** seen */
  duplicateTagKeys: () => query('InvalidInput', 'Duplicate tag keys found. Please note that Tag keys are case insensitive.', 400),
  /** guess */
  reservedTagKey: () => query('InvalidInput', "User-defined tag keys can't start with 'aws:'. This prefix is reserved for AWS use.", 400),
  /** seen (GetUser/CreateAccessKey without UserName from a role session). */
  userNameRequired: () => query('ValidationError', 'Must specify userName when calling with non-User credentials', 400),
  /** guess */
  invalidMarker: () => query('ValidationError', 'Invalid Marker.', 400),

  /** AWS-owned policies cannot be changed (guess: AWS answers with an authorization failure). */
  awsManagedReadOnly: (callerArn: string, action: string, arn: string) =>
    query('AccessDenied', `User: ${callerArn} is not authorized to perform: iam:${action} on resource: policy ${arn}`, 403),
};
