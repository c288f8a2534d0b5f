// The signed-in session: temporary credentials only. The access key pair typed at sign-in is used
// for one STS call (GetSessionToken, or AssumeRole into the chosen role) and then dropped; what
// remains is kept in this tab's sessionStorage (gone with the tab, never sent anywhere but in
// signatures), never in a URL, a cookie or localStorage.

import { AwsClient } from '../aws/client.js';
import { AwsError } from '../aws/errors.js';
import { asObject, asText } from '../aws/xml.js';

export interface Session {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** ISO 8601. */
  expiration: string;
  region: string;
  /** Who the credentials act as (GetCallerIdentity's Arn). */
  arn: string;
  account: string;
  /** How they were obtained: GetSessionToken, or AssumeRole into this role. */
  roleArn?: string;
}

export interface SignInRequest {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  roleArn?: string;
  durationSeconds: number;
}

const STORAGE_KEY = 'kura.console.session';

/** This tab's session; an expired one is dropped and reported, so sign-in can say why it is back. */
export function loadSession(now = Date.now()): { session?: Session; expiredAt?: string } {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return {};
    const session = JSON.parse(raw) as Session;
    if (!(Date.parse(session.expiration) > now)) {
      sessionStorage.removeItem(STORAGE_KEY);
      return { expiredAt: session.expiration };
    }
    return { session };
  } catch {
    sessionStorage.removeItem(STORAGE_KEY);
    return {};
  }
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
}

export function clearSession(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}

export function clientFor(session: Session, endpoint = location.origin): AwsClient {
  const { accessKeyId, secretAccessKey, sessionToken, region } = session;
  return new AwsClient({ endpoint, region, credentials: { accessKeyId, secretAccessKey, sessionToken } });
}

const ACCESS_KEY_ID = /^[A-Z0-9]{16,128}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

/** What is wrong with the form, field by field, before anything is sent. */
export function checkSignIn(request: SignInRequest): Partial<Record<keyof SignInRequest, string>> {
  const problems: Partial<Record<keyof SignInRequest, string>> = {};
  if (!ACCESS_KEY_ID.test(request.accessKeyId)) problems.accessKeyId = 'An access key ID is 16 or more capital letters and digits, such as AKIA…';
  else if (request.accessKeyId.startsWith('ASIA')) problems.accessKeyId = 'This is a temporary key (ASIA…). Sign in with a long-term access key (AKIA…); the console makes its own temporary credentials.';
  if (request.secretAccessKey.length === 0) problems.secretAccessKey = 'Enter the secret access key.';
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(request.region)) problems.region = 'A region looks like us-east-1.';
  if (request.roleArn && !ROLE_ARN.test(request.roleArn)) problems.roleArn = 'A role ARN looks like arn:aws:iam::000000000000:role/name.';
  return problems;
}

/** Exchanges the long-term key for temporary credentials, then asks who they are. */
export async function signIn(request: SignInRequest, endpoint = location.origin): Promise<Session> {
  if (!globalThis.crypto?.subtle) {
    throw new AwsError(
      'InsecureContext',
      'This page is not a secure context, so the browser offers no Web Crypto to sign requests with. Open the console over https, or on localhost / 127.0.0.1.',
      0,
    );
  }
  const longTerm = new AwsClient({ endpoint, region: request.region, credentials: { accessKeyId: request.accessKeyId, secretAccessKey: request.secretAccessKey } });
  const duration = String(request.durationSeconds);
  const result = request.roleArn
    ? await longTerm.query('sts', 'AssumeRole', { RoleArn: request.roleArn, RoleSessionName: 'kura-console', DurationSeconds: duration })
    : await longTerm.query('sts', 'GetSessionToken', { DurationSeconds: duration });
  const credentials = asObject(result['Credentials']);
  const partial = {
    accessKeyId: asText(credentials['AccessKeyId']),
    secretAccessKey: asText(credentials['SecretAccessKey']),
    sessionToken: asText(credentials['SessionToken']),
    expiration: asText(credentials['Expiration']),
    region: request.region,
  };
  const temporary = new AwsClient({ endpoint, region: request.region, credentials: partial });
  const identity = await temporary.query('sts', 'GetCallerIdentity');
  return { ...partial, arn: asText(identity['Arn']), account: asText(identity['Account']), ...(request.roleArn ? { roleArn: request.roleArn } : {}) };
}
