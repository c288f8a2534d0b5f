// Assumes a role as the ECS service does, through Kura's own STS action KuraAssumeRoleAsService
// (services/sts/GAPS.md): the administrator signs the request, the role's trust policy is
// evaluated for the principal {"Service": "ecs-tasks.amazonaws.com"}. No AWS SDK knows the action,
// so the Query request is signed here with the SDK's own SigV4 signer and its XML answer read.

import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';

export interface AdminCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface RoleCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
  /** The session's ARN: arn:aws:sts::A:assumed-role/<role>/<session>. */
  assumedRoleArn: string;
}

export interface AssumeAsServiceRequest {
  roleArn: string;
  sessionName: string;
  durationSeconds?: number;
  /** The task ARN; becomes aws:SourceArn for the trust policy's conditions. */
  sourceArn?: string;
}

export class ServiceRoleError extends Error {
  override readonly name = 'ServiceRoleError';
  constructor(
    readonly code: string,
    message: string,
    readonly requestId?: string,
  ) {
    super(message);
  }
}

export const ECS_TASKS_PRINCIPAL = 'ecs-tasks.amazonaws.com';

export async function assumeRoleAsService(
  endpoint: string,
  region: string,
  admin: AdminCredentials,
  request: AssumeAsServiceRequest,
): Promise<RoleCredentials> {
  const url = new URL(endpoint);
  const params = new URLSearchParams({
    Action: 'KuraAssumeRoleAsService',
    Version: '2011-06-15',
    RoleArn: request.roleArn,
    RoleSessionName: request.sessionName,
    ServicePrincipal: ECS_TASKS_PRINCIPAL,
  });
  if (request.durationSeconds !== undefined) params.set('DurationSeconds', String(request.durationSeconds));
  if (request.sourceArn !== undefined) params.set('SourceArn', request.sourceArn);
  const body = params.toString();

  const signer = new SignatureV4({ service: 'sts', region, credentials: admin, sha256: Hash.bind(null, 'sha256') });
  const signed = await signer.sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
    path: url.pathname || '/',
    query: {},
    headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body,
  });

  let response: Response;
  try {
    response = await fetch(new URL(url.pathname || '/', url), { method: 'POST', headers: signed.headers, body });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    throw new ServiceRoleError('NetworkingError', `cannot reach Kura at ${endpoint}: ${cause}`);
  }
  const xml = await response.text();
  if (!response.ok) {
    const code = tag(xml, 'Code') ?? `HTTP${response.status}`;
    throw new ServiceRoleError(code, tag(xml, 'Message') ?? `HTTP ${response.status} from ${endpoint}`, tag(xml, 'RequestId'));
  }
  const read = (name: string): string => {
    const value = tag(xml, name);
    if (value === undefined) throw new ServiceRoleError('MalformedResponse', `KuraAssumeRoleAsService answered without ${name}`);
    return value;
  };
  const expiration = new Date(read('Expiration'));
  if (Number.isNaN(expiration.getTime())) throw new ServiceRoleError('MalformedResponse', 'KuraAssumeRoleAsService answered with an unreadable Expiration');
  return {
    accessKeyId: read('AccessKeyId'),
    secretAccessKey: read('SecretAccessKey'),
    sessionToken: read('SessionToken'),
    expiration,
    assumedRoleArn: read('Arn'),
  };
}

/** The text of the first <name>…</name> element, entity-decoded. The answer is flat enough for this. */
export function tag(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
  return match?.[1] === undefined ? undefined : decodeXml(match[1]);
}

function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[entity] ?? '';
  });
}
