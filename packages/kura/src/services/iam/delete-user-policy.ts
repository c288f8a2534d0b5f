// DeleteUserPolicy: removes one inline policy of a user.

import type { OperationHandler } from '../context.js';
import { deleteInlinePolicy } from './inline-policies.js';

export const deleteUserPolicy: OperationHandler = deleteInlinePolicy('user');
