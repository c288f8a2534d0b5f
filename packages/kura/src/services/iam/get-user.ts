// GetUser: the named user, or the calling IAM user when UserName is omitted.

import type { OperationHandler } from '../context.js';
import { optionalString } from './input.js';
import { requireUserOrCaller } from './lookup.js';
import { userToWire } from './to-wire.js';

export const getUser: OperationHandler = async (input, ctx) => {
  return { User: userToWire(await requireUserOrCaller(ctx, optionalString(input, 'UserName'))) };
};
