// A TCP forwarder a test controls, put between Kura and PostgreSQL so that the test can take the
// database away without stopping the PostgreSQL other tests share:
//   cut('refuse')    the database is down: open connections are reset, new ones refused (ECONNREFUSED);
//   cut('blackhole') the network is partitioned: open connections go silent, new ones are accepted and
//                    never answered, so only the client's own timeouts can end them;
//   restore()        forwarding again (the silent connections are reset, as a partition's would time out).

import { createServer, connect, type Server, type Socket } from 'node:net';

export type CutMode = 'refuse' | 'blackhole';

export interface TcpProxy {
  port: number;
  cut(mode: CutMode): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<Socket>();
  let mode: CutMode | undefined;
  let server: Server | undefined;
  let port = 0;

  const onConnection = (client: Socket): void => {
    pairs.add(client);
    client.on('close', () => pairs.delete(client));
    client.on('error', () => undefined);
    if (mode === 'blackhole') return; // accepted, never answered
    const upstream = connect(target.port, target.host);
    pairs.add(upstream);
    upstream.on('close', () => {
      pairs.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    // Forwarded by hand rather than piped, so that a blackhole can swallow bytes in both directions.
    client.on('data', (chunk: Buffer) => {
      if (mode !== 'blackhole') upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (mode !== 'blackhole') client.write(chunk);
    });
  };

  const listen = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const s = createServer(onConnection);
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        port = (s.address() as { port: number }).port;
        server = s;
        resolve();
      });
    });
  const stopListening = (): Promise<void> =>
    new Promise((resolve) => {
      const s = server;
      server = undefined;
      if (!s) return resolve();
      s.close(() => resolve());
    });
  const resetAll = (): void => {
    for (const socket of pairs) socket.resetAndDestroy();
    pairs.clear();
  };

  await listen();
  return {
    get port() {
      return port;
    },
    async cut(how) {
      mode = how;
      if (how === 'refuse') {
        // close() waits for open connections to end: reset them meanwhile.
        const closed = stopListening();
        resetAll();
        await closed;
      }
    },
    async restore() {
      const was = mode;
      mode = undefined;
      if (was === 'blackhole') resetAll();
      if (!server) await listen();
    },
    async close() {
      mode = undefined;
      const closed = stopListening();
      resetAll();
      await closed;
    },
  };
}
