// Opening the SQLite store: a private data file, WAL with synchronous=FULL, migrations, and one
// connection: writes go through the group-commit queue, reads run on the same connection between
// batches. A batch runs start to finish inside one callback, so no read can see it half done, and
// a connection's own commits leave its page cache valid (a second, reading connection had to drop
// its cache after every write and read the pages again).

import { closeSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import type { Store, StoreHealth } from '../store.js';
import { deleteFrom, RESOURCE_TABLES } from '../tables.js';
import { SqliteAccessKeyRepository } from './access-keys.js';
import { Backend, Connection } from './connection.js';
import { IamGeneration } from './iam-generation.js';
import { SqliteKeyRepository } from './keys.js';
import { lockDatabase, type DatabaseLock } from './lock.js';
import { SqliteMetaRepository } from './meta.js';
import { migrate } from './migrations.js';
import { SqliteParameterRepository } from './parameters.js';
import { SqlitePolicyRepository } from './policies.js';
import { SqlitePrincipalRepository } from './principals.js';
import { SqliteRewrap } from './rewrap.js';
import { SqliteSecretRepository } from './secrets.js';
import { SqliteSessionRepository } from './sessions.js';
import { SqliteTransfer } from './transfer.js';
import { WriteQueue } from './write-queue.js';

export interface SqliteStoreOptions {
  /** The data file, or ':memory:' for a private in-memory database (one connection). */
  path: string;
  /** How long to wait for another process's write lock before failing. */
  busyTimeoutMs?: number;
  /** The most writes one group commit takes. */
  maxBatch?: number;
  /**
   * Take the database's process lock (lock.ts): a second process asking for it fails with
   * DatabaseInUseError. Being sure of being the only writer lets the store keep what it read
   * (epoch-cache.ts, and the IAM generation) until its own next write instead of reading it again.
   */
  exclusive?: boolean;
}

export interface SqliteInfo {
  path: string;
  sqliteVersion: string;
  journalMode: string;
  /** 2 is FULL. */
  synchronous: number;
  foreignKeys: boolean;
  busyTimeoutMs: number;
  schemaVersion: number;
}

const MEMORY = ':memory:';

// Children before parents (store/tables.ts), so no delete has to cascade. Access keys not kept go
// last. The IAM generation is bumped, never zeroed: a cache stamped with an old number must not match again.
const RESET_SQL = ['UPDATE iam_generation SET value = value + 1 WHERE id = 1', ...RESOURCE_TABLES.map(deleteFrom)];

/** Creates the file owner-only before SQLite does; SQLite gives -wal and -shm the same mode. */
function createPrivateFile(path: string): void {
  try {
    closeSync(openSync(path, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

// SQLite releases before 3.51.3 carry the WAL-reset bug that can corrupt a database
// written and checkpointed concurrently. better-sqlite3 bundles its own SQLite; this guards rebuilds.
const MIN_SQLITE = [3, 51, 3] as const;

function checkVersion(db: BetterSqlite3.Database): void {
  const version = String(db.prepare('SELECT sqlite_version()').pluck().get());
  const parts = version.split('.').map(Number);
  for (let i = 0; i < MIN_SQLITE.length; i++) {
    const have = parts[i] ?? 0;
    const need = MIN_SQLITE[i] ?? 0;
    if (have > need) return;
    if (have < need) throw new Error(`SQLite ${version} has the WAL-reset corruption bug; Kura needs ${MIN_SQLITE.join('.')} or later`);
  }
}

function openWriter(path: string, timeout: number): BetterSqlite3.Database {
  const db = new Database(path, { timeout });
  try {
    checkVersion(db);
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    // WAL needs shared memory; filesystems that cannot offer it (some network mounts) stay in
    // rollback mode, where a reader would block the writer. Refuse instead of running degraded.
    if (path !== MEMORY && mode !== 'wal') throw new Error(`could not enable WAL on ${path} (journal_mode is ${String(mode)})`);
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

export class SqliteStore implements Store {
  readonly parameters: SqliteParameterRepository;
  readonly keys: SqliteKeyRepository;
  readonly accessKeys: SqliteAccessKeyRepository;
  readonly principals: SqlitePrincipalRepository;
  readonly policies: SqlitePolicyRepository;
  readonly sessions: SqliteSessionRepository;
  readonly secrets: SqliteSecretRepository;
  readonly meta: SqliteMetaRepository;
  /** Raw records for copying the whole store (kura migrate-store, kura backup); not a Store port. */
  readonly transfer: SqliteTransfer;
  /** Re-wrapping under a new master key (kura rotate-master-key); not a Store port. */
  readonly rewrap: SqliteRewrap;
  private readonly backend: Backend;
  /** Shared by the three IAM repositories: any write through them forgets the kept generation. */
  private readonly iamGeneration: IamGeneration;
  private closed = false;

  constructor(
    private readonly writer: BetterSqlite3.Database,
    maxBatch: number,
    private readonly lock?: DatabaseLock,
  ) {
    const queue = new WriteQueue(writer, maxBatch);
    // An in-memory database lives in this process only: the only writer by construction.
    this.backend = new Backend(new Connection(writer), queue, lock !== undefined || writer.memory);
    this.parameters = new SqliteParameterRepository(this.backend);
    this.keys = new SqliteKeyRepository(this.backend);
    this.accessKeys = new SqliteAccessKeyRepository(this.backend);
    this.iamGeneration = new IamGeneration(this.backend);
    this.principals = new SqlitePrincipalRepository(this.backend, this.iamGeneration);
    this.policies = new SqlitePolicyRepository(this.backend, this.iamGeneration);
    this.sessions = new SqliteSessionRepository(this.backend, this.iamGeneration);
    this.secrets = new SqliteSecretRepository(this.backend);
    this.meta = new SqliteMetaRepository(this.backend);
    this.rewrap = new SqliteRewrap(this.backend);
    this.transfer = new SqliteTransfer(writer, {
      beforeWrite: () => queue.drain(),
      afterWrite: () => {
        // Written outside the queue: move its epoch so no kept read survives, as after a batch.
        queue.epoch += 1;
        this.iamGeneration.forget();
      },
    });
  }

  health(): Promise<StoreHealth> {
    if (this.closed || this.backend.queue.failure) return Promise.resolve({ ok: false, backend: 'sqlite' });
    return this.backend
      .read((c) => c.sql('SELECT 1').get())
      .then(
        () => ({ ok: true, backend: 'sqlite' }),
        () => ({ ok: false, backend: 'sqlite' }),
      );
  }

  reset(keep: { accessKeyIds: string[] }): Promise<void> {
    return this.backend.write((c) => {
      this.iamGeneration.forget();
      for (const sql of RESET_SQL) c.sql(sql).run();
      c.sql('DELETE FROM access_keys WHERE access_key_id NOT IN (SELECT value FROM json_each(?))').run(JSON.stringify(keep.accessKeyIds));
    });
  }

  /** Commits queued writes, checkpoints the WAL into the main file and closes both connections. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      this.backend.queue.close();
    } finally {
      try {
        if (!this.writer.memory && !this.backend.queue.failure) this.writer.pragma('wal_checkpoint(TRUNCATE)');
      } finally {
        this.writer.close();
        this.lock?.release();
      }
    }
  }

  /** What the writer connection runs with, for diagnostics (`kura doctor`, startup logs) and tests. */
  info(): SqliteInfo {
    const pragma = (name: string): unknown => this.writer.pragma(name, { simple: true });
    return {
      path: this.writer.name,
      sqliteVersion: String((this.writer.prepare('SELECT sqlite_version()').pluck().get())),
      journalMode: String(pragma('journal_mode')),
      synchronous: Number(pragma('synchronous')),
      foreignKeys: Number(pragma('foreign_keys')) === 1,
      busyTimeoutMs: Number(pragma('busy_timeout')),
      schemaVersion: Number(this.writer.prepare('SELECT max(version) FROM schema_migrations').pluck().get()),
    };
  }

  /** Group commits so far: with `writes` counted by the caller, the batching factor. */
  get commits(): number {
    return this.backend.queue.commits;
  }
}

export function openSqliteStore(options: SqliteStoreOptions): SqliteStore {
  const timeout = options.busyTimeoutMs ?? 5000;
  const memory = options.path === MEMORY;
  if (!memory) createPrivateFile(options.path);
  const lock = options.exclusive && !memory ? lockDatabase(options.path) : undefined;
  let writer: BetterSqlite3.Database | undefined;
  try {
    writer = openWriter(options.path, timeout);
    return new SqliteStore(writer, options.maxBatch ?? 1000, lock);
  } catch (error) {
    writer?.close();
    lock?.release();
    throw error;
  }
}
