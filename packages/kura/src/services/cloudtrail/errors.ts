// Every error LookupEvents throws, with CloudTrail's code. CloudTrail's exceptions carry `Message`
// (the model declares them without members; the SDKs read `Message`/`message` alike). Texts marked
// "guess" are not confirmed against real AWS; GAPS.md lists them. No message quotes a lookup value.

import { ServiceError } from '../../wire/errors.js';

const err = (code: string, message: string) => new ServiceError(code, message, { messageMember: 'Message' });

export const ctErrors = {
  accessDenied: (message: string) => err('AccessDeniedException', message),
  /** guess: the API reference's rule ("the list can contain only one item"), as a sentence. */
  tooManyAttributes: () => err('InvalidLookupAttributesException', 'You can specify only one lookup attribute.'),
  /** guess: ReadOnly takes `true` or `false`, as the console offers. */
  readOnlyValue: () => err('InvalidLookupAttributesException', "The ReadOnly lookup attribute value must be 'true' or 'false'."),
  /** guess: the API reference's rule ("If the specified start time is after the specified end time, an error is returned"). */
  timeRange: () => err('InvalidTimeRangeException', 'The start time must not be after the end time.'),
  /** guess: the API reference's description ("Invalid token or token that was previously used in a request with different parameters"). */
  nextToken: () => err('InvalidNextTokenException', 'Invalid NextToken: it is not one this server issued for these parameters, or it has expired.'),
  /** The server was started without an audit log it can read back (in-process kits only). */
  unsupported: () => err('UnsupportedOperationException', 'This server cannot read its audit log back.'),
};
