// The app's own MariaDB sessions, found from outside: the app process among the descendants of the
// process a test started (kura run-task → the entrypoint → kura exec → node dist/server.js), its TCP
// sockets to the database port from /proc, and the sessions whose client port is one of theirs. The
// rotation test drops exactly those, as a failover or a proxy's idle timeout would, without touching
// the rotation function's sessions, which log in as the same user. Linux only.

import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import type { Connection, RowDataPacket } from 'mysql2/promise';

interface ProcessRow extends RowDataPacket {
  ID: number;
  HOST: string;
}

function children(pid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Field 4 of stat is the parent; the command name (field 2) is in parentheses and may hold spaces.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) found.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

/** The first descendant of `root` whose argv matches (`kura exec … -- node server.js` names the script too). */
export function findDescendant(root: number, matches: (argv: string[]) => boolean): number | undefined {
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    try {
      if (pid !== root && matches(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0'))) return pid;
    } catch {
      continue;
    }
    queue.push(...children(pid));
  }
  return undefined;
}

/**
 * Local ports of the process's TCP sockets to `remotePort` (IPv4 and IPv6): established ones, or with
 * `anyState` every socket it still holds open (one the server closed stays in CLOSE_WAIT until the
 * process itself closes it).
 */
export function connectionPorts(pid: number, remotePort: number, anyState = false): number[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch {
      // closed meanwhile
    }
  }
  const ports: number[] = [];
  for (const table of ['tcp', 'tcp6']) {
    let text: string;
    try {
      text = readFileSync(`/proc/${pid}/net/${table}`, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // local_address rem_address st … inode: state 01 is ESTABLISHED.
      if (f.length < 10 || (!anyState && f[3] !== '01') || !inodes.has(f[9]!)) continue;
      const remote = parseInt(f[2]!.split(':')[1]!, 16);
      if (remote === remotePort) ports.push(parseInt(f[1]!.split(':')[1]!, 16));
    }
  }
  return ports;
}

/**
 * KILLs the sessions of the process's connections to the database, then waits until the process has
 * seen them close (its sockets are gone), so a request after this opens a new connection instead of
 * failing on a dead one. Returns how many were killed.
 */
export async function dropConnections(root: Connection, pid: number, dbPort: number, timeoutMs = 5_000): Promise<number> {
  const ports = new Set(connectionPorts(pid, dbPort));
  if (ports.size === 0) return 0;
  const [rows] = await root.query<ProcessRow[]>('SELECT ID, HOST FROM information_schema.PROCESSLIST');
  const ids = rows.filter((r) => ports.has(Number(r.HOST.split(':').pop()))).map((r) => r.ID);
  for (const id of ids) {
    try {
      await root.query('KILL CONNECTION ?', [id]);
    } catch (error) {
      // Gone already (the pool closed it): nothing to kill.
      if ((error as { code?: string }).code !== 'ER_NO_SUCH_THREAD') throw error;
    }
  }
  const deadline = Date.now() + timeoutMs;
  while (connectionPorts(pid, dbPort, true).some((p) => ports.has(p))) {
    if (Date.now() > deadline) throw new Error(`the app still holds killed connections after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return ids.length;
}
