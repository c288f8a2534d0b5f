// `kura rotate-master-key`: re-wrap the store under a new master key (every server stopped).

import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError } from '../server/config.js';
import { loadMasterKey, type MasterKey } from '../server/master-key.js';
import { DatabaseInUseError, openForRotation, rotateMasterKey, RotationError, type RotationReport, type RotationStore, type RotationTarget } from '../server/rotate-master-key.js';
import { StoreLocationError } from '../server/store-location.js';
import { redactStoreUrl, storeUrlProblem } from '../server/store-url.js';

export const HELP = `Usage: kura rotate-master-key [--data DIR | --store URL] [--master-key-file FILE] (--new-key-file FILE | --generate)

Re-wraps everything the master key wraps (KMS key material, secret access keys, STS session
secrets) under a new 256-bit master key and records the new key's check value, in one
transaction: a rotation cut short leaves the store under the current key. Parameter values are
not touched: they are encrypted under KMS key material, which does not change.
Stop the server first; with PostgreSQL, stop every replica (the rotation is refused while other
Kura processes are connected to the database), then start them all with the new key.

  --data DIR             the data directory (default ./.kura): its SQLite store (without --store),
                         the current key's default place (<data>/master.key), and where --generate
                         writes the new key
  --store URL            a PostgreSQL store (also KURA_STORE, unless --data is given); the password
                         is never printed
  --master-key-file FILE the current key, when the servers are started with one (else
                         KURA_MASTER_KEY, else <data>/master.key)
  --new-key-file FILE    the new key (base64 of 32 bytes)
  --generate             generate the new key; it is written to <data>/master.key.new before the
                         store changes, and replaces <data>/master.key if the current key is there
`;

const fail = (code: number, message: string): number => {
  process.stderr.write(`kura rotate-master-key: ${message}\n`);
  return code;
};

/** Writes a key file durably (mode 0600), refusing to replace one: it may hold the only copy of a key. */
function writeKeyFile(file: string, key: Buffer): void {
  const fd = openSync(file, 'wx', 0o600);
  try {
    writeSync(fd, `${key.toString('base64')}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function describeReport(report: RotationReport): string {
  const already = report.materials.alreadyNew + report.accessKeys.alreadyNew + report.sessions.alreadyNew;
  return (
    `re-wrapped ${report.materials.rewrapped} key materials, ${report.accessKeys.rewrapped} access keys and ${report.sessions.rewrapped} STS sessions` +
    ` (${already} were already under the new key)\n`
  );
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      data: { type: 'string' },
      store: { type: 'string' },
      'master-key-file': { type: 'string' },
      'new-key-file': { type: 'string' },
      generate: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const dataDir = path.resolve(values.data ?? '.kura');
  // KURA_STORE as `kura serve` reads it, unless --data names a SQLite store explicitly; with --store,
  // --data is only where the key files are.
  const storeUrl = values.store ?? (values.data === undefined ? process.env.KURA_STORE || undefined : undefined);
  if (storeUrl !== undefined) {
    const problem = storeUrlProblem(storeUrl);
    if (problem) return fail(2, `the store URL ${problem}`);
  } else if (!existsSync(path.join(dataDir, 'kura.db'))) {
    return fail(2, `no Kura data in ${dataDir}`);
  }
  if (Boolean(values['new-key-file']) === Boolean(values.generate)) return fail(2, 'give exactly one of --new-key-file and --generate');
  const keyFile = values['master-key-file'] ? path.resolve(values['master-key-file']) : undefined;
  // Never make up a current key (as a first start would): the store's records are under an existing one.
  if (!keyFile && !process.env.KURA_MASTER_KEY && !existsSync(path.join(dataDir, 'master.key'))) {
    return fail(2, `no current master key: give it as the servers get it (KURA_MASTER_KEY or --master-key-file), or keep it in ${path.join(dataDir, 'master.key')}`);
  }
  let current: MasterKey;
  let newKey: Buffer;
  try {
    current = loadMasterKey({ env: process.env, ...(keyFile ? { file: keyFile } : {}), dataDir });
    newKey = values.generate ? randomBytes(32) : Buffer.from(readFileSync(path.resolve(values['new-key-file'] as string), 'utf8').trim(), 'base64');
  } catch (error) {
    if (error instanceof ConfigError || (error as NodeJS.ErrnoException).code === 'ENOENT') return fail(2, (error as Error).message);
    throw error;
  }
  if (newKey.length !== 32) return fail(2, 'the new key must be 32 bytes, base64-encoded');
  const target: RotationTarget = storeUrl !== undefined ? { url: storeUrl } : { dataDir };
  return rotate(target, current, newKey, values.generate ? path.join(dataDir, 'master.key.new') : undefined);
}

/** Opens the store (its locks first), saves a generated key, rotates; `generated` is where the new key goes. */
async function rotate(target: RotationTarget, current: MasterKey, newKey: Buffer, generated: string | undefined): Promise<number> {
  let store: RotationStore;
  try {
    store = await openForRotation(target);
  } catch (error) {
    // A running server holds a SQLite store's lock: rotating under it would race its cached material.
    if (error instanceof DatabaseInUseError || error instanceof StoreLocationError) return fail(1, error.message);
    throw error;
  }
  let report: RotationReport;
  try {
    if (generated !== undefined) {
      // Saved before the store changes: a crash after the commit must not take the only copy with it.
      if (existsSync(generated)) {
        return fail(1, `${generated} exists, from an earlier rotation: if that one completed, it holds the store's key now; give it with --new-key-file`);
      }
      mkdirSync(path.dirname(generated), { recursive: true, mode: 0o700 });
      writeKeyFile(generated, newKey);
    }
    report = await rotateMasterKey(store, current.key, newKey);
  } catch (error) {
    // Refused before anything changed: the generated key is of no use. Any other failure may have
    // come after the commit (a connection lost while committing): the key is kept, just in case.
    if (error instanceof RotationError) {
      if (generated !== undefined) rmSync(generated, { force: true });
      return fail(1, error.message);
    }
    if (generated !== undefined && existsSync(generated)) process.stderr.write(`kura rotate-master-key: the new key is kept in ${generated}, in case the store was rotated\n`);
    throw error;
  } finally {
    await store.close();
  }
  process.stdout.write(describeReport(report));
  process.stdout.write(`the store ${'url' in target ? `PostgreSQL ${redactStoreUrl(target.url)}` : `in ${target.dataDir}`} is under the new master key\n`);
  if (generated === undefined) {
    process.stdout.write('start the servers with the new key (KURA_MASTER_KEY, --master-key-file, or <data>/master.key)\n');
  } else if (current.source === 'data-dir' && current.file) {
    renameSync(generated, current.file);
    process.stdout.write(`the new master key replaced ${current.file}; back it up apart from the data\n`);
  } else {
    process.stdout.write(`the new master key is in ${generated}: start the servers with it (KURA_MASTER_KEY or --master-key-file)\n`);
  }
  return 0;
}
