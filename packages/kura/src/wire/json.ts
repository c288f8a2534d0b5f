// AWS JSON 1.1 framing: how a request body becomes a JSON value and how outputs and errors become
// responses (spec §1.2). Shape-level decoding and validation live in shapes.ts.

import { jsonErrors, type ServiceError } from './errors.js';

export const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Parses the body; an empty body is `{}` (some clients send nothing for empty inputs). */
export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    throw jsonErrors.serialization('Start of structure or map found where not expected.');
  }
}

export function jsonOutput(requestId: string, output: Record<string, unknown>): WireResponse {
  return {
    status: 200,
    headers: { 'content-type': JSON_CONTENT_TYPE, 'x-amzn-requestid': requestId },
    body: JSON.stringify(output),
  };
}

export function jsonError(requestId: string, error: ServiceError): WireResponse {
  const body: Record<string, unknown> = { __type: error.code };
  if (error.messageMember !== 'none') body[error.messageMember] = error.message;
  Object.assign(body, error.fields);
  return {
    status: error.status,
    headers: { 'content-type': JSON_CONTENT_TYPE, 'x-amzn-requestid': requestId, 'x-amzn-errortype': error.code },
    body: JSON.stringify(body),
  };
}
