// GetUserPolicy: one inline policy of a user, its document URL-encoded.

import type { OperationHandler } from '../context.js';
import { getInlinePolicy } from './inline-policies.js';

export const getUserPolicy: OperationHandler = getInlinePolicy('user');
