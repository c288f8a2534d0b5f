// A wire protocol as one object: how a request names its service and operation, how its input is
// decoded, and how an output or an error is written. The pipeline, the HTTP adapter and the test
// kit only ever call these methods, so a service speaking a protocol Kura already has is added by a
// registry entry (services.ts), and a new protocol by one more module here.

import type { ServiceError } from '../../wire/errors.js';
import type { ServiceModel } from '../../wire/model.js';
import type { WireResponse } from '../../wire/json.js';

/** What routing reads of a request (the gateway's GatewayRequest has these and more). */
export interface ProtocolRequest {
  method: string;
  rawUrl: string;
  rawHeaders: readonly string[];
  body: Buffer;
}

/** Why a signature was refused, in the words every protocol has its own codes for. */
export type AuthFailureKind = 'missing' | 'incomplete' | 'invalid-token' | 'expired-token' | 'signature';

/** What a protocol needs to know of a service to route to it and speak for it. */
export interface ProtocolService {
  /** The SigV4 signing name: Query services are told apart by the service a signature is scoped to. */
  signingName: string;
  /** JSON services: the X-Amz-Target prefix, e.g. AmazonSSM. */
  targetPrefix?: string;
  /** JSON services: other prefixes clients send (SDK v3 names CloudTrail by its Smithy shape, CloudTrail_20131101). */
  targetPrefixAliases?: readonly string[];
  model: ServiceModel;
}

/** Where the operation's input is, once routed: the parsed form of a Query request, the body of a JSON one. */
export type InputSource = { kind: 'json'; body: Buffer } | { kind: 'query'; params: URLSearchParams };

/** The outcome of routing a request within one protocol. */
export interface Routed<S extends ProtocolService> {
  service?: S;
  operation?: string;
  /** The operation as the client named it, even when it is unknown (for the audit record). */
  requested?: string;
  source?: InputSource;
  /** Why the request cannot be served; raised only after authentication. */
  error?: ServiceError;
}

export interface Protocol {
  readonly name: string;
  /** Whether a request is framed in this protocol at all, before any service is known. */
  recognizes(request: Pick<ProtocolRequest, 'rawHeaders'>): boolean;
  /**
   * Picks the service and operation among `services` (those speaking this protocol).
   * `scopeService` is the service the request's signature is scoped to, when it could be read.
   */
  route<S extends ProtocolService>(request: ProtocolRequest, services: readonly S[], scopeService: string | undefined): Routed<S>;
  /** Decodes and validates the input against the model (throws the protocol's validation errors). */
  decode(model: ServiceModel, operation: string, source: InputSource): Record<string, unknown>;
  encode(model: ServiceModel, operation: string, output: Record<string, unknown>, requestId: string): WireResponse;
  /** Any error, for this protocol's clients. `model` is the service's when it is known. */
  renderError(error: ServiceError, requestId: string, model?: ServiceModel): WireResponse;
  /** A refused signature, in this protocol's codes and statuses. */
  authError(kind: AuthFailureKind, message: string): ServiceError;
  /** What a client is told when Kura itself failed: never the cause. */
  internalError(): ServiceError;
  /**
   * What a client is told when the data store cannot serve for now: AWS's common 503
   * ServiceUnavailable, which the SDKs and the CLI retry. Never the cause.
   */
  unavailableError(): ServiceError;
}
