// DetachRolePolicy: detaches a managed policy from a role.

import type { OperationHandler } from '../context.js';
import { detachPolicy } from './attachments.js';

export const detachRolePolicy: OperationHandler = detachPolicy('role');
