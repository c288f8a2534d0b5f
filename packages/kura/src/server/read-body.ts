// Reads a request body under a size limit, and tells a client that went away from a real failure.

import type { IncomingMessage } from 'node:http';

export class BodyTooLarge extends Error {}

/**
 * The body ended early: the client reset or closed its connection mid-body, or stalled past the
 * server's request timeout (node then answers 408 and closes). Routine on any server: not a fault of
 * ours, and not worth an error line each.
 */
export class ClientAborted extends Error {
  constructor(readonly reason: string) {
    super(`the client went away before the request body ended (${reason})`);
    this.name = 'ClientAborted';
  }
}

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > limit) return reject(new BodyTooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    // node's request stream fails only when its connection does: when that happens before the body is
    // complete it destroys the request with ECONNRESET 'aborted'. Anything else stays a real error.
    req.on('error', (error: NodeJS.ErrnoException) => reject(req.complete ? error : new ClientAborted(error.code ?? error.message)));
    // A promise settles once: this only matters if the stream closes without an error.
    req.on('close', () => {
      if (!req.complete) reject(new ClientAborted('closed'));
    });
  });
}
