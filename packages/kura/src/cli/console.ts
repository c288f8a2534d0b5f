// `kura console`: the URL of a server's web console, checked (GET /_kura/console/ answers the page)
// before it is printed, and with --open given to the desktop's browser. The URL never carries a
// credential: the console asks for one in the page, and the page signs its calls itself.

import { parseArgs } from 'node:util';
import { processIo, type Io } from '../manage/command.js';
import { UsageError } from '../manage/errors.js';
import { probeConsole } from '../server/console-probe.js';
import { serverFromEnvironment } from './health.js';
import { openBrowser } from './open-browser.js';

export const CONSOLE_HELP = `Usage: kura console [--endpoint-url URL] [--open]

Prints the URL of a Kura server's web console, once the server has answered GET /_kura/console/
with the page: exit 0 then, 1 when it answers otherwise or not at all, 2 for a usage error. The URL
carries no credential.

The server is --endpoint-url, else AWS_ENDPOINT_URL (as for the other commands and the AWS CLI),
else the one \`kura serve\` runs with this environment: KURA_HOST (default 127.0.0.1), KURA_PORT
(default 4566), HTTPS when KURA_TLS_CERT is set. The check asks with the URL's own host name, as
the browser will; HTTPS is not verified by it (the browser verifies the certificate).

Options:
  --endpoint-url URL  the server, e.g. http://127.0.0.1:4566
  --open              also open the console in the desktop's default browser (xdg-open, open, or
                      Windows' URL handler), started apart from this command
  -h, --help          show this help
`;

/** The console's URL on the server the options and environment name. */
export function consoleUrl(given: string | undefined, env: NodeJS.ProcessEnv): URL {
  let server: URL;
  if (given !== undefined) server = endpoint(given, '--endpoint-url');
  else if (env.AWS_ENDPOINT_URL) server = endpoint(env.AWS_ENDPOINT_URL, 'AWS_ENDPOINT_URL');
  else {
    try {
      server = serverFromEnvironment(env);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }
  // The console lives at the server's root: a path given with the endpoint is not part of it.
  return new URL('/_kura/console/', server.origin);
}

function endpoint(text: string, from: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`${from} is not a URL: '${text.slice(0, 200)}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${from} must be an http:// or https:// URL`);
  // Said rather than dropped: a URL with a password would be printed, and land in shell history and browser history.
  if (url.username !== '' || url.password !== '') throw new UsageError(`${from} must not carry credentials (user:password@)`);
  return url;
}

export async function run(args: string[], io: Io = processIo(), open: (url: string) => Promise<void> = (url) => openBrowser(url)): Promise<number> {
  let url: URL;
  let opening: boolean;
  try {
    let values;
    try {
      ({ values } = parseArgs({ args, strict: true, allowPositionals: false, options: { 'endpoint-url': { type: 'string' }, open: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } }));
    } catch (error) {
      throw new UsageError((error as Error).message.split('\n')[0] ?? String(error));
    }
    if (values.help) {
      io.stdout.write(CONSOLE_HELP);
      return 0;
    }
    url = consoleUrl(values['endpoint-url'], io.env);
    opening = values.open ?? false;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`kura console: ${error.message}\n`);
    return 2;
  }
  const problem = await check(url);
  if (problem !== undefined) {
    io.stderr.write(`kura console: ${problem}\n`);
    return 1;
  }
  io.stdout.write(`${url.href}\n`);
  if (!opening) return 0;
  try {
    await open(url.href);
    return 0;
  } catch (error) {
    io.stderr.write(`kura console: could not open a browser (${(error as Error).message}); open the URL above yourself\n`);
    return 1;
  }
}

/** Undefined when the server answers the console's page; otherwise what went wrong, in one line. */
async function check(url: URL): Promise<string | undefined> {
  try {
    const answer = await probeConsole(url, 5000);
    if (answer.status === 200 && answer.contentType.startsWith('text/html')) return undefined;
    if (answer.message !== undefined) return `${url.href} answered ${answer.status}: ${answer.message}`;
    return `${url.href} answered ${answer.status}${answer.status === 200 ? ` (${answer.contentType.slice(0, 60) || 'no content type'})` : ''}, not with Kura's web console: is it a Kura server?`;
  } catch (error) {
    return `${url.origin} did not answer (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): is kura serve running there?`;
  }
}
