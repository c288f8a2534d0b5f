// The console's AWS client: every call is a SigV4-signed POST to the server's own origin, in the
// protocol of the service (AWS JSON 1.1 for SSM, KMS, Secrets Manager and CloudTrail; AWS Query with
// XML answers for IAM and STS), exactly what the CLI sends. Errors keep AWS's code and message.

import { AwsError, NetworkError, errorCode } from './errors.js';
import { signRequest, type Credentials } from './sigv4.js';
import { asObject, parseXml, type XmlValue } from './xml.js';

export type JsonService = 'ssm' | 'kms' | 'secretsmanager' | 'cloudtrail';
export type QueryService = 'iam' | 'sts';

const TARGET_PREFIX: Record<JsonService, string> = {
  ssm: 'AmazonSSM',
  kms: 'TrentService',
  secretsmanager: 'secretsmanager',
  cloudtrail: 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101',
};

const API_VERSION: Record<QueryService, string> = { iam: '2010-05-08', sts: '2011-06-15' };

export type QueryValue = string | number | boolean | undefined | QueryValue[] | { [name: string]: QueryValue };

/** Query protocol parameters: lists as `Name.member.N`, structures as `Name.Member`. */
export function encodeQuery(params: Record<string, QueryValue>): string {
  const out = new URLSearchParams();
  const add = (prefix: string, value: QueryValue) => {
    if (value === undefined) return;
    if (Array.isArray(value)) value.forEach((item, i) => add(`${prefix}.member.${i + 1}`, item));
    else if (typeof value === 'object') for (const [k, v] of Object.entries(value)) add(`${prefix}.${k}`, v);
    else out.append(prefix, String(value));
  };
  for (const [name, value] of Object.entries(params)) add(name, value);
  return out.toString();
}

export interface ClientOptions {
  /** The server's root, normally the page's own origin. */
  endpoint: string;
  region: string;
  credentials: Credentials;
}

export class AwsClient {
  constructor(readonly options: ClientOptions) {}

  private async send(service: string, headers: Record<string, string>, body: string, signal?: AbortSignal): Promise<Response> {
    const url = new URL('/', this.options.endpoint);
    const signed = await signRequest({ method: 'POST', url, headers, body, region: this.options.region, service, credentials: this.options.credentials });
    try {
      // credentials: 'omit': the console never uses cookies, and Kura sets none.
      return await fetch(url, { method: 'POST', headers: signed, body, credentials: 'omit', cache: 'no-store', ...(signal ? { signal } : {}) });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new NetworkError(error);
    }
  }

  async json<T = Record<string, unknown>>(service: JsonService, operation: string, input: object = {}, signal?: AbortSignal): Promise<T> {
    const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${TARGET_PREFIX[service]}.${operation}` };
    const response = await this.send(service, headers, JSON.stringify(input), signal);
    const text = await response.text();
    let parsed: Record<string, unknown>;
    try {
      parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      throw new AwsError('InvalidResponse', `The server answered ${response.status} with a body that is not JSON.`, response.status);
    }
    if (!response.ok) {
      const type = String(parsed['__type'] ?? response.headers.get('x-amzn-errortype') ?? 'UnknownError');
      const message = String(parsed['message'] ?? parsed['Message'] ?? '');
      throw new AwsError(errorCode(type), message, response.status, response.headers.get('x-amzn-requestid') ?? undefined);
    }
    return parsed as T;
  }

  /** The `<ActionResult>` element's content of a Query call. */
  async query(service: QueryService, action: string, params: Record<string, QueryValue> = {}, signal?: AbortSignal): Promise<Record<string, XmlValue>> {
    const body = encodeQuery({ Action: action, Version: API_VERSION[service], ...params });
    const response = await this.send(service, { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body, signal);
    const text = await response.text();
    if (!response.ok) {
      let code = 'UnknownError';
      let message = text.slice(0, 300);
      let requestId: string | undefined;
      try {
        const { value } = parseXml(text);
        const error = asObject(asObject(value)['Error']);
        code = typeof error['Code'] === 'string' ? error['Code'] : code;
        message = typeof error['Message'] === 'string' ? error['Message'] : '';
        const id = asObject(value)['RequestId'];
        requestId = typeof id === 'string' ? id : undefined;
      } catch {
        // Not XML: keep the status and the start of the body.
      }
      throw new AwsError(code, message, response.status, requestId);
    }
    const { value } = parseXml(text);
    return asObject(asObject(value)[`${action}Result`]);
  }
}
