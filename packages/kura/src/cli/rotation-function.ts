// `kura rotation-function`: Kura's built-in rotation functions, run once per step by the rotation
// runner: --rotation-function rotate-db='kura rotation-function mysql-alternating-users'.

import { parseArgs } from 'node:util';
import { writeSync } from 'node:fs';
import { parseRotationEvent, readEventText } from '../rotation/lambda-event.js';
import { rotateMysql, type MysqlStrategy } from '../rotation/mysql-rotation.js';
import { createSecretsClient, sdkSecretsApi } from '../rotation/sdk-secrets.js';

export const HELP = `Usage: kura rotation-function mysql-single-user|mysql-alternating-users

Kura's built-in rotation functions for MySQL and MariaDB: the four steps (createSecret, setSecret,
testSecret, finishSecret) of AWS's rotation templates SecretsManagerRDSMySQLRotationSingleUser and
SecretsManagerRDSMySQLRotationMultiUser, on the same JSON secret:

  {"engine": "mysql", "host": "127.0.0.1", "port": 3306, "username": "app", "password": "…",
   "dbname": "posts", "masterarn": "<ARN of the master user's secret; alternating users only>"}

  mysql-single-user        the user changes its own password (the old one stops working at once)
  mysql-alternating-users  the master user gives <username>_clone the user's grants and a new
                           password; AWSCURRENT then alternates between the two users

Run by Kura's rotation runner (kura serve --rotation-function NAME='kura rotation-function …'),
which gives the event (JSON on stdin, or KURA_ROTATION_EVENT), the function role's credentials and
AWS_ENDPOINT_URL. EXCLUDE_CHARACTERS (default /@"'\\) is passed to GetRandomPassword.

Exit status: 0 when the step succeeded, 1 when it failed (the reason last on stderr), 2 for bad usage.
`;

const STRATEGIES: Record<string, MysqlStrategy> = { 'mysql-single-user': 'single-user', 'mysql-alternating-users': 'alternating-users' };

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    return usage(error instanceof Error ? error.message : String(error));
  }
  if (parsed.values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const [name, ...extra] = parsed.positionals;
  const strategy = name === undefined ? undefined : STRATEGIES[name];
  if (strategy === undefined || extra.length > 0) return usage('give one function: mysql-single-user or mysql-alternating-users');
  const log = (line: string) => writeSync(2, `[INFO] ${line}\n`);
  const client = createSecretsClient();
  try {
    const event = parseRotationEvent(readEventText(process.env));
    await rotateMysql(strategy, event, { api: sdkSecretsApi(client), excludeCharacters: process.env.EXCLUDE_CHARACTERS, log });
    return 0;
  } catch (error) {
    writeSync(2, `[ERROR] ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`);
    return 1;
  } finally {
    client.destroy();
  }
}

function usage(message: string): number {
  process.stderr.write(`kura rotation-function: ${message}\n${HELP}`);
  return 2;
}
