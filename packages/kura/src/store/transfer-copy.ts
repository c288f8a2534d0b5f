// Copying a whole store into another, of the same backend or not, through the transfer port
// (transfer.ts): one snapshot of the source, written into the target in one transaction, then read
// back from the target as committed and compared with what was read from the source, count by
// count and checksum by checksum (transfer-digest.ts). Records travel as stored: ciphertexts and
// wrapped keys are copied, never opened, so the target needs the same master key as the source.

import { RECORD_KINDS, type RecordCounts, type TransferRepository } from './transfer.js';
import { compareSummaries, DEFAULT_BATCH, describeCounts, DigestBuilder, summarizeStore, totalCount, type Difference, type StoreSummary } from './transfer-digest.js';

/** The target holds records and the caller did not ask to replace them. */
export class TargetNotEmptyError extends Error {
  constructor(readonly counts: RecordCounts) {
    super(`the target is not empty: it holds ${describeCounts(counts)}`);
    this.name = 'TargetNotEmptyError';
  }
}

/** The target, read back, does not hold what was read from the source. */
export class CopyMismatchError extends Error {
  constructor(
    readonly differences: Difference[],
    readonly source: StoreSummary,
    readonly target: StoreSummary,
  ) {
    super(`the two stores differ:\n${differences.map((d) => `  ${d.message}`).join('\n')}`);
    this.name = 'CopyMismatchError';
  }
}

export interface CopyOptions {
  /** STS sessions that expire at or before this moment are not copied. */
  now: Date;
  /** Delete whatever the target holds first, instead of refusing a non-empty target. */
  replace: boolean;
  batchSize?: number;
}

export interface CopyReport {
  /** What was read from the source, and found again in the target. */
  copied: StoreSummary;
  /** What the target held before, when it was replaced. */
  replaced: RecordCounts | undefined;
}

/**
 * Copies `source` into `target` and verifies the copy. A target that is not empty is refused
 * (TargetNotEmptyError) unless `replace`; a failure before the commit leaves the target as it was.
 */
export async function copyStore(source: TransferRepository, target: TransferRepository, options: CopyOptions): Promise<CopyReport> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const writer = await target.write();
  let replaced: RecordCounts | undefined;
  let read: StoreSummary;
  let committed = false;
  try {
    // Counted inside the writer's transaction: nothing written by anyone else can slip in between.
    const present = await writer.counts();
    if (totalCount(present) > 0) {
      if (!options.replace) throw new TargetNotEmptyError(present);
      replaced = present;
      await writer.clear();
    }
    const reader = await source.read({ sessionsValidAt: options.now });
    try {
      const counts = await reader.counts();
      const digest = new DigestBuilder();
      for (const kind of RECORD_KINDS) {
        for await (const batch of reader.records(kind, batchSize)) {
          digest.add(kind, batch);
          await writer.write(kind, batch);
        }
      }
      read = digest.summary(counts);
    } finally {
      await reader.close();
    }
    await writer.commit();
    committed = true;
  } finally {
    if (!committed) await writer.rollback().catch(() => undefined);
  }
  // Read back from a new snapshot: what the target committed is what a server on it will read.
  const written = await summarizeStore(target, { now: options.now, batchSize });
  const differences = compareSummaries(read, written);
  if (differences.length > 0) throw new CopyMismatchError(differences, read, written);
  return { copied: read, replaced };
}

/** Compares two stores without changing either; CopyMismatchError when they differ. */
export async function verifyStores(source: TransferRepository, target: TransferRepository, options: { now: Date; batchSize?: number }): Promise<StoreSummary> {
  const read = await summarizeStore(source, options);
  const written = await summarizeStore(target, options);
  const differences = compareSummaries(read, written);
  if (differences.length > 0) throw new CopyMismatchError(differences, read, written);
  return read;
}
