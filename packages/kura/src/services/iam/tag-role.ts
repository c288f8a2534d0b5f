// TagRole: adds or replaces tags on a role.

import type { OperationHandler } from '../context.js';
import { tagEntity } from './tags.js';

export const tagRole: OperationHandler = tagEntity('role');
