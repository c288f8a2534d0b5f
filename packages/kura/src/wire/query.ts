// AWS Query framing (IAM, STS): where the parameters are, and how outputs and errors are written
// (https://smithy.io/2.0/aws/protocols/aws-query-protocol.html). Shape-level decoding and
// encoding live in query-input.ts and query-output.ts.

import { parseForm } from './form-urlencoded.js';
import { escapeXml } from './query-output.js';
import type { ServiceError } from './errors.js';
import type { WireResponse } from './json.js';

export const XML_CONTENT_TYPE = 'text/xml';

/**
 * The request's parameters: the form body of a POST, or the query string of a GET (pre-signed
 * GetCallerIdentity). A raw `+` in a query string is a literal plus for SigV4, so it is kept one here.
 * Throws MalformedForm when the text, once percent-decoded, is not valid UTF-8.
 */
export function queryParams(method: string, rawUrl: string, body: Buffer): URLSearchParams {
  if (method === 'GET') {
    const q = rawUrl.indexOf('?');
    return parseForm(q < 0 ? '' : rawUrl.slice(q + 1).replace(/\+/g, '%2B'));
  }
  return parseForm(body);
}

export function queryOutput(requestId: string, xml: string): WireResponse {
  return { status: 200, headers: { 'content-type': XML_CONTENT_TYPE, 'x-amzn-requestid': requestId }, body: xml };
}

export function queryError(requestId: string, error: ServiceError, xmlNamespace: string | undefined): WireResponse {
  const open = xmlNamespace ? `<ErrorResponse xmlns="${escapeXml(xmlNamespace)}">` : '<ErrorResponse>';
  const body =
    `${open}<Error><Type>${error.fault === 'server' ? 'Receiver' : 'Sender'}</Type>` +
    `<Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error>` +
    `<RequestId>${escapeXml(requestId)}</RequestId></ErrorResponse>`;
  return { status: error.status, headers: { 'content-type': XML_CONTENT_TYPE, 'x-amzn-requestid': requestId }, body };
}
