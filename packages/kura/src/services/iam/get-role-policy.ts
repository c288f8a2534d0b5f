// GetRolePolicy: one inline policy of a role, its document URL-encoded.

import type { OperationHandler } from '../context.js';
import { getInlinePolicy } from './inline-policies.js';

export const getRolePolicy: OperationHandler = getInlinePolicy('role');
