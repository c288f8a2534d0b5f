// A minimal AWS JSON 1.1 client (SSM by default; Secrets Manager with `service: 'secretsmanager'`):
// node:http with a keep-alive agent, hand-signed requests, JSON parsing. Used to seed both servers,
// for smoke checks, and by the whole-path walker.
import http from 'node:http';
import { createSigner } from './sigv4.mjs';

export const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };
export const REGION = 'us-east-1';

export class SsmError extends Error {
  constructor(op, status, body) {
    super(`${op}: HTTP ${status}: ${body.slice(0, 400)}`);
    this.status = status;
    this.body = body;
  }
}

/** The X-Amz-Target prefix of each JSON service the bench calls. */
export const TARGET_PREFIX = { ssm: 'AmazonSSM', secretsmanager: 'secretsmanager' };

export function createClient(port, { maxSockets = 16, service = 'ssm' } = {}) {
  const host = `127.0.0.1:${port}`;
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const sign = createSigner({ ...CREDENTIALS, region: REGION, service });

  /** Calls <prefix>.<op> with the given input; resolves to the parsed output, rejects with SsmError. */
  function call(op, input) {
    const body = JSON.stringify(input);
    const headers = sign({ host, target: `${TARGET_PREFIX[service]}.${op}`, body });
    headers['Content-Length'] = Buffer.byteLength(body);
    return new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/', headers, agent }, (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200) return reject(new SsmError(op, res.statusCode, text));
          try {
            resolve(text ? JSON.parse(text) : {});
          } catch (error) {
            reject(new Error(`${op}: unparsable response: ${error.message}: ${text.slice(0, 200)}`));
          }
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  return { call, host, close: () => agent.destroy() };
}

/** Runs fn over items with at most `width` in flight. */
export async function forEachLimited(items, width, fn) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++];
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
}
