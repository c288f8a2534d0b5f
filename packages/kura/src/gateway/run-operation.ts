// Stages 4 to 7 of the pipeline, the one sequence that turns a routed request into a response: decode
// and validate the input with the service's protocol and model, then normalise, authorize and run it
// (services/run-operation.ts), then encode the output. The gateway and the in-process test kit
// (testing/sdk-handler.ts) both answer through this function, so tests exercise the code users run.

import { ServiceError } from '../wire/errors.js';
import type { OperationContext } from '../services/context.js';
import { runOperation } from '../services/run-operation.js';
import type { InputSource } from './protocols/protocol.js';
import type { GatewayResponse, ServiceEntry } from './types.js';

export interface RunHooks {
  /** Called once the input is valid and the operation is known, right before it runs. */
  beforeRun?(): void | Promise<void>;
  /** Called with the input the operation runs with (normalised, frozen), before it is authorized. */
  input?(input: Readonly<Record<string, unknown>>): void;
}

export async function answerOperation(
  entry: ServiceEntry,
  operation: string,
  source: InputSource,
  ctx: OperationContext,
  hooks: RunHooks = {},
): Promise<GatewayResponse> {
  const input = entry.protocol.decode(entry.model, operation, source);
  if (!entry.operations[operation]) {
    throw new ServiceError('NotImplementedException', `Kura does not implement ${entry.targetPrefix ?? entry.signingName}.${operation} (see the service's GAPS.md).`, {
      status: 501,
      fault: 'client',
    });
  }
  await hooks.beforeRun?.();
  const output = await runOperation(entry, operation, input, ctx, hooks.input);
  return entry.protocol.encode(entry.model, operation, output, ctx.requestId);
}
