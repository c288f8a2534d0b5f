// A PostgreSQL server of a test's own (initdb + pg_ctl in a temporary directory, on a free port,
// trust auth), for tests that must stop it, restart it or configure it (TLS) without disturbing the
// machine's shared server. PostgreSQL refuses to run as root, so when the tests run as root the
// server runs as the `postgres` user.

import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const BIN = process.env.KURA_TEST_PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface PrivatePostgres {
  port: number;
  dir: string;
  /** postgres://postgres@127.0.0.1:PORT/DB */
  url(db?: string): string;
  /** fast: sessions ended, a checkpoint; immediate: as a crash (no checkpoint; the next start replays the WAL). */
  stop(mode?: 'fast' | 'immediate'): void;
  start(): void;
  /** Stops the server and removes its files. */
  destroy(): void;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function runAs(command: string, args: string[]): void {
  const asRoot = process.getuid?.() === 0;
  if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', command, ...args], { stdio: 'pipe' });
  else execFileSync(command, args, { stdio: 'pipe' });
}

/** Starts a new server; `config` lines are appended to postgresql.conf, `files` written into the data dir first. */
export async function startPrivatePostgres(options: { config?: string[]; files?: Record<string, string> } = {}): Promise<PrivatePostgres> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kura-pg-'));
  const data = path.join(dir, 'data');
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { uid, gid } = statSync('/var/lib/postgresql');
    chownSync(dir, uid, gid);
  }
  runAs(path.join(BIN, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  for (const [name, text] of Object.entries(options.files ?? {})) {
    writeFileSync(path.join(data, name), text, { mode: 0o600 });
    if (asRoot) {
      const { uid, gid } = statSync(data);
      chownSync(path.join(data, name), uid, gid);
    }
  }
  const conf = [`port = ${port}`, "listen_addresses = '127.0.0.1'", `unix_socket_directories = '${dir}'`, 'fsync = on', ...(options.config ?? [])];
  execFileSync('sh', ['-c', `cat >> '${path.join(data, 'postgresql.conf')}'`], { input: `${conf.join('\n')}\n` });
  const ctl = (action: 'start' | 'stop', mode: 'fast' | 'immediate' = 'fast') =>
    runAs(path.join(BIN, 'pg_ctl'), ['-D', data, '-l', path.join(dir, 'log'), '-w', '-t', '30', ...(action === 'stop' ? ['-m', mode] : []), action]);
  ctl('start');
  return {
    port,
    dir,
    url: (db = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${db}`,
    stop: (mode) => ctl('stop', mode),
    start: () => ctl('start'),
    destroy() {
      try {
        ctl('stop');
      } catch {
        // Already stopped.
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
