// The services this server speaks, as data: adding one means adding an entry here.

import { iamModel, kmsModel, ssmModel } from '../wire/service-models.js';
import { ServiceError } from '../wire/errors.js';
import { kmsOperations } from '../services/kms/index.js';
import { authorizeRequest as authorizeKms } from '../services/kms/authorization.js';
import { ssmOperations } from '../services/ssm/index.js';
import { authorizeRequest as authorizeSsm } from '../services/ssm/authorization.js';
import { ssmErrors } from '../services/ssm/errors.js';
import { normalizeSsmInput } from '../services/ssm/normalize.js';
import { iamOperations } from '../services/iam/index.js';
import { kuraStsModel, stsOperations } from '../services/sts/index.js';
import { authorizeIam, authorizeSts } from '../services/iam/authorization.js';
import type { ServiceEntry } from './types.js';

const queryAccessDenied = (message: string) => new ServiceError('AccessDenied', message, { status: 403 });

export const builtInServices: ServiceEntry[] = [
  {
    signingName: 'ssm',
    protocol: 'json',
    targetPrefix: 'AmazonSSM',
    model: ssmModel,
    operations: ssmOperations,
    authorize: authorizeSsm,
    normalize: normalizeSsmInput,
    accessDenied: ssmErrors.accessDenied,
  },
  {
    signingName: 'kms',
    protocol: 'json',
    targetPrefix: 'TrentService',
    model: kmsModel,
    operations: kmsOperations,
    authorize: authorizeKms,
    accessDenied: (message) => new ServiceError('AccessDeniedException', message, { messageMember: 'message' }),
  },
  { signingName: 'iam', protocol: 'query', model: iamModel, operations: iamOperations, authorize: authorizeIam, accessDenied: queryAccessDenied },
  // STS's model plus Kura's own KuraAssumeRoleAsService (services/sts/kura-sts-model.ts).
  { signingName: 'sts', protocol: 'query', model: kuraStsModel, operations: stsOperations, authorize: authorizeSts, accessDenied: queryAccessDenied },
];
