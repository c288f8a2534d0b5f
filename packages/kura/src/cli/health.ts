// `kura health`: is a Kura server up and its store reachable (GET /_kura/health)? Exit 0 when it
// answers ok. The server image's HEALTHCHECK runs it (a slim image has no curl), and a CI job can
// wait for a server it started with `kura health --wait 30`. Without --url it asks the server the
// environment configures, with the variables `kura serve` reads (KURA_HOST, KURA_PORT, KURA_TLS_CERT).

import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { probeHealth } from '../server/health-probe.js';

export const HEALTH_HELP = `Usage: kura health [--url URL] [--wait SECONDS]

Asks a Kura server whether it is healthy (GET /_kura/health): exit 0 when it answers ok, 1 when it
answers otherwise or not at all, 2 for a usage error.

Without --url it asks the server this environment configures, as \`kura serve\` reads it: KURA_HOST
(default 127.0.0.1; 0.0.0.0 and :: are asked on loopback), KURA_PORT (default 4566), and HTTPS when
KURA_TLS_CERT is set (the certificate is not verified: the probe sends no credential and reads only
the status). The server image's HEALTHCHECK runs it that way.

Options:
  --url URL        the server to ask, e.g. http://127.0.0.1:4566
  --wait SECONDS   ask again every 250 ms until it is healthy, for at most SECONDS (0 to 3600)
  -h, --help       show this help
`;

class UsageError extends Error {}

/** The server `kura serve` would run with this environment, as a loopback client reaches it. */
export function serverFromEnvironment(env: NodeJS.ProcessEnv): URL {
  const bound = env.KURA_HOST || '127.0.0.1';
  const host = bound === '0.0.0.0' ? '127.0.0.1' : bound === '::' ? '[::1]' : bound.includes(':') && !bound.startsWith('[') ? `[${bound}]` : bound;
  const port = env.KURA_PORT || '4566';
  if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) throw new UsageError(`KURA_PORT must be a port from 1 to 65535 to be asked, not '${port.slice(0, 20)}'`);
  return parseServerUrl(`${env.KURA_TLS_CERT ? 'https' : 'http'}://${host}:${port}`, 'KURA_HOST');
}

function parseServerUrl(text: string, from: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`${from} does not make a URL: '${text.slice(0, 200)}'`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username !== '' || url.password !== '') {
    throw new UsageError(`${from} must be an http:// or https:// URL without credentials`);
  }
  return url;
}

export async function run(args: string[]): Promise<number> {
  let server: URL;
  let waitMs: number;
  try {
    const { values } = parseArgs({ args, strict: true, allowPositionals: false, options: { url: { type: 'string' }, wait: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
    if (values.help) {
      process.stdout.write(HEALTH_HELP);
      return 0;
    }
    server = values.url !== undefined ? parseServerUrl(values.url, '--url') : serverFromEnvironment(process.env);
    const seconds = values.wait === undefined ? 0 : /^\d{1,4}$/.test(values.wait) ? Number(values.wait) : NaN;
    if (!(seconds >= 0 && seconds <= 3600)) throw new UsageError(`--wait takes a whole number of seconds from 0 to 3600, not '${values.wait}'`);
    waitMs = seconds * 1000;
  } catch (error) {
    if (error instanceof UsageError || (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      process.stderr.write(`kura health: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const where = server.origin;
  const deadline = Date.now() + waitMs;
  for (;;) {
    let problem: string;
    try {
      const answer = await probeHealth(server, Math.min(5000, Math.max(1000, deadline - Date.now())));
      if (answer.status === 200 && answer.health?.status === 'ok') {
        process.stdout.write(`ok: Kura ${answer.health.version ?? '(version not said)'} at ${where}\n`);
        return 0;
      }
      problem = answer.health ? `answered ${answer.status} (${answer.health.status.slice(0, 40)})` : `answered ${answer.status}, not as a Kura server`;
    } catch (error) {
      problem = `did not answer (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
    }
    if (Date.now() >= deadline) {
      process.stderr.write(`kura health: ${where} ${problem}${waitMs > 0 ? ` after ${waitMs / 1000} s` : ''}\n`);
      return 1;
    }
    await sleep(250);
  }
}
