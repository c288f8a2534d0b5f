// What every AWS SDK client of `kura exec` is built with, Parameter Store's (ssm-reader.ts) and
// Secrets Manager's (secrets-reader.ts) alike: region, attempts and timeouts, and the refusal of
// plain HTTP beyond loopback. Imports no client, so neither SDK bundle carries the other's.

import type { SSMClientConfig } from '@aws-sdk/client-ssm';
import { ExecError, EXIT } from './errors.js';
import { SDK_CUSTOM_USER_AGENT } from './user-agent.js';

export interface ReaderOptions {
  /** The environment Kura started with (read for AWS_DEFAULT_REGION; the SDK reads process.env itself). */
  env: NodeJS.ProcessEnv;
  /** Allow plain HTTP to an endpoint that is not on loopback. */
  insecureHttp: boolean;
  /** Tests and the code-cache warm-up only: replaces the HTTP layer. */
  requestHandler?: SSMClientConfig['requestHandler'];
}

/** Per attempt; the overall --timeout bounds the attempts together. */
const CONNECT_TIMEOUT_MS = 5_000;
const IDLE_TIMEOUT_MS = 15_000;
/**
 * The SDK's standard retry mode backs off exponentially with full jitter (from 50 ms; 1 s when
 * throttled; at most 20 s: direct/retry.ts has the same numbers). Its default of 3 attempts gives up
 * within a second or two; 8 keep trying for roughly the default 30 s deadline when throttled, and
 * ride out a store that is still starting (a compose file starting `kura serve` beside the app).
 * AWS_MAX_ATTEMPTS, when set, wins. The direct reader (direct/settings.ts) uses the same count.
 */
export const DEFAULT_ATTEMPTS = 8;

export function clientConfig(options: ReaderOptions, region?: string) {
  return {
    // The SDK reads AWS_REGION and the profile but not AWS_DEFAULT_REGION, which the AWS CLI (and the
    // reference design's users) rely on; ECS sets both. A region given here (a secret ARN's) wins.
    ...(region ? { region } : !options.env.AWS_REGION && options.env.AWS_DEFAULT_REGION ? { region: options.env.AWS_DEFAULT_REGION } : {}),
    ...(options.env.AWS_MAX_ATTEMPTS ? {} : { maxAttempts: DEFAULT_ATTEMPTS }),
    requestHandler: options.requestHandler ?? { connectionTimeout: CONNECT_TIMEOUT_MS, requestTimeout: IDLE_TIMEOUT_MS },
    customUserAgent: SDK_CUSTOM_USER_AGENT,
  };
}

/** The build step runs once the endpoint is resolved and before signing and retries. */
export const PLAIN_HTTP_STEP = { step: 'build', name: 'kuraRefusePlainHttp' } as const;

/** A build-step middleware refusing plain HTTP beyond loopback (refusePlainHttp). */
export function plainHttpGuard(insecureHttp: boolean) {
  return <A extends { request: unknown }, R>(next: (args: A) => Promise<R>) =>
    async (args: A): Promise<R> => {
      refusePlainHttp(args.request as { protocol?: string; hostname?: string }, insecureHttp);
      return next(args);
    };
}

/** Plain HTTP is normal to loopback (a local `kura serve`); anywhere else it needs --insecure-http. */
export function refusePlainHttp(request: { protocol?: string; hostname?: string }, allowed: boolean): void {
  if (allowed || request.protocol !== 'http:') return;
  const host = (request.hostname ?? '').replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host)) return;
  throw new ExecError(`refusing plain HTTP to ${host}: credentials and values would cross the network unencrypted; use https, or pass --insecure-http`, EXIT.usage);
}
