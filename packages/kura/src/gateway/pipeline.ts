// The request pipeline, in order. Every stage either hands on or ends the request with a wire error;
// no operation runs for a caller whose signature has not been verified, and none runs
// before its generic authorization has allowed it.
//   1 request id           2 route (X-Amz-Target, or Action + signature scope for Query)
//   3 authenticate (SigV4 → identity)   4 decode + validate input (from the AWS model)
//   5 authorize (IAM policy evaluation, audited)   6 run the operation
//   7 encode output, or render the error for the protocol
// Every request, however far it got, ends as one audit event (request-audit.ts), written before
// the response is returned.

import { randomUUID } from 'node:crypto';
import { AuthFailure } from '../sigv4/types.js';
import { ServiceError } from '../wire/errors.js';
import { StoreUnavailableError } from '../store/unavailable.js';
import type { OperationContext } from '../services/context.js';
import { createAccess } from './access.js';
import { authenticate } from './authenticate.js';
import type { GatewayDeps } from './deps.js';
import { RequestAudit } from './request-audit.js';
import { routeRequest, type Route } from './route.js';
import { answerOperation } from './run-operation.js';
import type { GatewayRequest, GatewayResponse, RequestRecord } from './types.js';

export interface Handled {
  response: GatewayResponse;
  record: RequestRecord;
}

function missingServices(): never {
  throw new Error('the gateway serves no service');
}

export function createGateway(deps: GatewayDeps): (request: GatewayRequest) => Promise<Handled> {
  return async (request) => {
    const started = process.hrtime.bigint();
    const requestId = randomUUID();
    const record: RequestRecord = { requestId, status: 0, durationMs: 0 };
    const audit = new RequestAudit(request, requestId, deps.replicaId());
    let route: Route | undefined;
    // Until the request is routed (which fails only on a defect), errors speak the first service's protocol.
    const speaker = () => route ?? { protocol: (deps.services[0] ?? missingServices()).protocol, entry: undefined };
    const failed = (error: ServiceError) => speaker().protocol.renderError(error, requestId, speaker().entry?.model);
    // A store that cannot serve for now (its database unreachable or too slow) is a temporary failure
    // the client should retry, not a defect: 503 ServiceUnavailable rather than InternalFailure.
    const serverFailure = (cause: unknown) =>
      cause instanceof StoreUnavailableError ? speaker().protocol.unavailableError() : speaker().protocol.internalError();
    const finish = async (response: GatewayResponse, error?: ServiceError): Promise<Handled> => {
      try {
        await deps.audit.write(audit.event(deps.now(), deps.accountId, error));
      } catch (failure) {
        // Fail closed: a request whose event is not written (on disk, or committed to the store)
        // must not hand out what it produced (a decrypted value, new credentials). The event stays
        // queued in the log (audit-log.ts, audit-store.ts).
        deps.onUnexpectedError(requestId, failure);
        error = serverFailure(failure);
        response = failed(error);
      }
      record.status = response.status;
      if (error) record.errorCode = error.code;
      record.durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      return { response, record };
    };
    try {
      const routed = routeRequest(request, deps.services);
      route = routed.route;
      audit.route = route;
      if (route.entry) record.service = route.entry.signingName;
      let caller;
      try {
        caller = await authenticate(request, deps, route.entry?.signingName, routed.presented);
      } catch (error) {
        if (error instanceof AuthFailure) throw route.protocol.authError(error.kind, error.message);
        throw error;
      }
      audit.caller = caller;
      record.principal = caller.identity.principal.arn;
      if (route.error || !route.entry || route.operation === undefined || !route.source) throw route.error ?? route.protocol.internalError();
      const { entry, operation, source } = route;
      record.operation = operation;
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
        ...(deps.rotation ? { rotation: deps.rotation } : {}),
        ...(deps.audit.lookup ? { auditLookup: deps.audit.lookup } : {}),
      };
      // No operation runs while the audit log cannot be written (and the server fails closed). The
      // input it runs with is the event's requestParameters, without its secrets.
      return finish(await answerOperation(entry, operation, source, ctx, { beforeRun: () => deps.audit.ready(), input: (input) => audit.input(input) }));
    } catch (error) {
      if (error instanceof ServiceError) return finish(failed(error), error);
      deps.onUnexpectedError(requestId, error);
      const failure = serverFailure(error);
      return finish(failed(failure), failure);
    }
  };
}
