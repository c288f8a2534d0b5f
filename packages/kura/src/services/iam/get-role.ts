// GetRole: the role with its trust policy (URL-encoded), boundary, tags and RoleLastUsed.

import type { OperationHandler } from '../context.js';
import { requiredString } from './input.js';
import { requireRole } from './lookup.js';
import { roleToWire } from './to-wire.js';

export const getRole: OperationHandler = async (input, ctx) => ({ Role: roleToWire(await requireRole(ctx, requiredString(input, 'RoleName'))) });
