// Every error Parameter Store operations throw, with AWS's code, text and the message member casing
// the SSM model declares. Texts marked "guess" are not confirmed against real AWS;
// GAPS.md lists them. No constructor takes a parameter value: values never reach an error message.

import { ServiceError } from '../../wire/errors.js';

const lower = (code: string, message: string) => new ServiceError(code, message, { messageMember: 'message' });
const upper = (code: string, message: string) => new ServiceError(code, message, { messageMember: 'Message' });
/** Shapes the model gives no members: the body carries only the code. */
const bare = (code: string) => new ServiceError(code, '', { messageMember: 'none' });

const STANDARD_VALUE_LIMIT_MESSAGE =
  'Standard tier parameters support a maximum parameter value of 4096 characters. To create a larger parameter value, ' +
  'upgrade the parameter to use the advanced-parameter tier. For more information, see ' +
  'https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html';

export const ssmErrors = {
  validation: (message: string) => upper('ValidationException', message),

  /** Coral-format constraint text for the sensitive `Value` member: the value itself is never echoed. */
  valueLength: (bound: 'min' | 'max', limit: number) =>
    upper(
      'ValidationException',
      `1 validation error detected: Value at 'value' failed to satisfy constraint: Member must have length ${
        bound === 'min' ? 'greater' : 'less'
      } than or equal to ${limit}`,
    ),

  accessDenied: (message: string) => upper('AccessDeniedException', message),

  /** AWS sends ParameterNotFound with an empty message for GetParameter and DeleteParameter. */
  parameterNotFound: (message = '') => lower('ParameterNotFound', message),

  parameterAlreadyExists: () =>
    lower(
      'ParameterAlreadyExists',
      'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
    ),

  parameterVersionNotFound: (selector: string | number, name: string) =>
    lower('ParameterVersionNotFound', `Systems Manager could not find version ${selector} of ${name}. Verify the version and try again.`),

  parameterMaxVersionLimitExceeded: (name: string, oldestVersion: number) =>
    lower(
      'ParameterMaxVersionLimitExceeded',
      `You attempted to create a new version of ${name} by calling the PutParameter API with the overwrite flag. ` +
        `Version ${oldestVersion}, the oldest version, can't be deleted because it has a label associated with it. ` +
        'Move the label to another version of the parameter, and try again.',
    ),

  parameterVersionLabelLimitExceeded: () =>
    lower(
      'ParameterVersionLabelLimitExceeded',
      'A parameter version can have maximum 10 labels.Move one or more labels to another version and try again.',
    ),

  parameterPatternMismatch: (pattern: string) =>
    lower('ParameterPatternMismatchException', `Parameter value, cannot be validated against allowedPattern: ${pattern}`),

  /** guess: the model's description of the shape. */
  invalidAllowedPattern: () => lower('InvalidAllowedPatternException', "The request doesn't meet the regular expression requirement."),

  /** guess: the model's description of the shape. */
  hierarchyLevelLimitExceeded: () =>
    lower(
      'HierarchyLevelLimitExceededException',
      'A hierarchy can have a maximum of 15 levels. For more information, see Requirements and constraints for parameter names ' +
        'in the Amazon Web Services Systems Manager User Guide.',
    ),

  /** The KMS message plus the suffix AWS's SDK-for-Java client adds when SSM relays a KMS failure. */
  invalidKeyId: (message: string) => lower('InvalidKeyId', message),

  tooManyUpdates: () => upper('TooManyUpdates', 'There are concurrent updates for a resource that supports one update at a time.'),

  standardValueTooLong: () => upper('ValidationException', STANDARD_VALUE_LIMIT_MESSAGE),

  advancedValueTooLong: () =>
    upper(
      'ValidationException',
      'The specified parameter value is too large. Advanced-tier parameters support a maximum parameter value of 8192 characters.',
    ),

  tierDowngrade: () =>
    upper(
      'ValidationException',
      "This parameter uses the advanced-parameter tier. You can't downgrade a parameter from the advanced-parameter tier to the " +
        'standard-parameter tier. If necessary, you can delete the advanced parameter and recreate it as a standard parameter. ' +
        'Be aware that standard parameters have a value limit of 4096 characters.',
    ),

  nestedReference: () => upper('ValidationException', 'Parameter value can\'t nest another parameter. Do not use "{{}}" in the value.'),

  typeRequired: () => upper('ValidationException', 'A parameter type is required when you create a parameter.'),

  tagsWithOverwrite: () =>
    upper(
      'ValidationException',
      "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. " +
        'To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.',
    ),

  unsupportedDataType: (dataType: string) =>
    upper('ValidationException', `The following data type is not supported: ${dataType} (Data type names are all lowercase.)`),

  // Parameter policies (texts: the model's descriptions of the shapes; guesses).
  policiesLimitExceeded: () =>
    lower(
      'PoliciesLimitExceededException',
      'You specified more than the maximum number of allowed policies for the parameter. The maximum is 10.',
    ),
  invalidPolicyType: (type: string) =>
    lower(
      'InvalidPolicyTypeException',
      `The policy type ${type} isn't supported. Parameter Store supports the following policy types: Expiration, ` +
        'ExpirationNotification, and NoChangeNotification.',
    ),
  invalidPolicyAttribute: () => lower('InvalidPolicyAttributeException', 'A policy attribute or its value is invalid.'),
  incompatiblePolicy: () =>
    lower(
      'IncompatiblePolicyException',
      "There is a conflict in the policies specified for this parameter. You can't, for example, specify two Expiration " +
        'policies for a parameter. Review your policies, and try again.',
    ),

  // Filters. InvalidFilterKey has no modeled member; AWS still sends a text, and every client reads
  // `message` from the body whether modeled or not, so it goes out as `message`.
  invalidFilterKey: (message: string) => lower('InvalidFilterKey', message),
  invalidFilterOption: (message: string) => lower('InvalidFilterOption', message),
  invalidFilterValue: (message: string) => upper('InvalidFilterValue', message),

  invalidNextToken: () => upper('InvalidNextToken', "The specified token isn't valid."),

  // Secrets Manager references (/aws/reference/secretsmanager/…): AWS's texts as measured and reported
  // (GAPS.md), the double space included.
  referenceNeedsDecryption: () => upper('ValidationException', 'WithDecryption flag must be True for retrieving a Secret Manager secret.'),
  referenceSyntax: () => upper('ValidationException', 'Invalid parameter name. Please use correct syntax for referencing a version/label  <name>:<version/label>'),
  referenceRefused: () => upper('ValidationException', 'Invalid Request to Secrets Manager'),
  /** `reference` is the name without its leading slash, then `:selector`, or `null` when there is none (AWS's text). */
  referenceNotFound: (reference: string) => lower('ParameterNotFound', `An error occurred (ParameterNotFound) when referencing Secrets Manager: Secret ${reference} not found.`),

  invalidResourceId: () => bare('InvalidResourceId'),
  invalidResourceType: () => bare('InvalidResourceType'),
  tooManyTags: () => bare('TooManyTagsError'),
};
