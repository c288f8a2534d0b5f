// A pass-through HTTP proxy in front of a `kura serve` that holds back the requests a test picks
// (by their body) until the test releases them: a client process can then be stopped at a known
// point, with no timing guess, while another runs. Headers go through unchanged (the SigV4
// signature covers Host, which stays the proxy's; the server checks Host only with --dev or
// --allowed-host).

import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HoldingProxy {
  url: string;
  /** Resolves when the first request is held. */
  held: Promise<void>;
  /** Lets the held requests through, and every later one. */
  release(): void;
  close(): Promise<void>;
}

export async function holdingProxy(target: string, hold: (body: string) => boolean): Promise<HoldingProxy> {
  const upstream = new URL(target);
  const waiting: Array<() => void> = [];
  let released = false;
  let signalHeld!: () => void;
  const held = new Promise<void>((resolve) => (signalHeld = resolve));

  const forward = (req: http.IncomingMessage, body: Buffer, res: http.ServerResponse) => {
    const out = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    out.on('error', () => res.destroy());
    out.end(body);
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (released || !hold(body.toString('utf8'))) return forward(req, body, res);
      waiting.push(() => forward(req, body, res));
      signalHeld();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    held,
    release() {
      released = true;
      for (const go of waiting.splice(0)) go();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
