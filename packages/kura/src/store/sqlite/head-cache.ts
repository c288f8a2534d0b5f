// The parameter heads last read, kept while nothing has been written since. Only a store that is
// its database's only writer (lock.ts) uses it: then every change to a parameter is a write through
// this process's queue, and the queue's epoch moves with each batch, so an entry stamped with the
// current epoch is exactly what SQLite would answer. Read-mostly traffic (containers reading their
// configuration as they start) then skips SQLite; the first write of any kind starts afresh.
//
// Entries are frozen and shared between requests; the value Buffer cannot be frozen and is never
// written to by readers (SecureString plaintext is always a fresh buffer, opened from it).

import type { ParameterHead } from '../parameters.js';

export interface HeadCacheLimits {
  /** Most heads kept. */
  maxEntries: number;
  /** Most value bytes kept (values are at most 8 KiB each). */
  maxValueBytes: number;
}

const DEFAULT_LIMITS: HeadCacheLimits = { maxEntries: 10_000, maxValueBytes: 16 * 1024 * 1024 };

function freeze(head: ParameterHead): ParameterHead {
  Object.freeze(head.latest.labels);
  Object.freeze(head.latest);
  return Object.freeze(head);
}

export class HeadCache {
  private epoch = -1;
  private readonly entries = new Map<string, ParameterHead>();
  private valueBytes = 0;

  constructor(private readonly limits: HeadCacheLimits = DEFAULT_LIMITS) {}

  /** The head read under `epoch`, if it was kept. */
  get(epoch: number, key: string): ParameterHead | undefined {
    if (epoch !== this.epoch) return undefined;
    return this.entries.get(key);
  }

  /** Keeps a head just read under `epoch` (a newer epoch drops everything older first). */
  set(epoch: number, key: string, head: ParameterHead): ParameterHead {
    if (epoch !== this.epoch) this.clear(epoch);
    const size = head.latest.value.length;
    if (this.entries.size >= this.limits.maxEntries || this.valueBytes + size > this.limits.maxValueBytes) this.clear(epoch);
    this.entries.set(key, freeze(head));
    this.valueBytes += size;
    return head;
  }

  private clear(epoch: number): void {
    this.epoch = epoch;
    this.entries.clear();
    this.valueBytes = 0;
  }
}
