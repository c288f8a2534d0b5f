// AttachRolePolicy: attaches a managed policy (customer or AWS managed) to a role.

import type { OperationHandler } from '../context.js';
import { attachPolicy } from './attachments.js';

export const attachRolePolicy: OperationHandler = attachPolicy('role');
