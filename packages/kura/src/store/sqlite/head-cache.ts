// Parameter reads kept while nothing has been written since: single heads (GetParameter) and list
// pages (GetParametersByPath, DescribeParameters). Only a store that is its database's only writer
// (lock.ts) uses it: then every change to a parameter is a write through this process's queue, and
// the queue's epoch moves with each batch, so an entry stamped with the current epoch is exactly
// what SQLite would answer. Read-mostly traffic (containers reading their configuration as they
// start) then skips SQLite; the first write of any kind starts afresh.
//
// Entries are frozen and shared between requests; a value Buffer cannot be frozen and is never
// written to by readers (SecureString plaintext is always a fresh buffer, opened from it).

import type { ParameterHead } from '../parameters.js';

export interface HeadCacheLimits {
  /** Most heads kept, counting every head of every page. */
  maxHeads: number;
  /** Most value bytes kept, summed over every head of every entry (values are at most 8 KiB each). */
  maxValueBytes: number;
}

type Entry = ParameterHead | readonly ParameterHead[];

const DEFAULT_LIMITS: HeadCacheLimits = { maxHeads: 20_000, maxValueBytes: 16 * 1024 * 1024 };

function freezeHead(head: ParameterHead): ParameterHead {
  if (Object.isFrozen(head)) return head;
  Object.freeze(head.latest.labels);
  Object.freeze(head.latest);
  return Object.freeze(head);
}

const heads = (entry: Entry): readonly ParameterHead[] => ('name' in entry ? [entry as ParameterHead] : (entry as readonly ParameterHead[]));

export class HeadCache {
  private epoch = -1;
  private readonly entries = new Map<string, Entry>();
  private valueBytes = 0;
  private headCount = 0;

  constructor(private readonly limits: HeadCacheLimits = DEFAULT_LIMITS) {}

  /** What was read under `epoch` for `key`, if it was kept. */
  get<T extends Entry>(epoch: number, key: string): T | undefined {
    if (epoch !== this.epoch) return undefined;
    return this.entries.get(key) as T | undefined;
  }

  /** Keeps what was just read under `epoch` (a newer epoch drops everything older first). */
  set<T extends Entry>(epoch: number, key: string, entry: T): T {
    if (epoch !== this.epoch) this.clear(epoch);
    const list = heads(entry);
    const size = list.reduce((sum, head) => sum + head.latest.value.length, 0);
    if (this.headCount + list.length > this.limits.maxHeads || this.valueBytes + size > this.limits.maxValueBytes) this.clear(epoch);
    for (const head of list) freezeHead(head);
    if (Array.isArray(entry)) Object.freeze(entry);
    this.entries.set(key, entry);
    this.valueBytes += size;
    this.headCount += list.length;
    return entry;
  }

  private clear(epoch: number): void {
    this.epoch = epoch;
    this.entries.clear();
    this.valueBytes = 0;
    this.headCount = 0;
  }
}
