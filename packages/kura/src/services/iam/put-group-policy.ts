// PutGroupPolicy: creates or replaces an inline policy of a group; the group's inline policies
// together must stay within AWS's aggregate size quota.

import type { OperationHandler } from '../context.js';
import { putInlinePolicy } from './inline-policies.js';

export const putGroupPolicy: OperationHandler = putInlinePolicy('group');
