// ListUserTags: a user's tags.

import type { OperationHandler } from '../context.js';
import { listEntityTags } from './tags.js';

export const listUserTags: OperationHandler = listEntityTags('user', 'ListUserTags');
