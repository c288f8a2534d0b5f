// The client side of GET /_kura/health, for `kura health` (the server image's HEALTHCHECK, and a CI
// job waiting for the server). It asks with the Host `localhost:<port>`, which the server always
// serves (request-origin.ts), so that --allowed-host cannot turn its own probe away. HTTPS is not
// verified: the probe asks this machine's own server, by an address no certificate usually names,
// sends no credential and reads nothing but the status.

import http from 'node:http';
import https from 'node:https';

export interface HealthAnswer {
  status: number;
  /** The JSON body's `status` and `version`, when the answer was Kura's. */
  health?: { status: string; version?: string };
}

/**
 * `hostAsGiven`: ask with the URL's own Host, for a server reached by name (behind a proxy that
 * routes by name, say), as `kura apply` does to check that its endpoint is a Kura server.
 */
export function probeHealth(server: URL, timeoutMs: number, options: { hostAsGiven?: boolean } = {}): Promise<HealthAnswer> {
  const client = server.protocol === 'https:' ? https : http;
  const port = server.port || (server.protocol === 'https:' ? '443' : '80');
  const host = options.hostAsGiven ? server.host : `localhost:${port}`;
  return new Promise((resolve, reject) => {
    const request = client.get(
      new URL('/_kura/health', server),
      { timeout: timeoutMs, rejectUnauthorized: false, headers: { host, accept: 'application/json' } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          if (text.length < 4096) text += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, ...healthOf(text) }));
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    request.on('error', reject);
  });
}

function healthOf(text: string): Pick<HealthAnswer, 'health'> {
  try {
    const body = JSON.parse(text) as { status?: unknown; version?: unknown };
    if (typeof body.status !== 'string') return {};
    return { health: { status: body.status, ...(typeof body.version === 'string' ? { version: body.version } : {}) } };
  } catch {
    return {};
  }
}
