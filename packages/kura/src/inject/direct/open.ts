// Opens the direct readers for one read plan, or says the plan needs the SDK: when Parameter Store's
// endpoint, or the endpoint of a secret's region (a secret ARN names its own), is one only the SDK
// resolves. Once open, a read the direct path cannot do (container credentials it cannot fetch:
// NeedsSdk) hands that read and every later one to the SDK readers, loaded then: the SDK remains
// the reference for everything off the happy path.

import type { ReadPlan } from '../fetch.js';
import type { SecretReader, SsmReader } from '../reader.js';
import { credentialProvider, isNeedsSdk } from './credentials.js';
import { endpointFor, SECRETS_MANAGER, SSM, type Endpoint, type Service } from './endpoints.js';
import { JsonRpcClient } from './json-rpc.js';
import { directSecretReader, directSsmReader } from './readers.js';
import { RetryStrategy } from './retry.js';
import { isPlainRegion, type DirectSettings } from './settings.js';
import { Transport } from './transport.js';

export interface Readers {
  reader: SsmReader | undefined;
  secretReader: SecretReader | undefined;
  close(): void;
}

/** Per attempt, as Kura configures the SDK (sdk-options.ts). */
const CONNECT_TIMEOUT_MS = 5_000;

/** The direct readers the plan needs, or undefined when one of its endpoints is the SDK's to resolve. */
export function openDirect(settings: DirectSettings, plan: ReadPlan, insecureHttp: boolean, loadSdk: () => Promise<Readers>): Readers | undefined {
  const needsParameters = plan.paths.length > 0 || plan.parameters.length > 0;
  const ssmEndpoint = endpointFor(SSM, settings.env, settings.region);
  if (needsParameters && ssmEndpoint === undefined) return undefined;
  const secretRegions = [...new Set(plan.secrets.map((secret) => secret.region ?? settings.region))];
  const secretEndpoints = new Map<string, Endpoint>();
  for (const region of secretRegions) {
    const endpoint = isPlainRegion(region) ? endpointFor(SECRETS_MANAGER, settings.env, region) : undefined;
    if (endpoint === undefined) return undefined;
    secretEndpoints.set(region, endpoint);
  }

  const transport = new Transport(CONNECT_TIMEOUT_MS);
  const credentials = credentialProvider(settings.credentials);
  const client = (service: Service, region: string, endpoint: Endpoint): JsonRpcClient =>
    new JsonRpcClient({ service, region, endpoint, credentials, transport, retry: new RetryStrategy(settings.maxAttempts), insecureHttp });
  const close = (): void => transport.close();
  const direct: Readers = {
    reader: needsParameters && ssmEndpoint ? directSsmReader(client(SSM, settings.region, ssmEndpoint), close) : undefined,
    secretReader: undefined,
    close,
  };
  if (secretEndpoints.size > 0) {
    // One client per region, as the SDK reader keeps one per region: each has its clock and quota.
    const clients = new Map<string, JsonRpcClient>();
    const clientFor = (wanted: string | undefined): JsonRpcClient => {
      const region = wanted ?? settings.region;
      let known = clients.get(region);
      if (known === undefined) {
        known = client(SECRETS_MANAGER, region, secretEndpoints.get(region) as Endpoint);
        clients.set(region, known);
      }
      return known;
    };
    direct.secretReader = directSecretReader(clientFor, close);
  }
  return withSdkFallback(direct, loadSdk);
}

/** The direct readers, handing over to the SDK's for good after the first NeedsSdk. */
function withSdkFallback(direct: Readers, loadSdk: () => Promise<Readers>): Readers {
  let sdk: Promise<Readers> | undefined;
  let loaded: Readers | undefined;
  let closed = false;
  const viaSdk = (): Promise<Readers> =>
    (sdk ??= loadSdk().then((readers) => {
      loaded = readers;
      if (closed) readers.close();
      return readers;
    }));
  const attempt = async <T>(run: (readers: Readers) => Promise<T>): Promise<T> => {
    if (sdk) return run(await sdk);
    try {
      return await run(direct);
    } catch (error) {
      if (!isNeedsSdk(error)) throw error;
      return run(await viaSdk());
    }
  };
  // Synchronous when it can be: run.ts closes the readers just before execve, which nothing outlives.
  const close = (): void => {
    closed = true;
    direct.close();
    loaded?.close();
  };
  return {
    reader: direct.reader && {
      byPath: (path, recursive, signal) => attempt((r) => needed(r.reader).byPath(path, recursive, signal)),
      byNames: (names, signal) => attempt((r) => needed(r.reader).byNames(names, signal)),
      close,
    },
    secretReader: direct.secretReader && {
      get: (secret, signal) => attempt((r) => needed(r.secretReader).get(secret, signal)),
      close,
    },
    close,
  };
}

function needed<T>(reader: T | undefined): T {
  // The SDK readers are opened for the same plan, so they have every reader the direct ones have.
  if (reader === undefined) throw new Error('internal error: the SDK readers lack a reader the plan needs');
  return reader;
}
