// What `POST /_kura/reset` (--dev) deletes, children before parents so no delete has to cascade.
// The IAM generation is bumped, never zeroed: a policy set built for an old number must not match
// again. Each port's schema file owns its tables; store/tables.ts names them all, in a safe order.
// The bump comes first: it locks the generation row, which every IAM write takes before touching
// an IAM row (iam-generation.ts), so a reset and a concurrent IAM write queue instead of deadlocking.

import { deleteFrom, RESOURCE_TABLES } from '../tables.js';

export const RESET_STATEMENTS: readonly string[] = ['UPDATE iam_generation SET value = value + 1 WHERE id = 1', ...RESOURCE_TABLES.map(deleteFrom)];
