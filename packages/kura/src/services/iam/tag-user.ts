// TagUser: adds or replaces tags on a user.

import type { OperationHandler } from '../context.js';
import { tagEntity } from './tags.js';

export const tagUser: OperationHandler = tagEntity('user');
