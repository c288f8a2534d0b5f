// ListGroupPolicies: the names of a group's inline policies.

import type { OperationHandler } from '../context.js';
import { listInlinePolicies } from './inline-policies.js';

export const listGroupPolicies: OperationHandler = listInlinePolicies('group', 'ListGroupPolicies');
