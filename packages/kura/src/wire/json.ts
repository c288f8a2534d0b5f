// AWS JSON 1.0 and 1.1 framing: how a request body becomes a JSON value and how outputs and errors
// become responses (the two versions differ on the wire only in the Content-Type). Shape-level
// decoding and validation live in shapes.ts.

import { jsonErrors, type ServiceError } from './errors.js';
import { decodeUtf8, jsonHoldsLoneSurrogate } from './utf8.js';

export const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * What a body that cannot be read as a JSON document is answered with: unparseable JSON, bytes that
 * are not UTF-8, a `\ud800` escape with no partner. AWS answers a body its JSON reader rejects with
 * a SerializationException; for the two kinds of invalid text the message is a guess (GAPS.md).
 */
const unreadableBody = () => jsonErrors.serialization('Start of structure or map found where not expected.');

/**
 * Parses the body; an empty body is `{}` (some clients send nothing for empty inputs). The text
 * must be valid UTF-8 and hold no lone surrogate, so every string reaches the store exactly as sent.
 */
export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) return {};
  const text = decodeUtf8(body);
  if (text === undefined) throw unreadableBody();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    throw unreadableBody();
  }
  if (jsonHoldsLoneSurrogate(text, parsed)) throw unreadableBody();
  return parsed;
}

export function jsonOutput(requestId: string, output: Record<string, unknown>, contentType = JSON_CONTENT_TYPE): WireResponse {
  return {
    status: 200,
    headers: { 'content-type': contentType, 'x-amzn-requestid': requestId },
    body: JSON.stringify(output),
  };
}

export function jsonError(requestId: string, error: ServiceError, contentType = JSON_CONTENT_TYPE): WireResponse {
  const body: Record<string, unknown> = { __type: error.code };
  if (error.messageMember !== 'none') body[error.messageMember] = error.message;
  Object.assign(body, error.fields);
  return {
    status: error.status,
    headers: { 'content-type': contentType, 'x-amzn-requestid': requestId, 'x-amzn-errortype': error.code },
    body: JSON.stringify(body),
  };
}
