// The SDK half of `kura exec`, as one entry: scripts/build.mjs bundles it alone into
// dist/ssm-sdk.cjs with a V8 code cache (see code-cache.ts), which is what keeps container start-up
// close to a bare `node`. It carries the reader (ssm-reader.ts) and the warm-up that the build runs
// inside the bundle before writing the cache (warm-up.ts); keeping them in two files that this one
// re-exports means neither has to import the other's importer.

export * from './ssm-reader.js';
export { warmUp } from './warm-up.js';
