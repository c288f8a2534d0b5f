// The request pipeline, in order. Every stage either hands on or ends the request with a wire error;
// no operation runs for a caller whose signature has not been verified (security A5), and none runs
// before its generic authorization has allowed it.
//   1 request id           2 route (X-Amz-Target, or Action + signature scope for Query)
//   3 authenticate (SigV4 → identity)   4 decode + validate input (from the AWS model)
//   5 authorize (IAM policy evaluation, audited)   6 run the operation
//   7 encode output, or render the error for the protocol
// Every request, however far it got, ends as one audit event (request-audit.ts), written before
// the response is returned.

import { randomUUID } from 'node:crypto';
import { presentedSignature } from '../sigv4/index.js';
import { AuthFailure, type PresentedSignature } from '../sigv4/types.js';
import { ServiceError, jsonErrors } from '../wire/errors.js';
import { jsonError, jsonOutput, parseJsonBody } from '../wire/json.js';
import { queryError, queryOutput } from '../wire/query.js';
import { decodeJsonInput, decodeQueryInput, encodeJsonOutput, encodeQueryOutput } from '../wire/shapes.js';
import type { OperationContext } from '../services/context.js';
import { runOperation } from '../services/run-operation.js';
import { createAccess } from './access.js';
import { authError } from './auth-errors.js';
import { authenticate } from './authenticate.js';
import type { GatewayDeps } from './deps.js';
import { RequestAudit } from './request-audit.js';
import { header, routeJson, routeQuery, type Route } from './route.js';
import type { GatewayRequest, GatewayResponse, RequestRecord } from './types.js';

export interface Handled {
  response: GatewayResponse;
  record: RequestRecord;
}

function routeOf(request: GatewayRequest, deps: GatewayDeps): { route: Route; presented?: PresentedSignature } {
  const target = header(request, 'x-amz-target');
  if (target !== undefined) return { route: routeJson(request, deps.services, target) };
  // Query services are told apart by the service the signature is scoped to; a request without a
  // parseable signature fails authentication below, in the Query protocol's words.
  let presented: PresentedSignature | undefined;
  try {
    presented = presentedSignature(request);
  } catch (error) {
    if (!(error instanceof AuthFailure)) throw error;
  }
  return { route: routeQuery(request, deps.services, presented?.scope.service), ...(presented ? { presented } : {}) };
}

function render(route: Route | undefined, requestId: string, error: ServiceError): GatewayResponse {
  if (route?.protocol === 'query') return queryError(requestId, error, route.entry?.model.metadata.xmlNamespace ?? 'https://iam.amazonaws.com/doc/2010-05-08/');
  return jsonError(requestId, error);
}

function internalError(route: Route | undefined): ServiceError {
  return route?.protocol === 'query' ? new ServiceError('ServiceFailure', 'An internal error occurred.', { status: 500 }) : jsonErrors.internal();
}

export function createGateway(deps: GatewayDeps): (request: GatewayRequest) => Promise<Handled> {
  return async (request) => {
    const started = process.hrtime.bigint();
    const requestId = randomUUID();
    const record: RequestRecord = { requestId, status: 0, durationMs: 0 };
    const audit = new RequestAudit(request, requestId);
    let route: Route | undefined;
    const finish = (response: GatewayResponse, error?: ServiceError): Handled => {
      try {
        deps.audit.write(audit.event(deps.now(), deps.accountId, error));
      } catch (failure) {
        // Fail closed: a request whose event is not on disk must not hand out what it produced (a
        // decrypted value, new credentials). The event stays queued in the log (audit-log.ts).
        deps.onUnexpectedError(requestId, failure);
        error = internalError(route);
        response = render(route, requestId, error);
      }
      record.status = response.status;
      if (error) record.errorCode = error.code;
      record.durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      return { response, record };
    };
    try {
      const routed = routeOf(request, deps);
      route = routed.route;
      audit.route = route;
      if (route.entry) record.service = route.entry.signingName;
      let caller;
      try {
        caller = await authenticate(request, deps, route.entry?.signingName, routed.presented);
      } catch (error) {
        if (error instanceof AuthFailure) throw authError(route.protocol, error);
        throw error;
      }
      audit.caller = caller;
      record.principal = caller.identity.principal.arn;
      if (!route.entry || !route.operation) throw route.error ?? jsonErrors.unknownOperation();
      const { entry, operation } = route;
      record.operation = operation;
      const input =
        route.protocol === 'json'
          ? decodeJsonInput(entry.model, operation, parseJsonBody(request.body))
          : decodeQueryInput(entry.model, operation, route.params ?? new URLSearchParams());
      if (!entry.operations[operation]) {
        throw new ServiceError('NotImplementedException', `Kura does not implement ${entry.targetPrefix ?? entry.signingName}.${operation} (see the service's GAPS.md).`, {
          status: 501,
          fault: 'client',
        });
      }
      const access = createAccess({ ...deps.access, audit, now: deps.now }, caller.identity, {
        requestId,
        region: caller.region,
        sourceIp: request.remoteAddress,
        secureTransport: request.secure === true,
        accessDenied: entry.accessDenied,
      });
      const ctx: OperationContext = {
        requestId,
        accountId: deps.accountId,
        region: caller.region,
        principal: caller.identity.principal,
        now: deps.now,
        store: deps.store,
        kms: deps.kms,
        tokens: deps.tokens,
        limits: deps.limits,
        access,
        keyring: deps.keyring,
      };
      // No operation runs while the audit log cannot be written (and the server fails closed).
      deps.audit.ready();
      const output = await runOperation(entry, operation, input, ctx);
      if (route.protocol === 'json') return finish(jsonOutput(requestId, encodeJsonOutput(entry.model, operation, output)));
      return finish(queryOutput(requestId, encodeQueryOutput(entry.model, operation, output, requestId)));
    } catch (error) {
      if (error instanceof ServiceError) return finish(render(route, requestId, error), error);
      deps.onUnexpectedError(requestId, error);
      const internal = internalError(route);
      return finish(render(route, requestId, internal), internal);
    }
  };
}
