// `kura serve`: parse options, start, print how to reach the server, stop cleanly on SIGTERM/SIGINT.

import { ConfigError, SERVE_HELP, misspeltServeVariables, parseServeArgs } from '../server/config.js';
import { DEV_CREDENTIALS, DatabaseInUseError, StartRefusedError, dataDirWarning, startServer } from '../server/serve.js';
import { redactStoreUrl } from '../server/store-url.js';
import { createLogger } from '../server/logger.js';
import { shellQuote } from '../manage/shell-quote.js';

/** A path as one shell word: as it is when nothing in it is special to the shell, else quoted. */
const shellWord = (text: string) => (/^[\w./+:@%-]+$/.test(text) ? text : shellQuote(text));

export async function run(args: string[]): Promise<number> {
  let config;
  try {
    config = parseServeArgs(args);
  } catch (error) {
    if (error instanceof ConfigError || (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      process.stderr.write(`kura serve: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  if (config === 'help') {
    process.stdout.write(SERVE_HELP);
    return 0;
  }
  const logger = createLogger(config.logLevel);
  // A misspelt variable would otherwise be ignored in silence (names only: values may be secrets).
  for (const warning of misspeltServeVariables(process.env)) logger.log('warn', warning);
  if (process.getuid?.() === 0) logger.log('warn', 'running as root; fine in a container or CI, avoid it elsewhere');
  let server;
  try {
    server = await startServer(config, { logger });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`kura serve: ${error.message}\n`);
      return 2;
    }
    if (error instanceof DatabaseInUseError || error instanceof StartRefusedError) {
      process.stderr.write(`kura serve: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const warning = dataDirWarning(config.dataDir);
  if (warning) logger.log('warn', warning);
  const lines = [
    `Kura is serving SSM Parameter Store, Secrets Manager, KMS, IAM and STS on ${server.url} (account ${config.accountId}; data in ${config.storeUrl ? redactStoreUrl(config.storeUrl) : config.dataDir})`,
    '',
    'Point the AWS CLI or an SDK at it:',
    // Both region variables: the AWS CLI v1 and boto3 read only AWS_DEFAULT_REGION, the JavaScript SDK
    // only AWS_REGION; with one of them missing, half the clients refuse to send anything.
    `  export AWS_ENDPOINT_URL=${server.url} AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1`,
  ];
  // Credentials by reference only: the banner names where the secret is, never the secret itself.
  if (server.admin.source === 'environment') {
    lines.push('  export AWS_ACCESS_KEY_ID="$KURA_ADMIN_ACCESS_KEY_ID" AWS_SECRET_ACCESS_KEY="$KURA_ADMIN_SECRET_ACCESS_KEY"     # the administrator\'s credentials, as given to this server');
  } else {
    lines.push(`  set -a; . ${shellWord(server.admin.envFile)}; set +a     # the administrator's credentials (mode 0600)`);
  }
  if (config.dev) lines.push(`  (--dev: ${DEV_CREDENTIALS.accessKeyId}/${DEV_CREDENTIALS.secretAccessKey} is accepted as the administrator)`);
  lines.push('  aws ssm put-parameter --name /app/greeting --type String --value hello', '');
  // No credential in the URL: the page signs its own calls.
  if (config.console !== false) lines.push(`The web console: ${server.url}/_kura/console/ (kura console --open)`, '');
  process.stderr.write(`${lines.join('\n')}\n`);

  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.log('info', 'shutting down', { signal });
      void server.close().then(resolve);
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  return 0;
}
