// ListRolePolicies: the names of a role's inline policies.

import type { OperationHandler } from '../context.js';
import { listInlinePolicies } from './inline-policies.js';

export const listRolePolicies: OperationHandler = listInlinePolicies('role', 'ListRolePolicies');
