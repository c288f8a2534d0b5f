// The direct reader's credentials: the environment's keys as they are, or the container credentials
// endpoint fetched as the SDK's fromHttp fetches it (GET, the Authorization token from
// AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE, read at each fetch, or AWS_CONTAINER_AUTHORIZATION_TOKEN;
// an answer of AccessKeyId, SecretAccessKey, Token and an RFC 3339 Expiration), kept until five
// minutes before they expire, as the SDK keeps them. The direct path only ever takes the SDK's happy
// path: any failure (no answer, a refusal, an answer of another shape) is NeedsSdk, and the SDK then
// does the whole read, with its own retries, its next provider and its own error message.

import { readFileSync } from 'node:fs';
import type { CredentialSource, Credentials } from './settings.js';
import { Transport } from './transport.js';

/** Thrown when the direct reader cannot do what the SDK would: the SDK takes over that read. */
export class NeedsSdk extends Error {
  override readonly name = 'NeedsSdk';
}

export function isNeedsSdk(error: unknown): error is NeedsSdk {
  return error instanceof Error && error.name === 'NeedsSdk';
}

/** The SDK refreshes credentials this long before they expire. */
const REFRESH_BEFORE_MS = 300_000;
/** fromHttp's connection timeout. */
const CONNECT_TIMEOUT_MS = 1_000;

export function credentialProvider(source: CredentialSource): () => Promise<Credentials> {
  if (source.kind === 'environment') return () => Promise.resolve(source.credentials);
  let current: Credentials | undefined;
  let pending: Promise<Credentials> | undefined;
  return async () => {
    if (current && (current.expiration === undefined || current.expiration.getTime() - Date.now() > REFRESH_BEFORE_MS)) return current;
    pending ??= fetchContainerCredentials(source).then(
      (fetched) => {
        pending = undefined;
        current = fetched;
        return fetched;
      },
      (error: unknown) => {
        pending = undefined;
        throw new NeedsSdk('the container credentials could not be fetched directly', { cause: error });
      },
    );
    return pending;
  };
}

async function fetchContainerCredentials(source: Extract<CredentialSource, { kind: 'container' }>): Promise<Credentials> {
  const headers: Record<string, string> = {};
  const token = source.tokenFile !== undefined ? readFileSync(source.tokenFile).toString() : source.token;
  if (token !== undefined) {
    if (token.includes('\r\n')) throw new Error('the authorization token holds a line break');
    headers.authorization = token;
  }
  const transport = new Transport(CONNECT_TIMEOUT_MS);
  try {
    const { url } = source;
    const port = url.port ? Number(url.port) : undefined;
    const answer = await transport.send({ protocol: url.protocol as 'http:' | 'https:', hostname: url.hostname, port, path: url.pathname }, { method: 'GET', headers });
    if (answer.statusCode !== 200) throw new Error(`the credentials endpoint answered ${answer.statusCode}`);
    return credentialsOf(JSON.parse(answer.body.toString('utf8')) as unknown);
  } finally {
    transport.close();
  }
}

/** fromHttp's checks, no looser: four strings, and an expiration in RFC 3339 form that is a real instant. */
export function credentialsOf(answer: unknown): Credentials {
  const fields = (typeof answer === 'object' && answer !== null ? answer : {}) as Record<string, unknown>;
  const { AccessKeyId, SecretAccessKey, Token, Expiration } = fields;
  if (typeof AccessKeyId !== 'string' || typeof SecretAccessKey !== 'string' || typeof Token !== 'string' || typeof Expiration !== 'string') {
    throw new Error('the credentials endpoint answered in another shape');
  }
  const expiration = parseRfc3339(Expiration);
  if (expiration === undefined) throw new Error('the credentials expiration is not an RFC 3339 time');
  return { accessKeyId: AccessKeyId, secretAccessKey: SecretAccessKey, sessionToken: Token || undefined, expiration };
}

function parseRfc3339(text: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})[tT](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?[zZ]$/.exec(text);
  if (!match) return undefined;
  const [y, mo, d, h, mi, s] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  // Date.UTC rolls 31 February into March (and years below 100 into the 1900s): a round trip catches every field out of range.
  const valid = date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && date.getUTCHours() === h && date.getUTCMinutes() === mi && date.getUTCSeconds() === s;
  // The fraction as the SDK rounds it, to the millisecond.
  return valid ? new Date(date.getTime() + (match[7] ? Math.round(Number(`0.${match[7]}`) * 1000) : 0)) : undefined;
}
