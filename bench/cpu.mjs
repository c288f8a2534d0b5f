// CPU accounting from /proc (Linux): how much CPU the server under test spent per request, and how
// much CPU *other* processes on the machine used during a measured run (a noisy neighbour distorts
// throughput; the server's CPU time per request is much less sensitive to it). Elsewhere than Linux
// every figure is null.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let hz = 100;
try {
  hz = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
} catch {
  // keep 100
}

function systemTicks() {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, idle, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
  return { busy: user + nice + system + irq + softirq + steal, total: user + nice + system + idle + iowait + irq + softirq + steal };
}

/** utime+stime (and, with children, cutime+cstime: reaped children such as finished wrk runs). */
function processTicks(pid, withChildren = false) {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ').map(Number);
  // f[0] is field 3 (state), so field n is f[n - 3]: utime 14, stime 15, cutime 16, cstime 17
  return f[11] + f[12] + (withChildren ? f[13] + f[14] : 0);
}

/** Ticks per pid; a process that is gone (or was never there) counts nothing. */
function ticksOf(pids) {
  const out = new Map();
  for (const pid of pids) {
    try {
      out.set(pid, processTicks(pid));
    } catch {
      // exited
    }
  }
  return out;
}

function snapshot(serverPids, balancerPids, databasePids) {
  try {
    return {
      at: process.hrtime.bigint(), sys: systemTicks(), self: processTicks(process.pid, true),
      server: ticksOf(serverPids), balancer: ticksOf(balancerPids), database: ticksOf(databasePids),
    };
  } catch {
    return null;
  }
}

/** Ticks spent between two snapshots by the pids of `after` (a pid absent before started meanwhile: all of its ticks count). */
function spent(before, after) {
  let sum = 0;
  for (const [pid, ticks] of after) sum += ticks - (before.get(pid) ?? 0);
  return sum;
}

/**
 * Starts accounting. `server` is the server under test: a pid, a list of pids (Kura replicas), or
 * null (then everything but this process counts as foreign). `balancer` (HAProxy) and `database`
 * (PostgreSQL's processes) are counted apart. The returned stop(moreDatabasePids) gives
 * { serverCpuS, balancerCpuS, databaseCpuS, foreignCpu }: foreignCpu is the CPU used by everything
 * but those, this process and its reaped children (wrk), in CPUs (0.25 = a quarter of one CPU on
 * average over the interval). moreDatabasePids are database processes seen only at the end
 * (connections opened during the run): their whole CPU time counts.
 */
export function startCpuAccounting(server, { balancer = [], database = [] } = {}) {
  const serverPids = server === null || server === undefined ? [] : [server].flat();
  const before = snapshot(serverPids, balancer, database);
  return (moreDatabasePids = []) => {
    const after = snapshot(serverPids, balancer, [...new Set([...database, ...moreDatabasePids])]);
    if (!before || !after) return { serverCpuS: null, balancerCpuS: null, databaseCpuS: null, foreignCpu: null };
    const seconds = Number(after.at - before.at) / 1e9;
    const serverTicks = spent(before.server, after.server);
    const balancerTicks = spent(before.balancer, after.balancer);
    const databaseTicks = spent(before.database, after.database);
    const self = after.self - before.self;
    const busy = after.sys.busy - before.sys.busy;
    const foreign = Math.max(0, busy - serverTicks - balancerTicks - databaseTicks - self);
    return { serverCpuS: serverTicks / hz, balancerCpuS: balancerTicks / hz, databaseCpuS: databaseTicks / hz, foreignCpu: foreign / hz / seconds };
  };
}
