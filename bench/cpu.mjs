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

function snapshot(serverPid) {
  try {
    return { at: process.hrtime.bigint(), sys: systemTicks(), server: serverPid ? processTicks(serverPid) : 0, self: processTicks(process.pid, true) };
  } catch {
    return null;
  }
}

/**
 * Starts accounting (serverPid may be null: then everything but this process counts as foreign); the returned stop() gives { serverCpuS, foreignCpu } where foreignCpu is the
 * CPU used by everything but the server, this process and its reaped children (wrk), in CPUs
 * (0.25 = a quarter of one CPU on average over the interval).
 */
export function startCpuAccounting(serverPid) {
  const before = snapshot(serverPid);
  return () => {
    const after = snapshot(serverPid);
    if (!before || !after) return { serverCpuS: null, foreignCpu: null };
    const seconds = Number(after.at - before.at) / 1e9;
    const server = after.server - before.server;
    const self = after.self - before.self;
    const busy = after.sys.busy - before.sys.busy;
    const foreign = Math.max(0, busy - server - self);
    return { serverCpuS: server / hz, foreignCpu: foreign / hz / seconds };
  };
}
