// Kura as an operator runs it on several machines, on one machine: a PostgreSQL of the test's own
// (so that restarting it disturbs no other test), N `kura serve` replicas on one database with one
// master key and one administrator key pair, and a real HAProxy in front of them.

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startHaProxy, type HaProxy } from './haproxy.js';
import { freePort, startPrivatePostgres, type PrivatePostgres } from './private-postgres.js';
import { ADMIN_KEYS, Replica } from './replica.js';

export const REGION = 'us-east-1';
export const ACCOUNT = '000000000000';

export interface Cluster {
  postgres: PrivatePostgres;
  storeUrl: string;
  replicas: Replica[];
  haproxy: HaProxy | undefined;
  /** The load balancer's URL, or the first replica's without one. */
  url: string;
  work: string;
  /** Environment for the AWS CLI against `endpoint`, with `credentials` (the administrator's by default). */
  cliEnv(endpoint: string, credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }): NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

export interface ClusterOptions {
  replicas: number;
  haproxy: boolean;
  /**
   * false: PostgreSQL commits without waiting for the disk (fsync and synchronous_commit off), for a
   * test about what replicas see rather than about what survives a crash. Default: durable.
   */
  durable?: boolean;
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const work = mkdtempSync(path.join(tmpdir(), 'kura-replicas-'));
  const postgres = await startPrivatePostgres(options.durable === false ? { config: ['fsync = off', 'synchronous_commit = off'] } : {});
  const admin = new pg.Client({ connectionString: postgres.url() });
  await admin.connect();
  await admin.query('CREATE DATABASE kura');
  await admin.end();
  const storeUrl = postgres.url('kura');
  const masterKey = randomBytes(32).toString('base64');
  const replicas: Replica[] = [];
  for (let i = 1; i <= options.replicas; i++) {
    replicas.push(new Replica({ name: `r${i}`, port: await freePort(), storeUrl, masterKey, dataDir: path.join(work, `r${i}`) }));
  }
  // All at once, as an orchestrator starts them: the migrations run once, under their lock.
  await Promise.all(replicas.map((r) => r.start()));
  const haproxy = options.haproxy
    ? await startHaProxy(work, await freePort(), Object.fromEntries(replicas.map((r) => [r.options.name, r.options.port])))
    : undefined;
  return {
    postgres,
    storeUrl,
    replicas,
    haproxy,
    url: haproxy?.url ?? (replicas[0] as Replica).url,
    work,
    cliEnv: (endpoint, credentials = ADMIN_KEYS) => ({
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      AWS_ENDPOINT_URL: endpoint,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      ...(credentials.sessionToken ? { AWS_SESSION_TOKEN: credentials.sessionToken } : {}),
      AWS_DEFAULT_REGION: REGION,
      AWS_CONFIG_FILE: '/nonexistent/kura-replicas-config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/kura-replicas-credentials',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_PAGER: '',
    }),
    async stop() {
      await haproxy?.stop();
      await Promise.all(replicas.map((r) => r.kill()));
      postgres.destroy();
      rmSync(work, { recursive: true, force: true });
    },
  };
}
