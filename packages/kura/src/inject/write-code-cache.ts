// Build step (scripts/build.mjs runs it in a fresh `node`, once per SDK bundle): load the bundle
// (dist/ssm-sdk.cjs, dist/secrets-sdk.cjs) exactly as `kura exec` does, run its warm-up, and write
// the V8 code cache beside it.

import { requireWithCodeCache, writeCodeCache } from './code-cache.js';
import type { SdkModule } from './load-sdk.js';

export async function warmAndWriteCodeCache(bundle: string): Promise<number> {
  const loaded = requireWithCodeCache<SdkModule>(bundle);
  await loaded.exports.warmUp();
  return writeCodeCache(bundle, loaded.script);
}
