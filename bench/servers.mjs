// Starts and stops the two servers under test. Each runs in its own process group (detached), so
// stopping it also stops anything it spawned; every child is tracked, and killAllSync() runs on exit,
// on errors and on SIGINT/SIGTERM.
import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { closeSync, openSync, readFileSync } from 'node:fs';

function readTail(file, limit = 4096) {
  try {
    return readFileSync(file, 'utf8').slice(-limit);
  } catch {
    return '';
  }
}

const children = new Set();

/** Remembers a child process (its own process group when detached) for the exit-time cleanup. */
export function track(child, { group = false } = {}) {
  const entry = { child, group };
  children.add(entry);
  child.once('exit', () => children.delete(entry));
  return entry;
}

function signal(entry, sig) {
  try {
    if (entry.group) process.kill(-entry.child.pid, sig);
    else entry.child.kill(sig);
  } catch {
    // already gone
  }
}

/** Synchronous: SIGKILLs every tracked child that is still running. Safe to call from 'exit'. */
export function killAllSync() {
  for (const entry of children) signal(entry, 'SIGKILL');
  children.clear();
}

/** Asks a tracked child to stop (SIGTERM), then SIGKILLs it after graceMs. */
async function stopChild(entry, graceMs = 5000) {
  const { child } = entry;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  signal(entry, 'SIGTERM');
  const timer = setTimeout(() => signal(entry, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
  children.delete(entry);
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const withCpus = (cpus, cmd, args) => (cpus ? ['taskset', ['-c', cpus, cmd, ...args]] : [cmd, args]);

function keepTail(stream, limit = 8192) {
  const state = { text: '' };
  stream.setEncoding('utf8');
  stream.on('data', (d) => {
    state.text = (state.text + d).slice(-limit);
  });
  return state;
}

/**
 * `node packages/kura/bin/kura.js serve --port 0 --data DIR --dev [...extraArgs]`; resolves once
 * stderr announces ` on http://127.0.0.1:PORT (`. Its per-request log (stdout) goes to logFile. `env`
 * adds variables (KURA_STORE and KURA_MASTER_KEY for a PostgreSQL replica).
 */
export async function startKura({ bin, dataDir, cpus, logFile, name = 'kura', extraArgs = [], env = {}, timeoutMs = 30000 }) {
  const [cmd, args] = withCpus(cpus, process.execPath, [bin, 'serve', '--port', '0', '--data', dataDir, '--dev', ...extraArgs]);
  // The store and the master key are the bench's choice, never inherited from the caller's shell.
  const inherited = { ...process.env };
  delete inherited.KURA_STORE;
  delete inherited.KURA_MASTER_KEY;
  const fd = openSync(logFile, 'w');
  const child = spawn(cmd, args, { stdio: ['ignore', fd, 'pipe'], detached: true, env: { ...inherited, ...env } });
  closeSync(fd);
  const entry = track(child, { group: true });
  const tail = keepTail(child.stderr);
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`kura serve did not announce its address within ${timeoutMs} ms`)), timeoutMs);
    const onData = () => {
      const match = / on http:\/\/127\.0\.0\.1:(\d+) \(/.exec(tail.text);
      if (match) done(Number(match[1]));
    };
    const onExit = (code, sig) => fail(new Error(`kura serve exited (${code ?? sig}) before it was ready`));
    const cleanup = () => {
      clearTimeout(timer);
      child.stderr.off('data', onData);
      child.off('exit', onExit);
      child.off('error', fail);
    };
    function done(value) {
      cleanup();
      resolve(value);
    }
    function fail(error) {
      cleanup();
      error.message += `\n--- kura stderr ---\n${tail.text}`;
      reject(error);
    }
    child.stderr.on('data', onData);
    child.once('exit', onExit);
    child.once('error', fail);
  }).catch(async (error) => {
    await stopChild(entry);
    throw error;
  });
  return { name, port, pid: child.pid, pids: [child.pid], stderrTail: () => tail.text, stop: () => stopChild(entry) };
}

function httpAnswers(port) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/moto-api/', agent: false, timeout: 1000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(true));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

/**
 * `moto_server -H 127.0.0.1 -p PORT`; resolves once it answers HTTP. Its request log (stderr) goes to
 * logFile rather than a pipe, so that reading it costs this process nothing during a run.
 */
export async function startMoto({ command = 'moto_server', cpus, logFile, timeoutMs = 30000 }) {
  const port = await freePort();
  const [cmd, args] = withCpus(cpus, command, ['-H', '127.0.0.1', '-p', String(port)]);
  const fd = openSync(logFile, 'w');
  const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', fd], detached: true });
  closeSync(fd);
  const entry = track(child, { group: true });
  const tail = { get text() { return readTail(logFile); } };
  let exited = null;
  child.once('exit', (code, sig) => (exited = code ?? sig));
  child.once('error', (error) => (exited = error.message));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited !== null) throw new Error(`moto_server exited (${exited}) before it was ready\n${tail.text}`);
    if (await httpAnswers(port)) break;
    if (Date.now() > deadline) {
      await stopChild(entry);
      throw new Error(`moto_server did not answer on port ${port} within ${timeoutMs} ms\n${tail.text}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  let executable = null; // the Python running moto (behind any pyenv shim), to ask it moto's version
  try {
    executable = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0')[0] || null;
  } catch {
    // not Linux
  }
  return { name: 'moto', port, pid: child.pid, pids: [child.pid], executable, stderrTail: () => tail.text, stop: () => stopChild(entry) };
}
