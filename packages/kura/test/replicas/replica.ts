// One `kura serve` replica on a PostgreSQL store, as an operator runs it: the built bin, a fixed port
// (a load balancer's server list names it, so a restarted replica comes back where it was), the
// master key and the administrator's keys from the environment, shared by every replica. It can be
// stopped, killed with SIGKILL, and started again; its output is kept across restarts.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { kuraBin } from '../e2e/harness.js';

export const ADMIN_KEYS = { accessKeyId: 'AKIAREPLICATESTADMIN', secretAccessKey: 'replica-test-admin-secret-0123456789abcd' };

export interface ReplicaOptions {
  name: string;
  port: number;
  storeUrl: string;
  masterKey: string;
  dataDir: string;
  /** Extra `kura serve` arguments. */
  args?: string[];
}

export class Replica {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private out = '';
  private err = '';

  constructor(readonly options: ReplicaOptions) {
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  }

  get url(): string {
    return `http://127.0.0.1:${this.options.port}`;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Everything the replica wrote, over all its runs. */
  output(): string {
    return this.out + this.err;
  }

  stdout(): string {
    return this.out;
  }

  /** Starts the replica and resolves once it listens (its start line names its URL). */
  async start(): Promise<void> {
    const { port, storeUrl, masterKey, dataDir, name } = this.options;
    const child = spawn(process.execPath, [kuraBin, 'serve', '--host', '127.0.0.1', '--port', String(port), '--data', dataDir, '--store', storeUrl, ...(this.options.args ?? [])], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        KURA_MASTER_KEY: masterKey,
        KURA_ADMIN_ACCESS_KEY_ID: ADMIN_KEYS.accessKeyId,
        KURA_ADMIN_SECRET_ACCESS_KEY: ADMIN_KEYS.secretAccessKey,
        KURA_REPLICA_ID: name,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    let startErr = '';
    child.stdout?.on('data', (d: Buffer) => (this.out += d.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`replica ${name} did not start in 30 s:\n${startErr}`)), 30_000);
      child.stderr?.on('data', (d: Buffer) => {
        const text = d.toString();
        this.err += text;
        startErr += text;
        if (/ on https?:\/\/\S+ \(/.test(startErr)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`replica ${name} exited with ${code ?? signal}:\n${startErr}`));
      });
    });
  }

  /** Ends the replica with `signal` (SIGKILL: no shutdown of any kind) and waits until it is gone. */
  async kill(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.running) this.child?.kill(signal);
    await this.exited;
  }
}
