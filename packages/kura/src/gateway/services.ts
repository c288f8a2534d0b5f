// The services this server speaks, as data: adding one means adding an entry here (its model, its
// protocol, its operations and its authorization table); the pipeline, the router and the HTTP
// adapter take everything they need from the entry.

import { ServiceError } from '../wire/errors.js';
import { kmsOperations } from '../services/kms/index.js';
import { authorizeRequest as authorizeKms } from '../services/kms/authorization.js';
import { kmsModel } from '../services/kms/model.js';
import { KURA_LIST_PARAMETER_PATHS, ssmOperations } from '../services/ssm/index.js';
import { authorizeRequest as authorizeSsm } from '../services/ssm/authorization.js';
import { ssmErrors } from '../services/ssm/errors.js';
import { ssmModel } from '../services/ssm/model.js';
import { normalizeSsmInput } from '../services/ssm/normalize.js';
import { iamOperations } from '../services/iam/index.js';
import { iamModel } from '../services/iam/model.js';
import { kuraStsModel, stsOperations } from '../services/sts/index.js';
import { authorizeIam } from '../services/iam/authorization.js';
import { authorizeSts } from '../services/sts/authorization.js';
import { secretsManagerOperations } from '../services/secretsmanager/index.js';
import { authorizeRequest as authorizeSecretsManager } from '../services/secretsmanager/authorization.js';
import { smErrors } from '../services/secretsmanager/errors.js';
import { secretsManagerModel } from '../services/secretsmanager/model.js';
import { cloudTrailOperations } from '../services/cloudtrail/index.js';
import { authorizeCloudTrail } from '../services/cloudtrail/authorization.js';
import { ctErrors } from '../services/cloudtrail/errors.js';
import { cloudTrailModel } from '../services/cloudtrail/model.js';
import { awsJson1_1 } from './protocols/aws-json.js';
import { awsQuery } from './protocols/aws-query.js';
import { readsByName } from './request-audit.js';
import type { ServiceEntry } from './types.js';

const queryAccessDenied = (message: string) => new ServiceError('AccessDenied', message, { status: 403 });

// Secrets Manager's reads that are not named Get/List/Describe (CloudTrail marks them read-only).
const SECRETS_READS = new Set(['BatchGetSecretValue', 'ValidateResourcePolicy']);

// KMS's cryptographic operations change no stored state; CloudTrail marks them read-only.
const KMS_READS = new Set(['Encrypt', 'Decrypt', 'ReEncrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'GenerateRandom']);

export const builtInServices: ServiceEntry[] = [
  {
    signingName: 'ssm',
    protocol: awsJson1_1,
    targetPrefix: 'AmazonSSM',
    model: ssmModel,
    operations: ssmOperations,
    authorize: authorizeSsm,
    normalize: normalizeSsmInput,
    accessDenied: ssmErrors.accessDenied,
    // Kura's own KuraListParameterPaths (the console's tree) only reads, like DescribeParameters.
    readOnly: (operation) => readsByName(operation) || operation === KURA_LIST_PARAMETER_PATHS,
  },
  {
    signingName: 'kms',
    protocol: awsJson1_1,
    targetPrefix: 'TrentService',
    model: kmsModel,
    operations: kmsOperations,
    authorize: authorizeKms,
    accessDenied: (message) => new ServiceError('AccessDeniedException', message, { messageMember: 'message' }),
    readOnly: (operation) => readsByName(operation) || KMS_READS.has(operation),
    // CloudTrail's Encrypt records have no plaintext member at all.
    sensitiveParameters: 'omitted',
  },
  {
    signingName: 'iam',
    protocol: awsQuery,
    model: iamModel,
    operations: iamOperations,
    authorize: authorizeIam,
    accessDenied: queryAccessDenied,
    readOnly: (operation) => readsByName(operation) || operation === 'SimulatePrincipalPolicy',
  },
  {
    signingName: 'secretsmanager',
    protocol: awsJson1_1,
    targetPrefix: 'secretsmanager',
    model: secretsManagerModel,
    operations: secretsManagerOperations,
    authorize: authorizeSecretsManager,
    accessDenied: smErrors.accessDenied,
    readOnly: (operation) => readsByName(operation) || SECRETS_READS.has(operation),
    // CloudTrail's CreateSecret and PutSecretValue records have no secretString or secretBinary.
    sensitiveParameters: 'omitted',
  },
  // The audit log as CloudTrail's LookupEvents. CloudTrail marks Lookup* read-only, with Get/List/Describe.
  {
    signingName: 'cloudtrail',
    protocol: awsJson1_1,
    targetPrefix: 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101',
    // botocore (the AWS CLI, boto3) sends the model's full target prefix, SDK v3 the service shape's name: AWS takes both.
    targetPrefixAliases: ['CloudTrail_20131101'],
    model: cloudTrailModel,
    operations: cloudTrailOperations,
    authorize: authorizeCloudTrail,
    accessDenied: ctErrors.accessDenied,
    readOnly: (operation) => readsByName(operation) || operation.startsWith('Lookup'),
  },
  // STS's model plus Kura's own KuraAssumeRoleAsService (services/sts/kura-sts-model.ts). STS issues
  // credentials and changes no resource in the account: CloudTrail marks all of it read-only.
  { signingName: 'sts', protocol: awsQuery, model: kuraStsModel, operations: stsOperations, authorize: authorizeSts, accessDenied: queryAccessDenied, readOnly: () => true },
];
