// Where the direct reader sends a request, resolved as the SDK resolves it: AWS_ENDPOINT_URL_<SERVICE>,
// else AWS_ENDPOINT_URL (both ignored under AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true), else AWS's own
// https://<service>.<region>.amazonaws.com for a region of the standard partition. Anything else (a
// region of another partition, an override that is not a plain http(s) URL) is undefined: the SDK
// resolves it, and reads.

export interface Service {
  /** SigV4 signing name, and the first label of AWS's host name. */
  signingName: 'ssm' | 'secretsmanager';
  /** The X-Amz-Target prefix of the service's AWS JSON 1.1 operations. */
  target: 'AmazonSSM' | 'secretsmanager';
  /** The SDK's service id, upper-cased with `_` for spaces: AWS_ENDPOINT_URL_<this>. */
  endpointVariable: 'SSM' | 'SECRETS_MANAGER';
}

export const SSM: Service = { signingName: 'ssm', target: 'AmazonSSM', endpointVariable: 'SSM' };
export const SECRETS_MANAGER: Service = { signingName: 'secretsmanager', target: 'secretsmanager', endpointVariable: 'SECRETS_MANAGER' };

export interface Endpoint {
  protocol: 'http:' | 'https:';
  /** As URL gives it: an IPv6 address in brackets. */
  hostname: string;
  port: number | undefined;
  /** The request path: the endpoint's path, ending in `/` (AWS JSON 1.1 posts to it). */
  path: string;
  /** The Host header, signed: hostname, and `:port` when the URL names one. */
  host: string;
}

/** The "aws" partition's region pattern in the SDK's partition table (us-gov, cn, iso... are other partitions). */
const AWS_PARTITION = /^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$/;

export function endpointFor(service: Service, env: NodeJS.ProcessEnv, region: string): Endpoint | undefined {
  const override = env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === 'true' ? undefined : env[`AWS_ENDPOINT_URL_${service.endpointVariable}`] || env.AWS_ENDPOINT_URL || undefined;
  if (override !== undefined) return parseOverride(override);
  if (!AWS_PARTITION.test(region)) return undefined;
  const hostname = `${service.signingName}.${region}.amazonaws.com`;
  return { protocol: 'https:', hostname, port: undefined, path: '/', host: hostname };
}

function parseOverride(text: string): Endpoint | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined; // the SDK's own error says what is wrong with it
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') return undefined;
  const port = url.port ? Number(url.port) : undefined;
  const path = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  return { protocol: url.protocol, hostname: url.hostname, port, path, host: port === undefined ? url.hostname : `${url.hostname}:${port}` };
}
