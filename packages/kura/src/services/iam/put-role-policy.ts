// PutRolePolicy: creates or replaces an inline policy of a role; the role's inline policies
// together must stay within AWS's aggregate size quota.

import type { OperationHandler } from '../context.js';
import { putInlinePolicy } from './inline-policies.js';

export const putRolePolicy: OperationHandler = putInlinePolicy('role');
