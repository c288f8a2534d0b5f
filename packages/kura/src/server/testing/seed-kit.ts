// Test support for applying seeds in-process: a store (in-memory SQLite unless one is given), the
// administrator, the server's own seeding (serve-seed.ts) over it, the log lines it reports and the
// audit events it writes, and an operator to change things "through the API" between applies.
// Rotation functions, when a test gives them (a fake), are registered by name as `--rotation-function`.

import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createKeyring, type Keyring } from '../../crypto/keyring.js';
import { createPageTokens } from '../../crypto/page-tokens.js';
import type { AuditEvent } from '../../gateway/audit.js';
import { builtInServices } from '../../gateway/services.js';
import { bootstrapAdmin } from '../../identity/bootstrap-admin.js';
import type { SeedOperator } from '../../seed/operator.js';
import type { RotationFunctions } from '../../services/rotation-functions.js';
import { createKmsDomain } from '../../services/kms/domain.js';
import { openSqliteStore } from '../../store/sqlite/index.js';
import type { Store } from '../../store/store.js';
import { parseServeArgs, type ServeConfig } from '../config.js';
import { createSeedOperator } from '../seed-operator.js';
import { createSeeding, loadConfiguredSeed, type Seeding } from '../serve-seed.js';

export const ACCOUNT = '000000000000';

export interface SeedWorld {
  store: Store;
  keyring: Keyring;
  /** The report lines of every apply so far (cleared by `apply`). */
  lines: string[];
  events: AuditEvent[];
  /** Loads the files (name → text) as `kura serve --seed` would and applies them; resolves with the lines reported. */
  apply(files: Record<string, string>, options?: { env?: NodeJS.ProcessEnv; dev?: boolean }): Promise<string[]>;
  /** The seeding of the last apply (for its reset). */
  seeding(): Seeding;
  /** Changes made "through the API": the same operations, as the administrator. */
  api: SeedOperator;
}

/** Rotation functions for the world: what runs them, and the names registered (`--rotation-function NAME=…`). */
export interface WorldRotation {
  functions: RotationFunctions;
  names: readonly string[];
}

export async function seedWorld(options: { store?: Store; keyring?: Keyring; rotation?: WorldRotation } = {}): Promise<SeedWorld> {
  const store = options.store ?? openSqliteStore({ path: ':memory:' });
  const keyring = options.keyring ?? createKeyring(randomBytes(32));
  const now = () => new Date();
  const dir = mkdtempSync(path.join(tmpdir(), 'kura-seed-world-'));
  const admin = await bootstrapAdmin({ store, keyring, accountId: ACCOUNT, given: { accessKeyId: 'AKIAADMINSEEDTEST001', secretAccessKey: 'admin-secret-for-seed-tests-0123456789' }, envFile: path.join(dir, 'admin.env'), now: now() });
  const kms = createKmsDomain({ keys: store.keys, keyring, now });
  const lines: string[] = [];
  const events: AuditEvent[] = [];
  const audit = { write: async (e: AuditEvent) => void events.push(e), ready: async () => undefined };
  const logger = { log: (_level: string, msg: string) => void (msg.startsWith('seed: ') && lines.push(msg)) };
  const limits = { maxParameterVersions: 100 };
  let last: Seeding | undefined;
  let counter = 0;
  return {
    store,
    keyring,
    lines,
    events,
    async apply(files, applyOptions = {}) {
      const folder = path.join(dir, String(counter++));
      mkdirSync(folder);
      for (const [name, text] of Object.entries(files)) writeFileSync(path.join(folder, name), text);
      // Registered as the server registers them; the command never runs (the test's functions do the steps).
      const registered = (options.rotation?.names ?? []).flatMap((name) => ['--rotation-function', `${name}=true`, '--rotation-role', `${name}=rotator`]);
      const config = parseServeArgs([...(applyOptions.dev ? ['--dev'] : []), ...registered, ...Object.keys(files).flatMap((f) => ['--seed', f])], folder, {}) as ServeConfig;
      const seed = loadConfiguredSeed(config, applyOptions.env ?? {}, folder);
      lines.length = 0;
      last = createSeeding({ seed, config, store, kms, keyring, limits, now, admin, audit, logger, replicaId: () => 'test-replica', ...(options.rotation ? { rotation: options.rotation.functions } : {}) });
      await last.applyAtStart();
      await last.writeStartEvents();
      last.releaseRotations();
      return [...lines];
    },
    seeding: () => {
      if (!last) throw new Error('nothing applied yet');
      return last;
    },
    api: createSeedOperator({
      services: builtInServices,
      accountId: ACCOUNT,
      principal: { arn: admin.principalArn, accountId: ACCOUNT, userId: admin.principalId, accessKeyId: admin.accessKeyId },
      store,
      kms,
      keyring,
      tokens: createPageTokens(keyring.derive('page-tokens'), now),
      limits,
      now,
      replicaId: () => 'test-replica',
      ...(options.rotation ? { rotation: options.rotation.functions } : {}),
      record: async () => undefined,
    }),
  };
}
