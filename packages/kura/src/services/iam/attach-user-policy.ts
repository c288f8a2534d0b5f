// AttachUserPolicy: attaches a managed policy (customer or AWS managed) to a user.

import type { OperationHandler } from '../context.js';
import { attachPolicy } from './attachments.js';

export const attachUserPolicy: OperationHandler = attachPolicy('user');
