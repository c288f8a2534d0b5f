// SsmReader on the official AWS SDK v3, so that `kura exec` reaches real AWS and `kura serve` alike:
// credentials, profile, region and endpoint (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_SSM) all come from
// the SDK's own chain. This is the only module of `kura exec` that imports the SDK; it reaches the
// command through ssm-sdk.ts, the entry scripts/build.mjs bundles apart with a code cache.

import { GetParametersByPathCommand, GetParametersCommand, SSMClient, type SSMClientConfig } from '@aws-sdk/client-ssm';
import { ExecError, EXIT } from './errors.js';
import type { FetchedParameter, SsmReader } from './reader.js';


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
 * The SDK's standard retry mode backs off exponentially with full jitter (from 100 ms; 500 ms when
 * throttled). Its default of 3 attempts gives up within a second or two; 8 keep trying for roughly
 * the default 30 s deadline when throttled, and ride out a store that is still starting (a compose
 * file starting `kura serve` beside the app). AWS_MAX_ATTEMPTS, when set, wins.
 */
const DEFAULT_ATTEMPTS = 8;

export function createReader(options: ReaderOptions): SsmReader {
  const client = createClient(options);
  return {
    async byPath(path, recursive, signal) {
      const found: FetchedParameter[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(new GetParametersByPathCommand({ Path: path, Recursive: recursive, WithDecryption: true, MaxResults: 10, NextToken: token }), { abortSignal: signal });
        for (const p of page.Parameters ?? []) found.push(parameterOf(p));
        token = page.NextToken || undefined;
      } while (token);
      return found;
    },
    async byNames(names, signal) {
      const answer = await client.send(new GetParametersCommand({ Names: names, WithDecryption: true }), { abortSignal: signal });
      return { parameters: (answer.Parameters ?? []).map(parameterOf), invalid: answer.InvalidParameters ?? [] };
    },
    close() {
      client.destroy();
    },
  };
}

export function createClient(options: ReaderOptions): SSMClient {
  // The SDK warns on stderr under Node < 22 that future versions will need it; that line would land in
  // every container's log. The switch is read while the client is constructed, then put back, so the
  // program never sees it.
  const quiet = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';
  const before = process.env[quiet];
  process.env[quiet] = 'true';
  let client: SSMClient;
  try {
    client = new SSMClient({
      // The SDK reads AWS_REGION and the profile but not AWS_DEFAULT_REGION, which the AWS CLI (and the
      // reference design's users) rely on; ECS sets both.
      ...(!options.env.AWS_REGION && options.env.AWS_DEFAULT_REGION ? { region: options.env.AWS_DEFAULT_REGION } : {}),
      ...(options.env.AWS_MAX_ATTEMPTS ? {} : { maxAttempts: DEFAULT_ATTEMPTS }),
      requestHandler: options.requestHandler ?? { connectionTimeout: CONNECT_TIMEOUT_MS, requestTimeout: IDLE_TIMEOUT_MS },
    });
  } finally {
    if (before === undefined) delete process.env[quiet];
    else process.env[quiet] = before;
  }
  client.middlewareStack.add(
    (next) => async (args) => {
      refusePlainHttp(args.request as { protocol?: string; hostname?: string }, options.insecureHttp);
      return next(args);
    },
    // The build step runs once the endpoint is resolved and before signing and retries.
    { step: 'build', name: 'kuraRefusePlainHttp' },
  );
  return client;
}

/** Plain HTTP is normal to loopback (a local `kura serve`); anywhere else it needs --insecure-http. */
export function refusePlainHttp(request: { protocol?: string; hostname?: string }, allowed: boolean): void {
  if (allowed || request.protocol !== 'http:') return;
  const host = (request.hostname ?? '').replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host)) return;
  throw new ExecError(`refusing plain HTTP to ${host}: credentials and values would cross the network unencrypted; use https, or pass --insecure-http`, EXIT.usage);
}

function parameterOf(p: { Name?: string | undefined; Value?: string | undefined; Selector?: string | undefined }): FetchedParameter {
  if (p.Name === undefined || p.Value === undefined) throw new ExecError('malformed response from the store (a parameter without name or value)', EXIT.fetch);
  return { name: p.Name, value: p.Value, selector: p.Selector };
}
