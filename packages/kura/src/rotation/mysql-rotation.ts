// Kura's built-in MySQL/MariaDB rotation functions: the four steps of AWS's rotation templates
// SecretsManagerRDSMySQLRotationSingleUser (the user changes its own password) and …MultiUser
// (alternating users: the master user gives `<username>_clone` the user's grants and a new password,
// and AWSCURRENT flips between the two), with the same secret format and the same Secrets Manager
// calls, in the same order. Secrets Manager is reached through SecretsApi (sdk-secrets.ts); the
// database through mysql-database.ts. Error texts are the templates'; log lines name ids only.

import type { Connection } from 'mysql2/promise';
import { canLogIn, cloneUser, setOwnPassword, tryConnect } from './mysql-database.js';
import { alternateUsername, loginOf, parseMysqlSecret, SecretFormatError, type MysqlSecret } from './mysql-secret.js';
import type { RotationEvent } from './run-step.js';

export type MysqlStrategy = 'single-user' | 'alternating-users';

/** Thrown by SecretsApi.getValue when no version has the stage (or id): ResourceNotFoundException. */
export class SecretVersionNotFound extends Error {
  override readonly name = 'ResourceNotFoundException';
}

/** The Secrets Manager calls the templates make, as the templates make them. */
export interface SecretsApi {
  /** DescribeSecret: RotationEnabled and VersionIdsToStages. */
  describe(secretId: string): Promise<{ rotationEnabled: boolean | undefined; versionIdsToStages: Record<string, string[]> }>;
  /** GetSecretValue's SecretString, by stage and, when given, version id. */
  getValue(secretId: string, stage: string, versionId?: string): Promise<string | undefined>;
  /** PutSecretValue with ClientRequestToken = token and VersionStages = ['AWSPENDING']. */
  putPending(secretId: string, token: string, secretString: string): Promise<void>;
  /** GetRandomPassword with ExcludeCharacters. */
  randomPassword(excludeCharacters: string): Promise<string>;
  /** UpdateSecretVersionStage: AWSCURRENT moved to `token`, from `from`. */
  makeCurrent(secretId: string, token: string, from: string | undefined): Promise<void>;
}

export interface RotationDeps {
  api: SecretsApi;
  /** EXCLUDE_CHARACTERS, as the templates read it from their environment. */
  excludeCharacters?: string | undefined;
  log?: (line: string) => void;
}

/** The templates' default: characters that break connection strings and shells. */
export const DEFAULT_EXCLUDE_CHARACTERS = '/@"\'\\';

export async function rotateMysql(strategy: MysqlStrategy, event: RotationEvent, deps: RotationDeps): Promise<void> {
  const { SecretId: arn, ClientRequestToken: token } = event;
  const log = deps.log ?? (() => {});
  const metadata = await deps.api.describe(arn);
  if (metadata.rotationEnabled === false) throw new Error(`Secret ${arn} is not enabled for rotation`);
  const stages = metadata.versionIdsToStages[token];
  if (stages === undefined) throw new Error(`Secret version ${token} has no stage for rotation of secret ${arn}.`);
  if (stages.includes('AWSCURRENT')) {
    log(`Secret version ${token} already set as AWSCURRENT for secret ${arn}.`);
    return;
  }
  if (!stages.includes('AWSPENDING')) throw new Error(`Secret version ${token} not set as AWSPENDING for rotation of secret ${arn}.`);
  const steps = { createSecret, setSecret: strategy === 'single-user' ? setSingleUser : setAlternatingUsers, testSecret, finishSecret };
  await steps[event.Step](arn, token, deps, strategy, log);
}

async function secretDict(api: SecretsApi, secretId: string, stage: string, token?: string): Promise<MysqlSecret> {
  return parseMysqlSecret(await api.getValue(secretId, stage, token));
}

async function createSecret(arn: string, token: string, deps: RotationDeps, strategy: MysqlStrategy, log: (line: string) => void): Promise<void> {
  const current = await secretDict(deps.api, arn, 'AWSCURRENT');
  try {
    await secretDict(deps.api, arn, 'AWSPENDING', token);
    log(`createSecret: Successfully retrieved secret for ${arn}.`);
    return;
  } catch (error) {
    if (!(error instanceof SecretVersionNotFound)) throw error;
  }
  const pending: MysqlSecret = { ...current };
  if (strategy === 'alternating-users') pending.username = alternateUsername(current.username, current.engine);
  pending.password = await deps.api.randomPassword(deps.excludeCharacters ?? DEFAULT_EXCLUDE_CHARACTERS);
  await deps.api.putPending(arn, token, JSON.stringify(pending));
  log(`createSecret: Successfully put secret for ARN ${arn} and version ${token}.`);
}

async function setSingleUser(arn: string, token: string, deps: RotationDeps, _strategy: MysqlStrategy, log: (line: string) => void): Promise<void> {
  let previous: MysqlSecret | undefined;
  try {
    previous = await secretDict(deps.api, arn, 'AWSPREVIOUS');
  } catch (error) {
    if (!(error instanceof SecretVersionNotFound) && !(error instanceof SecretFormatError)) throw error;
  }
  const current = await secretDict(deps.api, arn, 'AWSCURRENT');
  const pending = await secretDict(deps.api, arn, 'AWSPENDING', token);
  if (await loggedIn(pending)) {
    log(`setSecret: AWSPENDING secret is already set as password in MySQL DB for secret arn ${arn}.`);
    return;
  }
  if (current.username !== pending.username) throw new Error(`Attempting to modify user ${pending.username} other than current user ${current.username}`);
  if (current.host !== pending.host) throw new Error(`Attempting to modify user for host ${pending.host} other than current host ${current.host}`);
  let connection = await tryConnect(loginOf(current));
  if (connection === undefined && previous !== undefined) {
    // The previous password may still be the database's (a rotation that failed after setSecret).
    const { ssl: _ignored, ...rest } = previous;
    const withCurrentTls: MysqlSecret = 'ssl' in current ? { ...rest, ssl: current.ssl } : rest;
    connection = await tryConnect(loginOf(withCurrentTls));
    if (previous.username !== pending.username) throw new Error(`Attempting to modify user ${pending.username} other than previous valid user ${previous.username}`);
    if (previous.host !== pending.host) throw new Error(`Attempting to modify user for host ${pending.host} other than previous host ${previous.host}`);
  }
  if (connection === undefined) throw new Error(`Unable to log into database with previous, current, or pending secret of secret arn ${arn}`);
  await closeAfter(connection, () => setOwnPassword(connection, pending.password));
  log(`setSecret: Successfully set password for user ${pending.username} in MySQL DB for secret arn ${arn}.`);
}

async function setAlternatingUsers(arn: string, token: string, deps: RotationDeps, _strategy: MysqlStrategy, log: (line: string) => void): Promise<void> {
  const current = await secretDict(deps.api, arn, 'AWSCURRENT');
  const pending = await secretDict(deps.api, arn, 'AWSPENDING', token);
  if (await loggedIn(pending)) {
    log(`setSecret: AWSPENDING secret is already set as password in MySQL DB for secret arn ${arn}.`);
    return;
  }
  if (alternateUsername(current.username, current.engine) !== pending.username) {
    throw new Error(`Attempting to modify user ${pending.username} other than current user or clone ${current.username}`);
  }
  if (current.host !== pending.host) throw new Error(`Attempting to modify user for host ${pending.host} other than current host ${current.host}`);
  // The current credentials must work before the master acts on them: no confused deputy.
  if (!(await loggedIn(current))) throw new Error(`Unable to log into database using current credentials for secret ${arn}`);
  if (typeof current.masterarn !== 'string') throw new Error('masterarn key is missing from secret JSON');
  const masterArn = current.masterarn;
  const master = await secretDict(deps.api, masterArn, 'AWSCURRENT');
  if (current.host !== master.host) throw new Error(`Current database host ${current.host} is not the same host as/rds replica of master ${master.host}`);
  const connection = await tryConnect(loginOf(master));
  if (connection === undefined) throw new Error(`Unable to log into database using credentials in master secret ${masterArn}`);
  await closeAfter(connection, () => cloneUser(connection, current.username, pending.username, pending.password));
  log(`setSecret: Successfully set password for ${pending.username} in MySQL DB for secret arn ${arn}.`);
}

async function testSecret(arn: string, token: string, deps: RotationDeps, _strategy: MysqlStrategy, log: (line: string) => void): Promise<void> {
  if (!(await canLogIn(loginOf(await secretDict(deps.api, arn, 'AWSPENDING', token))))) {
    throw new Error(`Unable to log into database with pending secret of secret ARN ${arn}`);
  }
  log(`testSecret: Successfully signed into MySQL DB with AWSPENDING secret in ${arn}.`);
}

async function finishSecret(arn: string, token: string, deps: RotationDeps, _strategy: MysqlStrategy, log: (line: string) => void): Promise<void> {
  const metadata = await deps.api.describe(arn);
  const current = Object.entries(metadata.versionIdsToStages).find(([, stages]) => stages.includes('AWSCURRENT'))?.[0];
  if (current === token) {
    log(`finishSecret: Version ${token} already marked as AWSCURRENT for ${arn}`);
    return;
  }
  await deps.api.makeCurrent(arn, token, current);
  log(`finishSecret: Successfully set AWSCURRENT stage to version ${token} for secret ${arn}.`);
}

async function loggedIn(secret: MysqlSecret): Promise<boolean> {
  const connection = await tryConnect(loginOf(secret));
  if (connection === undefined) return false;
  await connection.end().catch(() => undefined);
  return true;
}

async function closeAfter(connection: Connection, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } finally {
    await connection.end().catch(() => undefined);
  }
}
