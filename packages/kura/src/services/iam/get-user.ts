// GetUser: the named user, or the calling IAM user when UserName is omitted.

import type { OperationHandler } from '../context.js';
import { optionalString } from './input.js';
import { requireUser, userNameOrCaller } from './lookup.js';
import { userToWire } from './to-wire.js';

export const getUser: OperationHandler = async (input, ctx) => {
  const name = userNameOrCaller(ctx, optionalString(input, 'UserName'));
  return { User: userToWire(await requireUser(ctx, name)) };
};
