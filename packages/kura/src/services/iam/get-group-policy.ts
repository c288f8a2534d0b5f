// GetGroupPolicy: one inline policy of a group, its document URL-encoded.

import type { OperationHandler } from '../context.js';
import { getInlinePolicy } from './inline-policies.js';

export const getGroupPolicy: OperationHandler = getInlinePolicy('group');
