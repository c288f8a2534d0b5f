// The SDK half of `kura exec` when a secret is read: both readers (Parameter Store's and Secrets
// Manager's) in one entry, which scripts/build.mjs bundles into dist/secrets-sdk.cjs with its own
// code cache. A start that reads no secret loads dist/ssm-sdk.cjs as before and never this one; a
// start that reads both loads only this one, so the SDK's core is compiled once.

export * from './ssm-reader.js';
export { createSecretReader } from './secrets-reader.js';
export { warmUp } from './warm-up-secrets.js';
