// A real HAProxy (Debian's package) in front of the replicas, configured as docs/operations.md
// recommends: round robin, each replica health-checked on /_kura/health, a request that cannot reach
// a replica sent to another, and nothing held past the clients' own patience.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

export interface HaProxy {
  url: string;
  /** The lines HAProxy wrote (its own log and errors). */
  output(): string;
  stop(): Promise<void>;
}

/** The configuration for `servers` (name → port on 127.0.0.1), listening on `port`. */
export function haproxyConfig(port: number, servers: Record<string, number>): string {
  return [
    'global',
    '  maxconn 2000',
    'defaults',
    '  mode http',
    '  timeout connect 2s',
    '  timeout client 30s',
    // Longer than Kura's own bound on a request (about 5 s while its database is away).
    '  timeout server 15s',
    '  timeout check 3s',
    // A connection to a replica that is down (killed, restarting) is retried on another one; a request
    // a replica received and did not answer is not replayed here: the client's SDK retries the 502.
    '  retries 3',
    '  option redispatch 1',
    'frontend kura',
    `  bind 127.0.0.1:${port}`,
    '  default_backend replicas',
    'backend replicas',
    '  balance roundrobin',
    '  option httpchk',
    '  http-check send meth GET uri /_kura/health ver HTTP/1.1 hdr Host localhost',
    '  http-check expect status 200',
    // Three failed checks a second apart take a replica out: a database restart (under a second)
    // takes none out, as every replica rides it out by holding its requests.
    '  default-server check inter 1s fall 3 rise 1',
    ...Object.entries(servers).map(([name, serverPort]) => `  server ${name} 127.0.0.1:${serverPort}`),
    '',
  ].join('\n');
}

export function haproxyBinary(): string {
  const found = spawnSync('sh', ['-c', 'command -v haproxy || ls /usr/sbin/haproxy'], { encoding: 'utf8' }).stdout.trim().split('\n')[0];
  if (!found) throw new Error('HAProxy is not installed: apt-get install -y haproxy (.ci/run does it)');
  return found;
}

export async function startHaProxy(dir: string, port: number, servers: Record<string, number>): Promise<HaProxy> {
  const file = path.join(dir, 'haproxy.cfg');
  writeFileSync(file, haproxyConfig(port, servers));
  const binary = haproxyBinary();
  const check = spawnSync(binary, ['-c', '-f', file], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`HAProxy refuses its configuration:\n${check.stdout}${check.stderr}`);
  // -db: in the foreground, so that it ends with the test.
  const child: ChildProcess = spawn(binary, ['-db', '-f', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  // Ready once it answers and has found a replica up.
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`HAProxy exited:\n${out}`);
    const status = await fetch(`${url}/_kura/health`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) break;
    if (Date.now() > deadline) throw new Error(`HAProxy did not pass a request to a replica in 15 s:\n${out}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    output: () => out,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
