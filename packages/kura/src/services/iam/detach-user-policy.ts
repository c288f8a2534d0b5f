// DetachUserPolicy: detaches a managed policy from a user.

import type { OperationHandler } from '../context.js';
import { detachPolicy } from './attachments.js';

export const detachUserPolicy: OperationHandler = detachPolicy('user');
