// ListUserPolicies: the names of a user's inline policies.

import type { OperationHandler } from '../context.js';
import { listInlinePolicies } from './inline-policies.js';

export const listUserPolicies: OperationHandler = listInlinePolicies('user', 'ListUserPolicies');
