// The client side of `kura console`'s check: does the server serve its web console (GET
// /_kura/console/ answering the page)? Asked as the browser will ask, with the URL's own Host, so
// that a server whose --allowed-host or --dev refuses that name is reported now rather than in the
// browser. HTTPS is not verified: the check sends no credential and reads only the status and, for
// an error, Kura's one-line reason; the browser verifies the certificate itself when it opens the page.

import http from 'node:http';
import https from 'node:https';

export interface ConsoleProbeAnswer {
  status: number;
  contentType: string;
  /** The reason a Kura error answer gives (its JSON `message`), when there is one. */
  message?: string;
}

export function probeConsole(consoleUrl: URL, timeoutMs: number): Promise<ConsoleProbeAnswer> {
  const client = consoleUrl.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.get(consoleUrl, { timeout: timeoutMs, rejectUnauthorized: false, headers: { accept: 'text/html' } }, (response) => {
      const contentType = String(response.headers['content-type'] ?? '');
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        if (text.length < 4096) text += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, contentType, ...messageOf(contentType, text) }));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    request.on('error', reject);
  });
}

function messageOf(contentType: string, text: string): { message?: string } {
  if (!contentType.startsWith('application/json')) return {};
  try {
    const body = JSON.parse(text) as { message?: unknown };
    // Printed on a terminal: one line, no control characters, bounded.
    return typeof body.message === 'string' ? { message: body.message.replace(/\p{Cc}/gu, ' ').slice(0, 300) } : {};
  } catch {
    return {};
  }
}
