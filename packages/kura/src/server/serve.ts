// Start-up and shutdown of `kura serve`: load the master key, open the store, bootstrap the
// administrator, assemble the gateway, listen. `startServer` is also how tests run Kura in-process.

import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createKeyring, type Keyring } from '../crypto/keyring.js';
import { createPageTokens } from '../crypto/page-tokens.js';
import { createGateway } from '../gateway/pipeline.js';
import { bootstrapAdmin, type AdminBootstrap } from '../identity/bootstrap-admin.js';
import { createIdentityResolver } from '../identity/credentials.js';
import { createPolicyResolver } from '../identity/principal-policies.js';
import { RequestAudit } from '../gateway/request-audit.js';
import { renderUnrouted, routeUnread } from '../gateway/route.js';
import { builtInServices } from '../gateway/services.js';
import { createKmsDomain } from '../services/kms/domain.js';
import { ServiceError } from '../wire/errors.js';
import { openAuditLog } from './audit-log.js';
import { openStoreAuditTrail } from './audit-store.js';
import { openPostgresStore, SchemaTooNewError as PostgresSchemaTooNewError } from '../store/postgres/index.js';
import { openSqliteStore, SchemaTooNewError as SqliteSchemaTooNewError } from '../store/sqlite/index.js';
import type { Store } from '../store/store.js';
import { StoreUnavailableError } from '../store/unavailable.js';

export { DatabaseInUseError } from '../store/sqlite/index.js';
import { adminKeyFromEnvironment, isLoopback, type ServeConfig } from './config.js';
import { openConsole, type ConsoleSite } from './console-files.js';
import { createHttpServer } from './http.js';
import { createLogger, type Logger } from './logger.js';
import { loadMasterKey, masterKeyCheck } from './master-key.js';
import { originPolicy } from './request-origin.js';
import { redactStoreUrl } from './store-url.js';
import { createRotationService } from './rotation-service.js';
import { startSecretsScheduler } from './secrets-scheduler.js';
import { createSeeding, loadConfiguredSeed } from './serve-seed.js';
import type { Seed } from '../seed/format.js';

export interface RunningServer {
  url: string;
  port: number;
  admin: AdminBootstrap;
  /** The name this server's audit events give it. */
  replicaId: string;
  close(): Promise<void>;
}

export const DEV_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

/** scheduleEveryMs: how often the Secrets Manager scheduler runs (tests shorten it; default a minute). */
export async function startServer(
  config: ServeConfig,
  options: { env?: NodeJS.ProcessEnv; logger?: Logger; now?: () => Date; scheduleEveryMs?: number } = {},
): Promise<RunningServer> {
  const env = options.env ?? process.env;
  const logger = options.logger ?? createLogger(config.logLevel);
  const now = options.now ?? (() => new Date());
  if (config.dev && !isLoopback(config.host)) throw new Error('--dev is refused on a non-loopback address');
  // Before anything is written, the data directory included: an invalid seed or --console-dir changes nothing.
  const [seed, site] = [loadConfiguredSeed(config, env), openConsole(config.console, logger)];

  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const master = loadMasterKey({ env, ...(config.masterKeyFile ? { file: config.masterKeyFile } : {}), dataDir: config.dataDir });
  if (!isLoopback(config.host) && master.source === 'data-dir') {
    logger.log('warn', 'the master key lives inside the data directory: anyone with a copy of the directory can decrypt it; use KURA_MASTER_KEY or --master-key-file', {
      file: master.file,
    });
  }
  const keyring = createKeyring(master.key);
  const store = await openStore(config, logger);
  try {
    return await serveStore(config, { env, logger, now, keyring, store, seed, site, ...(options.scheduleEveryMs !== undefined ? { scheduleEveryMs: options.scheduleEveryMs } : {}) });
  } catch (error) {
    // Release the database (and its process lock) for whoever tries next.
    await store.close().catch(() => undefined);
    throw error;
  }
}

const SWEEP_EVERY_MS = 10 * 60_000;

async function sweepSessions(store: Store, at: Date): Promise<void> {
  if (await store.meta.claimJob('sts-session-sweep', at, SWEEP_EVERY_MS)) await store.sessions.deleteExpired(at);
}

/** A start the operator must fix (wrong master key, a newer schema, an unreachable store): said in one line. */
export class StartRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartRefusedError';
  }
}

export class MasterKeyMismatchError extends StartRefusedError {
  constructor() {
    super(
      "this server's master key is not the one the data store was written with: every server on one store, and every restart, " +
        'must use the same master key (KURA_MASTER_KEY or --master-key-file). Nothing was written.',
    );
    this.name = 'MasterKeyMismatchError';
  }
}

/** SQLite in the data directory (this process alone), or the PostgreSQL of --store (shared by replicas). */
async function openStore(config: ServeConfig, logger: Logger): Promise<Store> {
  try {
    if (config.storeUrl === undefined) return openSqliteStore({ path: path.join(config.dataDir, 'kura.db'), exclusive: true });
    logger.log('info', 'opening the PostgreSQL store', { store: redactStoreUrl(config.storeUrl) });
    const store = redactStoreUrl(config.storeUrl);
    return await openPostgresStore({
      url: config.storeUrl,
      ...(config.storePoolSize !== undefined ? { maxConnections: config.storePoolSize } : {}),
      ...(config.storeTimeoutMs !== undefined ? { timeoutMs: config.storeTimeoutMs } : {}),
      // Said once per outage, not once per request: each request it fails is answered 503 and logged as one.
      onAvailability: (change) =>
        change.available
          ? logger.log('info', 'the PostgreSQL store answers again', { store, unavailableMs: change.unavailableMs })
          : logger.log('warn', 'the PostgreSQL store is unavailable: requests are answered 503 ServiceUnavailable until it answers again', {
              store,
              reason: change.reason,
            }),
    });
  } catch (error) {
    if (error instanceof SqliteSchemaTooNewError || error instanceof PostgresSchemaTooNewError) throw new StartRefusedError(error.message);
    // Unreachable, refused credentials, a certificate that does not verify: the operator's to fix.
    if (config.storeUrl !== undefined && error instanceof Error) {
      throw new StartRefusedError(`cannot open the PostgreSQL store ${redactStoreUrl(config.storeUrl)}: ${error.message}`);
    }
    throw error;
  }
}

async function serveStore(
  config: ServeConfig,
  deps: { env: NodeJS.ProcessEnv; logger: Logger; now: () => Date; keyring: Keyring; store: Store; seed: Seed | undefined; site: ConsoleSite; scheduleEveryMs?: number },
): Promise<RunningServer> {
  const { env, logger, now, keyring, store } = deps;
  // First, before anything is written: every server on this store must hold the master key it was
  // written with (a derived check value is recorded, never the key).
  if ((await store.meta.checkMasterKey(masterKeyCheck(keyring))) === 'differs') throw new MasterKeyMismatchError();
  // The administrator is an IAM user with AdministratorAccess: AWS's rules apply to it unchanged.
  const admin = await bootstrapAdmin({
    store,
    keyring,
    accountId: config.accountId,
    given: adminKeyFromEnvironment(env),
    envFile: path.join(config.dataDir, 'admin.env'),
    now: now(),
  });
  const kms = createKmsDomain({ keys: store.keys, keyring, now });
  const adminPrincipal = { arn: admin.principalArn, accountId: config.accountId, userId: admin.principalId };
  const audit = openAudit(config, store, logger);
  // Named once the server listens: the default holds the port, which port 0 leaves to the system.
  let replicaId = config.replicaId ?? '';
  if (config.pathAuthorization === 'aws') {
    logger.log('warn', "--path-authorization aws: GetParametersByPath returns every parameter below an allowed path, as AWS does, even ones the caller is denied");
  }
  const limits = { maxParameterVersions: 100, pathAuthorization: config.pathAuthorization };
  // Rotation functions (for a client's RotateSecret and the seed's) call this server back: its URL is known once it listens.
  let ownUrl = '';
  const { functions, endpoint, timeoutMs } = config.rotation;
  const rotation = createRotationService({ functions, accountId: config.accountId, store, keyring, now, endpoint: () => endpoint ?? ownUrl, timeoutMs, logger });
  // Declared state, applied before the server answers anyone (serve-seed.ts).
  const seeding = createSeeding({ seed: deps.seed, config, store, kms, keyring, limits, now, admin, audit, logger, replicaId: () => replicaId, rotation });
  await seeding.applyAtStart().catch(async (error: unknown) => {
    // What the seed wrote before it stopped is recorded all the same, under the configured port.
    replicaId ||= defaultReplicaId(config.port);
    await seeding.writeStartEvents().finally(() => audit.close());
    throw error;
  });
  // STS sessions are checked for expiry on every request; this only keeps the table small. With
  // several replicas on one database, one of them sweeps per period (store.meta.claimJob).
  const sweep = setInterval(() => void sweepSessions(store, now()).catch(() => undefined), SWEEP_EVERY_MS);
  sweep.unref();

  const gateway = createGateway({
    services: builtInServices,
    identities: createIdentityResolver({
      store,
      keyring,
      ...(config.dev ? { devCredentials: { ...DEV_CREDENTIALS, principal: adminPrincipal } } : {}),
    }),
    accountId: config.accountId,
    clockSkewSeconds: config.clockSkewSeconds,
    now,
    store,
    kms,
    tokens: createPageTokens(keyring.derive('page-tokens'), now),
    limits,
    keyring,
    rotation,
    access: { policiesFor: createPolicyResolver(store) },
    audit,
    replicaId: () => replicaId,
    onUnexpectedError: (requestId, error) =>
      error instanceof StoreUnavailableError
        ? // Expected while the database is away: the store's own warning said so once.
          logger.log('debug', 'store unavailable', { requestId, reason: error.reason })
        : logger.log('error', 'operation failed unexpectedly', { requestId, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  });

  const http = createHttpServer({
    ...(config.tls ? { tls: { cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) } } : {}),
    maxBodyBytes: config.maxBodyBytes,
    gateway,
    health: () => store.health(),
    // Everything goes but the administrator (its key stays, its IAM user is made again), then the seed is applied again.
    ...(config.dev ? { reset: seeding.reset } : {}),
    origins: originPolicy(config),
    console: deps.site,
    errorResponse: (request, requestId, error) => renderUnrouted(builtInServices, request, requestId, error),
    // Requests refused before the gateway (a forged Host or Origin, a body too large) are audited too.
    refused: async (request, requestId, refusal) => {
      try {
        const event = new RequestAudit(request, requestId, replicaId);
        event.route = routeUnread(builtInServices, request);
        await audit.write(event.event(now(), config.accountId, new ServiceError(refusal.code, refusal.message)));
      } catch (error) {
        // The refusal stands either way: nothing was served that the log would have to vouch for.
        logger.log('error', 'audit record not written', { requestId, error: String(error) });
      }
    },
    logger,
  });
  await new Promise<void>((resolve, reject) => {
    http.server.once('error', reject);
    http.server.listen(config.port, config.host, () => resolve());
  });
  const port = (http.server.address() as AddressInfo).port;
  replicaId ||= defaultReplicaId(port);
  await seeding.writeStartEvents().catch(async (error: unknown) => {
    // The audit log refused them (and the server fails closed): nothing is served after all.
    await http.drain();
    throw error;
  });
  logger.log('info', 'audit events name this server', { replica: replicaId, auditLog: config.auditLog === 'store' ? 'the PostgreSQL store' : path.join(config.dataDir, 'audit') });
  const scheme = config.tls ? 'https' : 'http';
  const hostForUrl = config.host.includes(':') ? `[${config.host}]` : config.host;
  // A server listening on every address is reached through loopback by the functions it runs.
  const wildcard = config.host === '0.0.0.0' || config.host === '::';
  ownUrl = `${scheme}://${wildcard ? '127.0.0.1' : hostForUrl}:${port}`;
  // The rotations the seed began at start: the functions can reach the server now.
  seeding.releaseRotations();
  const scheduler = startSecretsScheduler({ store, functions: rotation, now, logger, ...(deps.scheduleEveryMs !== undefined ? { everyMs: deps.scheduleEveryMs } : {}) });
  if (config.rotation.functions.length > 0) {
    logger.log('info', 'Secrets Manager rotation functions registered', { functions: config.rotation.functions.map((f) => f.name), endpoint: config.rotation.endpoint ?? ownUrl });
  }
  let closed: Promise<void> | undefined;
  return {
    url: `${scheme}://${hostForUrl}:${port}`,
    port,
    admin,
    replicaId,
    close: () => {
      // Rotations first: their steps call this server, so it serves them until they are stopped.
      scheduler.stop();
      closed ??= rotation.close().then(() => http.drain()).then(async () => {
        clearInterval(sweep);
        // Before the store closes: the last events are committed to it.
        await audit.close();
        await store.close();
      });
      return closed;
    },
  };
}

/**
 * This host's name and the port: unique among servers running at once (two cannot listen on one
 * port of one host), readable, the same across restarts in the same place, and it needs no state:
 * a replica on PostgreSQL may have a throw-away data directory, or one copied to every replica.
 */
export function defaultReplicaId(port: number): string {
  return `${hostname()}:${port}`;
}

/** The store's own audit log when it has one and it was chosen (PostgreSQL), else the file in the data directory. */
function openAudit(config: ServeConfig, store: Store, logger: Logger) {
  if (config.auditLog === 'store') {
    if (!store.auditEvents) throw new StartRefusedError('--audit-log store needs a store that keeps audit events (PostgreSQL)');
    return openStoreAuditTrail({ events: store.auditEvents, onFailure: config.auditFailure, logger });
  }
  return openAuditLog({ dir: path.join(config.dataDir, 'audit'), onFailure: config.auditFailure, logger });
}

/** Refuses a data directory that others can read: it holds the database and maybe the master key. */
export function dataDirWarning(dataDir: string): string | undefined {
  try {
    const mode = statSync(dataDir).mode & 0o077;
    return mode ? `data directory ${dataDir} is readable by other users (mode ${(statSync(dataDir).mode & 0o777).toString(8)})` : undefined;
  } catch {
    return undefined;
  }
}
