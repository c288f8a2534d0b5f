// UntagRole: removes tags from a role by key; absent keys are ignored.

import type { OperationHandler } from '../context.js';
import { untagEntity } from './tags.js';

export const untagRole: OperationHandler = untagEntity('role');
