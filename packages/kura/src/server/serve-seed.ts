// `kura serve --seed` in the server's life: the seed is read and checked before anything is written
// (an invalid one stops the start as a configuration error, exit 2); applied once the administrator
// exists, before the server listens; and, in --dev, applied again by POST /_kura/reset, which first
// empties the store (the administrator's key and user stay) and is audited like a request.
//
// The events of the start's seed calls are kept until the server listens and knows its replica name
// (port 0 is chosen by the system), then written before the start completes. The rotations its
// RotateSecret calls begin wait for that too (seed-rotations.ts): their functions call the server.

import { randomUUID } from 'node:crypto';
import type { Keyring } from '../crypto/keyring.js';
import { createPageTokens } from '../crypto/page-tokens.js';
import type { AuditEvent, AuditTrail } from '../gateway/audit.js';
import { RequestAudit } from '../gateway/request-audit.js';
import type { GatewayRequest } from '../gateway/types.js';
import { ensureAdminUser, type AdminBootstrap } from '../identity/bootstrap-admin.js';
import { applySeed } from '../seed/apply.js';
import type { Seed } from '../seed/format.js';
import { loadSeed } from '../seed/load.js';
import type { RotationFunctionRegistry } from '../seed/parse-kms.js';
import { lambdaFunctionName } from '../rotation/function-option.js';
import { SeedApplyError, SeedInvalidError } from '../seed/problems.js';
import type { KmsDomain, ServiceLimits } from '../services/context.js';
import type { RotationFunctions } from '../services/rotation-functions.js';
import type { Store } from '../store/store.js';
import { builtInServices } from '../gateway/services.js';
import { ConfigError, type ServeConfig } from './config.js';
import type { Logger } from './logger.js';
import { createSeedOperator } from './seed-operator.js';
import { holdRotations } from './seed-rotations.js';

/** The seed `--seed` names, read and checked; undefined without --seed. Nothing is written either way. */
export function loadConfiguredSeed(config: ServeConfig, env: NodeJS.ProcessEnv, cwd = process.cwd()): Seed | undefined {
  if (!config.seed || config.seed.length === 0) return undefined;
  // The functions a secret's rotation may name: those this server runs, found by ARN as RotateSecret finds them.
  const rotationFunctions: RotationFunctionRegistry = { names: config.rotation.functions.map((f) => f.name), nameOf: lambdaFunctionName };
  try {
    return loadSeed(config.seed, { env, dev: config.dev, accountId: config.accountId, cwd, rotationFunctions });
  } catch (error) {
    if (error instanceof SeedInvalidError) throw new ConfigError(error.message);
    throw error;
  }
}

export interface SeedingDeps {
  seed: Seed | undefined;
  config: ServeConfig;
  store: Store;
  kms: KmsDomain;
  keyring: Keyring;
  limits: ServiceLimits;
  now: () => Date;
  admin: AdminBootstrap;
  audit: AuditTrail;
  logger: Logger;
  replicaId: () => string;
  /** The server's rotation functions (rotation-service.ts); absent: none. */
  rotation?: RotationFunctions;
}

export interface Seeding {
  /** Applies the seed at start; its events wait for `writeStartEvents`. */
  applyAtStart(): Promise<void>;
  /** Writes the start's events, now that the server has its replica name. */
  writeStartEvents(): Promise<void>;
  /** Starts the rotations the start's seed began, now that the server listens (their functions call it). */
  releaseRotations(): void;
  /** POST /_kura/reset (--dev): everything but the administrator goes, then the seed is applied again. */
  reset(request: Pick<GatewayRequest, 'method' | 'rawHeaders' | 'rawUrl' | 'remoteAddress'>): Promise<void>;
}

export function createSeeding(deps: SeedingDeps): Seeding {
  const { config, store, logger, admin } = deps;
  const pending: AuditEvent[] = [];
  let starting = true;
  const rotation = deps.rotation ? holdRotations(deps.rotation) : undefined;
  const operator = createSeedOperator({
    services: builtInServices,
    accountId: config.accountId,
    principal: { arn: admin.principalArn, accountId: config.accountId, userId: admin.principalId, accessKeyId: admin.accessKeyId, kind: 'user' },
    store,
    kms: deps.kms,
    keyring: deps.keyring,
    tokens: createPageTokens(deps.keyring.derive('page-tokens'), deps.now),
    limits: deps.limits,
    now: deps.now,
    replicaId: deps.replicaId,
    ...(rotation ? { rotation } : {}),
    record: async (event) => {
      if (starting) pending.push(event);
      else await deps.audit.write(event);
    },
  });

  const apply = async (): Promise<void> => {
    if (!deps.seed) return;
    let changes = 0;
    await applySeed(deps.seed, {
      op: operator,
      accountId: config.accountId,
      report: (line) => {
        changes += 1;
        logger.log('info', line);
      },
    });
    logger.log('debug', 'seed applied', { files: deps.seed.files, changes });
  };

  return {
    async applyAtStart() {
      try {
        await apply();
      } catch (error) {
        if (error instanceof SeedApplyError) throw new ConfigError(error.message);
        throw error;
      }
    },
    async writeStartEvents() {
      starting = false;
      // Named now: the replica name holds the port, known once the server listens.
      for (const event of pending.splice(0)) await deps.audit.write({ ...event, additionalEventData: { ...event.additionalEventData, replica: deps.replicaId() } });
    },
    releaseRotations: () => rotation?.release(),
    async reset(request) {
      const event = new RequestAudit(request, randomUUID(), deps.replicaId());
      let failure: Error | undefined;
      try {
        await store.reset({ accessKeyIds: [admin.accessKeyId] });
        await ensureAdminUser(store, { accountId: config.accountId, userId: admin.principalId, now: deps.now() });
        await apply();
      } catch (error) {
        failure = error instanceof Error ? error : new Error(String(error));
        throw error;
      } finally {
        // Kura's own route, not an AWS operation: named so, with the sender's address, like any request.
        const written = event.event(deps.now(), config.accountId);
        await deps.audit.write({
          ...written,
          eventSource: 'kura',
          eventName: 'Reset',
          readOnly: false,
          ...(failure ? { errorCode: failure instanceof SeedApplyError ? 'SeedApplyFailed' : 'InternalFailure' } : {}),
        });
      }
    },
  };
}
