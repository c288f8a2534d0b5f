// The gateway's view of a request and a response: plain data, no sockets (server/ adapts node:http).

import type { ServiceModel } from '../wire/model.js';
import type { ServiceError } from '../wire/errors.js';
import type { OperationContext, OperationHandler } from '../services/context.js';
import type { OperationService } from '../services/run-operation.js';
import type { Protocol, ProtocolService } from './protocols/protocol.js';
import type { SensitiveStyle } from './request-parameters.js';

export interface GatewayRequest {
  method: string;
  rawUrl: string;
  rawHeaders: readonly string[];
  body: Buffer;
  remoteAddress: string;
  /** True when the request arrived over TLS (aws:SecureTransport). */
  secure?: boolean;
}

export interface GatewayResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** What the request log records: never a value, never a secret. */
export interface RequestRecord {
  requestId: string;
  service?: string;
  operation?: string;
  principal?: string;
  status: number;
  errorCode?: string;
  durationMs: number;
}

/**
 * One service the server speaks: everything the gateway needs, as data. Adding a service is adding
 * one of these to services.ts (its operations, its authorization table, its model, its protocol).
 */
export interface ServiceEntry extends ProtocolService, OperationService {
  /** The SigV4 signing name and the name used in logs: ssm, kms, iam, sts. */
  signingName: string;
  /** How the service's requests, outputs and errors are framed (protocols/). */
  protocol: Protocol;
  /** JSON protocol: the X-Amz-Target prefix, e.g. AmazonSSM. */
  targetPrefix?: string;
  model: ServiceModel;
  operations: Record<string, OperationHandler>;
  /**
   * The operation's generic authorization (action and resource ARNs from the input), run after the
   * input is validated and before the handler. Handlers make further checks through ctx.access.
   */
  authorize(operation: string, input: Record<string, unknown>, ctx: OperationContext): Promise<void>;
  /**
   * Canonicalises the members that name resources, once, before authorization: the rule and the
   * handler both receive its result (services/run-operation.ts).
   */
  normalize?(operation: string, input: Record<string, unknown>): Record<string, unknown>;
  /** The service's AccessDenied error for a denial message. */
  accessDenied(message: string): ServiceError;
  /** Whether an operation only reads (CloudTrail's readOnly); by default Get*, List* and Describe*. */
  readOnly?(operation: string): boolean;
  /**
   * How the audit event's requestParameters show the members the model marks sensitive (and those
   * request-parameters.ts names as secrets): replaced by HIDDEN_DUE_TO_SECURITY_REASONS, as
   * CloudTrail shows SSM's (the default), or left out, as CloudTrail leaves out KMS's plaintexts and
   * Secrets Manager's secret values.
   */
  sensitiveParameters?: SensitiveStyle;
}
