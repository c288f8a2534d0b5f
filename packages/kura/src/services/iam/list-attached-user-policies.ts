// ListAttachedUserPolicies: the managed policies attached to a user, filtered by policy path.

import type { OperationHandler } from '../context.js';
import { listAttachedPolicies } from './attachments.js';

export const listAttachedUserPolicies: OperationHandler = listAttachedPolicies('user', 'ListAttachedUserPolicies');
