// Reads kept while nothing has been written since. Only a store that is its database's only writer
// (lock.ts) keeps any: then every change is a write through this process's queue, and the queue's
// epoch moves with each batch, so an entry stamped with the current epoch is exactly what SQLite
// would answer. Read-mostly traffic (containers reading their configuration as they start, the
// same access key signing request after request) then skips SQLite; the first write of any kind
// starts afresh.
//
// Entries are frozen and shared between requests. Buffers inside them cannot be frozen and are
// never written to by readers (SecureString plaintext is always a fresh buffer, opened from them).

import type { Backend, Connection } from './connection.js';

export interface EpochCacheLimits {
  /** Most items kept (an entry may count as several: a list page counts its rows). */
  maxItems: number;
  /** Most bytes kept, as `measure` counts them. */
  maxBytes: number;
}

export interface EpochCacheShape<T> {
  /** How many items and bytes an entry counts for. */
  measure(entry: T): { items: number; bytes: number };
  /** Freezes the entry deeply enough that no reader can change what another is handed. */
  freeze(entry: T): void;
}

export class EpochCache<T> {
  private epoch = -1;
  private readonly entries = new Map<string, T>();
  private items = 0;
  private bytes = 0;

  constructor(
    private readonly shape: EpochCacheShape<T>,
    private readonly limits: EpochCacheLimits,
  ) {}

  /** What was read under `epoch` for `key`, if it was kept. */
  get(epoch: number, key: string): T | undefined {
    if (epoch !== this.epoch) return undefined;
    return this.entries.get(key);
  }

  /** Keeps what was just read under `epoch` (a newer epoch drops everything older first). */
  set<U extends T>(epoch: number, key: string, entry: U): U {
    if (epoch !== this.epoch) this.clear(epoch);
    const { items, bytes } = this.shape.measure(entry);
    if (this.items + items > this.limits.maxItems || this.bytes + bytes > this.limits.maxBytes) this.clear(epoch);
    this.shape.freeze(entry);
    this.entries.set(key, entry);
    this.items += items;
    this.bytes += bytes;
    return entry;
  }

  private clear(epoch: number): void {
    this.epoch = epoch;
    this.entries.clear();
    this.items = 0;
    this.bytes = 0;
  }
}

/**
 * Single records looked up by key, `null` standing for "no such record" (a miss is `undefined`).
 * Counted one item each; the record object itself is frozen.
 */
export function createRecordCache<T extends object>(maxItems = 10_000): EpochCache<T | null> {
  return new EpochCache<T | null>(
    {
      measure: () => ({ items: 1, bytes: 0 }),
      freeze: (entry) => {
        if (entry !== null) Object.freeze(entry);
      },
    },
    { maxItems, maxBytes: Number.POSITIVE_INFINITY },
  );
}

/**
 * Looks `key` up in `cache` under the current epoch, or reads it and keeps it when the store is its
 * database's only writer; an absent result is kept as `null`. A cache may hold several kinds of
 * entry (heads and pages): each kind's keys are its own, so what `key` finds is what `read` returns.
 */
export function cachedRead<E extends object, T extends E>(
  backend: Backend,
  cache: EpochCache<E | null>,
  key: string,
  read: (c: Connection) => T | undefined,
): Promise<T | undefined> {
  const epoch = backend.queue.epoch;
  if (backend.soleWriter) {
    const kept = cache.get(epoch, key) as T | null | undefined;
    if (kept !== undefined) return Promise.resolve(kept ?? undefined);
  }
  return backend.read((c) => {
    const value = read(c);
    if (backend.soleWriter) cache.set(epoch, key, value ?? null);
    return value;
  });
}
