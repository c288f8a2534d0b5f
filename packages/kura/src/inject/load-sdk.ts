// Finds the SDK half of `kura exec`. Built, it is dist/ssm-sdk.cjs, loaded through the code cache;
// from source (tests under tsx) it is ssm-sdk.ts itself. scripts/build.mjs defines KURA_SDK_BUNDLE,
// which also lets esbuild drop the source branch, so the SDK is never bundled twice.

import { fileURLToPath } from 'node:url';
import { requireWithCodeCache } from './code-cache.js';
import type * as Sdk from './ssm-sdk.js';

export type SdkModule = typeof Sdk;

declare const KURA_SDK_BUNDLE: string | undefined;

export async function loadSdk(): Promise<SdkModule> {
  if (typeof KURA_SDK_BUNDLE === 'string') return requireWithCodeCache<SdkModule>(fileURLToPath(new URL(KURA_SDK_BUNDLE, import.meta.url))).exports;
  return import('./ssm-sdk.js');
}
