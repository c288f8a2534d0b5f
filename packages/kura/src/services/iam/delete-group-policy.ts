// DeleteGroupPolicy: removes one inline policy of a group.

import type { OperationHandler } from '../context.js';
import { deleteInlinePolicy } from './inline-policies.js';

export const deleteGroupPolicy: OperationHandler = deleteInlinePolicy('group');
