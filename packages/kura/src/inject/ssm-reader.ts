// SsmReader on the official AWS SDK v3, so that `kura exec` reaches real AWS and `kura serve` alike:
// credentials, profile, region and endpoint (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_SSM) all come from
// the SDK's own chain. It and secrets-reader.ts are the only modules of `kura exec` that import an
// SDK client; it reaches the command through ssm-sdk.ts, the entry scripts/build.mjs bundles apart
// with a code cache.

import { GetParametersByPathCommand, GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { ExecError, EXIT } from './errors.js';
import type { FetchedParameter, SsmReader } from './reader.js';
import { clientConfig, PLAIN_HTTP_STEP, plainHttpGuard, type ReaderOptions } from './sdk-options.js';

export { refusePlainHttp, type ReaderOptions } from './sdk-options.js';

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
  const client = new SSMClient(clientConfig(options));
  client.middlewareStack.add(plainHttpGuard(options.insecureHttp), PLAIN_HTTP_STEP);
  return client;
}

function parameterOf(p: { Name?: string | undefined; Value?: string | undefined; Selector?: string | undefined }): FetchedParameter {
  if (p.Name === undefined || p.Value === undefined) throw new ExecError('malformed response from the store (a parameter without name or value)', EXIT.fetch);
  return { name: p.Name, value: p.Value, selector: p.Selector };
}
