// DeleteRolePolicy: removes one inline policy of a role.

import type { OperationHandler } from '../context.js';
import { deleteInlinePolicy } from './inline-policies.js';

export const deleteRolePolicy: OperationHandler = deleteInlinePolicy('role');
