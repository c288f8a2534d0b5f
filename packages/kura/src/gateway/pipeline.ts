// The request pipeline, in order. Every stage either hands on or ends the request with a wire error;
// no operation runs for a caller whose signature has not been verified (security A5).
//   1 request id         2 route (X-Amz-Target → service, operation)
//   3 authenticate (SigV4 → principal)   4 decode + validate input (from the AWS model)
//   5 run the operation  6 encode output or error for the protocol

import { randomUUID } from 'node:crypto';
import { ServiceError, jsonErrors } from '../wire/errors.js';
import { jsonError, jsonOutput, parseJsonBody } from '../wire/json.js';
import { decodeJsonInput, encodeJsonOutput } from '../wire/shapes.js';
import type { OperationContext } from '../services/context.js';
import { authenticate } from './authenticate.js';
import { routeJson } from './route.js';
import type { GatewayDeps } from './deps.js';
import type { GatewayRequest, GatewayResponse, RequestRecord } from './types.js';

export interface Handled {
  response: GatewayResponse;
  record: RequestRecord;
}

export function createGateway(deps: GatewayDeps): (request: GatewayRequest) => Promise<Handled> {
  return async (request) => {
    const started = process.hrtime.bigint();
    const requestId = randomUUID();
    const record: RequestRecord = { requestId, status: 0, durationMs: 0 };
    const finish = (response: GatewayResponse, errorCode?: string): Handled => {
      record.status = response.status;
      if (errorCode) record.errorCode = errorCode;
      record.durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      return { response, record };
    };
    try {
      const route = routeJson(request, deps.services);
      if (route.entry) record.service = route.entry.signingName;
      const caller = await authenticate(request, deps, route.entry?.signingName);
      record.principal = caller.principal.arn;
      if (!route.entry || !route.operation) throw route.error ?? jsonErrors.unknownOperation();
      const { entry, operation } = route;
      record.operation = operation;
      const input = decodeJsonInput(entry.model, operation, parseJsonBody(request.body));
      const handler = entry.operations[operation];
      if (!handler) {
        throw new ServiceError('NotImplementedException', `Kura does not implement ${entry.targetPrefix}.${operation} (see the service's GAPS.md).`, {
          status: 501,
          fault: 'client',
        });
      }
      const ctx: OperationContext = {
        requestId,
        accountId: deps.accountId,
        region: caller.region,
        principal: caller.principal,
        now: deps.now,
        store: deps.store,
        kms: deps.kms,
        tokens: deps.tokens,
        limits: deps.limits,
      };
      const output = await handler(input, ctx);
      return finish(jsonOutput(requestId, encodeJsonOutput(entry.model, operation, output)));
    } catch (error) {
      if (error instanceof ServiceError) return finish(jsonError(requestId, error), error.code);
      deps.onUnexpectedError(requestId, error);
      const internal = jsonErrors.internal();
      return finish(jsonError(requestId, internal), internal.code);
    }
  };
}
