// UntagUser: removes tags from a user by key; absent keys are ignored.

import type { OperationHandler } from '../context.js';
import { untagEntity } from './tags.js';

export const untagUser: OperationHandler = untagEntity('user');
