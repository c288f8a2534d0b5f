// A bounded load of signed PutParameter/GetParameter calls (SDK v3, its default retries) through
// HAProxy while replicas are killed with SIGKILL and started again, and PostgreSQL itself is
// stopped as in a crash (immediate: no checkpoint, the WAL replayed at start) and started again.
// Afterwards: every write a client was told succeeded is there with its value, no parameter has a
// missing or duplicated version, no read ever returned a value older than one its client had been
// told was written, and every error a client saw was one the SDK retries (and its retries hid them).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { GetParameterCommand, GetParameterHistoryCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { REGION, startCluster, type Cluster } from './cluster.js';
import { ADMIN_KEYS, type Replica } from './replica.js';

const WORKERS = 6;
/** A worker moves to a new parameter after this many writes: far below the 100 versions a parameter keeps. */
const WRITES_PER_NAME = 40;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Ack {
  name: string;
  version: number;
  value: string;
}

/** What the SDK retries: a 5xx, a throttle, or a connection that failed (https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html). */
function retryable(error: unknown): boolean {
  const e = error as { $metadata?: { httpStatusCode?: number }; code?: string; name?: string };
  const status = e.$metadata?.httpStatusCode ?? 0;
  return [500, 502, 503, 504].includes(status) || ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT'].includes(e.code ?? '') || e.name === 'TimeoutError';
}

const seqOf = (value: string | undefined): number => Number(/-s(\d+)$/.exec(value ?? '')?.[1] ?? -1);

describe('replicas killed and PostgreSQL restarted under load, behind HAProxy', () => {
  let cluster: Cluster;
  const acks: Ack[] = [];
  const regressions: string[] = [];
  const surfaced: unknown[] = [];
  let calls = 0;
  let retried = 0;
  const events: string[] = [];

  before(async () => {
    cluster = await startCluster({ replicas: 3, haproxy: true });
  });
  after(async () => {
    await cluster?.stop();
  });

  /** One client: writes its own parameters in turn, and reads each back after every write. */
  async function worker(w: number, running: () => boolean): Promise<void> {
    const ssm = new SSMClient({ endpoint: cluster.url, region: REGION, credentials: ADMIN_KEYS });
    const lastAcked = new Map<string, number>();
    const counted = <T extends { $metadata: { attempts?: number } }>(out: T): T => {
      calls += 1;
      if ((out.$metadata.attempts ?? 1) > 1) retried += 1;
      return out;
    };
    for (let seq = 0; running(); seq++) {
      const name = `/chaos/w${w}/p${Math.floor(seq / WRITES_PER_NAME)}`;
      const value = `w${w}-s${seq}`;
      try {
        const put = counted(await ssm.send(new PutParameterCommand({ Name: name, Value: value, Type: 'String', Overwrite: true })));
        acks.push({ name, version: put.Version ?? -1, value });
        lastAcked.set(name, seq);
      } catch (error) {
        surfaced.push(error);
      }
      try {
        const got = counted(await ssm.send(new GetParameterCommand({ Name: name })));
        const read = seqOf(got.Parameter?.Value);
        if (read < (lastAcked.get(name) ?? -1)) regressions.push(`${name}: read ${got.Parameter?.Value} after ${value} was acknowledged`);
      } catch (error) {
        surfaced.push(error);
      }
    }
    ssm.destroy();
  }

  async function killAndRestart(replicas: Replica[], downMs: number): Promise<void> {
    await Promise.all(replicas.map((r) => r.kill('SIGKILL')));
    events.push(`${Date.now()}: killed ${replicas.map((r) => r.options.name).join(' and ')} with SIGKILL`);
    await pause(downMs);
    await Promise.all(replicas.map((r) => r.start()));
  }

  test('every acknowledged write survives, no read goes back in time, and clients see no error', async (t) => {
    const [r1, r2, r3] = cluster.replicas as [Replica, Replica, Replica];
    let running = true;
    const workers = Array.from({ length: WORKERS }, (_, w) => worker(w, () => running));
    const started = Date.now();
    await pause(3_000);
    await killAndRestart([r1], 1_500);
    await pause(3_000);
    await killAndRestart([r2], 1_000);
    await pause(3_000);
    // PostgreSQL as in a crash: every replica loses its connections at once, mid-statement.
    cluster.postgres.stop('immediate');
    events.push(`${Date.now()}: PostgreSQL stopped (immediate)`);
    await pause(300);
    cluster.postgres.start();
    await pause(4_000);
    await killAndRestart([r3, r1], 1_500);
    await pause(3_000);
    await killAndRestart([r2], 500);
    await pause(3_000);
    running = false;
    await Promise.all(workers);
    const seconds = (Date.now() - started) / 1000;

    t.diagnostic(`${seconds.toFixed(0)} s: ${calls} calls answered (${(calls / seconds).toFixed(0)}/s), ${acks.length} writes acknowledged, ${retried} calls succeeded only after an SDK retry, ${surfaced.length} errors reached a client`);
    assert.ok(acks.length > 200, `a real load: ${acks.length} acknowledged writes`);
    assert.ok(retried > 0, 'the faults were felt: some calls needed the SDK to retry');
    assert.deepEqual(surfaced.filter((e) => !retryable(e)).map(String), [], 'only errors the SDK retries');
    assert.deepEqual(surfaced.map(String), [], 'and its retries hid them all');
    assert.deepEqual(regressions, []);
  });

  test('afterwards, each parameter has versions 1..n with no gap or repeat, holding every acknowledged write', async () => {
    // Read from one replica directly, and from another: the same history.
    const readers = cluster.replicas.slice(0, 2).map((r) => new SSMClient({ endpoint: r.url, region: REGION, credentials: ADMIN_KEYS }));
    const names = [...new Set(acks.map((a) => a.name))];
    const lost: string[] = [];
    for (const [i, name] of names.entries()) {
      const reader = readers[i % readers.length] as SSMClient;
      const history: Array<{ Version?: number; Value?: string }> = [];
      let token: string | undefined;
      do {
        const page = await reader.send(new GetParameterHistoryCommand({ Name: name, MaxResults: 50, ...(token ? { NextToken: token } : {}) }));
        history.push(...(page.Parameters ?? []));
        token = page.NextToken;
      } while (token);
      const versions = history.map((h) => h.Version);
      assert.deepEqual(versions, versions.map((_, k) => k + 1), `${name}: versions 1..${versions.length}, none missing or repeated`);
      // A worker writes one value at a time: the history is in its order (a retried write may repeat a value).
      const seqs = history.map((h) => seqOf(h.Value));
      assert.ok(seqs.every((s, k) => s >= 0 && (k === 0 || s >= (seqs[k - 1] as number))), `${name}: values in the order written: ${seqs.join(',')}`);
      const byVersion = new Map(history.map((h) => [h.Version, h.Value]));
      for (const ack of acks.filter((a) => a.name === name)) {
        if (byVersion.get(ack.version) !== ack.value) lost.push(`${name} version ${ack.version}: acknowledged ${ack.value}, found ${byVersion.get(ack.version)}`);
      }
      const latest = await reader.send(new GetParameterCommand({ Name: name }));
      assert.equal(latest.Parameter?.Version, versions.length);
    }
    for (const reader of readers) reader.destroy();
    assert.deepEqual(lost, []);
  });

  test('each replica served part of the load, and logged the database’s restart', () => {
    for (const replica of cluster.replicas) {
      const served = replica.stdout().split('\n').filter((line) => line.includes('"msg":"request"')).length;
      assert.ok(served > 50, `${replica.options.name} served ${served} requests`);
    }
    const logs = cluster.replicas.map((r) => r.stdout()).join('\n');
    assert.match(logs, /"msg":"the PostgreSQL store is unavailable[^"]*"/);
    assert.match(logs, /"msg":"the PostgreSQL store answers again"/);
  });
});
