// ListAttachedGroupPolicies: the managed policies attached to a group, filtered by policy path.

import type { OperationHandler } from '../context.js';
import { listAttachedPolicies } from './attachments.js';

export const listAttachedGroupPolicies: OperationHandler = listAttachedPolicies('group', 'ListAttachedGroupPolicies');
