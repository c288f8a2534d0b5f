// The gateway's view of a request and a response: plain data, no sockets (server/ adapts node:http).

import type { ServiceModel } from '../wire/model.js';
import type { OperationHandler } from '../services/context.js';

export interface GatewayRequest {
  method: string;
  rawUrl: string;
  rawHeaders: readonly string[];
  body: Buffer;
  remoteAddress: string;
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

export interface ServiceEntry {
  /** The SigV4 signing name and the name used in logs: ssm, kms, iam, sts. */
  signingName: string;
  protocol: 'json';
  /** X-Amz-Target prefix, e.g. AmazonSSM. */
  targetPrefix: string;
  model: ServiceModel;
  operations: Record<string, OperationHandler>;
}
