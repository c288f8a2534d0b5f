// Whether `kura exec` may read without the AWS SDK, decided from the environment alone, before
// anything is loaded. The direct reader (this folder) exists for start-up speed: loading the SDK is
// most of what a read costs. It is taken only where the SDK's own chain would be trivially predictable,
// and every answer here is "the SDK would do exactly this": static keys from the environment or the
// ECS/EKS container credentials endpoint, a region from the environment, and an endpoint that is
// either an AWS_ENDPOINT_URL* override or the standard AWS one. Anything the SDK might resolve
// differently (a profile, a shared config or credentials file, web identity, FIPS or dual-stack
// endpoints, another partition, adaptive retries...) returns undefined, and the SDK reads as before.

import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { DEFAULT_ATTEMPTS } from '../sdk-options.js';
import { checkCredentialsUrl } from './container-url.js';

export { DEFAULT_ATTEMPTS };

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
  /** Container credentials only: refreshed before they expire, as the SDK does. */
  expiration?: Date | undefined;
}

export type CredentialSource =
  | { kind: 'environment'; credentials: Credentials }
  /** The SDK's fromHttp: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI (on 169.254.170.2) or _FULL_URI. */
  | { kind: 'container'; url: URL; token?: string | undefined; tokenFile?: string | undefined };

export interface DirectSettings {
  credentials: CredentialSource;
  /** AWS_REGION, else AWS_DEFAULT_REGION (the region Kura gives the SDK). */
  region: string;
  /** AWS_MAX_ATTEMPTS, else the attempts Kura gives the SDK (sdk-options.ts). */
  maxAttempts: number;
  /** The environment the endpoints are read from (endpoints.ts). */
  env: NodeJS.ProcessEnv;
}


/** Variables that change what the SDK's chain or client would do, beyond what the direct reader does. */
const SDK_ONLY = [
  'AWS_PROFILE', // a profile: the shared files decide everything
  'AWS_WEB_IDENTITY_TOKEN_FILE', // web identity (EKS IRSA), AssumeRoleWithWebIdentity
  'AWS_ROLE_ARN',
  'AWS_CREDENTIAL_SCOPE', // a scope the endpoint rules may read
  'AWS_AUTH_SCHEME_PREFERENCE', // auth scheme selection
  'AWS_SIGV4A_SIGNING_REGION_SET', // SigV4a
] as const;

/** Boolean settings the SDK reads as exactly "true" or "false" (anything else is an SDK error): only "false" keeps the direct path. */
const SDK_FLAGS = ['AWS_USE_FIPS_ENDPOINT', 'AWS_USE_DUALSTACK_ENDPOINT'] as const;

/** Why the SDK is used, for tests and debugging; never shown with a value. */
export type Verdict = { direct: DirectSettings } | { sdk: string };

export function decide(env: NodeJS.ProcessEnv, exists: (file: string) => boolean = fileExists): Verdict {
  for (const name of SDK_ONLY) if (env[name]) return { sdk: `${name} is set` };
  for (const name of SDK_FLAGS) if (env[name] !== undefined && env[name] !== 'false') return { sdk: `${name} is set` };
  if (env.AWS_DEFAULTS_MODE && env.AWS_DEFAULTS_MODE !== 'legacy') return { sdk: 'AWS_DEFAULTS_MODE is set' };
  if (env.AWS_RETRY_MODE === 'adaptive') return { sdk: 'AWS_RETRY_MODE is adaptive' };
  const ignore = env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS;
  if (ignore !== undefined && ignore !== 'true' && ignore !== 'false') return { sdk: 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is not true or false' };
  const attempts = env.AWS_MAX_ATTEMPTS;
  if (attempts && !/^[1-9]\d{0,2}$/.test(attempts)) return { sdk: 'AWS_MAX_ATTEMPTS is not a plain number' };
  // The SDK reads both shared files for every client (region, endpoint_url, retries, credentials):
  // when either exists, only the SDK knows what it says.
  for (const file of sharedFiles(env)) if (exists(file)) return { sdk: 'a shared config or credentials file exists' };
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION;
  if (!region || !isPlainRegion(region)) return { sdk: 'no plain region in AWS_REGION or AWS_DEFAULT_REGION' };
  const credentials = credentialSource(env);
  if ('sdk' in credentials) return credentials;
  return { direct: { credentials: credentials.source, region, maxAttempts: attempts ? Number(attempts) : DEFAULT_ATTEMPTS, env } };
}

/** The settings for a direct read, or undefined when the SDK must read. */
export function directSettings(env: NodeJS.ProcessEnv, exists?: (file: string) => boolean): DirectSettings | undefined {
  const verdict = decide(env, exists);
  return 'direct' in verdict ? verdict.direct : undefined;
}

/**
 * The SDK's default chain in order, as far as it can answer without files: the environment's keys
 * (both set: the SDK's fromEnv), then (with no files, no web identity) the container endpoint; with
 * neither, the instance metadata service, which is the SDK's alone.
 */
function credentialSource(env: NodeJS.ProcessEnv): { source: CredentialSource } | { sdk: string } {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey } = env;
  if (accessKeyId && secretAccessKey) {
    // The SDK also reads AWS_CREDENTIAL_EXPIRATION, only to refresh these same values: nothing to do.
    return { source: { kind: 'environment', credentials: { accessKeyId, secretAccessKey, sessionToken: env.AWS_SESSION_TOKEN || undefined } } };
  }
  const relative = env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI;
  const full = env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
  const token = env.AWS_CONTAINER_AUTHORIZATION_TOKEN;
  const tokenFile = env.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE;
  if (!relative && !full) return { sdk: 'no credentials in the environment and no container credentials' };
  // Both of a pair set: the SDK picks one but warns on the console first. Leave that to it.
  if ((relative && full) || (token && tokenFile)) return { sdk: 'both of a pair of container credential variables are set' };
  let url: URL;
  try {
    url = new URL(relative ? `http://169.254.170.2${relative}` : (full as string));
  } catch {
    return { sdk: 'the container credentials URI does not parse' };
  }
  if (!checkCredentialsUrl(url)) return { sdk: 'the container credentials URI is one the SDK refuses or treats specially' };
  return { source: { kind: 'container', url, token: token || undefined, tokenFile: tokenFile || undefined } };
}

/** A region the SDK takes as it is: a host label, and not a FIPS pseudo-region. */
export function isPlainRegion(region: string): boolean {
  return /^(?!.*-$)(?!-)[a-zA-Z0-9-]{1,63}$/.test(region) && !region.startsWith('fips-') && !region.endsWith('-fips');
}

/** The shared files the SDK would read, resolved as it resolves them (a leading ~/ is the home directory). */
export function sharedFiles(env: NodeJS.ProcessEnv): string[] {
  const home = env.HOME || env.USERPROFILE || (env.HOMEPATH ? `${env.HOMEDRIVE ?? `C:${path.sep}`}${env.HOMEPATH}` : homedir());
  const resolve = (file: string): string => (file.startsWith('~/') ? path.join(home, file.slice(2)) : file);
  return [resolve(env.AWS_SHARED_CREDENTIALS_FILE || path.join(home, '.aws', 'credentials')), resolve(env.AWS_CONFIG_FILE || path.join(home, '.aws', 'config'))];
}

/** Anything but a clear "not there" counts as there: the SDK then reads, and decides. */
function fileExists(file: string): boolean {
  try {
    statSync(file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code !== 'ENOENT' && code !== 'ENOTDIR';
  }
}
