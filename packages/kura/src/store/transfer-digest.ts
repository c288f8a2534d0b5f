// Counts and checksums over a store's transfer records (transfer.ts), to tell whether two stores,
// of any backends, hold the same data. Each record is hashed in a canonical text form (fields in
// name order, byte strings as base64), kind by kind in the export order every backend shares, so
// equal stores give equal digests and any changed, missing, extra or reordered record changes the
// digest of its kind. The records are only hashed: nothing is decrypted or unwrapped.

import { createHash, type Hash } from 'node:crypto';
import { RECORD_KIND_NAMES, RECORD_KINDS, type RecordCounts, type RecordKind, type TransferRecord, type TransferRepository } from './transfer.js';

export interface KindDigest {
  /** Records read, one by one. */
  records: number;
  /** SHA-256 (hex) over the canonical form of each record, in export order. */
  sha256: string;
}

/** What one side of a copy holds: the store's own counts, and what reading every record gave. */
export interface StoreSummary {
  counts: RecordCounts;
  kinds: Record<RecordKind, KindDigest>;
  /** SHA-256 over every kind's count and digest: one value to compare or to print. */
  checksum: string;
}

export const DEFAULT_BATCH = 500;

/** Each record shape's fields in name order, each with its JSON-quoted name: sorted once, not per record. */
const shapes = new Map<string, Array<[string, string]>>();

function fieldsOf(value: object): Array<[string, string]> {
  const keys = Object.keys(value);
  const shape = keys.join(',');
  let fields = shapes.get(shape);
  if (!fields) {
    fields = keys.sort().map((key) => [key, JSON.stringify(key)]);
    shapes.set(shape, fields);
  }
  return fields;
}

/** A value's canonical text: JSON with object fields in name order and byte strings as {"base64": …}. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value !== 'object') return JSON.stringify(value);
  if (Buffer.isBuffer(value)) return `{"base64":"${value.toString('base64')}"}`;
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  let text = '{';
  for (const [key, quoted] of fieldsOf(value)) text += `${text.length > 1 ? ',' : ''}${quoted}:${canonicalJson((value as Record<string, unknown>)[key])}`;
  return `${text}}`;
}

/** Builds the digests of records fed to it kind by kind. */
export class DigestBuilder {
  private readonly hashes = new Map<RecordKind, { hash: Hash; records: number }>();

  add<K extends RecordKind>(kind: K, records: ReadonlyArray<TransferRecord<K>>): void {
    let entry = this.hashes.get(kind);
    if (!entry) {
      entry = { hash: createHash('sha256'), records: 0 };
      this.hashes.set(kind, entry);
    }
    for (const record of records) entry.hash.update(`${canonicalJson(record)}\n`);
    entry.records += records.length;
  }

  summary(counts: RecordCounts): StoreSummary {
    const kinds = {} as Record<RecordKind, KindDigest>;
    const total = createHash('sha256');
    for (const kind of RECORD_KINDS) {
      const entry = this.hashes.get(kind) ?? { hash: createHash('sha256'), records: 0 };
      kinds[kind] = { records: entry.records, sha256: entry.hash.digest('hex') };
      total.update(`${kind} ${kinds[kind].records} ${kinds[kind].sha256}\n`);
    }
    return { counts, kinds, checksum: total.digest('hex') };
  }
}

/** Reads every record of one snapshot of `store` and summarises it. */
export async function summarizeStore(store: TransferRepository, options: { now: Date; batchSize?: number }): Promise<StoreSummary> {
  const reader = await store.read({ sessionsValidAt: options.now });
  try {
    const counts = await reader.counts();
    const digest = new DigestBuilder();
    for (const kind of RECORD_KINDS) {
      for await (const batch of reader.records(kind, options.batchSize ?? DEFAULT_BATCH)) digest.add(kind, batch);
    }
    return digest.summary(counts);
  } finally {
    await reader.close();
  }
}

/** One kind on which two summaries disagree, said in words. */
export interface Difference {
  kind: RecordKind;
  message: string;
}

/** Where `target` differs from `source`, or either from itself (its counts against the records read). */
export function compareSummaries(source: StoreSummary, target: StoreSummary): Difference[] {
  const differences: Difference[] = [];
  for (const kind of RECORD_KINDS) {
    const plural = RECORD_KIND_NAMES[kind][1];
    const [s, t] = [source.kinds[kind], target.kinds[kind]];
    if (source.counts[kind] !== s.records) differences.push({ kind, message: `${plural}: the source counts ${source.counts[kind]} but ${s.records} were read` });
    if (target.counts[kind] !== t.records) differences.push({ kind, message: `${plural}: the target counts ${target.counts[kind]} but ${t.records} were read` });
    if (s.records !== t.records) differences.push({ kind, message: `${plural}: ${s.records} in the source, ${t.records} in the target` });
    else if (s.sha256 !== t.sha256) differences.push({ kind, message: `${plural}: same count (${s.records}) but different contents (checksum ${s.sha256.slice(0, 12)}… vs ${t.sha256.slice(0, 12)}…)` });
  }
  return differences;
}

export function totalCount(counts: RecordCounts): number {
  return RECORD_KINDS.reduce((sum, kind) => sum + counts[kind], 0);
}

/** "3 parameters, 1 KMS key" (the kinds present only); "nothing" when empty. */
export function describeCounts(counts: RecordCounts): string {
  const parts = RECORD_KINDS.filter((kind) => counts[kind] > 0).map((kind) => `${counts[kind]} ${RECORD_KIND_NAMES[kind][counts[kind] === 1 ? 0 : 1]}`);
  return parts.length === 0 ? 'nothing' : parts.join(', ');
}
