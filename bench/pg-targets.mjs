// Kura on PostgreSQL as two bench targets over one database of the bench's own:
//   pg1  one replica (A), measured directly;
//   pg3  three replicas (A, B, C) behind HAProxy, round-robin per request.
// Every replica is `kura serve --dev --allowed-host 127.0.0.1` with KURA_STORE naming the bench's
// database and one KURA_MASTER_KEY (every replica of one store must hold the same key). The
// database is seeded once, through A, then analyzed (as autovacuum would soon do by itself); pg3
// reads what pg1 was measured on.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createClient } from './client.mjs';
import { startHaproxy } from './haproxy.mjs';
import { analyzeDatabase, createBenchDatabase, dropBenchDatabase, dropBenchDatabaseSync, openProcessLister } from './postgres.mjs';
import { startKura } from './servers.mjs';

export const PG_TARGETS = ['pg1', 'pg3'];
export const REPLICAS = 3;

/** Counts the per-request lines ("msg":"request") of a Kura log file. */
function requestLines(file) {
  try {
    return readFileSync(file, 'utf8').split('\n').filter((l) => l.includes('"msg":"request"')).length;
  } catch {
    return 0;
  }
}

/**
 * Creates the database and starts replica A (and, for pg3, B, C and HAProxy). `seed(server)` fills
 * the database through A. Returns { servers: { pg1?, pg3? }, database, facts, spread, stop, dropSync },
 * where each server has name, port, pids (Kura replicas), balancerPids, databasePids() and stop().
 * Throws when PostgreSQL cannot be used; a missing HAProxy leaves pg3 out with a reason.
 */
export async function startPostgresTargets({ wanted, adminUrl, bin, work, temporary, cpus, haproxyPath, seed, log }) {
  const db = await createBenchDatabase(adminUrl);
  const dropSync = () => dropBenchDatabaseSync(adminUrl, db.database);
  const env = { KURA_STORE: db.url, KURA_MASTER_KEY: randomBytes(32).toString('base64') };
  const replicas = [];
  const logs = [];
  let balancer = null;
  let lister = null;
  const stopAll = async () => {
    await balancer?.stop();
    await Promise.all(replicas.map((r) => r.stop()));
    await lister?.close();
  };
  const startReplica = async (letter) => {
    const dataDir = mkdtempSync(path.join(work, `kura-pg-${letter}-`));
    const logFile = path.join(work, `kura-pg-${letter}.log`);
    temporary.add(dataDir);
    temporary.add(logFile);
    logs.push(logFile);
    const replica = await startKura({ bin, dataDir, cpus, logFile, name: `pg-${letter}`, env, extraArgs: ['--allowed-host', '127.0.0.1'] });
    replicas.push(replica);
    return replica;
  };
  try {
    log(`starting kura serve on PostgreSQL (database ${db.database})`);
    const a = await startReplica('a');
    const t0 = Date.now();
    await seed({ name: 'pg1', port: a.port });
    await analyzeDatabase(db.url);
    log(`pg1 on port ${a.port}: seeded (and analyzed) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    lister = await openProcessLister(adminUrl, db.database).catch(() => null);
    // Without a lister (PostgreSQL on another machine), PostgreSQL's CPU is not measured: unknown, not zero.
    const databasePids = lister ? () => lister.list() : undefined;
    const servers = {};
    const skipped = [];
    const common = { databasePids, alive: () => replicas.every((r) => isAlive(r.pid)) && (!balancer || isAlive(balancer.pid)), stderrTail: () => replicas.map((r) => `${r.name}: ${r.stderrTail().slice(-400)}`).join('\n'), stop: async () => {} };
    if (wanted.includes('pg1')) servers.pg1 = { ...common, name: 'pg1', port: a.port, pid: a.pid, pids: [a.pid], balancerPids: [] };
    let spread = null;
    if (wanted.includes('pg3')) {
      if (!haproxyPath) {
        skipped.push('three replicas behind HAProxy: haproxy is not installed (`apt-get install haproxy`)');
      } else {
        for (const letter of ['b', 'c'].slice(0, REPLICAS - 1)) await startReplica(letter);
        const configFile = path.join(work, 'haproxy.cfg');
        const logFile = path.join(work, 'haproxy.log');
        temporary.add(configFile);
        temporary.add(logFile);
        balancer = await startHaproxy({ command: haproxyPath, backendPorts: replicas.map((r) => r.port), configFile, logFile, cpus });
        spread = await checkSpread(balancer.port, logs);
        log(`pg3: HAProxy on port ${balancer.port} over replicas on ports ${replicas.map((r) => r.port).join(', ')}; ${spread.calls} calls spread ${spread.perReplica.join(' / ')}`);
        servers.pg3 = { ...common, name: 'pg3', port: balancer.port, pid: balancer.pid, pids: replicas.map((r) => r.pid), balancerPids: [balancer.pid] };
      }
    }
    return {
      servers,
      skipped,
      database: db,
      spread,
      measuresDatabase: lister !== null,
      logs,
      stop: async () => {
        await stopAll();
        await dropBenchDatabase(adminUrl, db.database).catch(() => dropSync());
      },
      dropSync,
    };
  } catch (error) {
    await stopAll().catch(() => undefined);
    await dropBenchDatabase(adminUrl, db.database).catch(() => dropSync());
    throw error;
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Sends signed GetParameter calls through HAProxy over one keep-alive connection and counts which
 * replica answered each (from their per-request logs): round-robin per request gives an even spread.
 */
async function checkSpread(port, logs) {
  const before = logs.map(requestLines);
  const client = createClient(port, { maxSockets: 1 });
  const calls = 30;
  try {
    for (let i = 0; i < calls; i += 1) await client.call('GetParameter', { Name: '/bench/one' });
  } finally {
    client.close();
  }
  await new Promise((r) => setTimeout(r, 200)); // the log lines are written after the responses
  return { calls, perReplica: logs.map((file, i) => requestLines(file) - before[i]) };
}
