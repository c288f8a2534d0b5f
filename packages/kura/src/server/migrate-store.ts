// `kura migrate-store`: copies every record of one store into another, SQLite or PostgreSQL either
// way, through the transfer port (store/transfer-copy.ts): ciphertexts and wrapped keys as they
// are, so the target is served with the same master key, which its copied check value enforces.

import { RECORD_KIND_NAMES, RECORD_KINDS, type RecordCounts } from '../store/transfer.js';
import { copyStore, CopyMismatchError, TargetNotEmptyError, verifyStores } from '../store/transfer-copy.js';
import { describeCounts, type StoreSummary } from '../store/transfer-digest.js';
import {
  describeStoreLocation,
  openSourceStore,
  openTargetStore,
  parseStoreLocation,
  sameStore,
  StoreLocationError,
  type OpenedStore,
  type StoreLocation,
} from './store-location.js';

export { StoreLocationError } from './store-location.js';

/** A copy or a comparison that did not happen, or did not verify: the message says why and what to do. */
export class MigrateRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrateRefusedError';
  }
}

export interface MigrateOptions {
  from: string;
  to: string;
  /** Replace whatever the target holds. */
  force: boolean;
  /** STS sessions expired by then are left behind. */
  now?: Date;
  batchSize?: number;
}

export interface MigrateReport {
  /** The two stores, as named in messages (no password). */
  from: string;
  to: string;
  copied: StoreSummary;
  replaced: RecordCounts | undefined;
}

function locations(options: { from: string; to: string }): [StoreLocation, StoreLocation] {
  const from = parseStoreLocation(options.from);
  const to = parseStoreLocation(options.to);
  if (sameStore(from, to)) throw new MigrateRefusedError(`--from and --to name the same store (${describeStoreLocation(from)})`);
  return [from, to];
}

/** Opens both stores (source first: a missing source creates nothing), runs `work`, closes both. */
async function withStores<T>(from: StoreLocation, to: StoreLocation, openTo: typeof openTargetStore, work: (source: OpenedStore, target: OpenedStore) => Promise<T>): Promise<T> {
  const source = await openSourceStore(from);
  try {
    const target = await openTo(to);
    try {
      return await work(source, target);
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}

export async function migrateStore(options: MigrateOptions): Promise<MigrateReport> {
  const [from, to] = locations(options);
  const [fromName, toName] = [describeStoreLocation(from), describeStoreLocation(to)];
  return withStores(from, to, openTargetStore, async (source, target) => {
    try {
      const report = await copyStore(source.transfer, target.transfer, {
        now: options.now ?? new Date(),
        replace: options.force,
        ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
      });
      return { from: fromName, to: toName, copied: report.copied, replaced: report.replaced };
    } catch (error) {
      if (error instanceof TargetNotEmptyError) {
        throw new MigrateRefusedError(
          `${toName} is not empty: it holds ${describeCounts(error.counts)}. Nothing was copied. ` +
            'Give --force to delete everything in it and copy over it.',
        );
      }
      if (error instanceof CopyMismatchError) {
        throw new MigrateRefusedError(
          `the copy in ${toName} does not match ${fromName}: ${error.message}\n` +
            'The copy was committed but failed verification: do not serve from it. Run the copy again with --force.',
        );
      }
      throw error;
    }
  });
}

/** Compares two stores that already hold data, changing neither. */
export async function verifyStoreCopy(options: { from: string; to: string; now?: Date }): Promise<MigrateReport> {
  const [from, to] = locations(options);
  const [fromName, toName] = [describeStoreLocation(from), describeStoreLocation(to)];
  return withStores(from, to, openSourceStore, async (source, target) => {
    try {
      const copied = await verifyStores(source.transfer, target.transfer, { now: options.now ?? new Date() });
      return { from: fromName, to: toName, copied, replaced: undefined };
    } catch (error) {
      if (error instanceof CopyMismatchError) throw new MigrateRefusedError(`${toName} does not hold what ${fromName} holds: ${error.message}`);
      throw error;
    }
  });
}

/** One line per kind of record the summary holds: how many, and what they are. */
export function summaryLines(summary: StoreSummary): string[] {
  return RECORD_KINDS.filter((kind) => summary.kinds[kind].records > 0).map((kind) => {
    const n = summary.kinds[kind].records;
    return `${String(n).padStart(8)}  ${RECORD_KIND_NAMES[kind][n === 1 ? 0 : 1]}`;
  });
}

export function isOperatorError(error: unknown): error is Error {
  return error instanceof MigrateRefusedError || error instanceof StoreLocationError;
}
