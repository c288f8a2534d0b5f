// ListRoleTags: a role's tags.

import type { OperationHandler } from '../context.js';
import { listEntityTags } from './tags.js';

export const listRoleTags: OperationHandler = listEntityTags('role', 'ListRoleTags');
