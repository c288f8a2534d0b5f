// Finds the SDK half of `kura exec`. Built, it is dist/ssm-sdk.cjs (Parameter Store only) or, when a
// secret is read, dist/secrets-sdk.cjs (both clients), each loaded through its code cache; from
// source (tests under tsx) it is ssm-sdk.ts or secrets-sdk.ts itself. scripts/build.mjs defines
// KURA_SDK_BUNDLE and KURA_SECRETS_SDK_BUNDLE, which also lets esbuild drop the source branches, so
// the SDK is never bundled into the command itself.

import { fileURLToPath } from 'node:url';
import { requireWithCodeCache } from './code-cache.js';
import type * as SecretsSdk from './secrets-sdk.js';
import type * as Sdk from './ssm-sdk.js';

export type SdkModule = typeof Sdk;
export type SecretsSdkModule = typeof SecretsSdk;

declare const KURA_SDK_BUNDLE: string | undefined;
declare const KURA_SECRETS_SDK_BUNDLE: string | undefined;

export async function loadSdk(): Promise<SdkModule> {
  if (typeof KURA_SDK_BUNDLE === 'string') return requireWithCodeCache<SdkModule>(fileURLToPath(new URL(KURA_SDK_BUNDLE, import.meta.url))).exports;
  return import('./ssm-sdk.js');
}

/** Only when a secret is read: a start without secrets never loads the Secrets Manager client. */
export async function loadSecretsSdk(): Promise<SecretsSdkModule> {
  if (typeof KURA_SECRETS_SDK_BUNDLE === 'string') return requireWithCodeCache<SecretsSdkModule>(fileURLToPath(new URL(KURA_SECRETS_SDK_BUNDLE, import.meta.url))).exports;
  return import('./secrets-sdk.js');
}
