// ListAttachedRolePolicies: the managed policies attached to a role, filtered by policy path.

import type { OperationHandler } from '../context.js';
import { listAttachedPolicies } from './attachments.js';

export const listAttachedRolePolicies: OperationHandler = listAttachedPolicies('role', 'ListAttachedRolePolicies');
