// The services this server speaks, as data: adding one means adding an entry here.

import { kmsModel, ssmModel } from '../wire/service-models.js';
import { kmsOperations } from '../services/kms/index.js';
import { ssmOperations } from '../services/ssm/index.js';
import type { ServiceEntry } from './types.js';

export const builtInServices: ServiceEntry[] = [
  { signingName: 'ssm', protocol: 'json', targetPrefix: 'AmazonSSM', model: ssmModel, operations: ssmOperations },
  { signingName: 'kms', protocol: 'json', targetPrefix: 'TrentService', model: kmsModel, operations: kmsOperations },
];
