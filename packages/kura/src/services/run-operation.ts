// Authorize, then run: the one sequence every operation goes through, for the gateway and for the
// in-process tests alike. The input is normalised once (a service's `normalize`, e.g. SSM's trimming
// of names) and frozen, and that same object is what the authorization rule sees and what the
// handler acts on: the two can never read different names out of one request. `onInput` sees that
// same object first: the audit event records it as requestParameters (gateway/request-parameters.ts).

import type { Input } from './input.js';
import type { OperationContext, OperationHandler } from './context.js';

export interface OperationService {
  operations: Record<string, OperationHandler>;
  /** The operation's generic authorization (action and resource ARNs from the normalised input). */
  authorize(operation: string, input: Input, ctx: OperationContext): Promise<void>;
  /** Canonicalises the members that name resources, before authorization sees them. */
  normalize?(operation: string, input: Input): Input;
}

export async function runOperation(
  service: OperationService,
  operation: string,
  input: Input,
  ctx: OperationContext,
  onInput?: (normalized: Readonly<Input>) => void,
): Promise<Record<string, unknown>> {
  const handler = service.operations[operation];
  if (!handler) throw new Error(`no handler for ${operation}`);
  const normalized = Object.freeze(service.normalize ? service.normalize(operation, input) : { ...input });
  onInput?.(normalized);
  await service.authorize(operation, normalized, ctx);
  return handler(normalized, ctx);
}
