// DetachGroupPolicy: detaches a managed policy from a group.

import type { OperationHandler } from '../context.js';
import { detachPolicy } from './attachments.js';

export const detachGroupPolicy: OperationHandler = detachPolicy('group');
