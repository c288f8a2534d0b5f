// GetCallerIdentity: who the credentials belong to. Always allowed — it needs no permission and
// explicit denies do not apply (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html)
// — so it never consults ctx.access.

import type { OperationHandler } from '../context.js';

export const getCallerIdentity: OperationHandler = async (_input, ctx) => ({
  UserId: ctx.principal.userId,
  Account: ctx.principal.accountId,
  Arn: ctx.principal.arn,
});
