// GetCallerIdentity: who the credentials belong to. Always allowed — it needs no permission and
// explicit denies do not apply (spec §5.3, security B10) — so it never consults ctx.access.

import type { OperationHandler } from '../context.js';

export const getCallerIdentity: OperationHandler = async (_input, ctx) => ({
  UserId: ctx.principal.userId,
  Account: ctx.principal.accountId,
  Arn: ctx.principal.arn,
});
