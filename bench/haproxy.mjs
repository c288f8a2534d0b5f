// HAProxy in front of Kura replicas, as an operator would run it: HTTP mode, round-robin per
// request over keep-alive connections, each replica health-checked on /_kura/health. Runs in the
// foreground (-db) in its own process group, tracked like the servers, so it dies with the bench.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { freePort, track } from './servers.mjs';

/** The configuration: one frontend on `port`, one backend of the replicas' ports. */
export function haproxyConfig(port, backendPorts) {
  return [
    'global',
    // One thread: at the rates measured here HAProxy is far from a core's worth of work, and one
    // thread keeps its CPU figure simple to read.
    '  nbthread 1',
    '  maxconn 2000',
    'defaults',
    '  mode http',
    '  timeout connect 5s',
    '  timeout client 60s',
    '  timeout server 60s',
    '  option http-keep-alive',
    'frontend kura',
    `  bind 127.0.0.1:${port}`,
    '  default_backend replicas',
    'backend replicas',
    '  balance roundrobin',
    '  option httpchk',
    // Kura serves only the Host names it was told of (--allowed-host 127.0.0.1 on the replicas).
    '  http-check send meth GET uri /_kura/health ver HTTP/1.1 hdr Host 127.0.0.1',
    '  http-check expect status 200',
    ...backendPorts.map((p, i) => `  server r${i + 1} 127.0.0.1:${p} check inter 2s`),
    '',
  ].join('\n');
}

function health(port) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/_kura/health', headers: { Host: '127.0.0.1' }, agent: false, timeout: 1000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

/** `haproxy -f CONFIG -db`; resolves once its frontend answers /_kura/health with 200. */
export async function startHaproxy({ command = 'haproxy', backendPorts, configFile, logFile, cpus, timeoutMs = 15000 }) {
  const port = await freePort();
  writeFileSync(configFile, haproxyConfig(port, backendPorts));
  const check = spawn(command, ['-c', '-f', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let checkOutput = '';
  check.stdout.on('data', (d) => (checkOutput += d));
  check.stderr.on('data', (d) => (checkOutput += d));
  const checkCode = await new Promise((resolve) => check.on('close', resolve));
  if (checkCode !== 0) throw new Error(`haproxy refused its configuration:\n${checkOutput}`);
  const [cmd, args] = cpus ? ['taskset', ['-c', cpus, command, '-f', configFile, '-db']] : [command, ['-f', configFile, '-db']];
  const fd = openSync(logFile, 'w');
  const child = spawn(cmd, args, { stdio: ['ignore', fd, fd], detached: true });
  closeSync(fd);
  track(child, { group: true });
  let exited = null;
  child.once('exit', (code, sig) => (exited = code ?? sig));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const done = new Promise((resolve) => child.once('exit', resolve));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    const timer = setTimeout(() => process.kill(-child.pid, 'SIGKILL'), 5000);
    await done;
    clearTimeout(timer);
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited !== null) throw new Error(`haproxy exited (${exited}) before it was ready:\n${readFileSync(logFile, 'utf8').slice(-2000)}`);
    if (await health(port)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`haproxy did not answer on port ${port} within ${timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { port, pid: child.pid, stop };
}
