// The loopback HTTP endpoint that plays the ECS agent for the task's programs:
//   GET /v2/credentials/<id>  the task role's credentials, for AWS_CONTAINER_CREDENTIALS_FULL_URI,
//                             only with the task's AWS_CONTAINER_AUTHORIZATION_TOKEN;
//   GET /v4/<id>[/task]       container and task metadata, for ECS_CONTAINER_METADATA_URI_V4
//                             (unauthenticated, as on ECS: it holds no secrets).
// Loopback over plain HTTP because that is what both SDKs accept for a FULL_URI
// (https://docs.aws.amazon.com/sdkref/latest/guide/feature-container-credentials.html); a random
// port, path and 256-bit token per task, compared in constant time, keep other local processes
// from reading the credentials.

import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RoleCredentials } from './service-role.js';

export interface AgentEndpointOptions {
  /** Absent when the task definition has no taskRoleArn: the credentials route then answers 404. */
  taskRole?: { roleArn: string; credentials: () => RoleCredentials | undefined };
  containerMetadata: (name: string) => object | undefined;
  taskMetadata: () => object;
}

export interface AgentEndpoint {
  /** AWS_CONTAINER_CREDENTIALS_FULL_URI */
  credentialsUri: string;
  /** AWS_CONTAINER_AUTHORIZATION_TOKEN (a secret: never printed) */
  authorizationToken: string;
  /** ECS_CONTAINER_METADATA_URI_V4 of a container */
  metadataUri(containerName: string): string;
  close(): Promise<void>;
}

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** ECS's wire format for timestamps here: RFC 3339 to the second, with Z. */
export const rfc3339 = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

export async function startAgentEndpoint(options: AgentEndpointOptions): Promise<AgentEndpoint> {
  const token = randomBytes(32).toString('base64url');
  const tokenDigest = digest(token);
  const credentialsPath = `/v2/credentials/${randomUUID()}`;
  const metadataIds = new Map<string, string>();
  const metadataId = (name: string): string => {
    let id = metadataIds.get(name);
    if (!id) metadataIds.set(name, (id = randomBytes(16).toString('hex')));
    return id;
  };

  const send = (res: ServerResponse, status: number, body: object): void => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
    res.end(text);
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (req.method !== 'GET') return send(res, 405, { Code: 'MethodNotAllowed', Message: 'only GET is served' });
    if (path === credentialsPath && options.taskRole) {
      const presented = req.headers['authorization'];
      // Hash both sides so the comparison is constant-time whatever the presented length.
      if (typeof presented !== 'string' || !timingSafeEqual(digest(presented), tokenDigest)) {
        return send(res, 401, { Code: 'AccessDenied', Message: 'the Authorization header must carry the task\'s AWS_CONTAINER_AUTHORIZATION_TOKEN' });
      }
      const c = options.taskRole.credentials();
      if (!c) {
        return send(res, 503, { Code: 'CredentialsUnavailable', Message: 'the task role credentials expired and could not be renewed; see kura run-task output' });
      }
      return send(res, 200, {
        RoleArn: options.taskRole.roleArn,
        AccessKeyId: c.accessKeyId,
        SecretAccessKey: c.secretAccessKey,
        Token: c.sessionToken,
        Expiration: rfc3339(c.expiration),
      });
    }
    const meta = /^\/v4\/([0-9a-f]{32})(\/task)?$/.exec(path);
    const name = meta ? [...metadataIds].find(([, id]) => id === meta[1])?.[0] : undefined;
    if (meta && name !== undefined) {
      const body = meta[2] ? options.taskMetadata() : options.containerMetadata(name);
      if (body) return send(res, 200, body);
    }
    return send(res, 404, { Code: 'NotFound', Message: `no such resource: ${path}` });
  };

  const server = createServer(handle);
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  return {
    credentialsUri: `${base}${credentialsPath}`,
    authorizationToken: token,
    metadataUri: (name) => `${base}/v4/${metadataId(name)}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
