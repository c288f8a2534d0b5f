// Protocol-level input decoding and output encoding driven by the AWS service models. One entry
// point for the gateway; each protocol direction lives in its own file:
//   json-input.ts / json-output.ts     AWS JSON 1.1 (SSM, KMS)
//   query-input.ts / query-output.ts   AWS Query (IAM, STS)
//   validate.ts + coral.ts             constraint checks and AWS's wording of violations
//   java-regex.ts                      the models' Java patterns, translated for JavaScript

export { decodeJsonInput } from './json-input.js';
export { encodeJsonOutput, epochSeconds } from './json-output.js';
export { decodeQueryInput, queryErrors } from './query-input.js';
export { encodeQueryOutput, escapeXml, isoTimestamp } from './query-output.js';
export { collectViolations } from './validate.js';
export { formatViolations } from './coral.js';
export type { Violation } from './coral.js';
