// AttachGroupPolicy: attaches a managed policy (customer or AWS managed) to a group.

import type { OperationHandler } from '../context.js';
import { attachPolicy } from './attachments.js';

export const attachGroupPolicy: OperationHandler = attachPolicy('group');
